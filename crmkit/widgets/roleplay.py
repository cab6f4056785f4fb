"""Play a role-play scenario in a notebook: chat transcript, option buttons, scorecard.

A thin layer over :class:`crmkit.roleplay.RolePlay`. Every piece of state lives in
attributes (``engine``, ``option_buttons``, ``restart_button``, ``figure`` …) so a
test can press the buttons with ``button.click()`` and read what the learner sees.
"""

from __future__ import annotations

import os
from pathlib import Path

import ipywidgets as w
from IPython.display import display

from crmkit.errors import CrmkitError
from crmkit.roleplay.classrecord import CLASS_ANSWERS_ENV, save_for_class
from crmkit.roleplay.compile import player_html
from crmkit.roleplay.engine import RolePlay
from crmkit.roleplay.report import scorecard_chart
from crmkit.widgets.html import esc

BUBBLE = {
    "customer": "background:#e8f0f8;margin:6px 15% 6px 0;border-radius:10px 10px 10px 2px",
    "trainee": "background:#e9f4ec;margin:6px 0 6px 15%;border-radius:10px 10px 2px 10px",
    "narrator": "font-style:italic;color:#555;margin:6px 0",
    "ending": "border:1px dashed #999;margin:6px 0;border-radius:8px",
}
STYLE = ("<style>.crp-option-button{white-space:normal!important;height:auto!important;"
         "text-align:left!important;line-height:1.5!important;padding:6px 10px!important}</style>")




def header_html(scenario: dict) -> str:
    """Persona card and goal."""
    p = scenario["persona"]
    rows = [("客户", f"{p['name']}｜{p['role']}｜{p['company']}｜{p['industry']}"),
            ("情绪", p["mood"]), ("反应模式", f"{p['response_mode']}：{p['response_mode_note']}"),
            ("你的身份", scenario["trainee"] or "客户经理"), ("练习目标", scenario["goal"])]
    cells = "".join(f"<tr><th style='text-align:left;padding-right:12px'>{esc(k)}</th>"
                    f"<td style='text-align:left'>{esc(v)}</td></tr>" for k, v in rows)
    summary = f"<p>{esc(scenario['summary'])}</p>" if scenario["summary"] else ""
    return (f"<h3 style='margin:4px 0'>{esc(scenario['title'])}</h3>{summary}"
            f"<table style='background:#f4f4f4;border-radius:6px'>{cells}</table>")


def entry_html(entry: dict) -> str:
    """One transcript entry as a chat bubble; your lines carry skill, points and feedback."""
    body = f"<div style='font-size:12px;color:#666'>{esc(entry['speaker'])}</div>"
    if entry["role"] == "ending":
        body += f"<b>结局：{esc(entry['outcome'])}</b> "
    body += esc(entry["text"])
    if entry["role"] == "trainee":
        gained = "，".join(f"{k} +{v}" for k, v in entry["points"].items() if v) or "本步不得分"
        body += (f"<div style='font-size:12px;margin-top:4px'>［{esc(entry['skill'])}］"
                 f"{esc(gained)}</div><div style='background:#fbeedd;border-radius:6px;"
                 f"padding:4px 8px;margin-top:4px'>点评：{esc(entry['feedback'])}</div>")
    return f"<div style='padding:6px 10px;{BUBBLE[entry['role']]}'>{body}</div>"


def result_html(engine: RolePlay) -> str:
    """Outcome, score against the best path, strong moves, missed opportunities, best path."""
    d = engine.debrief()
    o, best = d["outcome"], d["best_path"]
    colour = "#dcefe0" if o["success"] else "#f6dcdc"
    parts = [f"<div style='background:{colour};padding:8px 12px;border-radius:6px'>"
             f"<b>结局：{esc(o['outcome'])}</b> {esc(o['summary'])}"]
    if o["appointment"]:
        a = o["appointment"]
        parts.append(f"<br>时间：{esc(a['time'])}；地点：{esc(a['place'])}；"
                     f"联系人：{esc(a['contact'])}")
    if o["next_step"]:
        parts.append(f"<br>下一步：{esc(o['next_step'])}")
    parts.append("</div>")
    score = f"<p style='font-size:16px'>本次得分 <b>{d['total']}</b> 分"
    if best:
        score += f"；最佳路径 {best['score']} 分"
        if d["percent_of_best"] is not None:
            score += f"，本次达到最佳路径的 {d['percent_of_best']:.1f}%"
    parts.append(score + "</p>")
    if d["strong_moves"]:
        items = "".join(f"<li>第 {m['step']} 步［{esc(m['skill'])}］{esc(m['feedback'])}</li>"
                        for m in d["strong_moves"])
        parts.append(f"<h4>做得好的地方</h4><ol>{items}</ol>")
    if d["missed"]:
        items = "".join(
            f"<li>第 {m['step']} 步你选了：{esc(m['text'])}（{m['score']} 分）<br>"
            f"<span style='color:#555'>更好的说法［{esc(m['best_skill'])}］："
            f"{esc(m['best_text'])}（{m['best_score']} 分）—— "
            f"{esc(m['best_feedback'])}</span></li>"
            for m in d["missed"])
        parts.append(f"<h4>错过的机会</h4><ol>{items}</ol>")
    if best:
        options = {(n["id"], o["id"]): o for n in engine.scenario["nodes"] for o in n["options"]}
        items = "".join(f"<li>{esc(options[c['node'], c['option']]['text'])}</li>"
                        for c in best["choices"])
        parts.append(f"<h4>最佳路径（{best['score']} 分，结局：{esc(best['outcome'])}）</h4>"
                     f"<ol>{items}</ol>")
    return "".join(parts)


