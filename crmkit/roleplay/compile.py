"""Turn a checked scenario file into the JSON both engines play (Python and the JS player).

The compiled form is the single source of truth at play time: defaults filled in,
every option's points listed for every rubric dimension in rubric order, the
option's total (``score``) and each ending's ``success`` flag precomputed, so
the two engines only add integers and never re-derive rules.
"""

from __future__ import annotations

import copy
import html
from pathlib import Path

from crmkit.errors import CrmkitError
from crmkit.roleplay.embed import Player
from crmkit.roleplay.loader import Problem, Source, load_source, parse_yaml
from crmkit.roleplay.rules import scenario_problems
from crmkit.roleplay.vocab import OUTCOMES, RESPONSE_MODES, SKILLS, SPEAKERS

FORMAT = "crmkit-roleplay/1"
PLAYER = Player(css_class="crmkit-roleplay", prefix="crp", url_attr="data-scenario",
                name_attr="data-scenario-id", global_name="CrmkitRoleplayData",
                files=("player.css", "player.js"), static_dir="roleplay", defer=True)
ROOT = Path(__file__).resolve().parents[2]


def _scenario_dir() -> Path:
    """``cases/roleplay`` of the course: beside the package in a checkout, else the first
    found from the working folder upwards (crmkit installed as a wheel, as in the
    browser edition, where a lab runs in ``notebooks/`` next to ``cases/``)."""
    shipped = ROOT / "cases" / "roleplay"
    if shipped.is_dir():
        return shipped
    here = Path.cwd()
    for folder in (here, *here.parents):
        if (folder / "cases" / "roleplay").is_dir():
            return folder / "cases" / "roleplay"
    return shipped


SCENARIO_DIR = _scenario_dir()


def _fail(problems: list[Problem], name: str) -> CrmkitError:
    listing = "\n".join(f"  {p}" for p in problems)
    return CrmkitError(f"场景有 {len(problems)} 个问题，请先改正再使用：\n{listing}", file=name,
                       hint="运行 crmkit scenario check 查看同样的清单")


def compile_source(source: Source) -> dict:
    """The compiled dict for a parsed source; raises CrmkitError listing every problem."""
    problems = scenario_problems(source)
    if problems:
        raise _fail(problems, source.file)
    data = source.data
    dims = [d["name"] for d in data["rubric"]]
    persona = data["persona"]

    def option(opt: dict) -> dict:
        given = opt.get("points") or {}
        points = {d: int(given.get(d, 0)) for d in dims}
        return {"id": opt["id"], "text": opt["text"], "skill": opt["skill"],
                "skill_group": SKILLS[opt["skill"]][0], "points": points,
                "score": sum(points.values()), "feedback": opt["feedback"], "next": opt["next"]}

    return {
        "format": FORMAT,
        "id": data["id"],
        "title": data["title"],
        "summary": data.get("summary"),
        "trainee": data.get("trainee"),
        "sources": list(data.get("sources", [])),
        "persona": {
            "name": persona["name"], "role": persona["role"], "company": persona["company"],
            "industry": persona["industry"], "mood": persona["mood"],
            "response_mode": persona["response_mode"],
            "response_mode_note": RESPONSE_MODES[persona["response_mode"]],
            "background": persona.get("background"),
        },
        "goal": data["goal"],
        "rubric": [{"name": d["name"], "max": d["max"], "description": d.get("description")}
                   for d in data["rubric"]],
        "start": data["start"],
        "nodes": [{"id": n["id"], "narration": n.get("narration"),
                   "speaker": n.get("speaker", persona["name"]), "customer": n.get("customer"),
                   "options": [option(o) for o in n["options"]]} for n in data["nodes"]],
        "endings": [{"id": e["id"], "outcome": e["outcome"], "success": OUTCOMES[e["outcome"]][0],
                     "narration": e.get("narration"),
                     "speaker": e.get("speaker", persona["name"]), "customer": e.get("customer"),
                     "summary": e["summary"], "appointment": e.get("appointment"),
                     "next_step": e.get("next_step")} for e in data["endings"]],
        "speakers": {**SPEAKERS, "customer": persona["name"]},
    }


