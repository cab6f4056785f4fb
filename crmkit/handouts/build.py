"""Build the printable handouts (HTML, then A4 PDF through headless Chromium).

Three products: ``roleplay-cards.pdf`` (a 客户卡, a 客户经理卡 and a 观察员记录表
per scenario, one sheet per page so a group of three can split them),
``case-handouts.pdf`` (every case's 背景, 分析任务 and 讨论题 without code or
trainer notes, one case starting on a new page) and ``schedule.pdf`` (the
two-day workshop schedule from the guide).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from crmkit.cases import MODULE_NAMES, case_info, case_pages
from crmkit.errors import CrmkitError
from crmkit.handouts.templates import (
    ROOT,
    esc,
    keep_together_html,
    markdown_html,
    myst_to_markdown,
    page,
    sections,
)
from crmkit.roleplay import best_path, compile_scenario
from crmkit.roleplay.vocab import FIELD_LABELS, OUTCOMES, SKILLS

CASE_SECTIONS = ("背景", "分析任务", "讨论题")
DECISION_SECTION = "你的决定"   # "## 你的决定：…备忘录", between the tasks and the questions
ENDING_HEADING = "### 后来怎么样了"  # a known ending, revealed after the memo is written
SCHEDULE_HEADING = "两天工作坊日程安排"
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run",
                  "--no-pdf-header-footer")


# ---------------------------------------------------------------- role-play cards
#
# The three sheets split what the scenario knows. The 客户卡 holds the customer's
# facts, what they keep back and how to react; the 客户经理卡 only what the trainee
# knows before the talk and what must be settled by its end (categories, never the
# agreed values); the 观察员记录表 the rubric with the best options' feedback.

ASKING_SKILLS = frozenset({"问对问题", "倾听确认", "SPIN-S", "SPIN-P", "SPIN-I", "SPIN-N"})
CLOSING_SKILLS = frozenset({"约见收尾", "促成成交"})
CONCERN_WORDS = ("担心", "怕", "头疼", "不敢", "不想", "不过", "顾虑", "不好看", "不方便", "麻烦")
MIN_HIDDEN_CHARS = 20  # shorter customer lines are replies ("对，你说吧。"), not facts
# How the customer answers a move that leads straight to a failed ending of this type.
OUTCOME_REACTIONS = {
    "待跟进": "敷衍过去，不给具体答复",
    "婉拒": "客气地回绝",
    "失联": "不再多谈，结束通话",
    "关系受损": "明显不高兴，马上结束谈话",
}
# What must be settled: an appointment's fields, or these parts of an agreed next step.
APPOINTMENT_FIELDS = ("time", "place", "contact")
NEXT_STEP_PARTS = ("做什么", "谁负责", "什么时间")


def _index(scenario: dict) -> tuple[dict, dict]:
    return ({n["id"]: n for n in scenario["nodes"]}, {e["id"]: e for e in scenario["endings"]})


def _steps(scenario: dict) -> list[tuple[dict, dict, dict]]:
    """(node, chosen option, node or ending it leads to) along the best path."""
    nodes, endings = _index(scenario)
    path = best_path(scenario)
    steps = []
    for choice in path["choices"] if path else []:
        node = nodes[choice["node"]]
        option = next(o for o in node["options"] if o["id"] == choice["option"])
        steps.append((node, option, nodes.get(option["next"]) or endings[option["next"]]))
    return steps


def _asks(option: dict) -> bool:
    """Whether a move invites the customer to talk: a question-type skill or a question."""
    return option["skill"] in ASKING_SKILLS or "？" in option["text"] or "?" in option["text"]


def _gist(text: str | None, limit: int = 40) -> str:
    """The opening of ``text``: whole sentences up to ``limit`` characters, else cut with ……."""
    text = (text or "").strip()
    out = ""
    for sentence in re.findall(r"[^。！？!?]+[。！？!?]*", text):
        if len(out) + len(sentence) > limit:
            if len(out) < limit // 2:  # a greeting alone says nothing: cut into the next one
                out = (out + sentence)[:limit].rstrip("，、；：") + "……"
            break
        out += sentence
    return out


def hidden_needs(scenario: dict, most: int = 4, least: int = 3) -> list[dict]:
    """What the customer keeps back until the trainee earns it (at most ``most`` items).

    Candidates are the customer lines on the best path that answer a move which
    invites talk (a question-type skill or a question) or that voice a concern
    (担心、不过、头疼……); lines after closing moves and short replies are left out.
    Lines that are both earned and a concern come first, then earned ones, then
    concerns the customer raises unasked, until ``least`` are found (when the path
    has that many), in path order. Each item:
    ``speaker``, ``line``, ``asked`` (reached by asking) and ``node``.
    """
    tiers: dict[int, list[tuple[int, dict]]] = {3: [], 2: [], 1: []}
    for i, (_, option, target) in enumerate(_steps(scenario)):
        line = target.get("customer") if "options" in target else None
        if not line or option["skill"] in CLOSING_SKILLS or len(line) < MIN_HIDDEN_CHARS:
            continue
        asked = _asks(option)
        concern = any(w in line for w in CONCERN_WORDS) or (not asked and "？" in line)
        tier = 2 * asked + concern
        if tier:
            tiers[tier].append((i, {"speaker": target["speaker"], "line": line, "asked": asked,
                                    "node": target["id"]}))
    chosen = tiers[3][:most]
    for tier in (2, 1):
        chosen += tiers[tier][:max(0, least - len(chosen))]
    return [item for _, item in sorted(chosen, key=lambda c: c[0])]


def _dimension_moves(scenario: dict) -> list[dict]:
    """Per rubric dimension: its strongest option and a strong/poor pair of moves at one point.

    ``best`` is the best-path option with the most points in the dimension (or, when
    the best path earns none there, the first such option in the file). ``good`` is
    the first of the dimension's scoring options (best path first, most points first)
    at whose node another option earns nothing in it (failing that, fewer points) and
    less in total: ``poor`` (the fewest points first, then the lowest total, then one
    that ends the talk badly). A poor move needs a customer line or an ending to react
    with and serves one dimension only; without one, ``good`` is ``best`` and ``poor``
    is None.
    """
    nodes, endings = _index(scenario)
    steps = _steps(scenario)
    taken = {(n["id"], o["id"]) for n, o, _ in steps}  # best-path moves are never the poor one

    def target(option: dict) -> dict:
        return nodes.get(option["next"]) or endings[option["next"]]

    def poor_moves(node: dict, name: str, good: dict, ceiling: int) -> list[dict]:
        found = [o for o in node["options"]
                 if o["points"][name] < ceiling and o["score"] < good["score"]
                 and (node["id"], o["id"]) not in taken
                 and ("outcome" in target(o) or target(o).get("customer"))]
        return sorted(found, key=lambda o: (o["points"][name], o["score"],
                                            target(o).get("success", True)))

    moves = []
    for dim in scenario["rubric"]:
        name = dim["name"]
        on_path = [(o, n) for n, o, _ in steps if o["points"][name] > 0]
        in_file = [(o, n) for n in scenario["nodes"] for o in n["options"]
                   if o["points"][name] > 0]
        if not in_file:
            continue
        # Stable sorts: ties keep path order, then file order.
        on_path.sort(key=lambda pair: -pair[0]["points"][name])
        in_file.sort(key=lambda pair: -pair[0]["points"][name])
        best, node = (on_path or in_file)[0]
        good, poor = best, None
        pairs = [(o, n, 1) for o, n in on_path + in_file]  # first look for a move worth 0
        pairs += [(o, n, o["points"][name]) for o, n in on_path + in_file]  # then for less
        for option, where, ceiling in pairs:
            found = poor_moves(where, name, option, ceiling)
            if found:
                good, node, poor = option, where, found[0]
                taken.add((node["id"], poor["id"]))
                break
        moves.append({"dimension": dim, "best": best, "good": good, "node": node, "poor": poor,
                      "poor_target": target(poor) if poor else None})
    return moves


def _good_reaction(move: dict, hidden: list[dict], scenario: dict) -> str:
    """How the customer answers the strong move for one dimension."""
    nodes, endings = _index(scenario)
    good = move["good"]
    target = nodes.get(good["next"])
    numbers = [i for i, h in enumerate(hidden, 1) if target and h["node"] == target["id"]]
    ending = endings.get(good["next"])
    if good["skill"] in CLOSING_SKILLS or (ending and ending["success"]):
        return "可以答应；他问到的细节照实回答，没问到的不主动说。"
    if numbers:
        return f"松口，说出“你心里的事”第 {numbers[0]} 条。"
    return "态度放缓，愿意接着往下谈。"


def _poor_reaction(move: dict) -> str:
    """How the customer answers the poor move (HTML): its ending's mood or the next line."""
    target = move["poor_target"]
    if "options" in target:
        return f"你这样接：<q>{esc(_gist(target['customer'], 32))}</q>"
    react = OUTCOME_REACTIONS.get(target["outcome"], "勉强答应，但不再多说")
    said = f"：<q>{esc(_gist(target['customer'], 32))}</q>" if target.get("customer") else "。"
    return f"{esc(react)}{said}"


