"""Gathering a class folder: bad files are listed with a Chinese reason, never fatal."""

import json
import os
import shutil
from pathlib import Path

import pytest

from crmkit import CrmkitError
from crmkit.selfcheck import ITEMS
from crmkit.selfcheck.export import clean_name
from crmkit.selfcheck.gather import (
    gather,
    item_summary,
    learner_key,
    sample_class,
    scores_by_module,
    scores_by_skill,
    stuck_by_learner,
    summary,
    weakest_by_skill,
)

FOLDERS = Path(__file__).resolve().parents[1] / "data" / "class_folders"


def reasons(g):
    return dict(g.skipped)


def test_a_good_file_beside_bad_ones_is_still_counted():
    g = gather(FOLDERS / "mixed")
    assert sorted(g.exports["学员"]) == ["丙", "戊", "甲"]
    assert scores_by_module(g).loc["甲", "模块7"] == 50.0
    assert len(g.skipped) == 5


def test_truncated_file_is_skipped_with_a_reason():
    why = reasons(gather(FOLDERS / "mixed"))["answers-m7-乙.json"]
    assert "内容不完整或不是 JSON" in why and "截断" in why and "重新导出" in why


def test_bom_file_is_read():
    raw = (FOLDERS / "mixed" / "answers-m7-丙.json").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    g = gather(FOLDERS / "mixed")
    assert "answers-m7-丙.json" not in reasons(g)
    assert scores_by_module(g).loc["丙", "模块7"] == 0.0


def test_other_format_version_is_skipped():
    why = reasons(gather(FOLDERS / "mixed"))["answers-m7-丁.json"]
    assert "'crmkit-answers/2'" in why and "另一个版本的课程包" in why
    assert "本版本课程包的练习笔记本或练习网页重新导出" in why


def test_unknown_items_are_flagged_and_left_out_of_rates():
    g = gather(FOLDERS / "mixed")
    assert g.unknown_items == [("answers-m7-戊.json", ["7.99"])]
    assert "7.99" not in set(g.answers["题号"])
    assert "新技能" not in scores_by_skill(g).index
    assert scores_by_module(g).loc["戊", "模块7"] == 100.0
    assert "answers-m7-戊.json：7.99" in summary(g)


def test_missing_or_empty_learner_is_skipped_not_a_key_error():
    why = reasons(gather(FOLDERS / "mixed"))
    assert why["answers-m7-无名.json"].startswith("缺少学员姓名（learner 字段）")
    assert why["answers-m7-空名.json"].startswith("学员姓名是空的")
    assert "填写姓名或学号" in why["answers-m7-无名.json"]


def test_module_mismatch_is_skipped():
    why = reasons(gather(FOLDERS / "mixed"))["answers-m6-己.json"]
    assert "文件写的是模块 6，里面却有模块 7 的题" in why


def test_summary_names_every_skipped_file_and_its_fix():
    text = summary(gather(FOLDERS / "mixed"))
    assert "没有计入的文件（5 个）" in text
    for name in ["answers-m7-乙.json", "answers-m7-丁.json", "answers-m7-无名.json",
                 "answers-m7-空名.json", "answers-m6-己.json"]:
        assert f"  - {name}：" in text
    assert text.count("处理办法") == 5


def copy_folder(name, tmp_path):
    target = tmp_path / name
    shutil.copytree(FOLDERS / name, target)
    return target


def test_duplicate_keeps_the_latest_file_in_every_table(tmp_path):
    folder = copy_folder("duplicate", tmp_path)
    plain, copy = folder / "answers-m2-甲.json", folder / "answers-m2-甲 (1).json"
    os.utime(plain, ns=(2_000_000_000 * 10**9,) * 2)
    os.utime(copy, ns=(1_000_000_000 * 10**9,) * 2)  # the "(1)" copy is older here
    g = gather(folder)
    assert g.duplicates == [("answers-m2-甲.json", ["answers-m2-甲 (1).json"])]
    # the plain file has 2.1 and 2.2 both wrong: module and skill tables agree
    assert scores_by_module(g).loc["甲", "模块2"] == 0.0
    mine = g.answers[g.answers["学员"] == "甲"]
    assert set(mine["文件"]) == {"answers-m2-甲.json"} and not mine["答对"].any()
    assert scores_by_skill(g).loc["竞品对比", "作答次数"] == 1
    assert stuck_by_learner(g).loc["甲", "答错的题"] == "2.1、2.2"


