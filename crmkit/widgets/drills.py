"""Module 6 drills in a notebook: SPIN classification, the FABE workbench, phone timing.

Thin layers over :mod:`crmkit.roleplay.drills`. Every piece of state lives in attributes
(``buttons``, ``index``, ``answers``, ``result`` …) so a test can press the buttons with
``button.click()`` and read what the learner sees.
"""

from __future__ import annotations

import ipywidgets as w

from crmkit.roleplay import drills as d
from crmkit.roleplay.drill_web import drill_html
from crmkit.widgets.html import esc

COLOURS = {d.RIGHT: "#dcefe0", d.WRONG: "#f6dcdc", d.INVALID: "#f4f4f4"}
STYLE = ("<style>.crd-choice{white-space:normal!important;height:auto!important;"
         "text-align:left!important;line-height:1.5!important;padding:6px 10px!important}</style>")




def judgement_html(judgement: d.Judgement) -> str:
    """The feedback in a box coloured by the verdict (the message starts with it)."""
    return (f"<div style='background:{COLOURS[judgement.status]};padding:8px 12px;"
            f"border-radius:6px;line-height:1.6'>{esc(judgement.message)}</div>")


class ChoiceDrill(w.VBox):
    """Deals questions one at a time: prompt, answer buttons, feedback, 下一题, running score.

    Subclasses say how a question is shown (``prompt_html``), which buttons it has
    (``choices``: label, value, tooltip) and how an answer is judged (``judge``).
    A question can be answered once; 下一题 is enabled after the answer.
    """

    title = ""
    kind = ""  # the static book's JavaScript drill with the same questions (drill_web)

    def _repr_mimebundle_(self, **kwargs):
        """The widget, plus the static book's player: the book plays it without a kernel."""
        bundle = super()._repr_mimebundle_(**kwargs)
        if bundle is not None and self.kind:
            bundle["text/html"] = drill_html(self.kind)
        return bundle

    def __init__(self, ids):
        self.ids = list(ids)
        self.index = 0
        self.answers: list[tuple[str, str, d.Judgement]] = []
        self.progress = w.HTML()
        self.prompt = w.HTML()
        self.buttons: list[w.Button] = []
        self.buttons_box = w.Box(layout=w.Layout(flex_flow="row wrap"))
        self.feedback = w.HTML()
        self.score = w.HTML()
        self.next_button = w.Button(description="下一题", icon="arrow-right", disabled=True)
        self.restart_button = w.Button(description="从头再来", icon="refresh")
        self.next_button.on_click(self.next)
        self.restart_button.on_click(self.restart)
        super().__init__([w.HTML(STYLE + f"<h4 style='margin:4px 0'>{esc(self.title)}</h4>"),
                          self.progress, self.prompt, self.buttons_box, self.feedback,
                          w.HBox([self.next_button, self.restart_button]), self.score])
        self.refresh()

    # what a subclass provides
    def prompt_html(self, qid: str) -> str:
        raise NotImplementedError

    def choices(self, qid: str) -> list[tuple[str, str, str]]:
        raise NotImplementedError

    def judge(self, qid: str, value: str) -> d.Judgement:
        raise NotImplementedError

    def summary_html(self) -> str:
        return ""

    # the drill itself
    @property
    def finished(self) -> bool:
        return self.index >= len(self.ids)

    @property
    def right(self) -> int:
        return sum(j.correct for _, _, j in self.answers)

    @property
    def current(self) -> str | None:
        return None if self.finished else self.ids[self.index]

    def answered_current(self) -> bool:
        return bool(self.answers) and self.answers[-1][0] == self.current

    def answer(self, value: str) -> d.Judgement | None:
        """Answer the current question (what an answer button does); None when not allowed."""
        if self.finished or self.answered_current():
            return None
        judgement = self.judge(self.current, value)
        self.answers.append((self.current, value, judgement))
        self.refresh()
        return judgement

    def next(self, *_) -> None:
        """下一题: move on once the current question is answered."""
        if self.answered_current():
            self.index += 1
            self.refresh()

    def restart(self, *_) -> None:
        """从头再来: the same questions in the same order, score cleared."""
        self.index, self.answers = 0, []
        self.refresh()

    def _button(self, label: str, value: str, tooltip: str) -> w.Button:
        button = w.Button(description=label, tooltip=tooltip,
                          layout=w.Layout(width="auto", height="auto", margin="2px 4px"))
        button.add_class("crd-choice")
        button.value = value
        button.on_click(lambda _b, v=value: self.answer(v))
        return button

    def refresh(self) -> None:
        n, total = len(self.answers), len(self.ids)
        score = f"已答 {n} 题，答对 {self.right} 题"
        if n:
            score += f"（{self.right / n:.0%}）"
        self.score.value = f"<p style='font-size:15px'>{score}</p>"
        if self.finished:
            self.progress.value = f"全部 {total} 题已做完。"
            self.prompt.value = self.summary_html()
            self.buttons, self.feedback.value = [], ""
            self.buttons_box.children = ()
            self.next_button.disabled = True
            return
        qid, done = self.current, self.answered_current()
        self.progress.value = f"第 {self.index + 1} 题，共 {total} 题"
        self.prompt.value = self.prompt_html(qid)
        self.buttons = [self._button(*c) for c in self.choices(qid)]
        for button in self.buttons:
            button.disabled = done
        self.buttons_box.children = self.buttons
        self.feedback.value = judgement_html(self.answers[-1][2]) if done else ""
        self.next_button.disabled = not done