def _plain_rubric(text: str | None) -> str:
    """A rubric description read as what a good move does (“是否说清” → “说清”)."""
    text = (text or "").replace("是否", "").replace("有无", "不")
    return text if text.endswith(("。", "！")) else text + "。"


def _known_name(scenario: dict) -> str | None:
    """The customer's name as the trainee knows it before the talk, if the situation gives it."""
    name = scenario["persona"]["name"]
    told = f"{scenario.get('summary') or ''}{scenario['title']}"
    if name in told:
        return name
    if re.search(re.escape(name[0]) + "(?:先生|女士|总|经理|姐|哥)", told):
        return name
    return None


def _other_speakers(scenario: dict) -> list[str]:
    """Everyone besides the customer whom the customer player also voices, in file order."""
    name = scenario["persona"]["name"]
    said = [x["speaker"] for x in scenario["nodes"] + scenario["endings"]
            if x.get("customer") and x["speaker"] != name]
    return list(dict.fromkeys(said))


def _to_settle(scenario: dict) -> list[tuple[str, list[str]]]:
    """(successful outcome, the categories to settle for it), from the successful endings."""
    found: dict[str, list[str]] = {}
    for e in scenario["endings"]:
        if not e["success"]:
            continue
        if e.get("appointment"):
            found.setdefault(e["outcome"], [FIELD_LABELS[k] for k in APPOINTMENT_FIELDS
                                            if e["appointment"].get(k)])
        else:
            found.setdefault(e["outcome"], list(NEXT_STEP_PARTS))
    return list(found.items())


