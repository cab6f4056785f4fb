"""Tables and the scorecard chart for a scenario and an attempt, for notebooks and trainers."""

from __future__ import annotations

import pandas as pd

from crmkit.roleplay.engine import RolePlay, best_path


def scenario_card(scenario: dict) -> pd.DataFrame:
    """The scenario at a glance: customer, mood, response mode, goal, size."""
    p = scenario["persona"]
    success = sum(e["success"] for e in scenario["endings"])
    rows = [
        ("场景", scenario["title"]),
        ("客户", f"{p['name']}，{p['role']}，{p['company']}"),
        ("行业", p["industry"]),
        ("情绪", p["mood"]),
        ("买方反应模式", f"{p['response_mode']}：{p['response_mode_note']}"),
        ("你的身份", scenario["trainee"] or "客户经理"),
        ("练习目标", scenario["goal"]),
        ("评分维度", "、".join(f"{d['name']}（每步 0–{d['max']} 分）" for d in scenario["rubric"])),
        ("规模", f"{len(scenario['nodes'])} 个对话节点，{len(scenario['endings'])} 个结局"
                 f"（其中 {success} 个成功结局）"),
    ]
    return pd.DataFrame(rows, columns=["项目", "内容"]).set_index("项目")


def endings_table(scenario: dict) -> pd.DataFrame:
    """Every ending with its outcome type and whether it counts as a success."""
    return pd.DataFrame(
        [(e["id"], e["outcome"], "是" if e["success"] else "否", e["summary"])
         for e in scenario["endings"]],
        columns=["结局", "类型", "成功", "说明"]).set_index("结局")


def transcript_table(attempt: RolePlay) -> pd.DataFrame:
    """The conversation so far, one row per line spoken (skill and score on your lines)."""
    rows = [(e["step"], e["speaker"] if e["role"] != "trainee" else "你（客户经理）", e["text"],
             e["skill"] or "", "" if e["score"] is None else e["score"])
            for e in attempt.transcript if e["role"] != "ending"]
    return pd.DataFrame(rows, columns=["轮次", "说话人", "内容", "技能", "得分"])


def moves_table(attempt: RolePlay) -> pd.DataFrame:
    """Each choice against the best option at its node: the raw material of the debrief."""
    debrief = attempt.debrief()
    missed = {m["step"]: m for m in debrief["missed"]}
    strong = {m["step"] for m in debrief["strong_moves"]}
    rows = []
    for step, choice in enumerate(attempt.choices, start=1):
        node = next(n for n in attempt.scenario["nodes"] if n["id"] == choice["node"])
        opt = next(o for o in node["options"] if o["id"] == choice["option"])
        top = max(o["score"] for o in node["options"])
        verdict = "做得好" if step in strong else ("可改进" if step in missed else "—")
        better = missed[step]["best_text"] if step in missed else ""
        rows.append((step, choice["node"], opt["skill"], opt["score"], top, verdict, better))
    return pd.DataFrame(rows, columns=["轮次", "节点", "技能", "得分", "本节点最高分", "评价",
                                       "更好的说法"]).set_index("轮次")


def best_path_table(scenario: dict) -> pd.DataFrame:
    """The best path step by step: what the customer said and the best reply."""
    path = best_path(scenario)
    nodes = {n["id"]: n for n in scenario["nodes"]}
    rows = []
    for step, choice in enumerate(path["choices"] if path else [], start=1):
        node = nodes[choice["node"]]
        opt = next(o for o in node["options"] if o["id"] == choice["option"])
        cue = f"{node['speaker']}：{node['customer']}" if node["customer"] else node["narration"]
        rows.append((step, cue, opt["text"], opt["skill"], opt["score"]))
    table = pd.DataFrame(rows, columns=["轮次", "对方", "最佳说法", "技能", "得分"])
    return table.set_index("轮次")


def score_table(attempt: RolePlay) -> pd.DataFrame:
    """Points per rubric dimension: this attempt next to the best path."""
    best = best_path(attempt.scenario)
    best_totals = best["totals"] if best else {}
    rows = [(d["name"], attempt.totals[d["name"]], best_totals.get(d["name"], 0))
            for d in attempt.scenario["rubric"]]
    table = pd.DataFrame(rows, columns=["维度", "本次", "最佳路径"]).set_index("维度")
    table.loc["合计"] = table.sum()
    return table


def scorecard_chart(attempt: RolePlay, title: str | None = None):
    """Horizontal bars per rubric dimension: this attempt (blue) and the best path (grey).

    Follows the crmkit chart pattern: the Figure is closed in pyplot and returned,
    so a notebook shows it exactly once.
    """
    import matplotlib.pyplot as plt

    from crmkit.viz import use_chinese_font

    use_chinese_font()
    table = score_table(attempt).drop(index="合计")
    fig, ax = plt.subplots(figsize=(7.0, 0.55 * len(table) + 1.6), dpi=100)
    plt.close(fig)
    ys = range(len(table))
    height = 0.38
    mine = ax.barh([y - height / 2 for y in ys], table["本次"], height, color="#2166ac",
                   label="本次")
    best = ax.barh([y + height / 2 for y in ys], table["最佳路径"], height, color="#8c8c8c",
                   label="最佳路径")
    for bars in (mine, best):
        ax.bar_label(bars, padding=3, fontsize=9)
    ax.set_yticks(list(ys), table.index)
    ax.invert_yaxis()
    ax.set_xlabel("得分")
    ax.set_xlim(0, max(1, int(table.to_numpy().max())) * 1.18)
    total, top = table["本次"].sum(), table["最佳路径"].sum()
    ax.set_title(title or f"各维度得分：本次 {total} 分，最佳路径 {top} 分")
    ax.legend(loc="lower right", frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    return fig


__all__ = ["best_path_table", "endings_table", "moves_table", "scenario_card",
           "score_table", "scorecard_chart", "transcript_table"]
