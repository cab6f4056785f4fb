"""What ``make lite`` built: the labs, the crmkit wheel, the Chinese font, the size, the links.

Everything here is computed from the sources (the lab notebooks, the kit's characters,
Pyodide's package lock from npm), never listed by hand.
"""

from __future__ import annotations

import json
import re
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest

from crmkit.lite.build import (
    EXTRA_WHEELS,
    FONT_LIMIT,
    FONT_NAME,
    LITE_DEPENDENCIES,
    PYODIDE_URL,
    SETUP_TAG,
    SITE_LIMIT,
    kit_characters,
    lab_notebooks,
)

ROOT = Path(__file__).resolve().parents[2]
LITE = ROOT / "_build" / "lite"
LOCK = ROOT / "_vendor" / "pyodide" / "pyodide-lock.json"


@pytest.fixture(scope="module")
def lite():
    if not (LITE / "index.html").is_file():
        pytest.fail("build the browser edition first (make lite)")
    return LITE


@pytest.fixture(scope="module")
def wheel(lite):
    found = sorted((lite / "pypi").glob("crmkit-*.whl"))
    assert len(found) == 1, found
    return zipfile.ZipFile(found[0])


def _name(requirement: str) -> str:
    return re.split(r"[\s;<>=!~\[(]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def test_every_lab_and_exercise_is_in_the_site(lite):
    for source in lab_notebooks(ROOT):
        copy = lite / "files" / source.relative_to(ROOT)
        assert copy.is_file(), copy
        nb = json.loads(copy.read_text(encoding="utf-8"))
        assert nb["cells"][0]["metadata"]["tags"] == [SETUP_TAG]
        assert "{solution" not in copy.read_text(encoding="utf-8")
    listed = json.loads((lite / "api" / "contents" / "notebooks" / "all.json")
                        .read_text(encoding="utf-8"))
    assert {c["name"] for c in listed["content"]} == {
        p.name for p in (ROOT / "notebooks").glob("*.ipynb")}


def test_the_crmkit_wheel_has_every_module_and_the_font(wheel):
    names = set(wheel.namelist())
    sources = {p.relative_to(ROOT).as_posix() for p in (ROOT / "crmkit").rglob("*.py")
               if "__pycache__" not in p.parts}
    assert sources <= names, sorted(sources - names)[:5]
    assert f"crmkit/fonts/{FONT_NAME}" in names
    banks = {f"crmkit/selfcheck/banks/{p.name}" for p in (ROOT / "exercises").glob("*.yaml")}
    assert len(banks) == 8 and banks <= names  # the exercise items, for check() in the browser
    meta_name = next(n for n in names if n.endswith(".dist-info/METADATA"))
    meta = Parser().parsestr(wheel.read(meta_name).decode())
    import crmkit

    assert meta["Name"] == "crmkit" and meta["Version"] == crmkit.__version__
    assert sorted(_name(r) for r in meta.get_all("Requires-Dist")) == sorted(LITE_DEPENDENCIES)
    assert "Root-Is-Purelib: true" in wheel.read(meta_name.replace("METADATA", "WHEEL")).decode()


def test_every_dependency_comes_from_pyodide_or_the_site(lite, wheel):
    """Nothing is fetched from PyPI at run time (disablePyPIFallback): each requirement of
    crmkit and of the served wheels is in Pyodide's lock, served here, or bundled with the
    Pyodide kernel."""
    if not LOCK.is_file():
        pytest.fail("fetch the Pyodide runtime first (make lite-tools)")
    lock = {name.lower() for name in json.loads(LOCK.read_text(encoding="utf-8"))["packages"]}
    index = json.loads((lite / "pypi" / "all.json").read_text(encoding="utf-8"))
    kernel = json.loads((lite / "extensions" / "@jupyterlite" / "pyodide-kernel-extension"
                         / "static" / "pypi" / "all.json").read_text(encoding="utf-8"))
    served = {_name(n) for n in [*index, *kernel]}
    assert {"crmkit", *(_name(n) for n in EXTRA_WHEELS)} <= served
    for wheel_file in sorted((lite / "pypi").glob("*.whl")):
        with zipfile.ZipFile(wheel_file) as whl:
            meta = next(n for n in whl.namelist() if n.endswith(".dist-info/METADATA"))
            requires = Parser().parsestr(whl.read(meta).decode()).get_all("Requires-Dist") or []
        for requirement in requires:
            if "extra ==" in requirement:
                continue
            name = _name(requirement)
            assert name in lock or name in served or name == "ipython", (wheel_file.name, name)


def test_the_font_subset_is_small_and_covers_the_kit(wheel):
    import io

    from fontTools.ttLib import TTFont

    from crmkit.viz import cjk_font_path

    data = wheel.read(f"crmkit/fonts/{FONT_NAME}")
    assert len(data) <= FONT_LIMIT, f"{len(data) / 2**20:.1f} MB"
    subset = TTFont(io.BytesIO(data))
    assert subset["name"].getBestFamilyName() == "Noto Sans CJK SC"
    have = set(subset.getBestCmap())
    full = set(TTFont(str(cjk_font_path()), lazy=True).getBestCmap())
    wanted = {ord(c) for c in kit_characters(ROOT)} & full
    assert len(wanted) > 1500
    missing = sorted(chr(c) for c in wanted - have)
    assert not missing, "".join(missing[:40])
    assert {ord(c) for c in "客户经理价值矩阵流失预警"} <= have


def test_the_site_is_small_chinese_and_loads_the_pinned_pyodide(lite):
    size = sum(p.stat().st_size for p in lite.rglob("*") if p.is_file())
    assert size <= SITE_LIMIT, f"{size / 2**20:.0f} MB"
    config = json.loads((lite / "jupyter-lite.json").read_text(encoding="utf-8"))
    data = config["jupyter-config-data"]
    assert data["settingsOverrides"]["@jupyterlab/translation-extension:plugin"] == {
        "locale": "zh_CN"}
    kernel = data["litePluginSettings"]["@jupyterlite/pyodide-kernel-extension:kernel"]
    assert kernel["pyodideUrl"] == PYODIDE_URL and kernel["disablePyPIFallback"] is True
    translations = json.loads((lite / "api" / "translations" / "zh_CN.json")
                              .read_text(encoding="utf-8"))
    assert translations["data"], "the zh-CN language pack is in the site"
    assert any(e["name"] == "@jupyter-widgets/jupyterlab-manager"
               for e in data["federated_extensions"])


def test_each_lab_page_of_the_book_links_to_its_notebook_in_the_site(builds):
    site = builds["learner"]
    assert (site / "lite" / "index.html").is_file(), "make lite copies it into the book"
    for source in lab_notebooks(ROOT):
        page = site / source.relative_to(ROOT).with_suffix(".html")
        text = page.read_text(encoding="utf-8")
        found = re.search(r'class="crmkit-lite-link"><a href="([^"]+)"', text)
        assert found, page
        target, _, query = found.group(1).partition("?path=")
        assert (page.parent / target).resolve() == (site / "lite" / "lab" / "index.html")
        assert (site / "lite" / "files" / query).is_file(), query
    intro = (site / "book" / "intro.html").read_text(encoding="utf-8")
    assert "在浏览器中运行" in intro and "下载" in intro
