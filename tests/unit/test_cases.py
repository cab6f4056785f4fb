"""The case catalogue built from the case pages' front matter."""

import re
from pathlib import Path

import pytest

from crmkit import CrmkitError
from crmkit.cases import (
    FIELDS,
    case_info,
    case_pages,
    catalog,
    data_files_of,
    header_markdown,
    main,
    sync_toc,
    toc_text,
)

ROOT = Path(__file__).resolve().parents[2]
PAGE = """---
case:
  title: 示例案例
  module: {module}
  industry: 银行
  skills: [分层, 价值矩阵]
  minutes: 45
  data: []
---

# 示例
"""


def make_case(root: Path, slug: str, module: int = 7, order: int | None = None) -> Path:
    page = root / slug / "index.md"
    page.parent.mkdir(parents=True)
    text = PAGE.format(module=module)
    if order is not None:
        text = text.replace("  minutes: 45\n", f"  minutes: 45\n  order: {order}\n")
    page.write_text(text, encoding="utf-8")
    return page


def test_catalog_rows_and_order(tmp_path):
    make_case(tmp_path, "b-case", module=7)
    make_case(tmp_path, "a-case", module=2)
    table = catalog(tmp_path)
    assert list(table.columns) == ["案例", "模块", "行业", "练习的技能", "建议用时(分钟)", "数据"]
    assert table["模块"].tolist() == ["二 金融产品与客群拓展", "七 客户关系管理与维护"]
    assert table.loc[0, "练习的技能"] == "分层、价值矩阵"
    assert table.loc[0, "数据"] == "无（文字案例）"


def test_missing_block_and_fields_are_named(tmp_path):
    page = tmp_path / "x" / "index.md"
    page.parent.mkdir()
    page.write_text("# 没有元数据\n", encoding="utf-8")
    with pytest.raises(CrmkitError, match="缺少 case: 元数据块"):
        case_info(page)
    page.write_text("---\ncase:\n  title: 只有标题\n---\n", encoding="utf-8")
    with pytest.raises(CrmkitError, match="module、industry"):
        case_info(page)


def test_bad_module(tmp_path):
    with pytest.raises(CrmkitError, match="1–7"):
        case_info(make_case(tmp_path, "m", module=9))


def test_every_shipped_case_page_is_in_the_catalog_with_its_data():
    pages = sorted(ROOT.glob("cases/*/index.md"))
    table = catalog(ROOT / "cases")
    assert len(table) == len(pages) >= 1
    for page in pages:
        info = case_info(page)
        assert set(FIELDS) <= set(info)
        for name, _ in data_files_of(info):
            assert (page.parent / name).is_file(), f"{page.parent.name}: {name} missing"
        text = page.read_text(encoding="utf-8")
        assert "```{case-header}\n```" in text and "**所属模块**" not in text, page


def test_the_header_comes_from_the_front_matter(tmp_path):
    info = {"title": "示例", "module": 2, "industry": "银行对公", "skills": ["甲", "乙"],
            "minutes": 45, "data": ["a.csv", "b.csv"]}
    assert header_markdown(info) == (
        "**所属模块**：模块二 金融产品与客群拓展｜**行业**：银行对公｜**练习的技能**：甲、乙｜"
        "**建议用时**：45 分钟｜**数据**：`a.csv`、`b.csv`（教学用合成数据），"
        "数据说明 `DATA.md` 与本页放在同一文件夹里")
    noted = header_markdown({**info, "data_note": "64 家企业的合成数据"})
    assert "`b.csv`（64 家企业的合成数据）" in noted
    mixed = {**info, "data": [{"facts.csv": "原文数字"}, {"b.csv": "合成数据"}]}
    assert header_markdown(mixed).endswith(
        "**数据**：`facts.csv`（原文数字）、`b.csv`（合成数据），"
        "数据说明 `DATA.md` 与本页放在同一文件夹里")
    assert header_markdown({**info, "data": []}).endswith("**数据**：无（文字案例）")