def customer_card(scenario: dict) -> str:
    """The 客户卡: who the customer is, what they keep back, how to meet good and poor moves."""
    p = scenario["persona"]
    hidden = hidden_needs(scenario)
    others = _other_speakers(scenario)
    cast = (f"<p>这场谈话里你还要演：{esc('、'.join(others))}。换人说话时，先报一下是谁在说。</p>"
            if others else "")
    needs = "".join(
        "<li>" + ("" if h["speaker"] == p["name"] else f"（{esc(h['speaker'])}）")
        + ("对方问到、听懂你之后才说" if h["asked"] else "谈到这一步时自己提出")
        + f"：<q>{esc(h['line'])}</q></li>" for h in hidden)
    success = [e for e in scenario["endings"] if e["success"]]
    meeting = next((e["appointment"] for e in success if e.get("appointment")), None)
    step = next((e["next_step"] for e in success if e.get("next_step")), None)
    settle = ""
    if meeting:
        settle += ("<h2>见面安排：对方问到哪一项，才说哪一项</h2>"
                   f"<dl><dt>方便的时间</dt><dd>{esc(meeting['time'])}</dd>"
                   f"<dt>见面地点</dt><dd>{esc(meeting['place'])}</dd>"
                   f"<dt>联系人</dt><dd>{esc(meeting['contact'])}</dd></dl>")
    if step:
        settle += ("<h2>可以答应的下一步</h2>"
                   "<p>对方把做什么、谁负责、什么时间都说具体了，才答应。"
                   f"参考安排：{esc(step.rstrip('。'))}。</p>")
    rows = "".join(
        f'<tr class="reaction"><th>{esc(m["dimension"]["name"])}</th>'
        f"<td>{esc(_plain_rubric(m['dimension']['description']))}<br>"
        f"→ {_good_reaction(m, hidden, scenario)}</td>"
        + (f"<td><q>{esc(_gist(m['poor']['text'], 26))}</q><br>→ {_poor_reaction(m)}</td>"
           if m["poor"] else "<td>—</td>")
        + "</tr>" for m in _dimension_moves(scenario))
    return f"""<section class="sheet"><div class="card customer">
<span class="kind">客户卡</span>
<h1>{esc(scenario['title'])}</h1>
<p class="meta">这张卡只给扮演客户的一方。没有要背的台词，按下面的处境和反应方式用自己的话说。</p>
<dl>
<dt>你是</dt><dd>{esc(p['name'])}，{esc(p['role'])}</dd>
<dt>单位与行业</dt><dd>{esc(p['company'])}；{esc(p['industry'])}</dd>
<dt>此刻心情</dt><dd>{esc(p['mood'])}</dd>
<dt>反应模式</dt><dd>{esc(p['response_mode'])}：{esc(p['response_mode_note'])}</dd>
<dt>你的处境</dt><dd>{esc(p.get('background') or '')}</dd>
</dl>
{cast}
<h2>你心里的事：不要一开口就说</h2>
<ul class="hidden">{needs}</ul>
{settle}
<h2>怎样回应对方</h2>
<table class="reactions"><tr><th>评分点</th><th>对方做得好</th><th>对方做得差，例如这样说</th></tr>
{rows}</table>
<p class="meta">对方一直做不到上面“做得好”的样子，就别松口，让谈话停在没有结果的地方。</p>
</div></section>"""