class RolePlayWidget(w.VBox):
    """The chat, the option buttons, a progress bar and, at the end, the scorecard.

    ``folder`` is where “保存记录” writes the attempt as JSON and CSV for the trainer.
    """

    def __init__(self, scenario: str | Path | dict, learner: str = "",
                 folder: str | Path = "roleplay-attempts"):
        self.engine = RolePlay(scenario)
        self.learner, self.folder = learner, Path(folder)
        self.header = w.HTML(STYLE + header_html(self.engine.scenario))
        self.progress = w.IntProgress(value=0, min=0, max=100, description="进度",
                                      layout=w.Layout(width="420px"))
        self.progress_label = w.HTML()
        self.transcript_html = w.HTML()
        self.options_box = w.VBox()
        self.option_buttons: list[w.Button] = []
        self.result = w.HTML()
        self.chart = w.Output()
        self.figure = None
        self.message = w.HTML()
        self.saved: list[Path] = []
        self.restart_button = w.Button(description="再来一次", icon="refresh")
        self.save_button = w.Button(description="保存记录（JSON + CSV）", icon="save",
                                    layout=w.Layout(width="auto"))
        self.restart_button.on_click(self.restart)
        self.save_button.on_click(self.save)
        super().__init__([self.header, w.HBox([self.progress, self.progress_label]),
                          self.transcript_html, self.options_box, self.result, self.chart,
                          w.HBox([self.restart_button, self.save_button]), self.message])
        self.refresh()

    def choose(self, option_id: str) -> None:
        """Take an option (what an option button does)."""
        try:
            self.engine.choose(option_id)
            self.message.value = ""
        except CrmkitError as err:
            self.message.value = f"<span style='color:#b2182b'>{esc(err.message)}</span>"
        else:
            if self.engine.finished and os.environ.get(CLASS_ANSWERS_ENV):  # on the classroom hub
                problem = save_for_class(self.engine, self.learner)
                self.message.value = esc(problem or "本次练习已存进班级记录，培训师能看到得分。")
        self.refresh()

    def restart(self, *_) -> None:
        """再来一次: back to the first node, scorecard cleared."""
        self.engine.reset()
        self.saved, self.message.value = [], ""
        self.refresh()

    def save(self, *_) -> list[Path]:
        """Write the attempt to ``folder`` as JSON and CSV; show where."""
        if not self.engine.choices:
            self.message.value = "还没有作出任何选择，暂时没有可保存的记录。"
            return []
        self.saved = self.engine.save(self.folder, learner=self.learner)
        names = "、".join(str(p) for p in self.saved)
        self.message.value = f"已保存：{esc(names)}。请把这两个文件交给培训师。"
        return self.saved

    def _button(self, index: int, option: dict) -> w.Button:
        label = f"{chr(65 + index)}. {option['text']}"
        button = w.Button(description=label, tooltip=option["text"],
                          layout=w.Layout(width="100%", height="auto"))
        button.add_class("crp-option-button")
        button.option_id = option["id"]
        button.on_click(lambda _b, oid=option["id"]: self.choose(oid))
        return button

    def _repr_mimebundle_(self, **kwargs):
        """The widget, plus the static book's player for the same scenario.

        JupyterLab shows the widget; the book (which ranks ``text/html`` first on the
        lab page) shows the JavaScript player, so the page plays without a kernel.
        """
        bundle = super()._repr_mimebundle_(**kwargs)
        if bundle is not None:
            scenario = self.engine.scenario
            bundle["text/html"] = player_html(scenario["id"], scenario["title"])
        return bundle

    def refresh(self) -> None:
        engine = self.engine
        step, remaining = engine.progress()["step"], engine.progress()["remaining"]
        done = 1.0 if engine.finished else step / (step + remaining)
        self.progress.value = round(100 * done)
        self.progress_label.value = (f"已完成，共 {step} 轮" if engine.finished
                                     else f"第 {step + 1} 轮 · 至少还要 {remaining} 轮才到结局")
        self.transcript_html.value = "".join(entry_html(e) for e in engine.transcript)
        self.option_buttons = [self._button(i, o) for i, o in enumerate(engine.options)]
        self.options_box.children = self.option_buttons
        self.save_button.disabled = not engine.choices
        self.chart.clear_output()
        if engine.finished:
            self.result.value = result_html(engine)
            self.figure = scorecard_chart(engine)
            with self.chart:
                display(self.figure)
        else:
            self.result.value, self.figure = "", None


def roleplay_widget(scenario: str | Path | dict, learner: str = "",
                    folder: str | Path = "roleplay-attempts") -> RolePlayWidget:
    """Build the player for ``scenario`` (a shipped name, a YAML path or a compiled dict)."""
    return RolePlayWidget(scenario, learner=learner, folder=folder)
