"""Play a compiled scenario: a deterministic state machine, its transcript, score and debrief.

The JavaScript player (``player/player.js``) implements exactly the same rules;
``tests/unit/test_roleplay_conformance.py`` plays the same paths through both and
compares the results field by field. Rules shared by the two engines:

* totals are integer sums of option points, per rubric dimension in rubric order;
* a choice is a strong move when its score equals the best score among the node's
  options and that best is above 0; it is a missed opportunity when it is below;
  the best option shown is the first one (in file order) with the best score;
* the best path is the simple path (no node twice) from ``start`` to a successful
  ending with the highest total; ties go to fewer choices, then to options that come
  earlier in the file;
* percentages are rounded half up to one decimal using integers only;
* ``remaining`` is the fewest choices from the current node to any ending.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from crmkit.errors import CrmkitError
from crmkit.roleplay.compile import load_scenario
from crmkit.roleplay.paths import _index, _option, best_path, distance_to_end

ATTEMPT_FORMAT = "crmkit-roleplay-attempt/1"
ROLE_LABELS = {"narrator": "旁白", "customer": "客户", "trainee": "客户经理", "ending": "结局"}


def percent(part: int, whole: int) -> float | None:
    """part / whole × 100, rounded half up to one decimal with integer arithmetic."""
    if whole <= 0:
        return None
    return ((2000 * part + whole) // (2 * whole)) / 10


def percent_text(part: int, whole: int) -> str:
    """The same number as text with exactly one decimal ("83.3", "100.0"), or ""."""
    if whole <= 0:
        return ""
    tenths = (2000 * part + whole) // (2 * whole)
    return f"{tenths // 10}.{tenths % 10}"


class RolePlay:
    """One attempt at a scenario. Choose options by id; read transcript, totals and debrief."""

    def __init__(self, scenario: str | Path | dict):
        self.scenario = load_scenario(scenario)
        self._nodes, self._endings = _index(self.scenario)
        self._dist = distance_to_end(self.scenario)
        self.reset()

    # -- state
    def reset(self) -> None:
        """Start again from the opening node (再来一次)."""
        self.current: str = self.scenario["start"]
        self.transcript: list[dict] = []
        self.choices: list[dict] = []
        self.totals: dict[str, int] = {d["name"]: 0 for d in self.scenario["rubric"]}
        self.finished = False
        self.ending: dict | None = None
        self._enter(self.current)

    @property
    def node(self) -> dict | None:
        """The node waiting for a choice (None once finished)."""
        return None if self.finished else self._nodes[self.current]

    @property
    def options(self) -> list[dict]:
        """The options available now: id, text and skill of each, in file order."""
        if self.finished:
            return []
        return [{"id": o["id"], "text": o["text"], "skill": o["skill"]}
                for o in self._nodes[self.current]["options"]]

    @property
    def total(self) -> int:
        return sum(self.totals.values())

    @property
    def outcome(self) -> dict | None:
        """The ending reached: id, outcome type, success flag and its details."""
        e = self.ending
        if e is None:
            return None
        return {"ending": e["id"], "outcome": e["outcome"], "success": e["success"],
                "summary": e["summary"], "appointment": e["appointment"],
                "next_step": e["next_step"]}

    def progress(self) -> dict:
        """Choices made so far and the fewest still needed to reach an ending."""
        return {"step": len(self.choices), "remaining": self._dist.get(self.current, 0)}

    # -- moves
    def _entry(self, role: str, text: str, **extra) -> dict:
        speaker = self.scenario["speakers"]["customer" if role == "customer" else role]
        entry = {"step": len(self.choices), "node": self.current, "role": role,
                 "speaker": speaker, "text": text, "option": None, "skill": None,
                 "points": None, "score": None, "feedback": None, "outcome": None}
        entry.update(extra)
        self.transcript.append(entry)
        return entry

    def _enter(self, target: str) -> None:
        self.current = target
        if target in self._endings:
            e = self._endings[target]
            self.finished, self.ending = True, e
            if e["narration"]:
                self._entry("narrator", e["narration"])
            if e["customer"]:
                self._entry("customer", e["customer"], speaker=e["speaker"])
            self._entry("ending", e["summary"], outcome=e["outcome"])
            return
        node = self._nodes[target]
        if node["narration"]:
            self._entry("narrator", node["narration"])
        if node["customer"]:
            self._entry("customer", node["customer"], speaker=node["speaker"])

    def choose(self, option_id: str) -> list[dict]:
        """Take option ``option_id`` at the current node; return the new transcript entries."""
        if self.finished:
            raise CrmkitError("这次对话已经结束", hint="调用 reset() 或点“再来一次”重新开始")
        node = self._nodes[self.current]
        opt = next((o for o in node["options"] if o["id"] == option_id), None)
        if opt is None:
            ids = "、".join(o["id"] for o in node["options"])
            raise CrmkitError(f"节点“{node['id']}”没有选项“{option_id}”", hint=f"可选：{ids}")
        before = len(self.transcript)
        self.choices.append({"node": node["id"], "option": opt["id"]})
        for dim, value in opt["points"].items():
            self.totals[dim] += value
        self._entry("trainee", opt["text"], option=opt["id"], skill=opt["skill"],
                    points=dict(opt["points"]), score=opt["score"], feedback=opt["feedback"])
        self._enter(opt["next"])
        return self.transcript[before:]

    def play(self, option_ids) -> RolePlay:
        """Choose each option in turn; return self so calls can be chained."""
        for oid in option_ids:
            self.choose(oid)
        return self

    # -- results
    def debrief(self) -> dict:
        """Strong moves, missed opportunities, the best path and how this attempt compares."""
        strong, missed = [], []
        for step, choice in enumerate(self.choices, start=1):
            node = self._nodes[choice["node"]]
            opt = _option(node, choice["option"])
            top = max(o["score"] for o in node["options"])
            best = next(o for o in node["options"] if o["score"] == top)
            move = {"step": step, "node": node["id"], "option": opt["id"], "text": opt["text"],
                    "skill": opt["skill"], "score": opt["score"], "feedback": opt["feedback"]}
            if opt["score"] == top and top > 0:
                strong.append(move)
            elif opt["score"] < top:
                missed.append({**move, "best_option": best["id"], "best_text": best["text"],
                               "best_skill": best["skill"], "best_score": top,
                               "best_feedback": best["feedback"]})
        path = best_path(self.scenario)
        best_score = path["score"] if path else 0
        return {"total": self.total, "totals": dict(self.totals), "finished": self.finished,
                "outcome": self.outcome, "strong_moves": strong, "missed": missed,
                "best_path": path, "percent_of_best": percent(self.total, best_score)}

    def record(self, learner: str = "", exported_at: str | None = None) -> dict:
        """The attempt as a plain dict (what export_json writes)."""
        when = exported_at or datetime.now().isoformat(timespec="seconds")
        return {"format": ATTEMPT_FORMAT,
                "scenario": {"id": self.scenario["id"], "title": self.scenario["title"]},
                "learner": learner, "exported_at": when,
                "choices": [dict(c) for c in self.choices], "finished": self.finished,
                "outcome": self.outcome, "totals": dict(self.totals), "total": self.total,
                "transcript": [dict(e) for e in self.transcript], "debrief": self.debrief()}

    def export_json(self, learner: str = "", exported_at: str | None = None) -> str:
        """The attempt as JSON text for the trainer (UTF-8, indented)."""
        return json.dumps(self.record(learner, exported_at), ensure_ascii=False, indent=2) + "\n"

    def csv_rows(self, learner: str = "") -> list[list]:
        """The rows of :meth:`export_csv`: header, one row per transcript entry, a total row."""
        dims = [d["name"] for d in self.scenario["rubric"]]
        title = self.scenario["title"]
        rows: list[list] = [["学员", "场景", "序号", "轮次", "节点", "角色", "说话人", "内容",
                             "选项", "技能", *dims, "本步得分", "点评", "结局类型"]]
        for k, e in enumerate(self.transcript, start=1):
            points = [e["points"][d] for d in dims] if e["points"] else [""] * len(dims)
            rows.append([learner, title, k, e["step"], e["node"], ROLE_LABELS[e["role"]],
                         e["speaker"], e["text"], e["option"] or "", e["skill"] or "", *points,
                         "" if e["score"] is None else e["score"], e["feedback"] or "",
                         e["outcome"] or ""])
        path = best_path(self.scenario)
        best = path["score"] if path else 0
        note = f"最佳路径 {best} 分"
        if best > 0:
            note += f"，本次为最佳路径的 {percent_text(self.total, best)}%"
        rows.append([learner, title, "合计", len(self.choices), "", "", "", note, "", "",
                     *[self.totals[d] for d in dims], self.total, "",
                     self.ending["outcome"] if self.ending else "未完成"])
        return rows

    def export_csv(self, learner: str = "") -> bytes:
        """The transcript as CSV bytes with a UTF-8 BOM, so Excel shows the Chinese."""
        return ("\ufeff" + csv_text(self.csv_rows(learner))).encode("utf-8")

    def save(self, folder: str | Path, learner: str = "", stem: str | None = None) -> list[Path]:
        """Write the attempt as ``<stem>.json`` and ``<stem>.csv`` into ``folder``."""
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        stem = stem or f"{self.scenario['id']}-{datetime.now():%Y%m%d-%H%M%S}"
        paths = [folder / f"{stem}.json", folder / f"{stem}.csv"]
        paths[0].write_text(self.export_json(learner), encoding="utf-8")
        paths[1].write_bytes(self.export_csv(learner))
        return paths


def csv_text(rows: list[list]) -> str:
    """Minimal CSV (comma, CRLF, quote a field only when it holds , " CR or LF).

    Written by hand rather than with the csv module so that the JavaScript player
    produces byte-identical files.
    """
    def cell(value) -> str:
        text = str(value)
        if any(ch in text for ch in ',"\r\n'):
            text = '"' + text.replace('"', '""') + '"'
        return text

    return "".join(",".join(cell(v) for v in row) + "\r\n" for row in rows)


def play(scenario: str | Path | dict, option_ids) -> RolePlay:
    """A finished (or partial) attempt: start ``scenario`` and choose ``option_ids`` in turn."""
    return RolePlay(scenario).play(option_ids)


def load_attempt(record: str | Path | dict, scenario: str | Path | dict | None = None) -> RolePlay:
    """Replay an exported attempt (JSON file, text or dict) and verify its recorded score.

    Raises CrmkitError when the record does not match the scenario, e.g. because
    the scenario was edited after the attempt or the file was changed by hand.
    """
    if isinstance(record, dict):
        data = record
    else:
        text = Path(record).read_text(encoding="utf-8") \
            if isinstance(record, Path) or not str(record).lstrip().startswith("{") else record
        try:
            data = json.loads(text)
        except json.JSONDecodeError as err:
            raise CrmkitError(f"练习记录不是有效的 JSON（第 {err.lineno} 行）") from None
    if data.get("format") != ATTEMPT_FORMAT:
        raise CrmkitError("这不是角色扮演练习记录", hint="请选择从练习里导出的 JSON 文件")
    attempt = RolePlay(scenario if scenario is not None else data["scenario"]["id"])
    try:
        for choice in data["choices"]:
            if choice["node"] != attempt.current:
                step = len(attempt.choices) + 1
                raise CrmkitError(f"记录中的第 {step} 步在节点“{choice['node']}”，"
                                  f"重放时却在“{attempt.current}”")
            attempt.choose(choice["option"])
    except CrmkitError as err:
        raise CrmkitError(f"练习记录与场景对不上：{err.message}",
                          hint="场景可能在练习之后改过，请用练习时的场景版本") from None
    if attempt.totals != data.get("totals"):
        raise CrmkitError("练习记录中的得分与重放结果不一致", hint="记录文件可能被手工改过")
    return attempt
