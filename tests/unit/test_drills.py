"""Module 6 drills and the shipped role-play scenarios.

The judges must give the exact verdict and message for right and wrong answers, and
must never raise on malformed input; the widgets are driven with ``button.click()``.
"""

import math
from pathlib import Path

import pytest

from crmkit import CrmkitError
from crmkit.roleplay import check_file
from crmkit.roleplay import drills as d
from crmkit.widgets.drills import fabe_workbench, spin_drill, timing_quiz

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = sorted((ROOT / "cases" / "roleplay").glob("*.yaml"))
MALFORMED = [None, "", "   ", 5, 3.5, ["S"], {"a": 1}, b"S", "X", "SP"]


# ---------------------------------------------------------------- shipped scenarios

def test_at_least_eight_scenarios_are_shipped():
    names = {p.stem for p in SCENARIOS}
    assert len(SCENARIOS) >= 8
    assert {"gatekeeper-right-person", "spin-machinery-dealer", "fabe-tax-data-loan",
            "payroll-closing", "dormant-hnw-securities", "key-account-red-flag"} <= names


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.name)
def test_every_shipped_scenario_passes_the_course_check(path):
    assert check_file(path, course=True) == []


# ---------------------------------------------------------------- SPIN bank

def test_spin_bank_is_large_balanced_and_covers_bank_and_b2b():
    qs = d.SPIN_QUESTIONS
    assert len(qs) == 44 and len({q.id for q in qs}) == 44
    assert {k: sum(q.kind == k for q in qs) for k in "SPIN"} == {"S": 11, "P": 11, "I": 11,
                                                                 "N": 11}
    assert {q.context for q in qs} == {"银行对公", "证券", "B2B 销售"}
    for q in qs:  # a question a manager says aloud, and a one-sentence explanation
        assert q.text.endswith("？") and q.why.endswith("。") and q.why.count("。") == 1, q.id


def test_spin_bank_table_counts():
    table = d.spin_bank_table()
    assert list(table.columns) == ["银行对公", "证券", "B2B 销售", "合计"]
    assert list(table.index) == ["情况问题（S）", "难点问题（P）", "暗示问题（I）",
                                 "需求-效益问题（N）", "合计"]
    # every kind: 6 bank + 2 securities + 3 B2B = 11; totals 24 + 8 + 12 = 44
    assert table.loc["暗示问题（I）"].tolist() == [6, 2, 3, 11]
    assert table.loc["合计"].tolist() == [24, 8, 12, 44]


def test_spin_order_is_a_fixed_permutation():
    order = d.spin_order(2024)
    assert sorted(order) == sorted(q.id for q in d.SPIN_QUESTIONS)
    assert order == d.spin_order(2024)
    # sorted by SHA-256("2024:<id>"): fixed on every Python version
    assert order[:3] == ["bank-21", "bank-12", "b2b-03"]
    assert d.spin_order(7) != order


def test_judge_spin_right_and_wrong():
    right = d.judge_spin("bank-03", "I")
    assert (right.status, right.correct, right.expected) == ("正确", True, "I")
    assert right.message == ("正确，这是暗示问题（I）：把票据压款这个难点和断供、丢客户的后果"
                             "连起来，让客户感到问题的分量。")
    wrong = d.judge_spin("bank-03", "P")
    assert (wrong.status, wrong.correct, wrong.expected) == ("不对", False, "I")
    assert wrong.message == ("不对，这是暗示问题（I），不是难点问题（P）。难点问题问“有没有困难”；"
                             "这一句已经在追问困难的后果和连锁影响。把票据压款这个难点和断供、"
                             "丢客户的后果连起来，让客户感到问题的分量。")
    assert d.judge_spin("b2b-02", "N").message.startswith(
        "不对，这是暗示问题（I），不是需求-效益问题（N）。需求-效益问题设想的是解决以后的好处；"
        "这一句设想的是问题带来的损失。")
    assert d.judge_spin("bank-04", "I").message.startswith(
        "不对，这是需求-效益问题（N），不是暗示问题（I）。暗示问题问的是不解决会怎样")


@pytest.mark.parametrize("answer", ["i", " I ", "暗示问题", "暗示", "SPIN-I", "spin-i",
                                    "Implication"])