def test_duplicate_with_equal_times_prefers_the_browser_copy(tmp_path):
    folder = copy_folder("duplicate", tmp_path)
    for path in folder.iterdir():
        os.utime(path, ns=(1_500_000_000 * 10**9,) * 2)
    g = gather(folder)
    assert g.duplicates == [("answers-m2-甲 (1).json", ["answers-m2-甲.json"])]
    assert scores_by_module(g).loc["甲", "模块2"] == 100.0
    assert stuck_by_learner(g).loc["甲", "答对"] == 3
    assert "使用 answers-m2-甲 (1).json，不用 answers-m2-甲.json" in summary(g)


def test_exported_at_decides_over_file_time(tmp_path):
    folder = copy_folder("exported_at", tmp_path)
    os.utime(folder / "answers-m2-甲 (1).json", ns=(2_000_000_000 * 10**9,) * 2)
    os.utime(folder / "answers-m2-甲.json", ns=(1_000_000_000 * 10**9,) * 2)
    g = gather(folder)
    assert g.duplicates == [("answers-m2-甲.json", ["answers-m2-甲 (1).json"])]
    assert scores_by_module(g).loc["甲", "模块2"] == 100.0


@pytest.mark.parametrize("variant", [" 张三 ", "张三\u3000", "张\u3000三", "张  三", "张\t三"])
def test_learner_key_folds_spaces(variant):
    assert learner_key(variant) == learner_key(variant.replace("\u3000", " ").strip()) \
        == learner_key(" ".join(variant.split()))
    assert learner_key(" 张三 ") == learner_key("张三\u3000") == "张三"
    assert learner_key("张  三") == "张 三" != learner_key("张三")


def test_learner_key_casefolds_and_normalises_width():
    assert learner_key("ZhangSan") == learner_key("zhangsan") == learner_key("ｚｈａｎｇｓａｎ")
    assert learner_key("Zhang San") != learner_key("ZhangSan")
    assert clean_name(" ＺｈａｎｇＳａｎ\u3000") == "ZhangSan"  # display keeps the case


def test_name_variants_are_one_learner_and_keep_the_first_name_seen():
    g = gather(FOLDERS / "names")
    table = scores_by_module(g)
    assert sorted(table.index) == sorted(["zhangsan", "张三", "王 五", "赵六"])
    assert table.loc["张三", "模块2"] == 0.0 and table.loc["张三", "模块7"] == 100.0
    assert table.loc["zhangsan", "模块2"] == 100.0 and table.loc["zhangsan", "模块7"] == 0.0
    assert g.duplicates == []


def test_roster_lists_missing_and_unknown_names():
    g = gather(FOLDERS / "names", roster=FOLDERS / "names" / "roster.txt")
    assert g.roster_missing == ["李四"]
    assert g.roster_unknown == ["赵六"]
    text = summary(g)
    assert "花名册上还没交文件的学员：李四" in text
    assert "交了文件但不在花名册上的姓名（核对是否写错）：赵六" in text


def test_roster_as_a_list_and_an_unreadable_roster(tmp_path):
    g = gather(FOLDERS / "names", roster=["ZHANGSAN", "张三", "王五"])
    assert g.roster_missing == ["王五"] and g.roster_unknown == ["王 五", "赵六"]
    with pytest.raises(CrmkitError, match="花名册读不出来"):
        gather(FOLDERS / "names", roster=tmp_path / "none.txt")


