"""The rules every scenario file must meet, each problem in Chinese with file and line.

Two layers: the JSON Schema (``schema.json``) checks the shape of each field; the
checks below look at the scenario as a conversation graph. Definitions used:

* reachable: a node or ending some sequence of choices leads to from ``start``;
* no way out: a node from which no ending can be reached. The checker reports the
  root causes only — a node that is not an ending and has no options (dead-end),
  or a closed loop: a group of two or more nodes (or one node pointing to itself)
  whose options only lead back into the group (closed-loop). Nodes that merely lead
  into a dead end or a closed loop are fixed when the root cause is fixed;
* successful ending: an ending whose outcome is 约定面谈 or 达成意向
  (``vocab.SUCCESS_OUTCOMES``); at least one must be reachable from ``start``.
"""

from __future__ import annotations

import difflib
import json
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any

from crmkit.errors import CrmkitError
from crmkit.roleplay.loader import Path_, Problem, Source
from crmkit.roleplay.vocab import (
    OUTCOMES,
    RESPONSE_MODES,
    SKILLS,
    SUCCESS_OUTCOMES,
    field_label,
)

SCHEMA_PATH = Path(__file__).with_name("schema.json")


@lru_cache(maxsize=1)
def schema() -> dict:
    """The scenario JSON Schema (draft 2020-12)."""
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def validator():
    """A draft 2020-12 validator for the scenario schema, imported on first use.

    jsonschema loads its optional IRI format checker (the rfc3987_syntax package,
    which builds a parser at import time: about 4 s) whenever that package is
    installed. The scenario schema uses no formats, so unless some other code
    has already imported it, jsonschema is imported with that package hidden.
    """
    hide = "jsonschema" not in sys.modules and "rfc3987_syntax" not in sys.modules
    if hide:
        sys.modules["rfc3987_syntax"] = None  # type: ignore[assignment]
    try:
        from jsonschema import Draft202012Validator
    except ImportError as err:  # an environment without it (a trimmed browser edition)
        raise CrmkitError("检查场景文件要用 jsonschema 包，这个环境里没有安装",
                          hint="在安装版里运行 make start；浏览器版请先运行笔记本第一格的安装命令"
                          ) from err
    finally:
        if hide:
            del sys.modules["rfc3987_syntax"]
    return Draft202012Validator(_inlined(schema()))


def _inlined(node: Any, defs: dict | None = None, seen: tuple[str, ...] = ()) -> Any:
    """The schema with each ``{"$ref": "#/$defs/x"}`` replaced by the definition itself
    (a reference back into itself is left as it is: ``$defs`` stays to resolve it).

    The errors are the same (``_translate`` reads the instance's path, the keyword, its value
    and the sub-schema, never the schema's path), and validating a scenario takes 40% less
    time when jsonschema need not resolve a reference at every node and option."""
    if defs is None:
        defs = node.get("$defs", {})
    if isinstance(node, dict):
        ref = node.get("$ref")
        if (len(node) == 1 and isinstance(ref, str) and ref.startswith("#/$defs/")
                and ref[8:] in defs and ref not in seen):
            return _inlined(defs[ref[8:]], defs, (*seen, ref))
        return {k: _inlined(v, defs, seen) for k, v in node.items()}
    if isinstance(node, list):
        return [_inlined(v, defs, seen) for v in node]
    return node


def scenario_problems(source: Source) -> list[Problem]:
    """Schema problems first, then the graph checks on whatever is well-formed."""
    problems = schema_problems(source)
    if isinstance(source.data, dict):
        problems += graph_problems(source)
    return problems


# ---------------------------------------------------------------- schema layer

def schema_problems(source: Source) -> list[Problem]:
    errors = sorted(validator().iter_errors(source.data), key=lambda e: list(map(str, e.path)))
    return [p for e in errors for p in _translate(e, source)]