class SpinDrill(ChoiceDrill):
    """The SPIN question bank dealt in a fixed order; buttons S, P, I, N."""

    title = "SPIN 分类练习：这句话是哪一类问题？"
    kind = "spin"

    def __init__(self, seed: int = 2024):
        self.seed = seed
        super().__init__(d.spin_order(seed))

    def prompt_html(self, qid: str) -> str:
        q = d.spin_question(qid)
        return (f"<div style='color:#666'>{esc(q.context)}｜提问对象：{esc(q.who)}</div>"
                f"<div style='font-size:17px;margin:6px 0'>“{esc(q.text)}”</div>")

    def choices(self, qid: str) -> list[tuple[str, str, str]]:
        return [(f"{k} {name}", k, d.SPIN_CUES[k]) for k, name in d.SPIN_KINDS.items()]

    def judge(self, qid: str, value: str) -> d.Judgement:
        return d.judge_spin(qid, value)

    def summary_html(self) -> str:
        table = d.spin_summary([(qid, value) for qid, value, _ in self.answers])
        return ("<p>按问题类型看，哪一类最容易判断错？错得多的那一类，回到 SPIN 一章再读一遍"
                "它的目的和示范问题。</p>" + table.to_html(na_rep="—"))


class TimingQuiz(ChoiceDrill):
    """The phone timing quiz in its written order; one button per option."""

    title = "电话时机测验：什么时候打给谁？"
    kind = "timing"

    def __init__(self):
        super().__init__([q.id for q in d.TIMING_QUESTIONS])
        self.buttons_box.layout.flex_flow = "column"

    def prompt_html(self, qid: str) -> str:
        q = d.timing_question(qid)
        return f"<div style='font-size:16px;margin:6px 0'>{esc(q.text)}</div>"

    def choices(self, qid: str) -> list[tuple[str, str, str]]:
        q = d.timing_question(qid)
        return [(f"{letter}. {text}", letter, text)
                for letter, (text, _) in zip(q.letters, q.options, strict=True)]

    def judge(self, qid: str, value: str) -> d.Judgement:
        return d.judge_timing(qid, value)

    def summary_html(self) -> str:
        wrong = [qid for qid, _, j in self.answers if not j.correct]
        if not wrong:
            return "<p>全部答对。打电话之前，先想一想对方此刻在忙什么。</p>"
        return f"<p>答错的题：{esc('、'.join(wrong))}。点“从头再来”，再读一遍这几题的点评。</p>"