def test_skipped_is_not_wrong():
    g = gather(FOLDERS / "skipped")
    stuck = stuck_by_learner(g)
    n7, n2 = (sum(i.startswith(f"{m}.") for i in ITEMS) for m in (7, 2))
    assert stuck.loc["甲", ["答对", "答错", "跳过"]].tolist() == [1, 1, n7 - 2]
    assert stuck.loc["甲", "答错的题"] == "7.2"
    assert stuck.loc["甲", "跳过的题"].startswith("7.3、7.4")
    assert stuck.loc["甲", "答错涉及的技能"] == "价值矩阵、计算"
    # 乙 exported module 2 with no answers: every item skipped, none wrong
    # 乙 answered 7.1–7.12; any later module-7 item counts as skipped too
    assert stuck.loc["乙", ["答对", "答错", "跳过"]].tolist() == [11, 1, n2 + n7 - 12]
    assert stuck.loc["乙", "跳过的题"].startswith(f"模块2全部{n2}道")
    assert scores_by_module(g).loc["甲", "模块7"] == 50.0  # skips are not in the rate


def test_item_summary_counts_answers_and_skips_apart():
    table = item_summary(gather(FOLDERS / "skipped"))
    assert list(table.index[:3]) == ["2.1", "2.2", "2.3"] and "7.10" in table.index
    assert list(table.index).index("7.9") < list(table.index).index("7.10")
    assert table.loc["7.2", ["答对率(%)", "作答人数", "答对人数", "跳过人数"]].tolist() \
        == [0.0, 2, 0, 0]
    assert table.loc["7.3", ["答对率(%)", "作答人数", "跳过人数"]].tolist() == [100.0, 1, 1]
    assert table.loc["2.1", "跳过人数"] == 1 and table.loc["2.1", "作答人数"] == 0


def test_weakest_by_skill_names_the_weakest_learners():
    table = weakest_by_skill(gather(FOLDERS / "skipped"))
    assert table.index[0] == "计算"
    assert table.loc["计算", "最薄弱的学员"] == "甲（0%）、乙（80%）"
    assert table.loc["概念", "最薄弱的学员"] == ""
    # skipped items count as skips of their skills, never as wrong answers
    n7, n2 = (sum(i.startswith(f"{m}.") for i in ITEMS) for m in (7, 2))
    n_skipped_calc = sum("计算" in ITEMS[f"7.{k}"].skills for k in range(3, n7 + 1)) \
        + sum("计算" in ITEMS[f"2.{k}"].skills for k in range(1, n2 + 1))
    assert table.loc["计算", "跳过次数"] == n_skipped_calc
    assert table.loc["计算", "答对率(%)"] == 66.7


def test_empty_folder_still_raises(tmp_path):
    with pytest.raises(CrmkitError, match="没有作答记录"):
        gather(tmp_path)


def test_a_folder_of_only_bad_files_gives_empty_tables(tmp_path):
    (tmp_path / "answers-m7-x.json").write_text("{not json", encoding="utf-8")
    g = gather(tmp_path)
    assert g.answers.empty and len(g.skipped) == 1
    assert stuck_by_learner(g).empty and item_summary(g).empty
    assert "用上 0 个文件" in summary(g)


def test_web_and_notebook_exports_of_one_name_meet(tmp_path):
    from crmkit.selfcheck import check, export_answers
    from crmkit.selfcheck.core import clear_record
    clear_record()
    try:
        check("7.1", "B")
        export_answers("ZhangSan\u3000", "7", tmp_path)
    finally:
        clear_record()
    assert (tmp_path / "answers-m7-ZhangSan.json").is_file()
    web = {"format": "crmkit-answers/1", "learner": " zhangsan", "module": "2",  # quiz.js: trim()
           "items": [{"item": "2.1", "ok": False, "skills": ["产品知识", "概念"]}]}
    (tmp_path / "answers-m2- zhangsan.json").write_text(json.dumps(web), encoding="utf-8")
    g = gather(tmp_path)
    assert g.exports["学员键"].nunique() == 1
    assert list(scores_by_module(g).columns) == ["模块2", "模块7"]