def test_judge_spin_reads_letters_and_names(answer):
    assert d.judge_spin("bank-03", answer).status == "正确"


def test_every_confusion_has_a_hint():
    assert set(d.SPIN_PAIR_HINTS) == {(g, a) for g in "SPIN" for a in "SPIN" if g != a}


@pytest.mark.parametrize("answer", MALFORMED, ids=repr)
def test_judge_spin_never_raises_on_a_bad_answer(answer):
    j = d.judge_spin("bank-01", answer)
    assert (j.status, j.correct) == ("无法判断", False)
    assert j.message == ("请从 S、P、I、N 中选一个：S 情况问题，P 难点问题，I 暗示问题，"
                         "N 需求-效益问题。")


@pytest.mark.parametrize("qid", [None, 7, ["bank-01"], {"id": 1}, "", "bank-99"], ids=repr)
def test_judge_spin_never_raises_on_a_bad_id(qid):
    j = d.judge_spin(qid, "S")
    assert j.status == "无法判断" and "bank-01、sec-03、b2b-07" in j.message
    if qid == "bank-99":
        assert j.message.startswith("题库里没有编号为“bank-99”的题目")


def test_spin_question_raises_crmkit_error_for_an_unknown_id():
    with pytest.raises(CrmkitError, match="没有编号为“bank-99”"):
        d.spin_question("bank-99")


def test_spin_summary_by_kind():
    answers = [("bank-01", "S"), ("bank-02", "I"), ("bank-03", "I"), ("zzz", "S"),
               ("sec-01", None)]
    table = d.spin_summary(answers)
    # S: bank-01 right, sec-01 unreadable → 2 answered, 1 right, 0.5
    # P: bank-02 answered I → 1, 0, 0.0;  I: bank-03 → 1, 1, 1.0;  N: none; zzz left out
    assert table["已答"].tolist() == [2, 1, 1, 0]
    assert table["答对"].tolist() == [1, 0, 1, 0]
    assert table["正确率"].tolist()[:3] == [0.5, 0.0, 1.0]
    assert math.isnan(table["正确率"].iloc[3])


# ---------------------------------------------------------------- FABE

def test_bigram_similarity_by_hand():
    # 审批快手续少 → 审批 批快 快手 手续 续少; 审批快放款快 → 审批 批快 快放 放款 款快
    # shared 2 of 8 distinct bigrams
    assert d.bigram_similarity("审批快手续少", "审批快放款快") == 0.25
    assert d.bigram_similarity("随借随还，按日计息", "随借随还按日计息") == 1.0  # punctuation
    assert d.bigram_similarity("", "") == 0.0
    assert d.bigram_similarity("您", "您") == 1.0


@pytest.mark.parametrize("product", sorted(d.FABE_PRODUCTS))
def test_model_answers_pass_every_check(product):
    model = d.FABE_PRODUCTS[product].model
    result = d.check_fabe(product, *(model[k] for k in "FABE"))
    assert result.passed and result.product == product and result.model == model
    assert result.summary.startswith("四个部分都通过了检查")


DRAFT = ("纯信用贷款，不用抵押，随借随还，按日计息。", "随借随还，按日计息，纯信用，不用抵押。",
         "审批快、利率低、额度高，非常方便。", "我们是大银行，服务一流，值得信赖。")


def test_a_weak_draft_gets_four_exact_verdicts():
    result = d.check_fabe("tax-loan", *DRAFT)
    assert [p.ok for p in result.parts] == [False, False, False, False]
    assert result.summary == "还有 4 个部分要修改：特征（F）、优势（A）、利益（B）、证据（E）。"
    # F: 17 letters → 16 bigrams; A: 15 letters → 14 bigrams; 12 shared → 12 / (16 + 14 - 12)
    assert round(d.bigram_similarity(DRAFT[0], DRAFT[1]), 4) == round(12 / 18, 4)
    assert result.part("F").message.startswith(
        "和优势（A）太像了（相似度 0.67，达到 0.50 就算太像）")
    assert result.part("A").message.startswith("和特征（F）太像了（相似度 0.67")
    assert result.part("B").message.startswith("利益要落在客户身上")
    assert result.part("E").message.startswith("证据要能让客户核对")


