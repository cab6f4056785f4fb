"""The case catalogue built from the case pages' front matter."""

from pathlib import Path

import pytest

from crmkit import CrmkitError
from crmkit.cases import FIELDS, case_info, catalog, data_files_of, header_markdown

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


def make_case(root: Path, slug: str, module: int = 7) -> Path:
    page = root / slug / "index.md"
    page.parent.mkdir(parents=True)
    page.write_text(PAGE.format(module=module), encoding="utf-8")
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