def test_reading_order_is_module_then_order_then_folder(tmp_path):
    make_case(tmp_path, "a-late", module=7)              # no order: last in its module
    make_case(tmp_path, "z-first", module=7, order=1)
    make_case(tmp_path, "m-second", module=7, order=2)
    make_case(tmp_path, "q-other", module=2, order=5)
    assert [p.parent.name for p in case_pages(tmp_path)] == [
        "q-other", "z-first", "m-second", "a-late"]


@pytest.mark.parametrize("order", ["1", 0, True, 1.5])
def test_an_order_that_is_not_a_positive_whole_number_is_named(tmp_path, order):
    page = make_case(tmp_path, "x", order=1)
    page.write_text(page.read_text(encoding="utf-8").replace("order: 1", f"order: {order!r}"),
                    encoding="utf-8")
    with pytest.raises(CrmkitError, match="order（本模块内的排序）应是正整数") as err:
        case_info(page)
    assert str(page) in str(err.value)


TOC = """format: jb-book
root: book/intro
parts:
  - caption: 案例库
    chapters:
      - file: cases/index
        sections:
          - file: cases/old-case/index
  - caption: 附录
    chapters:
      - file: book/glossary
"""


def test_the_toc_lists_every_case_page_in_reading_order_and_nothing_else(tmp_path):
    make_case(tmp_path / "cases", "b-case", module=7, order=1)
    make_case(tmp_path / "cases", "a-case", module=7, order=2)
    text = toc_text(TOC, tmp_path / "cases")
    assert "old-case" not in text
    assert text.index("cases/b-case/index") < text.index("cases/a-case/index")
    assert text.endswith("  - caption: 附录\n    chapters:\n      - file: book/glossary\n")
    assert toc_text(text, tmp_path / "cases") == text            # rewriting again changes nothing


def test_toc_command_checks_then_writes(tmp_path, capsys):
    make_case(tmp_path / "cases", "b-case")
    toc = tmp_path / "_toc.yml"
    toc.write_text(TOC, encoding="utf-8")
    args = ["toc", "--toc", str(toc), "--root", str(tmp_path / "cases")]
    assert main([*args, "--check"]) == 1 and toc.read_text(encoding="utf-8") == TOC
    assert "不一致" in capsys.readouterr().out
    assert main(args) == 0 and "cases/b-case/index" in toc.read_text(encoding="utf-8")
    assert main([*args, "--check"]) == 0


def test_a_toc_without_the_case_library_is_named(tmp_path, capsys):
    toc = tmp_path / "_toc.yml"
    toc.write_text("format: jb-book\nroot: book/intro\n", encoding="utf-8")
    assert main(["toc", "--toc", str(toc), "--root", str(tmp_path)]) == 2
    assert "找不到案例库" in capsys.readouterr().err


def test_the_shipped_toc_is_in_step_with_the_case_pages():
    assert sync_toc(ROOT / "_toc.yml", ROOT / "cases", check=True) is False


def test_a_case_that_ends_in_a_decision_has_its_memo_grid_and_hides_the_ending():
    """A case with a 你的决定 section asks for a memo, and its trainer note marks it with a
    grid; the scallop case keeps the 2024 write-off out of sight until the memo is written."""
    decided = [p for p in sorted(ROOT.glob("cases/*/index.md"))
               if "\n## 你的决定" in p.read_text(encoding="utf-8")]
    assert decided
    for page in decided:
        text = page.read_text(encoding="utf-8")
        assert "备忘录" in text.split("\n## 你的决定", 1)[1].split("\n## ", 1)[0]
        assert "评分表" in text and "满分" in text, page.parent.name
    scallop = (ROOT / "cases" / "scallop-farming" / "index.md").read_text(encoding="utf-8")
    before, after = scallop.split("\n## 你的决定", 1)
    assert "核销" not in before and "3.9%" not in before and "核销" in after
    reveal = after.split("```{code-cell}", 1)[1].split("```", 1)[0]
    assert ":tags: [hide-cell]" in reveal and '"2024"' in reveal


