"""The case library's catalogue, read from each case page's front matter.

Every ``cases/<slug>/index.md`` starts with YAML front matter holding a ``case:``
block (title, module, industry, skills, minutes, data). The index page builds its
table from these blocks, so the table can never drift from the pages.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import yaml

from crmkit.errors import CrmkitError

FIELDS = ("title", "module", "industry", "skills", "minutes", "data")
DATA_NOTE = "教学用合成数据"  # what the data files are, unless the page says (data_note)
MODULE_NAMES = {1: "一 运营环境与行业分析", 2: "二 金融产品与客群拓展", 3: "三 客户识别与选择",
                4: "四 没有调查就没有发言权", 5: "五 大客户销售策略", 6: "六 营销策略与技巧",
                7: "七 客户关系管理与维护"}


def front_matter(path: Path) -> dict:
    """The YAML front matter of a MyST page (empty dict when there is none)."""
    text = Path(path).read_text(encoding="utf-8")
    if not text.startswith("---\n"):
        return {}
    end = text.find("\n---", 4)
    return yaml.safe_load(text[4:end]) or {} if end > 0 else {}


def case_info(path: Path) -> dict:
    """The ``case:`` block of one case page, checked for the required fields."""
    info = front_matter(path).get("case")
    if not isinstance(info, dict):
        raise CrmkitError("案例页缺少 case: 元数据块", file=str(path),
                          hint=f"在页首的 YAML 里加上 case:，包含 {'、'.join(FIELDS)}")
    missing = [f for f in FIELDS if f not in info]
    if missing:
        raise CrmkitError(f"case: 元数据缺少 {'、'.join(missing)}", file=str(path))
    if info["module"] not in MODULE_NAMES:
        raise CrmkitError(f"模块编号 {info['module']!r} 不在 1–7 之间", file=str(path))
    return info


def data_files_of(info: dict) -> list[tuple[str, str]]:
    """(file, note) for each data file: ``data`` lists names, or ``{name: note}`` entries
    when the files differ in kind (a case's own figures beside synthetic ones)."""
    out = []
    for entry in info["data"] or []:
        if isinstance(entry, dict):
            out += [(str(k), str(v)) for k, v in entry.items()]
        else:
            out.append((str(entry), ""))
    return out


def header_parts(info: dict) -> list[tuple[str, list[tuple[str, str]]]]:
    """The case page's header line as (label, [(kind, text)]) pairs, kind "text" or "file";
    rendered by the ``{case-header}`` directive so no page writes it by hand."""
    files = data_files_of(info)
    data: list[tuple[str, str]] = []
    if not files:
        data.append(("text", "无（文字案例）"))
    for n, (name, note) in enumerate(files):
        if n:
            data.append(("text", "、"))
        data.append(("file", name))
        if note:
            data.append(("text", f"（{note}）"))
    if files and not any(note for _, note in files):
        data.append(("text", f"（{info.get('data_note') or DATA_NOTE}）"))
    if files:
        data += [("text", "，数据说明 "), ("file", "DATA.md"), ("text", " 与本页放在同一文件夹里")]
    return [("所属模块", [("text", f"模块{MODULE_NAMES[info['module']]}")]),
            ("行业", [("text", info["industry"])]),
            ("练习的技能", [("text", "、".join(info["skills"]))]),
            ("建议用时", [("text", f"{int(info['minutes'])} 分钟")]),
            ("数据", data)]


def header_markdown(info: dict) -> str:
    """The same header as Markdown (for tests and for reading the page source)."""
    return "｜".join(f"**{label}**：" + "".join(f"`{t}`" if kind == "file" else t
                                               for kind, t in parts)
                    for label, parts in header_parts(info))


def catalog(root: Path | str = "cases") -> pd.DataFrame:
    """One row per case, ordered by module and then title."""
    rows = []
    for page in sorted(Path(root).glob("*/index.md")):
        info = case_info(page)
        rows.append({
            "案例": info["title"],
            "模块": MODULE_NAMES[info["module"]],
            "行业": info["industry"],
            "练习的技能": "、".join(info["skills"]),
            "建议用时(分钟)": int(info["minutes"]),
            "数据": "、".join(f for f, _ in data_files_of(info)) or "无（文字案例）",
            "_module": info["module"],
            "_slug": page.parent.name,
        })
    table = pd.DataFrame(rows).sort_values(["_module", "_slug"], kind="stable")
    return table.drop(columns=["_module", "_slug"]).reset_index(drop=True)