def manager_card(scenario: dict) -> str:
    """The 客户经理卡: situation, goal, skills to practise and what to settle; no answers."""
    steps = _steps(scenario)
    skill_items = "".join(f"<li><b>{esc(s)}</b>（{esc(SKILLS[s][0])}）：{esc(SKILLS[s][1])}</li>"
                          for s in dict.fromkeys(o["skill"] for _, o, _ in steps))
    rubric = "".join(f"<li><b>{esc(r['name'])}</b>：{esc(r['description'] or '')}</li>"
                     for r in scenario["rubric"])
    settle = "".join(
        f"<li><b>{esc(outcome)}</b>（{esc(OUTCOMES[outcome][1])}）：结束前要确认"
        f"<b>{esc('、'.join(parts))}</b>，并向对方复述一遍。</li>"
        for outcome, parts in _to_settle(scenario))
    p = scenario["persona"]
    name = _known_name(scenario)
    who = (f"客户：{esc(name)}（{esc(p['role'])}）" if name else
           f"客户单位：{esc(p['company'])}（该找谁，要在通话中自己问清）")
    return f"""<section class="sheet"><div class="card manager">
<span class="kind">客户经理卡</span>
<h1>{esc(scenario['title'])}</h1>
<p class="meta">你的身份：{esc(scenario.get('trainee') or '客户经理')}；{who}</p>
<h2>情境</h2>
<p>{esc(scenario.get('summary') or '')}</p>
<h2>目标</h2>
<p>{esc(scenario['goal'])}</p>
<h2>要练的技能</h2>
<ul>{skill_items}</ul>
<h2>结束前要确认的事</h2>
<ul>{settle}</ul>
<p class="meta">这些只是要问清的项目；具体内容要在谈话中从对方那里得到，卡上不给答案。</p>
<h2>观察员会按这几点记录</h2>
<ul>{rubric}</ul>
<p class="meta">客户的想法和顾虑，要靠你提问、倾听才能知道。</p>
</div></section>"""


def _boxes(top: int) -> str:
    return " ".join(f'<span class="tick"><span class="box"></span>{n}</span>'
                    for n in range(top + 1))


