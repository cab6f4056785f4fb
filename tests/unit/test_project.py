"""Project-wide rules: data cards, notebook shape, table of contents, book tools."""

import json
import os
import re
from fnmatch import fnmatch
from pathlib import Path

import pytest
import yaml

from crmkit.booktools import audience
from crmkit.data.__main__ import GENERATORS
from crmkit.environment import environment_check

ROOT = Path(__file__).resolve().parents[2]
DATA_SUFFIXES = {".csv", ".xlsx", ".json", ".parquet"}
CONTENT_DIRS = ["book", "notebooks", "cases", "exercises"]


def toc_files():
    """Every file the table of contents lists, sections included."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))

    def walk(entries):
        for entry in entries:
            yield entry["file"]
            yield from walk(entry.get("sections", []))

    return [toc["root"]] + [f for part in toc["parts"] for f in walk(part["chapters"])]


def data_files():
    return sorted(p for d in CONTENT_DIRS for p in (ROOT / d).rglob("*")
                  if p.suffix in DATA_SUFFIXES and ".ipynb_checkpoints" not in p.parts)


def test_every_data_file_has_a_card_naming_it_and_its_source():
    assert data_files(), "expected at least the case data"
    for path in data_files():
        card = path.parent / "DATA.md"
        assert card.is_file(), f"{path.relative_to(ROOT)} has no DATA.md beside it"
        text = card.read_text(encoding="utf-8")
        patterns = re.findall(r"`([^`\s]+)`", text)
        assert path.name in text or any(fnmatch(path.name, p) for p in patterns), \
            f"{card.relative_to(ROOT)} does not name {path.name}"
        assert "来源" in text and "生成与再现" in text


def data_cards() -> list[Path]:
    """Every DATA.md of the kit. The walk leaves out the environment, the builds and hidden
    folders: a glob through .venv took 0.5 s of each test process's collection."""
    found = []
    for folder, subfolders, files in os.walk(ROOT):
        subfolders[:] = [d for d in subfolders
                         if d not in ("_build", "_vendor", "node_modules") and d[0] != "."]
        if "DATA.md" in files:
            found.append(Path(folder) / "DATA.md")
    return sorted(found)


def regeneration_commands():
    """Every `python -m crmkit... --out PATH` command written in a data card."""
    found = []
    for card in data_cards():
        text = card.read_text(encoding="utf-8")
        if "不随仓库提交" in text:  # made when needed (the sample class), nothing to compare
            continue
        for cmd in re.findall(r"`python -m (crmkit[\w.]*[^`]*?--out [^`\s]+)`", text):
            found.append((card, cmd))
    return found


@pytest.mark.parametrize("card, cmd", regeneration_commands(),
                         ids=lambda x: str(x.relative_to(ROOT)) if isinstance(x, Path) else x)
def test_data_files_are_the_generator_output_not_hand_edited(card, cmd, tmp_path,
                                                              monkeypatch, capsys):
    """The card's command, run as ``python -m`` runs it (runpy, in this process: a fresh
    Python and pandas import per card cost 0.4 s each)."""
    import importlib.util
    import runpy
    import sys

    args = cmd.split()
    out = Path(args[args.index("--out") + 1])
    target = ROOT / out
    args[args.index("--out") + 1] = str(tmp_path / out.name)
    monkeypatch.chdir(ROOT)
    monkeypatch.setattr(sys, "argv", [args[0], *args[1:]])
    package = importlib.util.find_spec(args[0]).submodule_search_locations is not None
    # runpy runs a fresh copy of the module python -m would run (a package's __main__)
    monkeypatch.delitem(sys.modules, args[0] + ".__main__" if package else args[0],
                        raising=False)
    try:
        runpy.run_module(args[0], run_name="__main__", alter_sys=True)
    except SystemExit as stop:
        assert stop.code in (0, None), capsys.readouterr().err
    made = tmp_path / out.name
    pairs = ([(made, target)] if made.is_file() else
             [(f, target / f.name) for f in sorted(made.iterdir())])
    assert pairs
    for new, committed in pairs:
        assert committed.is_file(), f"{committed} is generated but not committed"
        assert new.read_bytes() == committed.read_bytes(), f"{committed} differs from generator"


def test_every_generator_has_a_data_card_in_the_book():
    cards = (ROOT / "book/data-cards.md").read_text(encoding="utf-8")
    for name in GENERATORS:
        assert f"`{name}`" in cards and f"python -m crmkit.data {name}" in cards


def test_every_toc_file_exists_and_every_page_is_in_the_toc():
    listed = set(toc_files())
    for entry in listed:
        assert any((ROOT / f"{entry}{ext}").is_file() for ext in (".md", ".ipynb")), entry
    pages = {str(p.relative_to(ROOT).with_suffix("")) for d in ["notebooks", "exercises"]
             for p in (ROOT / d).glob("*.ipynb")}
    pages |= {str(p.relative_to(ROOT).with_suffix("")) for p in (ROOT / "cases").glob("*/index.md")}
    assert pages <= listed, f"not in _toc.yml: {sorted(pages - listed)}"



