"""The book's chapters: every curriculum topic covered, enough original prose, no leftovers."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
CJK = re.compile(r"[\u4e00-\u9fff]")
CODE_CELL = re.compile(r"```\{code-cell\}.*?```", flags=re.S)
FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", flags=re.S)
MODULE_DIRS = {0: "00-guide", 1: "01-industry", 2: "02-expansion", 3: "03-selection",
               4: "04-investigation", 5: "05-key-account", 6: "06-marketing", 7: "07-crm"}

# The topics CURRICULUM.md lists for each module, as the Chinese words that must appear in
# that module's chapters. Alternatives are separated by "|"; any one of them counts.
TOPICS: dict[int, list[str]] = {
    0: ["学习路线", "日程安排", "培训师", "浏览器", "make start"],
    1: ["宏观", "区域", "产业政策", "金融生态", "资本密集", "劳动密集", "技术密集", "土地密集",
        "集中度", "CR4|CRn", "HHI", "产品差异", "进入壁垒", "护城河", "波动|周期性", "完全竞争",
        "垄断竞争", "寡头垄断", "完全垄断", "生命周期", "成长期", "成熟期", "衰退期",
        "消费品|消费者", "工业品", "代工|OEM"],
    2: ["竞争对手", "产品对比|对比矩阵", "政府渠道", "互联网", "第三方", "代发", "收单", "纳税",
        "按揭", "产业集群", "专业市场", "综合市场", "园区", "商圈", "供应链"],
    3: ["盈利", "二八", "终身价值", "需求", "数据挖掘", "深度访谈", "竞争对手", "现实客户",
        "潜在客户", "流失客户", "非客户", "MAN", "交易型", "关系型", "选择标准|选择的标准",
        "财务风险", "利润风险", "管理风险", "流失风险", "选择原则|选择的原则"],
    4: ["非现场", "现场", "交叉验证", "访谈", "盈利模式", "主业", "闲聊", "关联方", "经营",
        "财务", "银行关系", "分工|角色"],
    5: ["战略销售|复杂销售", "经济购买者", "使用者", "技术把关者", "教练", "危险信号",
        "反应模式", "成长", "困境", "平稳", "自满", "中立", "导师", "支持者", "反对者", "敌人",
        "影响力地图", "销售漏斗", "机会评估", "理想客户", "里程碑"],
    6: ["采购", "生产", "销售", "顾问式", "交易式", "电话邀约",
        "时间、地点、联系人|时间、地点和联系人",
        "异议", "开场", "需求调查", "SPIN", "FABE", "富兰克林", "AIDMAS", "接近", "谈判", "成交"],
    7: ["以客户为中心", "客户档案", "拓展", "挖掘", "维持", "退出", "开发期|开发阶段",
        "初期合作", "稳定合作", "战略合作", "可阻止", "不可阻止", "满意", "忠诚", "RFM",
        "终身价值", "Dwyer", "流失", "投诉率", "份额", "团队", "激励"],
}
LEFTOVERS = re.compile(r"TODO|FIXME|TBD|待补充|待完善|占位|placeholder|lorem ipsum|XXX",
                       flags=re.I)
CHAPTER_FLOOR = 4000  # Chinese characters of prose per chapter (guide: 2000)
BOOK_FLOOR = 50000


def prose(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    return CODE_CELL.sub("", FRONT_MATTER.sub("", text))


@functools.cache  # read by every module's chapter list at collection; the tests only read it
def toc_entries() -> tuple[str, ...]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    return tuple(ch["file"] for part in toc["parts"] for ch in part["chapters"])


def module_chapters(module: int) -> list[Path]:
    folder = f"book/{MODULE_DIRS[module]}/"
    # practice/ holds the in-page role-plays and drills, not chapters
    return [ROOT / f"{entry}.md" for entry in toc_entries()
            if entry.startswith(folder) and "/practice/" not in entry]


def present_modules() -> list[int]:
    return [m for m in MODULE_DIRS if module_chapters(m)]


@pytest.mark.parametrize("module", present_modules())
def test_module_covers_its_curriculum_topics(module):
    text = "\n".join(prose(p) for p in module_chapters(module))
    missing = [t for t in TOPICS[module] if not any(alt in text for alt in t.split("|"))]
    assert not missing, f"module {module} chapters lack: {missing}"


def chapters() -> list[Path]:
    return [p for m in present_modules() for p in module_chapters(m)]


@pytest.mark.parametrize("path", chapters(), ids=lambda p: str(p.relative_to(ROOT)))
def test_chapter_has_enough_original_prose(path):
    floor = 2000 if "00-guide" in path.parts else CHAPTER_FLOOR
    count = len(CJK.findall(prose(path)))
    assert count >= floor, f"{path.name}: {count} Chinese characters, floor {floor}"


@pytest.mark.parametrize("path", chapters(), ids=lambda p: str(p.relative_to(ROOT)))
def test_chapter_structure(path):
    text = prose(path)
    assert re.search(r"^\([a-z0-9-]+\)=\n#\s", text, flags=re.M), "label above the title"
    for part in ("学习目标", "要点回顾", "预计阅读时间"):
        assert part in text, f"{path.name} has no {part}"
    if "00-guide" not in path.parts:
        for part in ("实务提示", "常见误区", "自测"):
            assert part in text, f"{path.name} has no {part}"
        assert "{dropdown} 查看答案" in text, "self-check answers revealed on demand"


@pytest.mark.parametrize("path", sorted(ROOT.glob("book/**/*.md")) + sorted(
    ROOT.glob("cases/**/*.md")), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_leftover_markers(path):
    found = LEFTOVERS.findall(path.read_text(encoding="utf-8"))
    assert not found, f"{path.name}: {found}"


def test_book_has_enough_prose_in_all():
    assert present_modules() == sorted(MODULE_DIRS), "every module has chapters in the toc"
    total = sum(len(CJK.findall(prose(p))) for p in chapters())
    assert total >= BOOK_FLOOR, f"{total} Chinese characters of prose"


def test_pages_link_by_label_not_path():
    for path in ROOT.glob("book/**/*.md"):
        links = re.findall(r"\]\((?!https?:)([^)]+\.(?:md|ipynb))\)", prose(path))
        assert not links, f"{path.name} links by path: {links}"


def test_glossary_terms_are_in_the_chapter_they_point_to():
    labels = {}
    for path in ROOT.glob("book/**/*.md"):
        found = re.search(r"^\(([a-z0-9-]+)\)=", path.read_text(encoding="utf-8"), flags=re.M)
        if found:
            labels[found.group(1)] = path
    rows = re.findall(r"^\| ([^|]+?) \| ([^|]+?) \| [^|]+ \| \{ref\}`([a-z0-9-]+)` \|$",
                      (ROOT / "book/glossary.md").read_text(encoding="utf-8"), flags=re.M)
    assert len(rows) >= 60
    for term, english, label in rows:
        assert label in labels, f"{term}: no page has the label {label}"
        text = prose(labels[label])
        core = re.sub(r"(模型|法则|提问法|分析|公式|型|法)$", "", term.split(" ")[0])
        assert core in text, f"{term} is not in {labels[label].name}"
        assert re.search(r"[A-Za-z]", english), f"{term} has no English equivalent"


@pytest.mark.parametrize("path", sorted(ROOT.glob("book/**/*.md")),
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_a_reading_page_shows_results_and_keeps_its_code_a_click_away(path):
    """Chapters read like a book: every code cell is hidden (hide-input: the table or chart
    shows, the code opens with a click) or removed; the code to run lives in the labs."""
    text = path.read_text(encoding="utf-8")
    for head in re.findall(r"```\{code-cell\}[^\n]*\n((?::[^\n]*\n)*)", text):
        tags = re.search(r":tags: \[(.*?)\]", head)
        assert tags and {"hide-input", "remove-cell", "remove-input", "hide-cell"} & {
            t.strip() for t in tags.group(1).split(",")}, f"{path.name}: {head!r}"


@pytest.mark.parametrize("path", sorted(ROOT.glob("book/**/*.md")),
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_learning_objectives_are_skills_not_function_names(path):
    text = path.read_text(encoding="utf-8")
    block = re.search(r"\*\*学习目标\*\*.*?\n\n((?:- [^\n]*\n)+)", text, re.S)
    if block:
        assert not re.search(r"`[a-z_]+`", block.group(1)), path.name


def test_the_objectives_check_reads_every_chapter_with_objectives():
    found = [p for p in ROOT.glob("book/0*/*.md")
             if re.search(r"\*\*学习目标\*\*.*?\n\n- ", p.read_text(encoding="utf-8"), re.S)]
    assert len(found) >= 15


def test_every_work_the_pages_cite_is_listed_in_the_references():
    """A law, a rule or a book named in 《》 anywhere in the book or the cases has its
    entry (with year) under 参考资料."""
    references = (ROOT / "book" / "references.md").read_text(encoding="utf-8")
    pages = [p for p in [*ROOT.glob("book/**/*.md"), *ROOT.glob("cases/*/index.md")]
             if p.name != "references.md"]
    cited = {t for p in pages for t in re.findall(r"《([^》]+)》", p.read_text(encoding="utf-8"))}
    assert {"横向合并指南", "个人信息保护法", "通信短信息服务管理规定",
            "高新技术企业认定管理办法"} <= cited
    missing = sorted(t for t in cited if t not in references
                     and f"中华人民共和国{t}" not in references)
    assert not missing, missing