def observer_sheet(scenario: dict) -> str:
    """The 观察员记录表: one row per rubric dimension, what good looks like, boxes and notes."""
    moves = {m["dimension"]["name"]: m for m in _dimension_moves(scenario)}
    rows = []
    for dim in scenario["rubric"]:
        move = moves.get(dim["name"])
        good = f"<q>{esc(move['best']['feedback'])}</q>" if move else ""
        rows.append(f'<tr class="dimension"><th>{esc(dim["name"])}<br>'
                    f'<span class="max">满分 {dim["max"]} 分</span></th>'
                    f"<td>{esc(dim['description'] or '')}</td><td>{good}</td>"
                    f'<td class="score">{_boxes(dim["max"])}</td><td class="notes"></td></tr>')
    settle = "".join(
        f"<p>{esc(outcome)}时确认了："
        + "　".join(f'<span class="box"></span>{esc(x)}' for x in parts) + "</p>"
        for outcome, parts in _to_settle(scenario))
    outcomes = [o for o in OUTCOMES if any(e["outcome"] == o for e in scenario["endings"])]
    endings = "　".join(f'<span class="box"></span>{esc(o)}' for o in outcomes)
    p = scenario["persona"]
    return f"""<section class="sheet"><div class="card observer">
<span class="kind">观察员记录表</span>
<h1>{esc(scenario['title'])}</h1>
<p class="meta">客户：{esc(p['name'])}（{esc(p['role'])}）。客户经理：<span class="blank"></span>
观察员：<span class="blank"></span></p>
<p class="meta">边听边记：每个评分点按整场表现勾一个分数，在“记录”栏写下原话或大致时间。
复盘时先请扮演客户的一方说感受，再对照这张表。</p>
<table class="observe">
<tr><th>评分点</th><th>看什么</th><th>做得好的样子</th><th>打分</th><th>记录</th></tr>
{''.join(rows)}</table>
<h2>结局</h2>
<p>谈话停在：{endings}</p>
{settle}
<p>具体情况：<span class="blank wide"></span></p>
<h2>复盘</h2>
<p>最打动客户的一句：<span class="blank wide"></span></p>
<p>下次可以这样说：<span class="blank wide"></span></p>
</div></section>"""


def roleplay_cards_html(folder: Path | str | None = None) -> str:
    """Per scenario in ``cases/roleplay``: 客户卡, 客户经理卡, 观察员记录表, one per page."""
    folder = Path(folder) if folder else ROOT / "cases" / "roleplay"
    files = sorted(folder.glob("*.yaml"))
    if not files:
        raise CrmkitError("没有找到角色扮演场景文件", file=str(folder),
                          hint="场景放在 cases/roleplay/ 下，扩展名为 .yaml")
    body = "".join(customer_card(s) + manager_card(s) + observer_sheet(s)
                   for s in (compile_scenario(f) for f in files))
    return page("角色扮演卡", body)


# ---------------------------------------------------------------- case handouts
#
# A case's 分析任务 states a task, runs a code cell and then says what came out
# ("HHI 只有 90……"). Paper cannot fold that away, so the learner handout keeps the
# task statements and leaves out everything after a code cell or a reference-answer
# dropdown up to the next heading, apart from a closing question or instruction
# that leads into the next code cell. A table introduced as a reference version
# (参考) goes too.

TASKS_SECTION = "分析任务"
RESULT_FENCES = ("code-cell", "dropdown")
_FENCE_OPEN = re.compile(r"^(?P<fence>`{3,}|:{3,})\{(?P<name>[a-z-]+)\}")
_SENTENCE = re.compile(r"[^。！？；?!]+[。！？；?!：:]*")
REFERENCE_NOTE = "（参考答案收在网页书的对应页面里，做完再去对照。）"
WORK_NOTE = "（在案例页或笔记本里运行这一步，把结果和你的结论写在下面。）"


def _myst_blocks(lines: list[str]) -> list[tuple[str, list[str]]]:
    """MyST lines as blocks: ("fence:NAME", lines), ("heading", …), ("table", …), ("text", …)."""
    blocks: list[tuple[str, list[str]]] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        match = _FENCE_OPEN.match(line.strip())
        if match:
            fence = match.group("fence")
            j = i + 1
            while j < len(lines) and not (lines[j].strip() and set(lines[j].strip()) == {fence[0]}
                                          and len(lines[j].strip()) >= len(fence)):
                j += 1
            blocks.append((f"fence:{match.group('name')}", lines[i:j + 1]))
            i = j + 1
        elif not line.strip():
            blocks.append(("blank", [line]))
            i += 1
        elif line.startswith("#"):
            blocks.append(("heading", [line]))
            i += 1
        else:
            kind = "table" if line.lstrip().startswith("|") else "text"
            j = i
            while (j < len(lines) and lines[j].strip() and not lines[j].startswith("#")
                   and not _FENCE_OPEN.match(lines[j].strip())):
                j += 1
            blocks.append((kind, lines[i:j]))
            i = j
    return blocks