def describe(path: Path_, data: Any) -> str:
    """A path such as ("nodes", 3, "options", 1) in words: 节点“x”的选项“b”."""
    if not path:
        return "场景"
    parts: list[str] = []
    node: Any = data
    i = 0
    while i < len(path):
        key = path[i]
        container = node
        node = _get(node, key)
        if key in ("nodes", "endings", "options", "rubric") and i + 1 < len(path):
            index = path[i + 1]
            item = _get(node, index)
            noun = _NOUNS[key]
            ident = item.get("name" if key == "rubric" else "id") \
                if isinstance(item, dict) else None
            parts.append(f"{noun}“{ident}”" if isinstance(ident, str) and ident
                         else f"第 {index + 1} 个{noun}")
            node = item
            i += 2
            continue
        if isinstance(key, int):
            parts.append(f"第 {key + 1} 项")
        elif isinstance(container, dict) and path[i - 1:i] == ("points",):
            parts.append(f"“{key}”")
        else:
            parts.append(field_label(key))
        i += 1
    return "的".join(parts)


_NOUNS = {"nodes": "节点", "endings": "结局", "options": "选项", "rubric": "评分维度"}


def _get(node: Any, key: Any) -> Any:
    if isinstance(node, dict):
        return node.get(key)
    if isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node):
        return node[key]
    return None


def _suggest(word: str, choices) -> str:
    close = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.5)
    return f"（是不是想写“{close[0]}”？）" if close else ""


_TYPE_WORDS = {"string": "一段文字", "integer": "整数", "object": "一组“键: 值”",
               "array": "一个列表（每项以“- ”开头）"}


def _found(value: Any, raw: str | None) -> str:
    if value is None:
        return "这里没有填写内容"
    if isinstance(value, bool):
        return (f"YAML 把 {raw or value} 读成了真假值；请加上引号，例如 \"{raw or value}\"")
    if isinstance(value, (int, float)):
        written = raw if raw is not None else value
        hint = f"写成 \"{written}\"" if raw is not None else "加上引号"
        return f"YAML 把 {written} 读成了数字 {value}；请{hint}"
    if isinstance(value, dict):
        return "这里写成了一组“键: 值”"
    if isinstance(value, list):
        return "这里写成了列表"
    if isinstance(value, str):
        return f"这里写的是文字“{value[:20]}”"
    return f"YAML 把它读成了 {type(value).__name__}；请加上引号"


def _translate(error, source: Source) -> list[Problem]:
    path = tuple(error.absolute_path)
    where = describe(path, source.data)
    line = source.line(path)
    kind = error.validator
    inst = error.instance
    key = path[-1] if path else None
    out = []

    def add(message: str, at: int = line, code: str = "schema") -> None:
        out.append(Problem(source.file, at, message, code))

    if kind == "required":
        missing = [k for k in error.validator_value if not (isinstance(inst, dict) and k in inst)]
        for k in missing:
            message = f"{where}缺少必填字段 {field_label(k)}"
            outcome = inst.get("outcome") if isinstance(inst, dict) else None
            if k == "appointment":
                message += (f"：结局类型为“{outcome}”时，要在 appointment 里写明 "
                            "time、place、contact（时间、地点、联系人）")
            elif k == "next_step":
                message += f"：结局类型为“{outcome}”时，要写明双方约定的下一步"
            add(message)
    elif kind == "additionalProperties":
        allowed = list(error.schema.get("properties", {}))
        for extra in sorted(k for k in inst if k not in allowed):
            add(f"{where}里有未知字段“{extra}”{_suggest(extra, allowed)}；"
                f"可用的字段：{'、'.join(allowed)}", source.line(path + (extra,)))
        if not out and isinstance(error.schema.get("additionalProperties"), dict):
            add(f"{where}格式不对：{error.message}")
    elif kind == "type":
        want = error.validator_value
        want = _TYPE_WORDS.get(want, want) if isinstance(want, str) else "、".join(want)
        if path == ():
            add("整个文件应当是一组“键: 值”（id: …、title: … 等），现在不是")
        else:
            add(f"{where}应当是{want}，但{_found(inst, source.raw.get(path))}")
    elif kind == "enum":
        vocab = {"skill": SKILLS, "outcome": OUTCOMES, "response_mode": RESPONSE_MODES}.get(key)
        names = {"skill": "技能表", "outcome": "结局类型", "response_mode": "买方反应模式"}
        listed = list(vocab) if vocab else [str(v) for v in error.validator_value]
        add(f"{where}写的是“{inst}”，不在{names.get(key, '可选值')}里{_suggest(inst, listed)}；"
            f"可选：{'、'.join(listed)}", code=f"unknown-{key}" if vocab else "schema")
    elif kind == "minItems":
        if key == "options":
            add(f"{describe(path[:-1], source.data)}只有 {len(inst)} 个选项，至少要有 2 个"
                "（最多 4 个）；只想让对话往下走时，也要给学员一个对比的选择")
        else:
            add(f"{where}至少要有 {error.validator_value} 项")
    elif kind == "maxItems":
        if key == "options":
            add(f"{describe(path[:-1], source.data)}有 {len(inst)} 个选项，"
                f"最多只能有 {error.validator_value} 个")
        else:
            add(f"{where}有 {len(inst)} 项，最多只能有 {error.validator_value} 项")
    elif kind == "minLength":
        add(f"{where}不能是空的")
    elif kind == "pattern":
        if path == ("id",):
            add(f"场景编号“{inst}”只能用小写英文字母、数字和连字符（-）")
        elif path and path[0] == "rubric":
            add(f"{where}“{inst}”不能以数字开头，也不能含空格")
        else:
            add(f"{where}“{inst}”只能由字母、数字、汉字、下划线和连字符组成，不能有空格")
    elif kind in ("minimum", "maximum"):
        add(f"{where}是 {inst}，应在 1 到 10 之间")
    elif kind == "anyOf" and all(set(s) == {"required"} for s in error.validator_value):
        fields = [f for s in error.validator_value for f in s["required"]]
        add(f"{where}至少要写{'或'.join(field_label(f) for f in fields)}之一")
    else:
        add(f"{where}格式不对：{error.message}")
    return out


