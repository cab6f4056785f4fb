"""The printable handouts' HTML: role-play cards, case handouts and the schedule."""

import html
import re
from pathlib import Path

import pytest

from crmkit import CrmkitError
from crmkit.handouts import case_handout_html, guide_schedule, roleplay_cards_html, schedule_html
from crmkit.handouts.build import case_pages, case_sheet, schedule_days
from crmkit.handouts.templates import markdown_html, myst_to_markdown, sections
from crmkit.roleplay import compile_scenario

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = sorted((ROOT / "cases" / "roleplay").glob("*.yaml"))
CASES = sorted((ROOT / "cases").glob("*/index.md"))
GUIDE = ROOT / "book" / "00-guide" / "index.md"

MYST = """---
case:
  title: 示例
---

```{code-cell} ipython3
:tags: [remove-cell]
print("隐藏")
```

(case-demo)=
# 案例：示例

## 背景

某支行有 8 位客户，见 {ref}`start-here`。

```{code-cell} ipython3
clients = load()
```

```{trainer-note}
讲师提示：先讨论十分钟。
```

```{note}
数据是合成的。
```

```{dropdown} 查看答案
答案是 42。
```

## 讨论题

1. 谁先拜访？
"""


def plain(markup: str) -> str:
    """Visible text of an HTML fragment, tags removed and entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


def squash(text: str) -> str:
    """Text with Markdown markers and all whitespace removed, for substring checks."""
    return re.sub(r"\s+|\*\*|`|^- ", "", text)


def test_myst_to_markdown_keeps_prose_only():
    text = myst_to_markdown(MYST)
    assert "隐藏" not in text and "load()" not in text  # both code cells gone
    assert "讲师提示" not in text  # trainer note gone
    assert "答案是 42" not in text and "参考答案收在网页书" in text  # dropdown → pointer
    assert "**提示**" in text and "数据是合成的。" in text  # note kept under a heading
    assert "(case-demo)=" not in text and "case:" not in text  # label and front matter gone
    assert "{ref}" not in text and "《" in text  # reference printed as a title


def test_sections_split_at_level_two():
    parts = sections(myst_to_markdown(MYST))
    assert list(parts) == ["", "背景", "讨论题"]
    assert parts["讨论题"] == "1. 谁先拜访？"
    assert parts[""].strip() == "# 案例：示例"


def test_markdown_html_renders_tables_and_bold():
    out = markdown_html("**甲**\n\n| 时间 | 环节 |\n|---|---|\n| 09:00 | 开场 |\n")
    assert "<strong>甲</strong>" in out
    assert out.count("<tr>") == 2  # header row + 1 body row
    assert "<td>09:00</td>" in out


@pytest.fixture(scope="module")
def cards():
    return roleplay_cards_html()


def test_every_scenario_has_both_cards_with_the_persona_name(cards):
    sheets = re.findall(r'<section class="sheet">(.*?)</section>', cards, re.S)
    assert len(sheets) == 2 * len(SCENARIOS)  # 8 scenarios → 16 cards, one per page
    for i, path in enumerate(SCENARIOS):
        scenario = compile_scenario(path)
        customer, manager = sheets[2 * i], sheets[2 * i + 1]
        assert "客户卡" in customer and "客户经理卡" in manager
        name = html.escape(scenario["persona"]["name"])
        assert name in customer and name in manager
        assert html.escape(scenario["goal"]) in manager
        assert html.escape(scenario["persona"]["mood"]) in customer


def test_manager_card_lists_time_place_and_contact(cards):
    scenario = compile_scenario(ROOT / "cases" / "roleplay" / "phone-invitation-zjtx.yaml")
    booked = next(e for e in scenario["endings"] if e["outcome"] == "约定面谈")
    for key in ("time", "place", "contact"):
        assert html.escape(booked["appointment"][key]) in cards


def test_roleplay_cards_need_scenarios(tmp_path):
    with pytest.raises(CrmkitError, match="场景"):
        roleplay_cards_html(tmp_path)


@pytest.fixture(scope="module")
def handouts():
    return case_handout_html()


def test_one_handout_per_case_with_all_three_sections(handouts):
    sheets = re.findall(r'<section class="sheet">(.*?)</section>', handouts, re.S)
    assert len(sheets) == len(CASES)
    for sheet in sheets:
        assert [h for h in re.findall(r"<h2>(.*?)</h2>", sheet)][:3] == ["背景", "分析任务",
                                                                        "讨论题"]


def test_case_handouts_have_no_trainer_notes_or_code(handouts):
    text = squash(plain(handouts))
    block = re.compile(r"^```\{trainer-note\}\n(.*?)^```$", re.S | re.M)
    notes = [n for page in CASES for n in block.findall(page.read_text(encoding="utf-8"))]
    assert len(notes) >= len(CASES)  # every case page carries trainer notes, so this test bites
    for note in notes:
        for line in note.splitlines():
            line = squash(line)
            if len(line) >= 12:
                assert line not in text, line
    assert "code-cell" not in handouts and "read_csv" not in handouts
    assert "trainer-note" not in handouts


def test_case_handouts_follow_module_order():
    modules = [int(re.search(r"module: (\d)", p.read_text(encoding="utf-8")).group(1))
               for p in case_pages()]
    assert modules == sorted(modules)


def test_case_sheet_needs_the_sections(tmp_path):
    page = tmp_path / "demo" / "index.md"
    page.parent.mkdir()
    page.write_text("---\ncase:\n  title: 示例\n  module: 7\n  industry: 银行\n"
                    "  skills: [分层]\n  minutes: 45\n  data: []\n---\n\n"
                    "# 示例\n\n## 背景\n\n文字\n",
                    encoding="utf-8")
    with pytest.raises(CrmkitError, match="分析任务"):
        case_sheet(page)


def test_schedule_has_both_days_rows():
    out = schedule_html()
    source = GUIDE.read_text(encoding="utf-8")
    block = source.split("## 两天工作坊日程安排", 1)[1].split("\n## ", 1)[0]
    times = re.findall(r"^\| (\d\d:\d\d–\d\d:\d\d) \|", block, re.M)
    assert len(times) >= 2 * 8  # two full days of sessions
    for slot in times:
        assert f"<td>{slot}</td>" in out
    days = re.findall(r'<section class="sheet schedule">(.*?)</section>', out, re.S)
    assert len(days) == 2  # one day per page
    assert "<strong>第一天" in days[0] and "<strong>第二天" not in days[0]
    assert "<strong>第二天" in days[1]
    assert out.count("<tr>") == len(times) + 2  # body rows + one header row per day
    assert "{ref}" not in out


def test_schedule_days_split_before_each_day():
    text = "引言\n\n**第一天：甲**\n\n| a |\n|---|\n| 1 |\n\n**第二天：乙**\n\n| b |\n|---|\n| 2 |"
    days = schedule_days(text)
    assert len(days) == 2
    assert days[0].startswith("引言") and days[1].startswith("**第二天")


def test_guide_without_schedule_is_a_crmkit_error(tmp_path):
    guide = tmp_path / "index.md"
    guide.write_text("# 导引\n\n## 其他\n\n文字\n", encoding="utf-8")
    with pytest.raises(CrmkitError, match="两天工作坊日程安排"):
        guide_schedule(guide)