def _lead_into_next(text: str) -> str:
    """The closing question or instruction of a result paragraph (or "")."""
    sentences = _SENTENCE.findall(text.strip())
    last = sentences[-1].strip() if sentences else ""
    return last if last.endswith(("？", "?", "：", ":")) else ""


def drop_results(myst: str) -> str:
    """The case page without the worked results of its 分析任务 (see the note above)."""
    lines = myst.splitlines()
    out: list[str] = []
    in_tasks = after_result = drop_table = said = out_task = False
    blocks = _myst_blocks(lines)
    for n, (kind, chunk) in enumerate(blocks):
        if kind == "heading":
            if in_tasks and out_task and not said:  # a task left with its heading only
                out.extend(["", WORK_NOTE, ""])
            out_task = in_tasks and chunk[0].startswith("### ")
            said = False
            in_tasks = chunk[0].startswith("## ") and chunk[0][3:].strip() == TASKS_SECTION or (
                in_tasks and not chunk[0].startswith("## "))
            after_result = drop_table = False
        elif in_tasks and kind.startswith("fence:"):
            if kind[6:] in RESULT_FENCES:
                after_result = True
        elif in_tasks and kind == "table" and (after_result or drop_table):
            drop_table = False
            continue
        elif in_tasks and kind == "text":
            text = "\n".join(chunk)
            later = [k for k, _ in blocks[n + 1:] if k not in ("blank", "fence:trainer-note")]
            nxt = later[0] if later else None
            if after_result:
                lead = _lead_into_next(text) if nxt == "fence:code-cell" else ""
                chunk = [lead] if lead else []
            elif nxt == "table" and "参考" in text:
                kept = [s for s in _SENTENCE.findall(text) if "参考" not in s]
                chunk = ["".join(kept).strip(), "", REFERENCE_NOTE]
                drop_table = True
            if not chunk:
                continue
            said = True
        elif in_tasks and kind == "table":
            said = True
        out.extend(chunk)
    return "\n".join(out) + "\n"


def before_ending(decision: str) -> str:
    """The 你的决定 section up to its known ending (and the "read on" line before it)."""
    kept = decision.split(ENDING_HEADING, 1)[0].rstrip()
    lines = kept.splitlines()
    if lines and lines[-1].startswith("写完"):
        lines = lines[:-1]
    return "\n".join(lines).rstrip()


def case_sheet(index: Path) -> str:
    """One case's handout: title, metadata line and the 背景, 分析任务, 你的决定 (its memo
    template, not the ending) and 讨论题 sections."""
    info = case_info(index)
    text = myst_to_markdown(drop_results(index.read_text(encoding="utf-8")))
    parts = sections(text)
    title = next((ln[2:].strip() for ln in parts[""].splitlines() if ln.startswith("# ")),
                 info["title"])
    missing = [s for s in CASE_SECTIONS if s not in parts]
    if missing:
        raise CrmkitError(f"案例页缺少“{'”“'.join(missing)}”小节", file=str(index))
    meta = (f"模块{MODULE_NAMES[info['module']]}｜行业：{info['industry']}｜练习的技能："
            f"{'、'.join(info['skills'])}｜建议用时：{info['minutes']} 分钟")
    shown = {s: parts[s] for s in CASE_SECTIONS}
    decision = next((s for s in parts if s.startswith(DECISION_SECTION)), None)
    if decision:  # the memo template goes on paper; the ending stays on the web page
        shown = {"背景": shown["背景"], "分析任务": shown["分析任务"],
                 decision: before_ending(parts[decision]), "讨论题": shown["讨论题"]}
    body = "".join(keep_together_html(f"## {s}\n\n{text}") for s, text in shown.items())
    # the pointer to the web page sits at the top: at the foot it could spill onto a page alone
    return (f'<section class="sheet"><h1>{esc(title)}</h1><p class="meta">{esc(meta)}</p>\n'
            '<p class="note">这份讲义只收案例的文字部分；文中提到的表格、图和代码，'
            "请在网页书的案例页或笔记本里运行查看。案例数据和完整分析步骤见网页书中的案例页"
            f"（cases/{esc(index.parent.name)}）。</p>\n{body}</section>")


