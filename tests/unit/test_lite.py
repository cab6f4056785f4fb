"""The browser edition's pieces, without building the whole site (tests/pages/test_lite_*)."""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from crmkit.lite.build import (
    CJK,
    SETUP_TAG,
    data_files,
    gb2312_characters,
    kit_characters,
    lab_notebooks,
    site_config,
    stage_contents,
)
from crmkit.pagepolish import lite_notebook, polish_page

ROOT = Path(__file__).resolve().parents[2]


def test_the_labs_and_exercises_but_not_the_trainer_report():
    names = [p.relative_to(ROOT).as_posix() for p in lab_notebooks(ROOT)]
    assert len([n for n in names if n.startswith("notebooks/")]) == len(
        list((ROOT / "notebooks").glob("*.ipynb")))
    assert sorted(n for n in names if n.startswith("exercises/")) == [
        f"exercises/0{m}-exercises.ipynb" for m in range(8)]
    assert "exercises/trainer-class-report.ipynb" not in names


def test_staged_labs_start_with_the_install_cell_and_carry_no_answers(tmp_path):
    written = stage_contents(ROOT, tmp_path)
    assert len(written) == len(lab_notebooks(ROOT))
    for path in written:
        nb = json.loads(path.read_text(encoding="utf-8"))
        first = nb["cells"][0]
        assert first["metadata"]["tags"] == [SETUP_TAG]
        assert "%pip install -q crmkit" in "".join(first["source"])
        text = json.dumps(nb, ensure_ascii=False)
        assert "{solution" not in text and "{trainer-note}" not in text, path.name
    # every case file a lab reads by a literal path is there
    for lab in (ROOT / "notebooks").glob("*.ipynb"):
        for ref in re.findall(r"\.\./(cases/[\w-]+/[\w.-]+\.(?:csv|xlsx|yaml))",
                              lab.read_text(encoding="utf-8")):
            assert (tmp_path / ref).is_file(), (lab.name, ref)
    assert len(list((tmp_path / "cases").rglob("*.*"))) == len(data_files(ROOT))
    assert list((tmp_path / "cases" / "roleplay").glob("*.yaml"))


def test_gb2312_has_its_6763_hanzi():
    hanzi = {c for c in gb2312_characters() if "\u4e00" <= c <= "\u9fff"}
    assert len(hanzi) == 6763 and "银" in hanzi and "鑫" in hanzi
    assert "镕" not in hanzi  # famously missing from GB2312 (it is in GBK)


def test_kit_characters_come_from_notebooks_code_and_data():
    chars = kit_characters(ROOT)
    lab = (ROOT / "notebooks" / "07-value-matrix.ipynb").read_text(encoding="utf-8")
    chart = (ROOT / "crmkit" / "charts" / "industry.py").read_text(encoding="utf-8")
    data = next(p for p in data_files(ROOT) if p.suffix == ".csv").read_text(encoding="utf-8")
    for text in (lab, chart, data):
        assert set(CJK.findall(text)) <= chars
    assert not {c for c in chars if c.isascii()}


def test_site_config_points_at_the_chosen_pyodide_and_speaks_chinese(tmp_path):
    site_config(tmp_path, "https://mirror.bank.example/pyodide/v314.0.6/full/pyodide.mjs")
    config = json.loads((tmp_path / "jupyter-lite.json").read_text(encoding="utf-8"))
    kernel = config["jupyter-config-data"]["litePluginSettings"][
        "@jupyterlite/pyodide-kernel-extension:kernel"]
    assert kernel == {"pyodideUrl": "https://mirror.bank.example/pyodide/v314.0.6/full/"
                                    "pyodide.mjs", "disablePyPIFallback": True}
    overrides = json.loads((tmp_path / "overrides.json").read_text(encoding="utf-8"))
    assert overrides["@jupyterlab/translation-extension:plugin"]["locale"] == "zh_CN"


