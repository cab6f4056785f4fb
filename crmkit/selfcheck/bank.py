"""The exercise banks: each module's items in one YAML file, and the notebooks made from it.

``exercises/NN-exercises.yaml`` holds a module's exercise page: the introduction, the
set-up code, every item (question, options with the feedback on each, the right answer or
the function in :mod:`crmkit.selfcheck.computed` that computes it, tolerance and unit,
hint, skills, the answer cell, the reference solution, how the solution quotes a computed
answer, and for the contract test the value worked out by hand or along an independent
path and answers that must be accepted or refused), the export cell and the closing lines.
Importing :mod:`crmkit.selfcheck` registers every item from these files;
``python -m crmkit.selfcheck build`` writes ``exercises/NN-exercises.ipynb`` from
them (``--check`` only says which notebook is out of date; ``--execute`` also runs the
notebooks whose code changed, so their outputs are current for nbval and the book).
"""

from __future__ import annotations

import argparse
import re
import sys
from functools import cache
from pathlib import Path

from crmkit.errors import CrmkitError
from crmkit.nbrun import execute as execute_notebook
from crmkit.nbrun import strip_timing

ROOT = Path(__file__).resolve().parents[2]
PACKAGED = Path(__file__).with_name("banks")  # the browser edition's wheel carries a copy
PATTERN = "[0-9][0-9]-exercises.yaml"
KINDS = ("choice", "number", "members")
FONT_CELL = "from crmkit.viz import use_chinese_font\nuse_chinese_font()"
QUIZ_CELL = "不运行代码也可以在网页里直接作答：\n\n```{{quiz}} {item}\n```"
EXPORT_BUTTON = ("在网页里作答的同学，用这个按钮下载记录（记录保存在你自己的浏览器里）：\n\n"
                 "```{{quiz-export}} {module}\n```")
INLINE_MAX = 14  # options this short (every one) sit on one line, else one paragraph each
REQUIRED = {"choice": ("correct", "options", "feedback"), "number": ("expected", "tolerance"),
            "members": ("expected",)}
ALLOWED = {"id", "kind", "skills", "question", "answer_cell", "hint", "solution", "options",
           "correct", "feedback", "expected", "tolerance", "unit", "noun", "worked", "examples",
           "quote"}


def bank_dir() -> Path:
    """``exercises/`` of the course in a checkout, else the copy inside the package."""
    here = ROOT / "exercises"
    return here if any(here.glob(PATTERN)) else PACKAGED


def bank_files(folder: Path | None = None) -> list[Path]:
    return sorted(Path(folder or bank_dir()).glob(PATTERN))


def _fail(path: Path, message: str, item: str | None = None, hint: str | None = None):
    where = f"第 {item} 题：" if item else ""
    return CrmkitError(where + message, file=str(path), hint=hint)


def load_bank(path: str | Path) -> dict:
    """One bank file, checked: every item has what its kind needs and nothing unknown."""
    import yaml

    from crmkit import yamltext

    path = Path(path)
    try:
        bank = yamltext.load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        raise CrmkitError("题库文件不是有效的 YAML", file=str(path),
                          row=mark.line + 1 if mark else None,
                          hint="检查缩进（只用空格）和冒号后的空格") from None
    if not isinstance(bank, dict) or not isinstance(bank.get("items"), list):
        raise _fail(path, "题库要有 module 和 items 两项")
    module = str(bank.get("module", ""))
    if not re.fullmatch(r"\d+", module) or path.name[:2] != f"{int(module):02d}":
        raise _fail(path, f"module 写的是 {module!r}，与文件名不符",
                    hint="模块 1 的题库叫 01-exercises.yaml，module 写 '1'")
    for n, item in enumerate(bank["items"], 1):
        item_id = str(item.get("id", "")) if isinstance(item, dict) else ""
        if item_id != f"{module}.{n}":
            raise _fail(path, f"第 {n} 个题目的编号应是 {module}.{n}，写的是 {item_id!r}",
                        hint="题号按顺序连续编号，插入新题时后面的题号顺延")
        kind = item.get("kind")
        if kind not in KINDS:
            raise _fail(path, f"kind 应是 {'、'.join(KINDS)} 之一，写的是 {kind!r}", item_id)
        unknown = sorted(set(item) - ALLOWED)
        if unknown:
            raise _fail(path, f"不认识的字段 {'、'.join(unknown)}", item_id)
        for key in ("question", "answer_cell", "hint", "solution", "skills",
                    *REQUIRED[kind]):
            if item.get(key) in (None, "", [], {}):
                raise _fail(path, f"缺少 {key}", item_id)
        if kind == "choice":
            if list(item["options"]) != list(item["feedback"]):
                raise _fail(path, "options 和 feedback 的字母要一一对应", item_id)
            if item["correct"] not in item["options"]:
                raise _fail(path, f"正确答案 {item['correct']!r} 不在选项里", item_id)
        worked, examples = item.get("worked"), item.get("examples", {})
        if worked is not None and (not isinstance(worked, dict) or "value" not in worked):
            raise _fail(path, "worked 要写成 value（手算的答案）和 how（怎么算的）", item_id)
        if not isinstance(examples, dict) or set(examples) - {"right", "wrong"} or not all(
                isinstance(v, list) for v in examples.values()):
            raise _fail(path, "examples 只能有 right 和 wrong 两个列表", item_id)
        if f'check("{item_id}"' not in item["answer_cell"]:
            raise _fail(path, f'答题格里要有 check("{item_id}", …)', item_id)
    return bank


