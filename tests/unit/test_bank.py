"""The exercise banks: the notebooks are made from them, a bad bank is refused in Chinese,
and adding an item is one YAML block plus one command."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import nbformat
import pytest
import yaml

from crmkit import CrmkitError
from crmkit.selfcheck import ITEMS, bank, check

ROOT = Path(__file__).resolve().parents[2]


def test_every_exercise_notebook_is_made_from_its_bank():
    out = io.StringIO()
    assert bank.build(check=True, out=out) == [], out.getvalue()
    assert len(bank.bank_files()) == 8


def test_every_registered_item_comes_from_a_bank():
    ids = [item["id"] for path in bank.bank_files() for item in bank.load_bank(path)["items"]]
    assert sorted(ids) == sorted(ITEMS) and len(ids) == len(set(ids))


def test_the_notebook_shows_the_question_options_answer_cell_quiz_and_solution():
    item = bank.load_bank(ROOT / "exercises" / "04-exercises.yaml")["items"][2]
    nb = json.loads((ROOT / "exercises" / "04-exercises.ipynb").read_text(encoding="utf-8"))
    texts = ["".join(c["source"]) for c in nb["cells"]]
    at = next(i for i, t in enumerate(texts) if t.startswith("```{exercise-start}\n:label: ex04-3"))
    assert item["question"] in texts[at]
    assert all(f"{k}. {v}" in texts[at] for k, v in item["options"].items())
    assert texts[at + 1] == item["answer_cell"] and texts[at + 2].endswith("{quiz} 4.3\n```")
    assert texts[at + 3].startswith("````{solution} ex04-3") and item["solution"] in texts[at + 3]
    assert [c["id"] for c in nb["cells"]] == [f"c{n:02d}" for n in range(len(nb["cells"]))]


def test_short_options_share_a_line_and_long_ones_get_a_paragraph_each():
    assert bank.options_text({"A": "甲", "B": "乙"}) == "A. 甲　　B. 乙"
    long = {"A": "一" * 15, "B": "乙"}
    assert bank.options_text(long) == f"A. {'一' * 15}\n\nB. 乙"


def _copy_bank(tmp_path: Path, number: str = "01") -> tuple[Path, dict]:
    folder = tmp_path / "exercises"
    folder.mkdir(exist_ok=True)
    path = folder / f"{number}-exercises.yaml"
    shutil.copy2(ROOT / "exercises" / f"{number}-exercises.yaml", path)
    return path, yaml.safe_load(path.read_text(encoding="utf-8"))


def _write(path: Path, data: dict) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.mark.parametrize("change, message", [
    (lambda b: b["items"][1].update(id="1.9"), "第 2 个题目的编号应是 1.2"),
    (lambda b: b["items"][0].update(kind="essay"), "kind 应是 choice、number、members 之一"),
    (lambda b: b["items"][0].pop("hint"), "第 1.1 题：缺少 hint"),
    (lambda b: b["items"][0].update(correct="E"), "正确答案 'E' 不在选项里"),
    (lambda b: b["items"][0]["feedback"].pop("D"), "options 和 feedback 的字母要一一对应"),
    (lambda b: b["items"][0].update(answre_cell="x"), "不认识的字段 answre_cell"),
    (lambda b: b["items"][0].update(answer_cell="answer_1 = None"), 'check("1.1", …)'),
    (lambda b: b.update(module="2"), "module 写的是 '2'，与文件名不符"),
])
def test_a_bad_bank_is_refused_naming_the_file_and_item(tmp_path, change, message):
    path, data = _copy_bank(tmp_path)
    change(data)
    _write(path, data)
    with pytest.raises(CrmkitError, match="01-exercises.yaml") as err:
        bank.load_bank(path)
    assert message in err.value.message


def test_an_expected_function_that_does_not_exist_is_named(tmp_path):
    path, data = _copy_bank(tmp_path)
    data["items"][3]["expected"] = "no_such_answer"
    _write(path, data)
    with pytest.raises(CrmkitError, match="函数 'no_such_answer' 在 crmkit/selfcheck/computed.py"):
        bank.register(bank.load_bank(path), path)


def test_adding_an_item_is_one_yaml_block_and_one_command(tmp_path):
    """The recipe of CONTRIBUTING.md: a new module-9 bank in a scratch copy gets an item;
    build writes its notebook; registering it makes check() judge it."""
    path, data = _copy_bank(tmp_path, "07")
    data["module"] = "9"
    data["items"] = data["items"][:1]
    new = dict(data["items"][0], id="9.1")
    new["answer_cell"] = new["answer_cell"].replace('check("7.1"', 'check("9.1"')
    data["items"] = [new, {
        "id": "9.2", "kind": "number", "skills": ["终身价值", "计算"],
        "question": "**计算**　按 Dwyer 公式，年贡献 6 万元、保留率 85%、折现率 8%，"
                    "5 年的终身价值是多少万元？",
        "answer_cell": 'answer_2 = None  # 填写一个数\ncheck("9.2", answer_2)',
        "expected": "answer_7_12", "tolerance": 0.01, "unit": " 万元",
        "hint": "dwyer_clv(6, 0.85, 0.08, periods=5)",
        "solution": "参考答案：按公式逐年折现再相加。"}]
    target = path.with_name("09-exercises.yaml")
    path.unlink()
    _write(target, data)
    assert bank.build(tmp_path / "exercises", out=io.StringIO()) == [target.with_suffix(".ipynb")]
    nb = json.loads(target.with_suffix(".ipynb").read_text(encoding="utf-8"))
    assert len(nb["cells"]) == 3 + 4 * 2 + 4
    assert any("{quiz} 9.2" in "".join(c["source"]) for c in nb["cells"])
    try:
        bank.register(bank.load_bank(target), target)
        assert check("9.2", ITEMS["7.12"].expected()).ok is True
        assert check("9.2", 1).ok is False
    finally:
        for item_id in ("9.1", "9.2"):
            ITEMS.pop(item_id, None)


def test_editing_one_item_reruns_only_what_changed_and_keeps_the_rest(tmp_path):
    """Rebuilding a committed notebook after one answer cell changed: the kept cells come
    back from the file (their outputs intact) and the changed one is run by the kernel."""
    path, data = _copy_bank(tmp_path, "07")
    shutil.copy2(ROOT / "exercises" / "07-exercises.ipynb", path.with_suffix(".ipynb"))
    data["items"][0]["answer_cell"] += "\nprint('再看一遍')"
    _write(path, data)
    assert bank.build(tmp_path / "exercises", execute=True, out=io.StringIO()) == [
        path.with_suffix(".ipynb")]
    before = nbformat.read(ROOT / "exercises" / "07-exercises.ipynb", as_version=4)
    after = nbformat.read(path.with_suffix(".ipynb"), as_version=4)
    changed = [c for c in after["cells"] if "再看一遍" in "".join(c["source"])]
    assert len(changed) == 1 and "再看一遍" in "".join(
        o.get("text", "") for o in changed[0]["outputs"])
    kept = {c["id"]: c for c in before["cells"]}
    same = [c for c in after["cells"] if c is not changed[0] and c["id"] in kept
            and c["source"] == kept[c["id"]]["source"]]
    assert len(same) == len(after["cells"]) - 1
    assert all(c.get("outputs") == kept[c["id"]].get("outputs") for c in same)


@pytest.mark.parametrize("path", bank.bank_files(), ids=lambda p: p.stem)
def test_each_notebook_counts_its_items_and_shows_every_answer_cell_unanswered(path):
    data = bank.load_bank(path)
    nb = json.loads(path.with_suffix(".ipynb").read_text(encoding="utf-8"))
    texts = ["".join(c["source"]) for c in nb["cells"]]
    assert texts[1].startswith(f"(ex-0{data['module']})=\n# 模块")
    assert f"共 {len(data['items'])} 题" in texts[1]
    assert "from crmkit.selfcheck import check" in texts[2]
    assert texts[-1].startswith("## 做完以后") and "{ref}`" in texts[-1]
    for k, item in enumerate(data["items"]):
        cell = nb["cells"][4 + 4 * k]
        assert "".join(cell["source"]) == item["answer_cell"]
        shown = "".join(cell["outputs"][0]["data"]["text/plain"])
        assert shown.startswith(f"[{item['id']}] ✏️ 还没有作答")


def test_a_numeric_item_states_how_close_an_answer_must_be():
    """The notebook says the checker's rule: unit and tolerance, under the question."""
    from crmkit.selfcheck.bank import cells, load_bank, tolerance_text

    data = load_bank(ROOT / "exercises" / "07-exercises.yaml")
    item = next(i for i in data["items"] if i["kind"] == "number" and i.get("unit"))
    text = "\n".join(source for _, source in cells(data))
    assert tolerance_text(item) in text
    assert tolerance_text({"tolerance": 0.01, "unit": " 万元"}) == (
        "*作答要求*：填一个数（单位：万元），与参考答案相差不超过 ±0.01 万元都算对。")
    assert tolerance_text({"tolerance": 0.1, "unit": "%"}).endswith("±0.1 个百分点都算对。")
    assert tolerance_text({"tolerance": 0, "unit": " 家"}).endswith("要与参考答案完全一致。")
    assert tolerance_text({"tolerance": 0.001}).endswith("±0.001 都算对。")


def test_a_computed_answer_is_worked_out_on_the_first_check_only(tmp_path, monkeypatch):
    import crmkit.selfcheck.computed as computed

    path, data = _copy_bank(tmp_path, "07")
    data["module"] = "9"
    item = next(i for i in data["items"] if i.get("expected") == "answer_7_12")
    data["items"] = [dict(item, id="9.1", answer_cell=item["answer_cell"].replace(
        f'check("{item["id"]}"', 'check("9.1"'))]
    target = path.with_name("09-exercises.yaml")
    path.unlink()
    _write(target, data)
    calls = []
    real = computed.answer_7_12
    monkeypatch.setattr(computed, "answer_7_12", lambda: calls.append(1) or real())
    try:
        bank.register(bank.load_bank(target), target)
        assert calls == []   # found when the bank is registered, worked out when first asked
        right = real()
        assert [check("9.1", answer).ok for answer in (right, 1, right)] == [True, False, True]
        assert calls == [1]
    finally:
        ITEMS.pop("9.1", None)