def test_lab_pages_and_only_they_link_to_the_browser_edition():
    assert lite_notebook("notebooks/07-value-matrix.html") == "notebooks/07-value-matrix.ipynb"
    assert lite_notebook("exercises/03-exercises.html") == "exercises/03-exercises.ipynb"
    for other in ("exercises/trainer-class-report.html", "book/intro.html", "index.html",
                  "cases/bank-high-end/index.html"):
        assert lite_notebook(other) is None
    page = "<html><head></head><body><h1>价值矩阵</h1><p>正文</p></body></html>"
    out = polish_page(page, page_dir=ROOT, relroot="../", icons={}, search_page=False,
                      lite_notebook="notebooks/07-value-matrix.ipynb")
    assert ('href="../lite/lab/index.html?path=notebooks/07-value-matrix.ipynb"' in out
            and "在浏览器中运行" in out and out.index("</h1>") < out.index("crmkit-lite-link"))
    again = polish_page(out, page_dir=ROOT, relroot="../", icons={}, search_page=False,
                        lite_notebook="notebooks/07-value-matrix.ipynb")
    assert again.count("crmkit-lite-link") == 1
    plain = polish_page(page, page_dir=ROOT, relroot="../", icons={}, search_page=False)
    assert "crmkit-lite-link" not in plain


def _lab_imports() -> list[str]:
    found = set()
    for lab in lab_notebooks(ROOT):
        text = "\n".join("".join(c["source"]) for c in
                         json.loads(lab.read_text(encoding="utf-8"))["cells"])
        found |= set(re.findall(r"^\s*(?:from|import) (crmkit[\w.]*)", text, flags=re.M))
    return sorted(found)


def test_importing_what_the_labs_use_starts_no_thread_or_process():
    """Pyodide has neither: a module that starts one at import would break the browser edition."""
    modules = _lab_imports()
    assert "crmkit.viz" in modules and len(modules) > 20
    script = f"""
import subprocess, threading, importlib, os
def refuse(*a, **k):
    raise RuntimeError("started at import time")
threading.Thread.start = refuse
subprocess.Popen.__init__ = refuse
os.fork = refuse
for name in {modules!r}:
    importlib.import_module(name)
print("ok")
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=300, cwd=ROOT / "notebooks")
    assert done.stdout.strip() == "ok", done.stderr[-2000:]


def test_the_scenarios_are_found_from_a_lab_folder_when_crmkit_is_installed(tmp_path):
    """In the browser edition crmkit is a wheel; a lab runs in notebooks/ beside cases/."""
    (tmp_path / "cases" / "roleplay").mkdir(parents=True)
    (tmp_path / "notebooks").mkdir()
    script = ("import crmkit.roleplay.compile as c, pathlib; c.ROOT = pathlib.Path('/nowhere'); "
              "print(c._scenario_dir())")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=120, cwd=tmp_path / "notebooks")
    assert Path(done.stdout.strip()) == tmp_path / "cases" / "roleplay", done.stderr[-800:]


@pytest.mark.parametrize("missing", ["jsonschema"])
def test_a_missing_dependency_gets_a_chinese_message(missing):
    script = f"""
import sys
sys.modules[{missing!r}] = None
from crmkit.roleplay.check import validator
from crmkit.errors import CrmkitError
try:
    validator()
except CrmkitError as err:
    print(err.message)
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=120)
    assert "jsonschema" in done.stdout and "没有安装" in done.stdout, done.stderr[-800:]


def test_without_mplfonts_the_chart_font_is_the_wheels_subset(tmp_path):
    """In Pyodide mplfonts is not installed: use_chinese_font takes the subset in the wheel,
    and says in Chinese what to do when neither is there."""
    script = f"""
import sys
sys.modules["mplfonts"] = None
import crmkit.viz as viz
from pathlib import Path
viz.CJK_SUBSET = Path({str(tmp_path / "subset.otf")!r})
try:
    viz.cjk_font_path()
except FileNotFoundError as err:
    print("missing:", err)
viz.CJK_SUBSET.write_bytes(b"OTTO")
print("found:", viz.cjk_font_path())
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=120)
    out = done.stdout
    assert "missing: 找不到中文字体" in out and "make start" in out, done.stderr[-800:]
    assert f"found: {tmp_path / 'subset.otf'}" in out
