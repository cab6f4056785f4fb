"""The case library's catalogue, read from each case page's front matter.

Every ``cases/<slug>/index.md`` starts with YAML front matter holding a ``case:``
block (title, module, industry, skills, minutes, data). The index page builds its
table from these blocks and the case-library part of ``_toc.yml`` is written from them
(``python -m crmkit.cases toc``), so neither can drift from the pages.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import pandas as pd

from crmkit import yamltext
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
    return yamltext.load(text[4:end]) or {} if end > 0 else {}


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
    order = info.get("order", 1)
    if isinstance(order, bool) or not isinstance(order, int) or order < 1:
        raise CrmkitError(f"order（本模块内的排序）应是正整数，现在是 {order!r}", file=str(path),
                          hint="写 1、2、3……，省略时排在本模块最后")
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


def case_pages(root: Path | str = "cases") -> list[Path]:
    """Every case page in reading order: by module, then by the page's ``order`` (cases
    without one come last), then by folder name. The catalogue, the table of contents
    and the handouts all use this order."""
    def key(page: Path) -> tuple:
        info = case_info(page)
        return info["module"], info.get("order", 1000), page.parent.name
    return sorted(Path(root).glob("*/index.md"), key=key)


def catalog(root: Path | str = "cases") -> pd.DataFrame:
    """One row per case, ordered by module and then by folder name."""
    rows = []
    for page in case_pages(root):
        info = case_info(page)
        rows.append({
            "案例": info["title"],
            "模块": MODULE_NAMES[info["module"]],
            "行业": info["industry"],
            "练习的技能": "、".join(info["skills"]),
            "建议用时(分钟)": int(info["minutes"]),
            "数据": "、".join(f for f, _ in data_files_of(info)) or "无（文字案例）",
        })
    return pd.DataFrame(rows)


TOC_NOTE = "# made from the case pages' front matter: python -m crmkit.cases toc"
# the case library's entry in _toc.yml and the section list under it
TOC_BLOCK = re.compile(r"^(?P<indent> *)- file: cases/index\n(?P=indent)  sections:\n"
                       r"(?:(?P=indent)    (?:#[^\n]*|- file: cases/[^\n]*)\n)*", re.M)


def toc_text(toc: str, root: Path | str = "cases") -> str:
    """``toc`` (the text of _toc.yml) with the case library's sections rewritten from the
    case pages under ``root``."""
    match = TOC_BLOCK.search(toc)
    if match is None:
        raise CrmkitError("_toc.yml 里找不到案例库（- file: cases/index 和它下面的 sections:）",
                          hint="在案例库一章下面写上 - file: cases/index 和 sections:")
    pad = match.group("indent") + "    "
    lines = [f"{match.group('indent')}- file: cases/index", f"{match.group('indent')}  sections:",
             pad + TOC_NOTE]
    lines += [f"{pad}- file: cases/{page.parent.name}/index" for page in case_pages(root)]
    return toc[:match.start()] + "\n".join(lines) + "\n" + toc[match.end():]


def sync_toc(toc_path: Path | str = "_toc.yml", root: Path | str = "cases",
             check: bool = False) -> bool:
    """Rewrite (or with ``check`` only compare) the case library in ``toc_path``; returns
    whether it was out of date."""
    path = Path(toc_path)
    before = path.read_text(encoding="utf-8")
    after = toc_text(before, root)
    if after != before and not check:
        path.write_text(after, encoding="utf-8")
    return after != before


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crmkit.cases",
                                     description="按案例页的元数据更新目录里的案例库")
    parser.add_argument("command", choices=["toc"])
    parser.add_argument("--check", action="store_true", help="只检查，不改文件")
    parser.add_argument("--toc", default="_toc.yml")
    parser.add_argument("--root", default="cases")
    args = parser.parse_args(argv)
    try:
        stale = sync_toc(args.toc, args.root, check=args.check)
    except CrmkitError as err:
        print(err, file=sys.stderr)
        return 2
    if stale:
        print(f"{args.toc} 的案例库与案例页不一致" if args.check else f"已更新 {args.toc} 的案例库")
    return 1 if stale and args.check else 0


if __name__ == "__main__":
    raise SystemExit(main())
