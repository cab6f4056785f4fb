"""Check a scenario file and report every problem in Chinese, with file and line.

The rules live in :mod:`crmkit.roleplay.rules` (shape and conversation graph) and, for
the scenarios shipped with the course, :mod:`crmkit.roleplay.course`.
"""

from __future__ import annotations

from pathlib import Path

from crmkit.roleplay.course import best_path_problems, course_problems, length_problems
from crmkit.roleplay.loader import Problem, Source, load_source, parse_yaml
from crmkit.roleplay.rules import scenario_problems, schema, validator

__all__ = ["check_file", "check_source", "check_text", "schema", "validator"]


def check_file(path: str | Path, course: bool = False, name: str | None = None) -> list[Problem]:
    """Every problem in the scenario file at ``path`` (empty list: the file passes).

    ``course=True`` adds the rules for scenarios shipped with the course kit:
    at least 12 nodes and 3 endings, ``sources`` filled in, ``id`` equal to the file name.
    """
    source, problems = load_source(path, name)
    if source is None:
        return problems
    problems += check_source(source, course=course, stem=Path(path).stem)
    return _sorted(problems)


def check_text(text: str, name: str = "场景.yaml", course: bool = False) -> list[Problem]:
    """Like :func:`check_file` for YAML given as text; ``name`` is used in the messages."""
    source, problems = parse_yaml(text, name)
    if source is None:
        return problems
    problems += check_source(source, course=course, stem=Path(name).stem)
    return _sorted(problems)


def check_source(source: Source, course: bool = False, stem: str | None = None) -> list[Problem]:
    """Schema problems first, then the graph checks on whatever is well-formed, then (with
    ``course``) the course rules."""
    problems = scenario_problems(source)
    if course and isinstance(source.data, dict):
        problems += course_problems(source, stem)
        if not problems:
            problems += best_path_problems(source) + length_problems(source)
    return problems


def _sorted(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.file, p.line or 0))
