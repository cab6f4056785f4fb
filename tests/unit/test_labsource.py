"""The labs' text sources: every lab notebook is made from its MyST text, an edit to prose
keeps the outputs, an edit to code is run again, and nothing committed carries timestamps."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import nbformat
import pytest

from crmkit import CrmkitError
from crmkit.labsource import build, export, main, notebook_from_text, pairs

ROOT = Path(__file__).resolve().parents[2]
BANK_MADE = {p.with_suffix(".ipynb")
             for p in (ROOT / "exercises").glob("[0-9][0-9]-exercises.yaml")}


def test_every_lab_notebook_and_every_hand_made_exercise_notebook_has_a_text_source():
    notebooks = {p for folder in ("notebooks", "exercises")
                 for p in (ROOT / folder).glob("*.ipynb")}
    assert {nb for _, nb in pairs(ROOT)} == notebooks - BANK_MADE
    assert len(pairs(ROOT)) >= 13


def test_every_notebook_is_in_step_with_its_text_source():
    assert build(ROOT, check=True, out=io.StringIO()) == []


@pytest.mark.parametrize("path", sorted(ROOT.glob("notebooks/*.ipynb")) + sorted(
    ROOT.glob("exercises/*.ipynb")), ids=lambda p: p.name)
def test_no_committed_notebook_carries_execution_timestamps(path):
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    assert not [c["id"] for c in cells if "execution" in c.get("metadata", {})]


def test_the_text_reads_as_prose_and_code():
    text = (ROOT / "notebooks" / "text" / "07-value-scoring.md").read_text(encoding="utf-8")
    assert text.startswith("---\njupytext:") and "```{code-cell} ipython3" in text
    assert '"outputs"' not in text and "image/png" not in text


def _scratch(tmp_path: Path, name: str = "07-value-scoring") -> tuple[Path, Path]:
    for folder in ("notebooks", "notebooks/text"):
        (tmp_path / folder).mkdir(parents=True, exist_ok=True)
    shutil.copy2(ROOT / "notebooks" / f"{name}.ipynb", tmp_path / "notebooks")
    shutil.copy2(ROOT / "notebooks" / "text" / f"{name}.md", tmp_path / "notebooks" / "text")
    return tmp_path / "notebooks" / "text" / f"{name}.md", tmp_path / "notebooks" / f"{name}.ipynb"


def test_editing_prose_keeps_every_output_and_cell_id(tmp_path):
    md, target = _scratch(tmp_path)
    before = nbformat.read(target, as_version=4)
    md.write_text(md.read_text(encoding="utf-8").replace("**学习目标**", "**这一课的目标**", 1),
                  encoding="utf-8")
    assert build(tmp_path, out=io.StringIO()) == [target]
    after = nbformat.read(target, as_version=4)
    assert [c.id for c in after.cells] == [c.id for c in before.cells]
    assert [c.get("outputs") for c in after.cells] == [c.get("outputs") for c in before.cells]
    assert any("这一课的目标" in c.source for c in after.cells if c.cell_type == "markdown")
    assert after.metadata.get("widgets") == before.metadata.get("widgets")
    assert "jupytext" not in after.metadata


SMALL = """---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---

# 小实验

```{code-cell} ipython3
x = 6 * 7
x
```
"""


def test_editing_code_clears_stale_outputs_and_execute_runs_it_again(tmp_path):
    (tmp_path / "notebooks" / "text").mkdir(parents=True)
    md = tmp_path / "notebooks" / "text" / "99-small.md"
    md.write_text(SMALL, encoding="utf-8")
    target = tmp_path / "notebooks" / "99-small.ipynb"
    out = io.StringIO()
    assert build(tmp_path, execute=True, out=out) == [target]
    assert "（已运行）" in out.getvalue()
    nb = nbformat.read(target, as_version=4)
    assert [c.id for c in nb.cells] == ["c00", "c01"]
    assert nb.cells[1].outputs[0]["data"]["text/plain"] == "42"
    md.write_text(SMALL.replace("6 * 7", "6 * 8") + "\n```{code-cell} ipython3\nx + 1\n```\n",
                  encoding="utf-8")
    stale = notebook_from_text(md, nb)
    assert [c.id for c in stale.cells] == ["c00", "c01", "c02"]
    assert all(c.outputs == [] and c.execution_count is None
               for c in stale.cells if c.cell_type == "code")
    assert build(tmp_path, check=True, out=io.StringIO()) == [target]
    build(tmp_path, execute=True, out=io.StringIO())
    nb = nbformat.read(target, as_version=4)
    assert [c.outputs[0]["data"]["text/plain"] for c in nb.cells[1:]] == ["48", "49"]
    assert not any("execution" in c.metadata for c in nb.cells)
    assert build(tmp_path, check=True, out=io.StringIO()) == []


def test_export_writes_back_the_same_text(tmp_path):
    md, target = _scratch(tmp_path, "00-start-here")
    committed = md.read_text(encoding="utf-8")
    md.unlink()
    assert export(target) == md
    assert md.read_text(encoding="utf-8") == committed


def test_a_broken_text_source_is_named(tmp_path, capsys):
    (tmp_path / "notebooks" / "text").mkdir(parents=True)
    md = tmp_path / "notebooks" / "text" / "98-broken.md"
    md.write_text("---\nkernelspec: [python3\n---\n\n# 坏的页首\n", encoding="utf-8")
    with pytest.raises(CrmkitError, match="读不了这个文字源") as err:
        build(tmp_path, out=io.StringIO())
    assert "98-broken.md" in str(err.value)
    assert main(["build", "--root", str(tmp_path)]) == 2
    assert "98-broken.md" in capsys.readouterr().err


def test_check_command_says_what_to_run(tmp_path, capsys):
    md, target = _scratch(tmp_path, "00-start-here")
    md.write_text(md.read_text(encoding="utf-8") + "\n补一句话。\n", encoding="utf-8")
    assert main(["build", "--check", "--root", str(tmp_path)]) == 1
    captured = capsys.readouterr()
    assert "00-start-here.ipynb 与" in captured.out and "make labs" in captured.err


def test_rerun_refreshes_outputs_when_only_the_inputs_changed(tmp_path, capsys):
    (tmp_path / "notebooks" / "text").mkdir(parents=True)
    (tmp_path / "notebooks" / "text" / "97-rerun.md").write_text(SMALL, encoding="utf-8")
    target = tmp_path / "notebooks" / "97-rerun.ipynb"
    build(tmp_path, execute=True, out=io.StringIO())
    nb = nbformat.read(target, as_version=4)
    nb.cells[1].outputs[0]["data"]["text/plain"] = "41"      # stale: what it showed before
    nbformat.write(nb, target)
    assert main(["rerun", str(target)]) == 0 and "已重新运行" in capsys.readouterr().out
    nb = nbformat.read(target, as_version=4)
    assert nb.cells[1].outputs[0]["data"]["text/plain"] == "42"
    assert not any("execution" in c.metadata for c in nb.cells)
    assert main(["rerun", str(tmp_path / "nothing.ipynb")]) == 2