def test_each_heuristic_on_its_own():
    model = d.FABE_PRODUCTS["tax-loan"].model
    f, a = model["F"], model["A"]
    short = d.check_fabe("tax-loan", "纯信用", a, model["B"], model["E"]).part("F")
    assert not short.ok and short.message == (
        "只有 3 个字，太短了：至少写 10 个字，把特征说完整。"
        "特征讲产品本身：它是什么、有什么、怎么办理。")
    benefit = d.check_fabe("tax-loan", f, a, "旺季不用再找朋友周转，利息只算用钱的几十天",
                           "合同第八条写明提前还款不收违约金").parts
    assert benefit[2].ok and benefit[2].message == "利益落在了客户身上（用到了“不用”）。"
    assert benefit[3].ok and benefit[3].message == "有客户可以核对的证据（凭证：“合同”）。"
    number = d.check_fabe("tax-loan", f, a, model["B"], "上午申请，下午到账，前后只用了 3 小时")
    assert number.part("E").message == "有客户可以核对的证据（数字：“3”）。"
    promise = d.check_fabe("tax-loan", f, a, "您放心，我们保证当天放款到您的账户",
                           model["E"]).part("B")
    assert not promise.ok
    assert promise.message == "不要承诺结果：“保证”这类说法客户不会信，也不合规。"


def test_products_by_key_or_chinese_name():
    assert d.check_fabe("代发工资", *DRAFT).product == "payroll"
    assert d.check_fabe(" 现金管理 ", *DRAFT).product == "cash-management"
    assert d.check_fabe("税易贷", *DRAFT).product == "tax-loan"


@pytest.mark.parametrize("product", [None, "", "基金", 42, ["tax-loan"]], ids=repr)
def test_check_fabe_never_raises_on_a_bad_product(product):
    result = d.check_fabe(product, *DRAFT)
    assert result.product is None and result.model is None
    assert result.notes[0].endswith("这一次只检查写法，不显示参考答案。")
    if product == "基金":
        assert result.notes[0].startswith("没有找到产品“基金”，可以选：纳税信用贷款（税易贷类）")
    if product in (None, ""):
        assert result.notes[0].startswith("还没有选产品")


def test_check_fabe_never_raises_on_bad_parts():
    result = d.check_fabe("payroll", None, 3, [], {"F": "x"})
    assert [p.ok for p in result.parts] == [False] * 4
    assert result.part("F").message.startswith("还没有写特征。")
    assert result.part("A").message.startswith("请用文字填写优势。")
    assert result.part("E").message.startswith("请用文字填写证据。")
    assert d.check_fabe("payroll", "  ", "", "", "").part("F").message.startswith("还没有写特征")


def test_tables_for_the_notebook():
    card = d.fabe_product_card("tax-loan")
    assert list(card.index) == ["产品", "客户", "客户说过的话", "产品要点"]
    assert d.fabe_model_table("payroll").loc["证据（E）", "参考写法"].startswith("可以用贵公司")
    table = d.fabe_table(d.check_fabe("tax-loan", *DRAFT))
    assert table["检查结果"].tolist() == ["要修改"] * 4
    with pytest.raises(CrmkitError, match="没有找到产品“基金”"):
        d.fabe_product_card("基金")


# ---------------------------------------------------------------- phone timing

def test_timing_quiz_shape():
    qs = d.TIMING_QUESTIONS
    assert len(qs) >= 8 and len({q.id for q in qs}) == len(qs)
    for q in qs:
        notes = [note for _, note in q.options]
        # the right option carries no note, every wrong option says why it is wrong
        assert notes[q.letters.index(q.answer)] == "" and sum(n == "" for n in notes) == 1, q.id
    sources = [q.source for q in qs]
    assert sources.count("课程素材：证券公司大客户营销讲义") == 4
    assert sources.count("本书补充的实务经验") == 6