def compile_scenario(path: str | Path) -> dict:
    """Check the YAML file at ``path`` and return the compiled dict the players read.

    Results are cached per file version (path, modification time, size), so a
    notebook that builds several players does not re-check the same file.
    """
    path = Path(path)
    try:
        stat = path.stat()
        key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size)
    except OSError:
        key = None
    if key is not None and key in _CACHE:
        return copy.deepcopy(_CACHE[key])
    source, problems = load_source(path)
    if source is None:
        raise _fail(problems, str(path))
    compiled = compile_source(source)
    if key is not None:
        _CACHE[key] = copy.deepcopy(compiled)
    return compiled


_CACHE: dict[tuple, dict] = {}


def compile_text(text: str, name: str = "场景.yaml") -> dict:
    """Like :func:`compile_scenario` for YAML given as text (e.g. inside a book page)."""
    source, problems = parse_yaml(text, name)
    if source is None:
        raise _fail(problems, name)
    return compile_source(source)


def scenario_path(name: str | Path) -> Path:
    """A scenario file from a path, or from a bare name such as ``phone-invitation-zjtx``."""
    path = Path(name)
    if path.is_file():
        return path
    file_name = path.name if path.suffix in (".yaml", ".yml") else f"{path.name}.yaml"
    shipped = SCENARIO_DIR / file_name
    if shipped.is_file():
        return shipped
    names = "、".join(sorted(p.stem for p in SCENARIO_DIR.glob("*.yaml"))) or "无"
    raise CrmkitError(f"找不到场景“{name}”", hint=f"写文件路径，或课程包自带的场景名：{names}")


def load_scenario(name: str | Path | dict) -> dict:
    """The compiled scenario for a path, a shipped scenario's name, or an already compiled dict."""
    if isinstance(name, dict):
        if name.get("format") != FORMAT:
            raise CrmkitError("这不是编译好的场景", hint="请传入场景文件路径或场景名")
        return name
    return compile_scenario(scenario_path(name))


def to_js(compiled: dict) -> str:
    """The scenario as a script that registers it, for pages opened from file://."""
    return PLAYER.to_js(compiled["id"], compiled)


def player_html(scenario_id: str, title: str, base: str | None = None,
                data_dir: Path | None = None) -> str:
    """The element the JS player mounts on, with a text shown until it does.

    ``base`` is the URL of ``_static/roleplay/`` relative to the page; without it
    (a notebook output) the player finds the scenario next to its own script. ``data_dir``:
    that folder, for the data files' checksums (see :meth:`Player.html`).
    """
    name = html.escape(title)
    return PLAYER.html(scenario_id, base, f"正在载入角色扮演：{name}……",
                       f"角色扮演“{name}”：在网页书中打开本页即可直接练习；"
                       "在 JupyterLab 里请运行本单元。",
                       "这里是一段互动角色扮演练习，需要浏览器启用 JavaScript 才能进行。",
                       data_dir)


def write_compiled(compiled: dict, out_dir: str | Path) -> list[Path]:
    """Write ``<id>.json`` and ``<id>.js`` into ``out_dir``; return the two paths."""
    return PLAYER.write(compiled["id"], compiled, out_dir)


def copy_player(out_dir: str | Path) -> list[Path]:
    """Copy the player's files (the shared ones, player.js and player.css) into ``out_dir``."""
    return PLAYER.copy_files(out_dir)


def compile_all(src_dir: str | Path = SCENARIO_DIR, out_dir: str | Path = "_build/roleplay",
                player: bool = True) -> list[Path]:
    """Compile every ``*.yaml`` in ``src_dir`` into ``out_dir`` (plus the player files).

    Meant for the book build: it stops with a CrmkitError listing every problem
    of every file, so a broken scenario can never reach the published pages.
    """
    files = sorted(Path(src_dir).glob("*.yaml"))
    problems: list[Problem] = []
    compiled: list[dict] = []
    for path in files:
        source, found = load_source(path)
        found += scenario_problems(source) if source is not None else []
        problems += found
        if not found:
            compiled.append(compile_source(source))
    ids = [c["id"] for c in compiled]
    for dup in sorted({i for i in ids if ids.count(i) > 1}):
        problems.append(Problem(str(src_dir), None, f"场景编号“{dup}”被多个文件使用",
                                "duplicate-scenario"))
    if problems:
        raise _fail(problems, str(src_dir))
    written = [p for c in compiled for p in write_compiled(c, out_dir)]
    return written + (copy_player(out_dir) if player else [])