def test_chart_is_titled_by_folder_and_grows_with_skills(tmp_path):
    from crmkit.charts.class_report import class_report_chart
    from crmkit.viz import figure_title

    small = gather(FOLDERS / "skipped")
    fig = class_report_chart(scores_by_module(small), scores_by_skill(small),
                             folder=FOLDERS / "skipped")
    assert figure_title(fig) == "班级练习情况：skipped"
    bars = fig.axes[1]
    labels = [t.get_text() for t in bars.get_yticklabels()]
    assert labels[-1] == "计算"  # weakest drawn on top (the last tick is the highest)
    rates = scores_by_skill(small)["答对率(%)"]
    assert list(rates[labels]) == sorted(rates, reverse=True)
    sample = gather(sample_class(tmp_path / "sample-answers"))
    big = class_report_chart(scores_by_module(sample), scores_by_skill(sample),
                             folder="sample-answers")
    assert big.get_size_inches()[1] > fig.get_size_inches()[1] + 10
    assert len(big.axes[1].get_yticklabels()) == len({s for i in ITEMS.values()
                                                       for s in i.skills})
    assert "示例班级" not in figure_title(big)


def _tries(*pairs):
    return [{"at": f"2026-03-02T09:0{n}:00+08:00", "answer": a, "ok": ok}
            for n, (a, ok) in enumerate(pairs)]


def test_tries_give_first_try_rates_and_the_most_chosen_wrong_answer(tmp_path):
    """One learner clicks A, C, D until right (final right, first try wrong); one is right
    at once; one answers wrong after looking at the right option; one file is from before
    tries were recorded (first try unknown, not counted as right or wrong)."""
    files = {
        "甲": [{"item": "7.1", "ok": True, "attempts": _tries(("A", False), ("C", False),
                                                              ("D", False), ("B", True))}],
        "乙": [{"item": "7.1", "ok": True, "attempts": _tries(("B", True))}],
        "丙": [{"item": "7.1", "ok": False, "attempts": _tries(("C", False), ("B", True),
                                                               ("C", False))}],
        "丁": [{"item": "7.1", "ok": True}],
    }
    for who, items in files.items():
        record = {"format": "crmkit-answers/1", "learner": who, "module": "7", "items": items}
        (tmp_path / f"answers-m7-{who}.json").write_text(json.dumps(record), encoding="utf-8")
    g = gather(tmp_path)
    assert len(g.attempts) == 8
    assert list(g.attempts.loc[g.attempts["学员"] == "甲", "次序"]) == [1, 2, 3, 4]
    row = item_summary(g).loc["7.1"]
    assert row["答对率(%)"] == 75.0  # 甲 乙 丁 right at the end
    assert row["首次答对率(%)"] == round(100 / 3, 1)  # only 乙, of the three with tries
    assert row["平均尝试次数"] == round(8 / 3, 1)
    assert row["最常见的错答"] == "C（2 人）"  # 甲 and 丙; 丙's second C is not counted again
    stuck = stuck_by_learner(g)
    assert stuck.loc["甲", "首次答对"] == 0 and stuck.loc["甲", "改了才答对的题"] == "7.1"
    assert stuck.loc["乙", "首次答对"] == 1 and stuck.loc["乙", "改了才答对的题"] == ""
    assert stuck.loc["丁", "首次答对"] == 0 and stuck.loc["丁", "答对"] == 1


def test_a_file_with_broken_tries_is_skipped_with_a_reason(tmp_path):
    record = {"format": "crmkit-answers/1", "learner": "甲", "module": "7",
              "items": [{"item": "7.1", "ok": True, "attempts": [{"answer": "B"}]}]}
    (tmp_path / "answers-m7-甲.json").write_text(json.dumps(record), encoding="utf-8")
    why = reasons(gather(tmp_path))["answers-m7-甲.json"]
    assert "7.1" in why and "尝试记录" in why and "重新导出" in why
