"""The SPIN and phone-timing drills compiled for the static book (no kernel).

:func:`compile_drill` turns a question bank of :mod:`crmkit.roleplay.drills` into a
JSON-able dict (format ``crmkit-drill/1``) that ``player/drill.js`` plays in the
browser. Every verdict in it is the Python judge's own output (``judge_spin`` /
``judge_timing`` called for every choice of every question), so the web page gives
exactly the feedback the notebook widget gives. The questions come in the order the
widget deals them.

:func:`drill_play`, :func:`drill_summary` and :func:`drill_csv` are the reference for
``drill.js``'s engine (tally, end-of-drill summary, CSV record); the node conformance
test plays the same answers through both and compares the results.

The FABE workbench checks free text and stays in the notebook.
"""

from __future__ import annotations

from pathlib import Path

from crmkit.errors import CrmkitError
from crmkit.roleplay import drills as d
from crmkit.roleplay.embed import Player
from crmkit.roleplay.engine import csv_text, percent_text  # the same rules as the role-plays

FORMAT = "crmkit-drill/1"
KINDS = ("spin", "timing")
PLAYER = Player(css_class="crmkit-drill", prefix="crd", url_attr="data-drill",
                name_attr="data-drill-kind", global_name="CrmkitDrillData",
                files=("drill.css", "drill.js"), static_dir="drills")
SPIN_SEED = 2024  # the seed crmkit.widgets.drills.spin_drill() uses by default

TITLES = {  # the same titles as the notebook widgets
    "spin": "SPIN 分类练习：这句话是哪一类问题？",
    "timing": "电话时机测验：什么时候打给谁？",
}
INTROS = {
    "spin": "每题给出客户经理对某位客户说的一句话。判断它属于 S、P、I、N 哪一类，"
            "点一下对应的按钮就能看到点评，再点“下一题”继续。",
    "timing": "每题描述一个打电话的情境，从几个做法里选出你认为最合适的一个。"
              "选完会看到点评和依据，再点“下一题”继续。",
}
ADVICE = {
    "spin": {
        "perfect": "全部答对。下一步，试着为你自己的一位客户每类写出两三个问题。",
        "missed": "看看错的题集中在哪一类，回到 SPIN 一章再读一遍那一类问题的目的和示范问题。",
    },
    "timing": {
        "perfect": "全部答对。打电话之前，先想一想对方此刻在忙什么。",
        "missed": "把答错的题的点评再读一遍，然后点“再来一次”。",
    },
}
CSV_HEADER = ("学员", "练习", "序号", "题号", "题目", "你的选择", "正确答案", "结果", "点评")


def _verdict(judgement: d.Judgement) -> dict:
    return {"status": judgement.status, "message": judgement.message}


def _spin_questions(seed: int) -> list[dict]:
    out = []
    for qid in d.spin_order(seed):
        q = d.spin_question(qid)
        choices = [{"key": k, "label": f"{k} {name}", "hint": d.SPIN_CUES[k]}
                   for k, name in d.SPIN_KINDS.items()]
        out.append({"id": q.id, "scene": f"{q.context}｜提问对象：{q.who}", "text": q.text,
                    "choices": choices,
                    "verdicts": {c["key"]: _verdict(d.judge_spin(q.id, c["key"]))
                                 for c in choices}})
    return out


def _timing_questions() -> list[dict]:
    out = []
    for q in d.TIMING_QUESTIONS:
        choices = [{"key": letter, "label": f"{letter}. {text}", "hint": text}
                   for letter, (text, _) in zip(q.letters, q.options, strict=True)]
        out.append({"id": q.id, "scene": "", "text": q.text, "choices": choices,
                    "verdicts": {c["key"]: _verdict(d.judge_timing(q.id, c["key"]))
                                 for c in choices}})
    return out


def compile_drill(kind: str, seed: int = SPIN_SEED) -> dict:
    """The drill ``kind`` (“spin” or “timing”) as a JSON-able dict for ``drill.js``.

    ``seed`` sets the SPIN order (:func:`crmkit.roleplay.drills.spin_order`); the
    timing quiz keeps its written order, as in the notebook.
    """
    if kind == "spin":
        questions, quote, layout = _spin_questions(seed), True, "row"
    elif kind == "timing":
        questions, quote, layout = _timing_questions(), False, "column"
    else:
        raise CrmkitError(f"没有名为“{kind}”的网页版小练习",
                          hint="可以写 " + "、".join(KINDS) + "；FABE 工作台只能在实验室里做")
    return {"format": FORMAT, "kind": kind, "title": TITLES[kind], "intro": INTROS[kind],
            "right": d.RIGHT, "quote": quote, "layout": layout, "advice": ADVICE[kind],
            "questions": questions}


