"""Paths through a compiled scenario: distance to an ending and the best path.

Plain graph search over the compiled dict, shared by the engine, the course rules and the
reports; the rules it follows are listed in :mod:`crmkit.roleplay.engine`.
"""

from __future__ import annotations

from collections import deque


def _index(scenario: dict) -> tuple[dict, dict]:
    return ({n["id"]: n for n in scenario["nodes"]}, {e["id"]: e for e in scenario["endings"]})


def distance_to_end(scenario: dict) -> dict[str, int]:
    """Fewest choices from each node (or ending: 0) to any ending."""
    nodes, endings = _index(scenario)
    back: dict[str, list[str]] = {}
    for n in scenario["nodes"]:
        for o in n["options"]:
            back.setdefault(o["next"], []).append(n["id"])
    dist = {e: 0 for e in endings}
    queue = deque(endings)
    while queue:
        here = queue.popleft()
        for prev in back.get(here, []):
            if prev not in dist:
                dist[prev] = dist[here] + 1
                queue.append(prev)
    return dist


def _cyclic(scenario: dict) -> dict[str, bool]:
    """Whether each node can reach itself again (lies on a cycle)."""
    nodes, _ = _index(scenario)
    out = {}
    for nid, node in nodes.items():
        seen: set[str] = set()
        todo = [o["next"] for o in node["options"]]
        while todo:
            here = todo.pop()
            if here in seen or here not in nodes:
                continue
            seen.add(here)
            todo.extend(o["next"] for o in nodes[here]["options"])
        out[nid] = nid in seen
    return out


def best_path(scenario: dict) -> dict | None:
    """The highest-scoring simple path from start to a successful ending (see module rules)."""
    nodes, endings = _index(scenario)
    cyclic = _cyclic(scenario)
    memo: dict[str, tuple | None] = {}

    def visit(nid: str, visited: set[str]) -> tuple | None:
        if nid in endings:
            return (0, 0, ()) if endings[nid]["success"] else None
        if not cyclic[nid] and nid in memo:
            return memo[nid]
        visited.add(nid)
        best = None
        for opt in nodes[nid]["options"]:
            if opt["next"] in visited:
                continue
            sub = visit(opt["next"], visited)
            if sub is None:
                continue
            cand = (opt["score"] + sub[0], 1 + sub[1], ((nid, opt["id"]),) + sub[2])
            if best is None or cand[0] > best[0] or (cand[0] == best[0] and cand[1] < best[1]):
                best = cand
        visited.discard(nid)
        if not cyclic[nid]:
            memo[nid] = best
        return best

    found = visit(scenario["start"], set())
    if found is None:
        return None
    score, _, steps = found
    totals = {d["name"]: 0 for d in scenario["rubric"]}
    for nid, oid in steps:
        for dim, value in _option(nodes[nid], oid)["points"].items():
            totals[dim] += value
    ending = _option(nodes[steps[-1][0]], steps[-1][1])["next"]
    return {"choices": [{"node": n, "option": o} for n, o in steps],
            "options": [o for _, o in steps], "ending": ending,
            "outcome": endings[ending]["outcome"], "score": score, "totals": totals}


def _option(node: dict, option_id: str) -> dict:
    return next(o for o in node["options"] if o["id"] == option_id)


__all__ = ["best_path", "distance_to_end"]