def expected_function(name: str, path: Path, item_id: str):
    import crmkit.selfcheck.computed as computed

    function = getattr(computed, str(name), None)
    if not callable(function):
        raise _fail(path, f"expected 写的函数 {name!r} 在 crmkit/selfcheck/computed.py 里找不到",
                    item_id, hint="在 computed.py 里写一个不带参数、返回答案的函数，把名字填进来")
    return function


def register(bank: dict, path: Path) -> None:
    """Declare every item of ``bank`` to the checker (crmkit.selfcheck.core)."""
    from crmkit.selfcheck.core import choice, members, number

    # every computed answer is found before any item is declared: a bank registers whole;
    # each is worked out on its first check and kept (the data behind it is seeded)
    expected = {item["id"]: cache(expected_function(item["expected"], path, item["id"]))
                for item in bank["items"] if item["kind"] != "choice"}
    for item in bank["items"]:
        item_id, kind = item["id"], item["kind"]
        common = {"hint": item["hint"], "skills": item["skills"]}
        if kind == "choice":
            choice(item_id, item["correct"], item["feedback"], **common)
        elif kind == "number":
            number(item_id, expected[item_id], float(item["tolerance"]),
                   unit=item.get("unit", ""), **common)
        else:
            members(item_id, expected[item_id], noun=item.get("noun", "客户"), **common)


def register_all(folder: Path | None = None) -> None:
    for path in bank_files(folder):
        register(load_bank(path), path)


# ---------------------------------------------------------------- notebooks

def options_text(options: dict[str, str]) -> str:
    """The options under a question: short ones on one line, long ones a paragraph each."""
    if all(len(text) <= INLINE_MAX for text in options.values()):
        return "　　".join(f"{k}. {v}" for k, v in options.items())
    return "\n\n".join(f"{k}. {v}" for k, v in options.items())


def tolerance_text(item: dict) -> str:
    """How close a numeric answer must be, said under the question (the checker's rule)."""
    unit = str(item.get("unit", "")).strip()
    tolerance = float(item["tolerance"])
    if tolerance == 0:
        return f"*作答要求*：填一个数{f'（单位：{unit}）' if unit else ''}，要与参考答案完全一致。"
    shown = f"{tolerance:f}".rstrip("0").rstrip(".")
    step = " 个百分点" if unit == "%" else f" {unit}" if unit else ""
    return (f"*作答要求*：填一个数{f'（单位：{unit}）' if unit else ''}，"
            f"与参考答案相差不超过 ±{shown}{step}{'都' if step else ' 都'}算对。")


def cells(bank: dict) -> list[tuple[str, str]]:
    """(cell type, source) of the module's exercise notebook, in order."""
    module = bank["module"]
    out = [("code", FONT_CELL), ("markdown", bank["intro"]), ("code", bank["setup"])]
    for k, item in enumerate(bank["items"], 1):
        label = f"ex{int(module):02d}-{k}"
        question = item["question"].rstrip()
        if item["kind"] == "choice":
            question += "\n\n" + options_text(item["options"])
        elif item["kind"] == "number":
            question += "\n\n" + tolerance_text(item)
        out += [("markdown", f"```{{exercise-start}}\n:label: {label}\n```\n\n{question}\n\n"
                             "```{exercise-end}\n```"),
                ("code", item["answer_cell"].rstrip()),
                ("markdown", QUIZ_CELL.format(item=item["id"])),
                ("markdown", f"````{{solution}} {label}\n:class: dropdown\n\n"
                             f"{item['solution'].rstrip()}\n````")]
    out += [("markdown", bank["export_intro"]), ("code", bank["export_cell"]),
            ("markdown", EXPORT_BUTTON.format(module=module)), ("markdown", bank["closing"])]
    return [(kind, text.rstrip("\n")) for kind, text in out]