def case_handout_html(root: Path | str | None = None) -> str:
    """Every case handout in one document, each case starting on a new page."""
    return page("案例讲义", "".join(case_sheet(p) for p in case_pages(root or ROOT / "cases")))


# ---------------------------------------------------------------- schedule

def guide_schedule(guide: Path | str | None = None) -> str:
    """The Markdown under the schedule heading of the course guide, MyST removed."""
    guide = Path(guide) if guide else ROOT / "book" / "00-guide" / "index.md"
    parts = sections(myst_to_markdown(guide.read_text(encoding="utf-8")))
    if SCHEDULE_HEADING not in parts:
        raise CrmkitError(f"课程导引里找不到“{SCHEDULE_HEADING}”一节", file=str(guide))
    return parts[SCHEDULE_HEADING]


def schedule_days(markdown: str) -> list[str]:
    """The schedule split before each bold day line (**第一天…**); the intro stays with day 1."""
    chunks: list[list[str]] = [[]]
    for line in markdown.splitlines():
        if _DAY.match(line.strip()) and any(_DAY.match(x.strip()) for x in chunks[-1]):
            chunks.append([])
        chunks[-1].append(line)
    return ["\n".join(c).strip() for c in chunks]


_DAY = re.compile(r"^\*\*第[一二三四五六七八九十]+天")


def schedule_html(guide: Path | str | None = None) -> str:
    """The two-day schedule on A4, one day per page (intro and the one-day tip included)."""
    sheets = "".join(
        f'<section class="sheet schedule"><h1>{SCHEDULE_HEADING}</h1>{markdown_html(day)}'
        "</section>" for day in schedule_days(guide_schedule(guide)))
    return page("两天工作坊日程", sheets)


# ---------------------------------------------------------------- PDF

def chromium() -> str:
    """Path of the Chromium binary, or a CrmkitError saying how to install it."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    raise CrmkitError("没有找到 Chromium 浏览器，无法生成 PDF",
                      hint="运行 make system-deps（即 tools/install_system_deps.sh）")


def print_pdf(html_file: Path, pdf_file: Path, timeout: int = 60) -> Path:
    """Print one HTML file to PDF with headless Chromium in a throwaway profile."""
    with tempfile.TemporaryDirectory(prefix="crmkit-chromium-") as profile:
        cmd = [chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}",
               f"--print-to-pdf={pdf_file}", Path(html_file).resolve().as_uri()]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    if not pdf_file.is_file() or pdf_file.stat().st_size == 0:
        raise CrmkitError(f"Chromium 没有生成 {pdf_file.name}",
                          hint=f"Chromium 的输出：{done.stderr.strip()[-300:]}")
    return pdf_file


def build_all(out: Path | str, pdf: bool = True) -> dict[str, Path]:
    """Write the three HTML documents to ``out`` and, with ``pdf``, print them in parallel."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    docs = {"roleplay-cards": roleplay_cards_html(), "case-handouts": case_handout_html(),
            "schedule": schedule_html()}
    written: dict[str, Path] = {}
    for name, text in docs.items():
        written[name] = out / f"{name}.html"
        written[name].write_text(text, encoding="utf-8")
    if not pdf:
        return written
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=len(docs)) as pool:
        jobs = {name: pool.submit(print_pdf, path, out / f"{name}.pdf")
                for name, path in written.items()}
        return {name: job.result() for name, job in jobs.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crmkit.handouts",
                                     description="生成可打印的工作坊讲义（PDF）")
    parser.add_argument("--out", default="_build/handouts", help="输出文件夹")
    parser.add_argument("--html-only", action="store_true", help="只生成 HTML，不打印 PDF")
    args = parser.parse_args(argv)
    start = time.monotonic()
    try:
        files = build_all(args.out, pdf=not args.html_only)
    except CrmkitError as err:
        print(err, file=sys.stderr)
        return 1
    for path in files.values():
        print(os.path.relpath(path))
    print(f"共 {len(files)} 个文件，用时 {time.monotonic() - start:.1f} 秒")
    return 0
