"""``crmkit scenario …``: check scenario files and compile them for the book.

    crmkit scenario check [--course] [FILES]   默认检查 cases/roleplay/*.yaml；
                                               .md 页面则检查其中的 {roleplay} 示例
    crmkit scenario compile [SRC_DIR] [OUT_DIR]

Prints one line per problem (文件 X，第 N 行：…) and exits with 2 when anything is
wrong, 0 otherwise. It never shows a traceback: every failure a trainer can
cause becomes a Chinese message.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from crmkit.errors import CrmkitError
from crmkit.roleplay.check import check_file, check_text
from crmkit.roleplay.compile import SCENARIO_DIR, compile_all
from crmkit.roleplay.loader import Problem
from crmkit.roleplay.sphinx import page_examples

OK, PROBLEMS = 0, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse would print English and exit with 2
        raise CrmkitError(f"命令写得不对（{message}）",
                          hint="用法：crmkit scenario check [--course] [文件…]")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="crmkit scenario", description="检查和编译角色扮演场景")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="检查场景文件，逐条列出问题")
    check.add_argument("files", nargs="*",
                       help="场景文件或含示例的 .md 页面；不写则检查 cases/roleplay/*.yaml")
    check.add_argument("--course", action="store_true",
                       help="同时检查课程包收录规则（至少 12 个节点、3 个结局等）")
    build = sub.add_parser("compile", help="把场景编译成网页播放器读取的 JSON")
    build.add_argument("src", nargs="?", default=str(SCENARIO_DIR))
    build.add_argument("out", nargs="?", default="_build/roleplay")
    return parser


def _check_one(path: Path, course: bool) -> list[Problem]:
    """A scenario file, a drill bank (cases/roleplay/drills/), or every inline example of a
    MyST page (lines counted in the page)."""
    if path.parent.name == "drills" and path.suffix == ".yaml":
        from crmkit.roleplay.drill_check import check_drill_file

        return check_drill_file(path)
    if path.suffix != ".md" or not path.is_file():
        return check_file(path, course=course)
    problems = []
    for first, text in page_examples(path):
        for p in check_text(text, str(path)):
            problems.append(Problem(p.file, p.line and p.line + first - 1, p.message, p.code))
    return problems


def _course_lengths(paths: list[Path], out) -> list[Problem]:
    """The length check over every role-play and timing question together (each file was
    checked on its own already): one summary line, and a problem if the course fails."""
    from crmkit.giveaway import tally
    from crmkit.roleplay.course import length_points
    from crmkit.roleplay.drill_check import timing_points
    from crmkit.roleplay.loader import load_source

    points = []
    for path in paths:
        source, _ = load_source(path)
        if path.parent.name != "drills":
            points += length_points(source)
        elif path.stem == "timing":
            points += timing_points(source.data["questions"], path)
    found = tally(points)
    print(f"选项长短（角色扮演和电话时机题合计）：{found.line()}", file=out)
    return [Problem("全部场景", None, f"选项的长短泄露了答案：{m}", "course-length")
            for m in found.problems()]


def run_check(files: list[str], course: bool = False, out=None) -> int:
    """Check ``files`` (default: the shipped scenarios); print problems; return the exit code."""
    out = out or sys.stdout
    paths = [Path(f) for f in files] or sorted(SCENARIO_DIR.glob("*.yaml"))
    if course and not files:  # the course also ships the drills' question banks
        from crmkit.roleplay.drill_check import drill_files

        paths += drill_files()
    if not paths:
        print(f"没有找到场景文件（{SCENARIO_DIR}/*.yaml）", file=out)
        return PROBLEMS
    problems = [p for path in paths for p in _check_one(path, course)]
    if course and not files:   # over the files that are well-formed; a failing one says so
        broken = {p.file for p in problems if p.code not in ("course-length", "drill-length")}
        overall = _course_lengths([p for p in paths if str(p) not in broken], out)
        problems += overall if not problems else []
    for problem in problems:
        print(problem, file=out)
    failed = len({p.file for p in problems})
    if problems:
        print(f"共检查 {len(paths)} 个文件，其中 {failed} 个有问题，"
              f"共 {len(problems)} 处。", file=out)
        return PROBLEMS
    print(f"共检查 {len(paths)} 个文件，全部通过。", file=out)
    return OK


def main(argv: list[str] | None = None) -> int:
    """Entry point for ``crmkit scenario``; ``argv`` excludes the program name."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["scenario"]:
        args = args[1:]
    try:
        ns = _parser().parse_args(args)
        if ns.command == "check":
            return run_check(ns.files, ns.course)
        written = compile_all(ns.src, ns.out)
        print(f"已编译 {len(written)} 个文件到 {ns.out}")
        return OK
    except CrmkitError as err:
        print(err.message)
        return PROBLEMS


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