class FabeWorkbench(w.VBox):
    """Choose a product, write F, A, B and E, press 检查: per-part feedback, then the model."""

    def _repr_mimebundle_(self, **kwargs):
        """The widget; in the static book, one line saying where the workbench runs."""
        bundle = super()._repr_mimebundle_(**kwargs)
        if bundle is not None:
            bundle["text/html"] = (
                '<p class="crmkit-needs-kernel">FABE 工作台要逐句检查你写的介绍，需要运行中的 '
                "Python：在 JupyterLab、Binder 或培训班的 JupyterHub 里打开本实验即可使用。</p>")
        return bundle

    def __init__(self, product: str = "tax-loan"):
        options = [(p.name, k) for k, p in d.FABE_PRODUCTS.items()]
        start = d.fabe_product(product)
        self.product = w.Dropdown(options=options, value=start.key if start else options[0][1],
                                  description="产品", layout=w.Layout(width="420px"))
        self.card = w.HTML()
        self.areas = {k: w.Textarea(description=f"{name}（{k}）", placeholder=d.FABE_HINTS[k],
                                    layout=w.Layout(width="100%", height="70px"),
                                    style={"description_width": "6em"})
                      for k, name in d.FABE_PARTS.items()}
        self.check_button = w.Button(description="检查", icon="check", button_style="primary")
        self.result_html = w.HTML()
        self.model_html = w.HTML()
        self.result: d.FabeCheck | None = None
        self.check_button.on_click(self.check)
        self.product.observe(self.change_product, names="value")
        super().__init__([self.product, self.card, *self.areas.values(), self.check_button,
                          self.result_html, self.model_html])
        self.change_product()

    def fill(self, f: str = "", a: str = "", b: str = "", e: str = "") -> None:
        """Type into the four boxes (what a learner does; handy in tests and demos)."""
        for key, text in zip("FABE", (f, a, b, e), strict=True):
            self.areas[key].value = text

    def change_product(self, *_) -> None:
        """A new product: its brief, empty feedback and no model answer yet."""
        p = d.FABE_PRODUCTS[self.product.value]
        rows = [("客户", p.customer), ("客户说过的话", p.need), ("产品要点", p.facts)]
        self.card.value = ("<table style='background:#f4f4f4;border-radius:6px'>" + "".join(
            f"<tr><th style='text-align:left;padding-right:12px;white-space:nowrap'>{esc(k)}"
            f"</th><td style='text-align:left'>{esc(v)}</td></tr>" for k, v in rows)
            + "</table>")
        self.result, self.result_html.value, self.model_html.value = None, "", ""

    def check(self, *_) -> d.FabeCheck:
        """检查: judge the four parts and show the model answer underneath."""
        self.result = d.check_fabe(self.product.value,
                                   *(self.areas[k].value for k in "FABE"))
        rows = "".join(
            f"<tr><td style='text-align:left;white-space:nowrap'>{esc(p.name)}（{p.part}）</td>"
            f"<td style='text-align:left;background:{COLOURS[d.RIGHT if p.ok else d.WRONG]}'>"
            f"{'通过' if p.ok else '要修改'}</td><td style='text-align:left'>"
            f"{esc(p.message)}</td></tr>" for p in self.result.parts)
        notes = "".join(f"<p>{esc(n)}</p>" for n in self.result.notes)
        self.result_html.value = (f"{notes}<p><b>{esc(self.result.summary)}</b></p>"
                                  f"<table>{rows}</table>")
        if self.result.model:
            items = "".join(f"<li><b>{esc(name)}（{k}）</b>{esc(self.result.model[k])}</li>"
                            for k, name in d.FABE_PARTS.items())
            self.model_html.value = f"<h4>参考写法</h4><ul>{items}</ul>"
        return self.result


def spin_drill(seed: int = 2024) -> SpinDrill:
    """The SPIN classification drill: every question of the bank, in the order set by ``seed``."""
    return SpinDrill(seed)


def fabe_workbench(product: str = "tax-loan") -> FabeWorkbench:
    """The FABE workbench, starting on ``product`` (tax-loan / payroll / cash-management)."""
    return FabeWorkbench(product)


def timing_quiz() -> TimingQuiz:
    """The phone timing quiz."""
    return TimingQuiz()