# ---------------------------------------------------------------- graph layer

def _items(data: dict, key: str) -> list[tuple[int, dict]]:
    value = data.get(key)
    if not isinstance(value, list):
        return []
    return [(i, x) for i, x in enumerate(value) if isinstance(x, dict)]


def _ident(item: dict) -> str | None:
    ident = item.get("id")
    return ident if isinstance(ident, str) and ident else None


def graph_problems(source: Source) -> list[Problem]:
    data, file = source.data, source.file
    problems: list[Problem] = []

    def add(path: Path_, message: str, code: str) -> None:
        problems.append(Problem(file, source.line(path), message, code))

    nodes = _items(data, "nodes")
    endings = _items(data, "endings")
    rubric = {d["name"]: d.get("max") for _, d in _items(data, "rubric")
              if isinstance(d.get("name"), str)}

    # Duplicates: dimensions, ids across nodes and endings. The first use of an id counts.
    seen_dims: dict[str, int] = {}
    for i, dim in _items(data, "rubric"):
        name = dim.get("name")
        if isinstance(name, str):
            if name in seen_dims:
                add(("rubric", i), f"评分维度“{name}”重复（第 {seen_dims[name]} 行已有）",
                    "duplicate-dimension")
            seen_dims.setdefault(name, source.line(("rubric", i)))
    path_of: dict[str, Path_] = {}
    for key, items in (("nodes", nodes), ("endings", endings)):
        for i, item in items:
            ident = _ident(item)
            if ident is None:
                continue
            if ident in path_of:
                add((key, i), f"编号“{ident}”重复：第 {source.line(path_of[ident])} 行已经用过；"
                    "节点和结局的编号在整个场景里都不能重复", "duplicate-id")
            else:
                path_of[ident] = (key, i)
    node_ids = [n for n, p in path_of.items() if p[0] == "nodes"]
    ending_ids = [n for n, p in path_of.items() if p[0] == "endings"]
    targets = list(path_of)

    # Option ids, links and points; the graph's edges come from the first node of each id.
    edges: dict[str, list[str]] = {n: [] for n in node_ids}
    has_options: dict[str, bool] = {}
    for i, node in nodes:
        ident = _ident(node)
        first = ident is not None and path_of.get(ident) == ("nodes", i)
        options = node.get("options")
        opts = [(j, o) for j, o in enumerate(options) if isinstance(o, dict)] \
            if isinstance(options, list) else []
        if first:
            has_options[ident] = bool(opts)
        option_ids: dict[str, int] = {}
        for j, opt in opts:
            here = ("nodes", i, "options", j)
            oid = opt.get("id")
            if isinstance(oid, str):
                if oid in option_ids:
                    add(here, f"{describe(here[:2], data)}里选项编号“{oid}”重复"
                        f"（第 {option_ids[oid]} 行已有）", "duplicate-option")
                option_ids.setdefault(oid, source.line(here))
            nxt = opt.get("next")
            if isinstance(nxt, str) and nxt:
                if nxt in path_of:
                    if first:
                        edges[ident].append(nxt)
                else:
                    add(here + ("next",), f"{describe(here, data)}的 next 指向“{nxt}”，"
                        f"但场景里没有这个编号的节点或结局{_suggest(nxt, targets)}",
                        "missing-target")
            points = opt.get("points")
            if isinstance(points, dict):
                for dim, value in points.items():
                    at = here + ("points", dim)
                    if dim not in rubric:
                        add(at, f"{describe(here, data)}给未声明的评分维度“{dim}”打了分"
                            f"{_suggest(dim, rubric)}；已声明的维度：{'、'.join(rubric) or '无'}",
                            "unknown-dimension")
                    elif isinstance(value, int) and not isinstance(value, bool) \
                            and _valid_max(rubric[dim]) and not 0 <= value <= rubric[dim]:
                        add(at, f"{describe(here, data)}在“{dim}”上得 {value} 分，超出范围："
                            f"应在 0 到 {rubric[dim]} 之间（该维度的 max）", "points-range")

    # Start node.
    start = data.get("start")
    if not (isinstance(start, str) and start):
        start = None
    elif start not in path_of:
        add(("start",), f"开场节点“{start}”不存在{_suggest(start, node_ids)}", "missing-start")
        start = None
    elif path_of[start][0] == "endings":
        add(("start",), f"开场节点“{start}”是一个结局，对话一开始就结束了；"
            "请让 start 指向第一个对话节点", "start-is-ending")
        start = None

    # Reachability from start.
    reached: set[str] = set()
    if start is not None:
        reached = _reach(edges, [start])
        for ident in targets:
            if ident not in reached:
                noun = "节点" if path_of[ident][0] == "nodes" else "结局"
                add(path_of[ident], f"{noun}“{ident}”从开场节点“{start}”出发走不到："
                    "没有选项指向它，或者指向它的节点本身走不到", "unreachable")

    # No way out: dead ends and closed loops (see the module docstring).
    can_end = _reach(_reverse(edges, targets), ending_ids)
    stuck = [n for n in node_ids if n not in can_end]
    for n in stuck:
        if not has_options.get(n, False):
            add(path_of[n], f"节点“{n}”不是结局，却没有任何选项，对话会卡在这里；"
                "请加 2 到 4 个选项，或者把它改写成结局放进 endings", "dead-end")
    onward = {n: _reach(edges, edges[n]) for n in stuck}  # nodes reachable in ≥ 1 step
    reported: set[str] = set()
    for n in stuck:
        if n in reported or n not in onward[n]:
            continue
        group = [m for m in stuck if m in onward[n] and n in onward[m]]
        reported.update(group)
        if any(t not in group for m in group for t in edges[m]):
            continue  # the group leads on into a dead end or another loop, reported there
        loop = " → ".join(group + [group[0]])
        add(path_of[n], f"死循环：{loop}。从这几个节点出发，无论怎么选都只会回到它们中间，"
            "到不了任何结局；请给其中至少一个节点加一个通向结局（或通向外面）的选项",
            "closed-loop")

    # A successful ending, reachable from start.
    if "endings" in data:
        success = [e for e in ending_ids if _get(data["endings"], path_of[e][1]).get("outcome")
                   in SUCCESS_OUTCOMES]
        names = "或".join(f"“{o}”" for o in SUCCESS_OUTCOMES)
        if not success:
            add(("endings",), f"场景没有成功结局：至少要有一个结局的 outcome 是{names}",
                "no-success")
        elif start is not None and not any(e in reached for e in success):
            add(("endings",), f"成功结局都走不到：从开场节点出发，没有任何一条路通向{names}结局",
                "no-success")
    return problems


def _valid_max(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 10


def _reach(edges: dict[str, list[str]], starts: list[str]) -> set[str]:
    seen = set()
    todo = list(starts)
    while todo:
        n = todo.pop()
        if n in seen:
            continue
        seen.add(n)
        todo.extend(edges.get(n, []))
    return seen


def _reverse(edges: dict[str, list[str]], ids: list[str]) -> dict[str, list[str]]:
    back: dict[str, list[str]] = {i: [] for i in ids}
    for n, outs in edges.items():
        for t in outs:
            back.setdefault(t, []).append(n)
    return back