def all_notebooks():
    return sorted(p for d in ["notebooks", "exercises"] for p in (ROOT / d).glob("*.ipynb"))


@pytest.mark.parametrize("path", all_notebooks(), ids=lambda p: p.name)
def test_notebook_shape(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    first = nb["cells"][0]
    assert first["cell_type"] == "code"
    assert "remove-cell" in first["metadata"].get("tags", [])
    assert "use_chinese_font()" in "".join(first["source"])
    for i, cell in enumerate(nb["cells"]):
        lines = "".join(cell["source"]).splitlines()
        if cell["cell_type"] == "code":
            assert len(lines) <= 25, f"{path.name} cell {i} has {len(lines)} lines"
            assert not any(o.get("name") == "stderr" for o in cell.get("outputs", [])), \
                f"{path.name} cell {i} wrote to stderr"
            assert cell.get("outputs") or "nbval-ignore-output" in cell["metadata"].get(
                "tags", []) or "remove-cell" in cell["metadata"].get("tags", []), \
                f"{path.name} cell {i} was committed without its outputs"


TEXT_PAGES = sorted(ROOT.glob("book/**/*.md")) + sorted(ROOT.glob("cases/*/index.md"))


@pytest.mark.parametrize("path", TEXT_PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_text_notebook_cells_are_short(path):
    text = path.read_text(encoding="utf-8")
    for cell in re.findall(r"```\{code-cell\}[^\n]*\n(.*?)```", text, flags=re.S):
        assert len(cell.strip().splitlines()) <= 25


def test_audience_from_environment(monkeypatch):
    monkeypatch.delenv("CRMKIT_AUDIENCE", raising=False)
    assert audience() == "trainer"
    monkeypatch.setenv("CRMKIT_AUDIENCE", " Learner ")
    assert audience() == "learner"
    monkeypatch.setenv("CRMKIT_AUDIENCE", "student")
    with pytest.raises(ValueError, match="trainer 或 learner"):
        audience()


def test_environment_check_passes_here():
    report = environment_check()
    assert list(report.index) == ["中文字体", "交互控件", "示例数据"]
    assert (report["结果"] == "通过").all()


def test_requirements_are_pinned():
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            assert re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[0-9][0-9A-Za-z.\-]*", line), line


def test_jupyter_processes_start_without_building_iri_parsers():
    """No Jupyter process of the kit imports rfc3987_syntax (jsonschema 4.25+ pulls it in;
    its import builds lark parsers: about 1 s of every server, hub spawn and book build)."""
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", "import sys, jupyter_server.serverapp, nbformat, jupyter_cache;"
         "print(sorted(m for m in ('rfc3987_syntax', 'lark') if m in sys.modules))"],
        capture_output=True, text=True, timeout=120, check=True)
    assert done.stdout.strip() == "[]"


def test_learner_toc_leaves_out_trainer_pages(tmp_path):
    from crmkit.booktools import learner_toc

    (tmp_path / "book").mkdir()
    (tmp_path / "book/a.md").write_text("# A\n", encoding="utf-8")
    (tmp_path / "book/t.md").write_text("---\naudience: trainer\n---\n# T\n", encoding="utf-8")
    (tmp_path / "_toc.yml").write_text(
        "format: jb-book\nroot: book/a\nparts:\n"
        "  - caption: 学员\n    chapters:\n      - file: book/a\n"
        "  - caption: 培训师\n    chapters:\n      - file: book/t\n", encoding="utf-8")
    dropped = learner_toc(tmp_path, tmp_path / "out.yml")
    toc = yaml.safe_load((tmp_path / "out.yml").read_text(encoding="utf-8"))
    assert dropped == ["book/t"]
    assert [p["caption"] for p in toc["parts"]] == ["学员"]


def test_learner_toc_leaves_out_trainer_notebooks(tmp_path):
    """The class report is a notebook; its metadata keeps it out of the learner book."""
    from crmkit.booktools import learner_toc

    (tmp_path / "book").mkdir()
    (tmp_path / "book/a.md").write_text("# A\n", encoding="utf-8")
    for name, meta in (("r", {"audience": "trainer"}), ("lab", {})):
        (tmp_path / f"book/{name}.ipynb").write_text(
            json.dumps({"cells": [], "metadata": meta, "nbformat": 4, "nbformat_minor": 5}),
            encoding="utf-8")
    (tmp_path / "_toc.yml").write_text(
        "format: jb-book\nroot: book/a\nparts:\n  - caption: 全部\n    chapters:\n"
        "      - file: book/lab\n      - file: book/r\n", encoding="utf-8")
    assert learner_toc(tmp_path, tmp_path / "out.yml") == ["book/r"]
    real = json.loads((ROOT / "exercises/trainer-class-report.ipynb").read_text(encoding="utf-8"))
    assert real["metadata"]["audience"] == "trainer"