def test_judge_timing_right_and_wrong():
    right = d.judge_timing("t01", "B")
    assert (right.status, right.expected) == ("正确", "B")
    assert right.message == ("正确。对还不认识的人，在工作时间里打，避开上班后的头半小时和下班前的"
                             "最后半小时。（依据：课程素材：证券公司大客户营销讲义）")
    wrong = d.judge_timing("t01", "A")
    assert wrong.status == "不对"
    assert wrong.message == ("不对，应选 B（10:15）。你选的 A：刚上班要处理积压的事、"
                             "安排一天的工作，陌生电话最容易被打发。对还不认识的人，"
                             "在工作时间里打，避开上班后的头半小时和下班前的最后半小时。"
                             "（依据：课程素材：证券公司大客户营销讲义）")


@pytest.mark.parametrize("answer", ["b", " B. ", "B、", "B）", "10:15"])
def test_judge_timing_reads_letters_and_option_text(answer):
    assert d.judge_timing("t01", answer).correct


@pytest.mark.parametrize("answer", MALFORMED + ["E"], ids=repr)
def test_judge_timing_never_raises_on_a_bad_answer(answer):
    j = d.judge_timing("t01", answer)
    assert j.status == "无法判断" and j.message == "请从 A、B、C、D 中选一个字母。"


@pytest.mark.parametrize("qid", [None, 1, ["t01"], "t99"], ids=repr)
def test_judge_timing_never_raises_on_a_bad_id(qid):
    j = d.judge_timing(qid, "A")
    assert j.status == "无法判断" and j.message.endswith("从 t01 到 t10。")


# ---------------------------------------------------------------- widgets

def _press(drill, value):
    next(b for b in drill.buttons if b.value == value).click()


def test_spin_drill_deals_in_order_and_keeps_score():
    drill = spin_drill()
    assert drill.ids == d.spin_order(2024) and drill.progress.value == "第 1 题，共 44 题"
    assert "工地上的农民工工资" in drill.prompt.value  # bank-21 comes first
    assert [b.description for b in drill.buttons] == ["S 情况问题", "P 难点问题", "I 暗示问题",
                                                      "N 需求-效益问题"]
    _press(drill, "S")  # right
    assert drill.score.value == "<p style='font-size:15px'>已答 1 题，答对 1 题（100%）</p>"
    assert all(b.disabled for b in drill.buttons) and not drill.next_button.disabled
    assert drill.answer("P") is None and len(drill.answers) == 1  # one answer per question
    drill.next_button.click()
    assert drill.index == 1 and drill.feedback.value == "" and drill.next_button.disabled
    _press(drill, "S")  # bank-12 is N: wrong
    assert "不对，这是需求-效益问题（N）" in drill.feedback.value
    assert drill.score.value == "<p style='font-size:15px'>已答 2 题，答对 1 题（50%）</p>"
    drill.restart_button.click()
    assert (drill.index, drill.answers) == (0, [])


def test_spin_drill_summary_after_the_last_question():
    drill = spin_drill()
    for qid in drill.ids:
        _press(drill, d.spin_question(qid).kind)
        drill.next_button.click()
    assert drill.finished and drill.buttons == [] and drill.next_button.disabled
    assert drill.progress.value == "全部 44 题已做完。"
    assert "<table" in drill.prompt.value and "已答 44 题，答对 44 题（100%）" in drill.score.value


def test_timing_quiz_widget():
    quiz = timing_quiz()
    assert quiz.buttons[1].description == "B. 10:15"
    quiz.buttons[0].click()
    assert "不对，应选 B（10:15）" in quiz.feedback.value
    for _ in quiz.ids:
        if not quiz.answered_current():
            _press(quiz, d.timing_question(quiz.current).answer)
        quiz.next_button.click()
    assert quiz.finished and quiz.right == 9
    assert "答错的题：t01" in quiz.prompt.value


def test_fabe_workbench_checks_and_shows_the_model():
    bench = fabe_workbench("payroll")
    assert bench.product.value == "payroll" and "安居物业" in bench.card.value
    model = d.FABE_PRODUCTS["payroll"].model
    bench.fill(*(model[k] for k in "FABE"))
    bench.check_button.click()
    assert bench.result.passed and "四个部分都通过了检查" in bench.result_html.value
    assert "参考写法" in bench.model_html.value
    bench.product.value = "cash-management"
    assert bench.result is None and bench.model_html.value == ""
    bench.fill(*DRAFT)
    result = bench.check()
    assert not result.passed and result.product == "cash-management"
    assert fabe_workbench("基金").product.value == "tax-loan"  # unknown → the first product