def test_a_known_ending_comes_after_the_memo_and_folded_away():
    """``### 后来怎么样了`` closes the decision section: its code cells start hidden and its
    prose sits in a dropdown, so scrolling past the template does not give the ending away."""
    endings = 0
    for page in sorted(ROOT.glob("cases/*/index.md")):
        text = page.read_text(encoding="utf-8")
        if "\n### 后来怎么样了" not in text:
            continue
        endings += 1
        decision = text.split("\n## 你的决定", 1)[1].split("\n## ", 1)[0]
        template, ending = decision.split("\n### 后来怎么样了", 1)
        assert "```{admonition}" in template and "写完" in template.rstrip().splitlines()[-1]
        assert "```{dropdown}" in ending, page.parent.name
        for cell in re.findall(r"```\{code-cell\}[^\n]*\n(.*?)```", ending, re.S):
            assert cell.lstrip().startswith(":tags: [hide-cell]"), page.parent.name
    assert endings >= 1


def test_every_case_ends_in_a_memo_before_its_questions():
    for page in sorted(ROOT.glob("cases/*/index.md")):
        text = page.read_text(encoding="utf-8")
        heads = re.findall(r"^## (.+)$", text, re.M)
        decided = [h for h in heads if h.startswith("你的决定")]
        assert len(decided) == 1, page.parent.name
        assert heads.index(decided[0]) == heads.index("分析任务") + 1, page.parent.name
        assert heads.index("讨论题") == heads.index(decided[0]) + 1, page.parent.name


def test_the_time_plan_adds_up_to_the_minutes_the_schedule_counts():
    """The trainer's 时间安排 line (every part a total, the memo included) sums to the
    front matter's minutes, which is what the workshop schedule adds up."""
    for page in sorted(ROOT.glob("cases/*/index.md")):
        text = page.read_text(encoding="utf-8")
        plans = re.findall(r"\*\*时间安排\*\*[:：](.*)", text)
        assert len(plans) == 1, page.parent.name
        parts = [int(n) for n in re.findall(r"(\d+)\s*分钟", plans[0])]
        assert sum(parts) == case_info(page)["minutes"], (page.parent.name, parts)
        assert "各" not in re.sub(r"各自|各组", "", plans[0]), page.parent.name
        assert "备忘录" in plans[0], page.parent.name


_FIGURE = re.compile(r"(?<![\d.])\d[\d,]*(?:\.\d+)?\s*%?")


def _figures(text: str) -> set[str]:
    """Numbers that are results rather than counts: with a decimal point, a %, or ≥ 100
    (years such as 2024 are not results)."""
    found = set()
    for line in text.splitlines():
        for raw in _FIGURE.findall(re.sub(r"^\s*\d+\.\s", "", line)):
            plain = raw.replace(",", "").replace(" ", "")
            number = float(plain.rstrip("%"))
            if ("." in plain or "%" in plain or number >= 100) \
                    and not re.fullmatch(r"(19|20)\d\d", plain):
                found.add(plain)
    return found


def test_a_memo_template_asks_for_evidence_without_handing_it_over():
    """The template says what to write and which task it comes from; the figures are the
    learner's to pick. It may repeat what the background states, nothing computed."""
    handed = {}
    for page in sorted(ROOT.glob("cases/*/index.md")):
        text = page.read_text(encoding="utf-8")
        given = text.split("\n## 分析任务", 1)[0].replace(",", "").replace(" ", "")
        decision = text.split("\n## 你的决定", 1)[1].split("\n## ", 1)[0]
        template = re.findall(r"```\{admonition\}.*?\n```", decision, re.S)
        assert len(template) == 1, page.parent.name
        figures = sorted(f for f in _figures(template[0]) if f not in given)
        if figures:
            handed[page.parent.name] = figures
    assert not handed, "\n".join(f"{name}: {'、'.join(f)}" for name, f in handed.items())
