"""The lab notebooks' text sources: ``notebooks/text/NN-name.md`` (MyST, read and written
with jupytext) is what an author edits and what a diff shows as prose and code;
``notebooks/NN-name.ipynb`` is made from it and keeps the outputs the book, nbval and the
offline widget pages need.

``python -m crmkit.labsource build`` writes every notebook whose text changed, keeping
the outputs of unchanged cells; ``--execute`` runs a notebook whose code changed (the
whole notebook, top to bottom, since later cells depend on earlier ones); ``--check``
only names what is out of step. An author who edited a notebook in JupyterLab instead
writes its text back with ``python -m crmkit.labsource export notebooks/NN-name.ipynb``.
The exercise notebooks have their own text source, the YAML banks (crmkit.selfcheck.bank).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from crmkit.errors import CrmkitError
from crmkit.nbrun import execute as execute_notebook
from crmkit.nbrun import strip_timing

ROOT = Path(__file__).resolve().parents[1]
TEXT_DIR = "text"            # beside the notebooks: notebooks/text/NN-name.md
FORMAT = "md:myst"
FOLDERS = ("notebooks", "exercises")   # exercises/: only notebooks not made from a bank


def pairs(root: Path | str = ROOT) -> list[tuple[Path, Path]]:
    """(text source, notebook) for every text source under the lab folders."""
    return [(md, md.parent.parent / f"{md.stem}.ipynb")
            for folder in FOLDERS for md in sorted((Path(root) / folder / TEXT_DIR).glob("*.md"))]


def _code(nb) -> list[str]:
    return [c.source for c in nb.cells if c.cell_type == "code"]


def notebook_from_text(md: Path, existing=None):
    """The notebook of the text source ``md``: cells from the text, outputs and cell ids
    kept from ``existing`` where a cell is unchanged, new cells numbered like the rest."""
    import jupytext
    from jupytext.combine import combine_inputs_with_outputs

    try:
        nb = jupytext.read(md, fmt=FORMAT)
    except Exception as err:  # jupytext raises several kinds on a broken header or fence
        raise CrmkitError(f"读不了这个文字源：{err}", file=str(md),
                          hint="对照同目录下其他 .md 检查页首的 YAML 和 ``` 代码块的配对") from err
    if existing is not None:
        old_ids = {c.get("id") for c in existing.cells}
        nb = combine_inputs_with_outputs(nb, existing, fmt=FORMAT)
    else:
        old_ids = set()
    nb.metadata.pop("jupytext", None)
    used = {c.get("id") for c in nb.cells if c.get("id") in old_ids}
    for n, cell in enumerate(nb.cells):
        if cell.get("id") not in old_ids:
            new_id, k = f"c{n:02d}", 0
            while new_id in used:
                k += 1
                new_id = f"c{n:02d}-{k}"
            cell.id = new_id
            used.add(new_id)
    if existing is None or _code(nb) != _code(existing):
        for cell in nb.cells:          # outputs of a changed notebook are not to be trusted
            if cell.cell_type == "code":
                cell.outputs, cell.execution_count = [], None
    strip_timing(nb)
    return nb


def build(root: Path | str = ROOT, check: bool = False, execute: bool = False,
          out=None) -> list[Path]:
    """Write (with ``check`` only list) the notebooks that differ from their text sources;
    with ``execute`` run those whose code changed. Returns the notebooks out of step."""
    import nbformat

    out = out or sys.stdout
    changed = []
    for md, target in pairs(root):
        text = target.read_text(encoding="utf-8") if target.is_file() else None
        existing = nbformat.reads(text, as_version=4) if text is not None else None
        nb = notebook_from_text(md, existing)
        new_text = nbformat.writes(nb) + "\n"
        if new_text == text:
            continue
        changed.append(target)
        rel = target.relative_to(root)
        if check:
            print(f"{rel} 与 {md.relative_to(root)} 不一致", file=out)
            continue
        stale = any(c.cell_type == "code" and c.execution_count is None for c in nb.cells)
        if execute and stale:
            execute_notebook(nb, target.parent)
            new_text = nbformat.writes(nb) + "\n"
        target.write_text(new_text, encoding="utf-8")
        print(f"已生成 {rel}" + ("（已运行）" if execute and stale else ""), file=out)
    return changed


def _existing_notebook(notebook: Path | str) -> Path:
    notebook = Path(notebook)
    if notebook.suffix != ".ipynb" or not notebook.is_file():
        raise CrmkitError("需要一个已有的 .ipynb 笔记本", file=str(notebook))
    return notebook


def export(notebook: Path | str) -> Path:
    """Write the text source of ``notebook`` (after editing it in JupyterLab)."""
    import jupytext

    notebook = _existing_notebook(notebook)
    nb = jupytext.read(notebook)
    md = notebook.parent / TEXT_DIR / f"{notebook.stem}.md"
    md.parent.mkdir(exist_ok=True)
    jupytext.write(nb, md, fmt=FORMAT)
    return md


def rerun(notebook: Path | str) -> Path:
    """Run a notebook again whose code did not change but whose inputs did (a scenario's
    text, a case's data), so its saved outputs match what it shows now."""
    import nbformat

    notebook = _existing_notebook(notebook)
    nb = nbformat.read(notebook, as_version=4)
    execute_notebook(nb, notebook.parent)
    notebook.write_text(nbformat.writes(nb) + "\n", encoding="utf-8")
    return notebook


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crmkit.labsource",
                                     description="实验笔记本与其文字源（MyST Markdown）")
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="由文字源生成笔记本")
    b.add_argument("--check", action="store_true", help="只检查笔记本是否与文字源一致")
    b.add_argument("--execute", action="store_true", help="运行代码有改动的笔记本")
    b.add_argument("--root", default=str(ROOT))
    e = sub.add_parser("export", help="在 JupyterLab 里改了笔记本之后，写回它的文字源")
    e.add_argument("notebooks", nargs="+")
    r = sub.add_parser("rerun", help="代码没改、但用到的场景或数据改了：重新运行并保存输出")
    r.add_argument("notebooks", nargs="+")
    args = parser.parse_args(argv)
    try:
        if args.command == "export":
            for nb in args.notebooks:
                print(f"已写出 {export(nb)}")
            return 0
        if args.command == "rerun":
            for nb in args.notebooks:
                print(f"已重新运行 {rerun(nb)}")
            return 0
        changed = build(Path(args.root), args.check, args.execute)
    except CrmkitError as err:
        print(err, file=sys.stderr)
        return 2
    if args.check and changed:
        print("改了文字源就运行 make labs；在 JupyterLab 里改了笔记本就运行 "
              "python -m crmkit.labsource export <笔记本>", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