def build_notebook(bank: dict, existing: dict | None = None):
    """The notebook of ``bank``, cells numbered c00, c01 …; a cell whose source is
    unchanged keeps its outputs."""
    import nbformat

    # a cell whose source is unchanged keeps its outputs, wherever it was before
    old: dict[tuple[str, str], list] = {}
    for before in (existing or {}).get("cells", []):
        old.setdefault((before["cell_type"], "".join(before["source"])), []).append(before)
    nb = nbformat.v4.new_notebook()
    nb.metadata = (existing or {}).get("metadata") or {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}}
    for n, (kind, source) in enumerate(cells(bank)):
        cell_id = f"c{n:02d}"
        same = old.get((kind, source))
        if same:
            cell = nbformat.from_dict(same.pop(0))
        elif kind == "code":
            cell = nbformat.v4.new_code_cell(source)
        else:
            cell = nbformat.v4.new_markdown_cell(source)
        cell.id = cell_id
        if n == 0:
            cell.metadata["tags"] = ["remove-cell"]
        nb.cells.append(cell)
    strip_timing(nb)
    return nb


def stale_code(nb) -> bool:
    """Whether a code cell has never been run (new or changed source)."""
    return any(c.cell_type == "code" and c.get("execution_count") is None for c in nb.cells)


def build(folder: Path | None = None, check: bool = False, execute: bool = False,
          out=sys.stdout) -> list[Path]:
    """Write (or with ``check`` only list) the exercise notebooks that differ from their
    banks; returns those notebooks."""
    import nbformat

    changed = []
    for path in bank_files(folder):
        bank = load_bank(path)
        target = path.with_suffix(".ipynb")
        # read through nbformat so kept cells have text sources that nbclient can run
        existing = (nbformat.reads(target.read_text(encoding="utf-8"), as_version=4)
                    if target.is_file() else None)
        nb = build_notebook(bank, existing)
        text = nbformat.writes(nb) + "\n"
        if existing is not None and target.read_text(encoding="utf-8") == text:
            continue
        changed.append(target)
        if check:
            print(f"{target.name} 与 {path.name} 不一致", file=out)
            continue
        if execute and stale_code(nb):
            execute_notebook(nb, target.parent)
            text = nbformat.writes(nb) + "\n"
        target.write_text(text, encoding="utf-8")
        print(f"已生成 {target.name}" + ("（已运行）" if execute else ""), file=out)
    return changed


def length_points(bank: dict, path: Path | str = "") -> list:
    """Each single-answer item as a decision point for the length check
    (:mod:`crmkit.giveaway`): does the right option stand out by its length?"""
    from crmkit.giveaway import point

    out = []
    for item in bank["items"]:
        if item["kind"] == "choice":
            keys = list(item["options"])
            out.append(point(f"{Path(path).name} {item['id']}",
                             [item["options"][k] for k in keys], keys.index(item["correct"])))
    return out


def length_report(folder: Path | None = None, out=None) -> list[str]:
    """Print the length tally of every bank and of the course; return what fails."""
    from crmkit.giveaway import tally

    out = out or sys.stdout
    problems, every = [], []
    for path in bank_files(folder):
        points = length_points(load_bank(path), path)
        every += points
        found = tally(points)
        print(f"{path.name}：{found.line()}", file=out)
        problems += [f"{path.name}：{m}" for m in found.problems()]
    course = tally(every)
    print(f"全部题库：{course.line()}", file=out)
    problems += [f"全部题库：{m}" for m in course.problems()]
    for problem in problems:
        print(problem, file=out)
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crmkit.selfcheck",
                                     description="由题库 YAML 生成练习笔记本")
    parser.add_argument("command", choices=["build", "lengths"],
                        help="build 生成笔记本；lengths 统计正确选项是不是总是最长或最短")
    parser.add_argument("--check", action="store_true", help="只检查笔记本是否与题库一致")
    parser.add_argument("--execute", action="store_true", help="运行代码有改动的笔记本")
    parser.add_argument("--folder", help="题库所在的文件夹（默认 exercises/）")
    args = parser.parse_args(argv)
    try:
        if args.command == "lengths":
            return 1 if length_report(Path(args.folder) if args.folder else None) else 0
        changed = build(Path(args.folder) if args.folder else None, args.check, args.execute)
    except CrmkitError as err:
        print(err.message, file=sys.stderr)
        return 2
    if args.check and changed:
        print("运行 make exercises 重新生成", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
