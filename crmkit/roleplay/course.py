"""Rules for the scenarios shipped with the course (``crmkit scenario check --course``).

On top of :mod:`crmkit.roleplay.rules`: size, sources and id, and that the best path
(:mod:`crmkit.roleplay.paths`) never rewards a detour. These need the compiled scenario,
so they sit above the compiler instead of inside the rules it uses.
"""

from __future__ import annotations

from crmkit.giveaway import Point, point, tally
from crmkit.roleplay.compile import compile_source
from crmkit.roleplay.loader import Problem, Source
from crmkit.roleplay.paths import best_path
from crmkit.roleplay.rules import _items

COURSE_MIN_NODES = 12
COURSE_MIN_ENDINGS = 3


def course_problems(source: Source, stem: str | None) -> list[Problem]:
    """Rules for scenarios shipped in cases/roleplay/ (``check --course``): size, sources, id."""
    data, out = source.data, []
    nodes, endings = _items(data, "nodes"), _items(data, "endings")
    if len(nodes) < COURSE_MIN_NODES:
        out.append(Problem(source.file, source.line(("nodes",)),
                           f"课程包收录的场景至少要有 {COURSE_MIN_NODES} 个对话节点，"
                           f"现在只有 {len(nodes)} 个",
                           "course-size"))
    if len(endings) < COURSE_MIN_ENDINGS:
        out.append(Problem(source.file, source.line(("endings",)),
                           f"课程包收录的场景至少要有 {COURSE_MIN_ENDINGS} 个结局，"
                           f"现在只有 {len(endings)} 个",
                           "course-size"))
    if "sources" not in data:
        out.append(Problem(source.file, 1, "课程包收录的场景要写 sources（素材依据），"
                           "说明对话取材于哪些课程材料", "course-sources"))
    if stem is not None and isinstance(data.get("id"), str) and data["id"] != stem:
        out.append(Problem(source.file, source.line(("id",)),
                           f"场景编号“{data['id']}”与文件名“{stem}”不一致；请改成一样",
                           "course-id"))
    return out


def best_path_problems(source: Source) -> list[Problem]:
    """Course rule: every step of the best path is a top-scoring option at its node.

    Otherwise a detour (a weak move followed by a well-paid recovery) outscores the
    straight road, and the debrief would recommend the mistake. Also: every rubric
    dimension earns something on the best path, or it only ever shows as a zero.
    """
    scenario = compile_source(source)
    path = best_path(scenario)
    nodes = {n["id"]: (i, n) for i, n in enumerate(scenario["nodes"])}
    out = []
    for step, choice in enumerate(path["choices"] if path else [], start=1):
        i, node = nodes[choice["node"]]
        scores = [o["score"] for o in node["options"]]
        j = next(k for k, o in enumerate(node["options"]) if o["id"] == choice["option"])
        if scores[j] < max(scores):
            top = node["options"][scores.index(max(scores))]["id"]
            out.append(Problem(
                source.file, source.line(("nodes", i, "options", j)),
                f"最佳路径第 {step} 步在节点“{node['id']}”选了“{choice['option']}”"
                f"（{scores[j]} 分），而这个节点得分最高的是“{top}”（{max(scores)} 分）："
                "绕一段弯路反而比直接走好路得分高，复盘会把失误当成榜样；请调低绕路上的分数",
                "course-best-path"))
    if path and not out:
        earned = {d["name"]: 0 for d in scenario["rubric"]}
        for choice in path["choices"]:
            node = nodes[choice["node"]][1]
            option = next(o for o in node["options"] if o["id"] == choice["option"])
            for dim, value in option["points"].items():
                earned[dim] += value
        for k, (dim, value) in enumerate(earned.items()):
            if value == 0:
                out.append(Problem(
                    source.file, source.line(("rubric", k)),
                    f"评分维度“{dim}”在最佳路径上一分都拿不到：它只会在学员走错时出现，"
                    "成绩单上永远是零；请在最佳路径上给它安排得分，或把它并进相近的维度",
                    "course-rubric"))
    return out


def length_points(source: Source) -> list[Point]:
    """Each decision point with one best option (highest score), for the length check."""
    scenario = compile_source(source)
    out = []
    for node in scenario["nodes"]:
        scores = [o["score"] for o in node["options"]]
        if len(scores) >= 2 and scores.count(max(scores)) == 1:
            out.append(point(f"{source.file} 节点 {node['id']}",
                             [o["text"] for o in node["options"]], scores.index(max(scores))))
    return out


def length_problems(source: Source) -> list[Problem]:
    """Course rule: the best line is not given away by being the longest (or shortest)."""
    return [Problem(source.file, None, f"角色扮演选项的长短泄露了答案：{message}",
                    "course-length") for message in tally(length_points(source)).problems()]