def to_js(compiled: dict) -> str:
    """The drill as a script that registers it, for pages opened from file://."""
    return PLAYER.to_js(compiled["kind"], compiled)


def drill_html(kind: str, base: str | None = None, data_dir: Path | None = None) -> str:
    """The element the JS drill player mounts on, with a text shown until it does.

    ``base`` is the URL of ``_static/drills/`` relative to the page; without it
    (a notebook output) the player finds the drill next to its own script. ``data_dir``:
    that folder, for the data files' checksums (see :meth:`Player.html`).
    """
    return PLAYER.html(kind, base, f"正在载入小练习：{TITLES[kind]}……",
                       f"小练习“{TITLES[kind]}”：在网页书中打开本页即可直接作答；"
                       "在 JupyterLab 里请运行本单元。",
                       "这里是一组互动选择题，需要浏览器启用 JavaScript 才能作答。", data_dir)


def write_drill(compiled: dict, out_dir: str | Path) -> list[Path]:
    """Write ``<kind>.json`` and ``<kind>.js`` into ``out_dir``; return the two paths."""
    return PLAYER.write(compiled["kind"], compiled, out_dir)


def copy_drill_player(out_dir: str | Path) -> list[Path]:
    """Copy the player's files (the shared ones, drill.js and drill.css) into ``out_dir``."""
    return PLAYER.copy_files(out_dir)


# ---------------------------------------------------------------- reference engine

def _right_key(question: dict, right: str) -> str | None:
    return next((c["key"] for c in question["choices"]
                 if question["verdicts"][c["key"]]["status"] == right), None)


def _label(question: dict, key: str | None) -> str:
    return next((c["label"] for c in question["choices"] if c["key"] == key), "")


def drill_play(compiled: dict, answers) -> dict:
    """Answer the questions in order with ``answers`` (choice keys), moving on after each.

    Returns ``{"records": [...], "error": None or the message drill.js throws}``;
    play stops at the first key the current question does not offer, or when an
    answer is left over after the last question.
    """
    questions, right = compiled["questions"], compiled["right"]
    records: list[dict] = []
    for key in answers:
        if len(records) >= len(questions):
            return {"records": records, "error": "练习已经做完，请点“再来一次”重新开始"}
        q = questions[len(records)]
        if not isinstance(key, str) or key not in q["verdicts"]:
            keys = "、".join(c["key"] for c in q["choices"])
            return {"records": records,
                    "error": f"第 {len(records) + 1} 题没有选项“{key}”，可选：{keys}"}
        verdict = q["verdicts"][key]
        answer = _right_key(q, right)
        records.append({"index": len(records) + 1, "id": q["id"], "text": q["text"],
                        "choice": key, "choice_label": _label(q, key),
                        "answer": answer, "answer_label": _label(q, answer),
                        "status": verdict["status"], "message": verdict["message"],
                        "correct": verdict["status"] == right})
    return {"records": records, "error": None}


def tally_text(right: int, answered: int) -> str:
    """The running tally shown under the question."""
    return f"答对 {right} / 已答 {answered}"


def drill_summary(compiled: dict, answers) -> dict:
    """What drill.js's ``summary()`` returns after playing ``answers`` (see :func:`drill_play`)."""
    records = drill_play(compiled, answers)["records"]
    total, answered = len(compiled["questions"]), len(records)
    right = sum(r["correct"] for r in records)
    finished = answered == total
    pct = percent_text(right, answered)
    if finished:
        score = f"{total} 题全部做完，答对 {right} 题"
    else:
        score = f"已答 {answered} 题（共 {total} 题），答对 {right} 题"
    if pct:
        score += f"，正确率 {pct}%"
    missed = [r for r in records if not r["correct"]]
    return {"total": total, "answered": answered, "right": right, "finished": finished,
            "percent_text": pct, "tally": tally_text(right, answered), "score_text": score,
            "missed": missed,
            "advice": compiled["advice"]["missed" if missed else "perfect"] if answered else ""}


def drill_csv_rows(compiled: dict, answers, learner: str = "") -> list[list]:
    """The rows of the CSV record: a header, one row per answer, a total row."""
    records = drill_play(compiled, answers)["records"]
    summary = drill_summary(compiled, answers)
    title = compiled["title"]
    rows: list[list] = [list(CSV_HEADER)]
    rows += [[learner, title, r["index"], r["id"], r["text"], r["choice_label"],
              r["answer_label"], r["status"], r["message"]] for r in records]
    rows.append([learner, title, "合计", "", "", "", "", summary["tally"],
                 summary["score_text"]])
    return rows


def drill_csv(compiled: dict, answers, learner: str = "") -> str:
    """The CSV text drill.js downloads (with a UTF-8 BOM, so Excel shows the Chinese)."""
    return "\ufeff" + csv_text(drill_csv_rows(compiled, answers, learner))
