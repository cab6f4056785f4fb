"""Execute the code cells of book pages (MyST .md or .ipynb) the way the book build does.

For authors: a quick check that a page runs, with no errors and nothing on stderr,
before the full build. Prints each failing page with the cell and the problem.

    .venv/bin/python tools/check_page.py book/07-crm/value-maintenance.md [more pages]
"""

from __future__ import annotations

import sys
from pathlib import Path

import jupytext
import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from crmkit.kernels import AsyncIpcKernelManager


def check(path: Path) -> list[str]:
    nb = jupytext.read(path) if path.suffix == ".md" else nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=180, kernel_name="python3",
                            kernel_manager_class=AsyncIpcKernelManager,
                            resources={"metadata": {"path": str(path.parent)}})
    try:
        client.execute()
    except CellExecutionError as err:
        return [f"执行出错：{str(err).splitlines()[-1] if str(err) else err!r}"]
    problems = []
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            if out.get("name") == "stderr":
                problems.append(f"第 {i} 格写到了 stderr：{out.get('text', '')[:200]}")
        if cell.cell_type == "code" and len(cell.source.splitlines()) > 25:
            problems.append(f"第 {i} 格超过 25 行")
    return problems


def main(argv: list[str]) -> int:
    failed = 0
    for name in argv:
        problems = check(Path(name))
        print(f"{'通过' if not problems else '未通过'}  {name}")
        for p in problems:
            print(f"    {p}")
        failed += bool(problems)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
