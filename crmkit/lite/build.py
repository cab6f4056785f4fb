"""The browser edition: JupyterLite with every lab and exercise, crmkit and a Chinese font.

``python -m crmkit.lite --out _build/lite`` (``make lite``) builds a static site that
runs the labs in the browser tab with the Pyodide kernel:

* contents: every lab (``notebooks/``) and exercise notebook (solutions removed, as in
  the learner edition) with, at the top, one cell that installs crmkit from the site,
  and the case data the labs read (``cases/<slug>/*.csv`` …, role-play scenarios);
* ``crmkit`` as a pure-Python wheel served by piplite, with the dependencies Pyodide has
  (numpy, pandas, matplotlib, scipy, networkx, pyyaml come with the Pyodide
  distribution; ipywidgets, openpyxl and their small pure-Python dependencies are
  served from the site, ``_vendor/lite-wheels``), so nothing is fetched from PyPI;
* a subset of Noto Sans CJK SC inside that wheel, covering every character of the
  kit's notebooks, code (chart labels) and data plus GB2312, which ``use_chinese_font``
  registers when ``mplfonts`` (the full 16 MB font) is absent;
* the JupyterLab interface in Chinese (the zh-CN language pack).

Pyodide itself (with numpy, pandas, matplotlib) is not on any registry this build can
reach, so the site loads it at run time from ``pyodide_url``: the public CDN by
default, or a bank's intranet mirror (``make lite PYODIDE_URL=...``).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from crmkit.errors import CrmkitError

ROOT = Path(__file__).resolve().parents[2]
PYODIDE_URL = "https://cdn.jsdelivr.net/pyodide/v314.0.6/full/pyodide.mjs"
FONT_NAME = "NotoSansCJKsc-subset.otf"
FONT_LIMIT = 6 * 1024 * 1024
SITE_LIMIT = 100 * 1024 * 1024
LAB_PATTERNS = ("notebooks/*.ipynb", "exercises/[0-9]*-exercises.ipynb")
DATA_SUFFIXES = {".csv", ".xlsx", ".json", ".yaml", ".yml"}
# What the wheel needs in Pyodide: crmkit's dependencies without mplfonts (the full fonts;
# the wheel carries its own subset). tests/pages/test_lite_site.py checks them against
# Pyodide's package lock.
LITE_DEPENDENCIES = ["numpy", "pandas", "matplotlib", "ipywidgets", "pyyaml", "jsonschema",
                     "openpyxl", "scipy", "networkx"]
# Pure-Python wheels Pyodide's distribution lacks, served from the site (fetched once).
EXTRA_WHEELS = ("ipywidgets", "jupyterlab_widgets", "comm", "openpyxl", "et_xmlfile")
SETUP_TAG = "crmkit-lite-setup"
SETUP_CELL = ("# 浏览器版：第一次运行时安装课程包（从本网站下载，约 10 秒；之后可以直接往下运行）\n"
              "%pip install -q crmkit")
CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\u3000-\u303f]")


BANK_PATTERN = "[0-9][0-9]-exercises.yaml"  # as crmkit.selfcheck.bank.PATTERN


def lab_notebooks(root: Path = ROOT) -> list[Path]:
    """Every lab and exercise notebook a learner works on (the trainer's report left out)."""
    from crmkit.booktools import trainer_only

    found = [p for pattern in LAB_PATTERNS for p in sorted(Path(root).glob(pattern))]
    return [p for p in found if not trainer_only(p)]


def data_files(root: Path = ROOT) -> list[Path]:
    """The case data the labs read (``../cases/<slug>/...``) and their data cards."""
    cases = Path(root) / "cases"
    files = [p for p in sorted(cases.rglob("*")) if p.is_file()
             and (p.suffix in DATA_SUFFIXES or p.name == "DATA.md")]
    return [p for p in files if "__pycache__" not in p.parts]


def kit_characters(root: Path = ROOT) -> set[str]:
    """Every CJK character (and full-width sign) in the kit's notebooks, code and data.

    Code means the ``crmkit`` sources, where chart titles and labels are written; data
    means the case files. Computed from the files, never listed by hand.
    """
    root = Path(root)
    paths = [*lab_notebooks(root), *sorted((root / "crmkit").rglob("*.py")),
             *sorted((root / "crmkit").rglob("*.json")), *data_files(root)]
    found: set[str] = set()
    for path in paths:
        if path.suffix == ".xlsx":
            continue  # zipped; its text is also in the data card and the generator code
        found |= set(CJK.findall(path.read_text(encoding="utf-8", errors="ignore")))
    return found


def gb2312_characters() -> set[str]:
    """The 6,763 hanzi and the symbols of GB2312 (rows 1–9 and 16–87), from the codec."""
    chars = set()
    for row in [*range(0xA1, 0xAA), *range(0xB0, 0xF8)]:
        for cell in range(0xA1, 0xFF):
            try:
                chars.add(bytes([row, cell]).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return chars


def subset_font(source: Path, target: Path, chars: set[str]) -> Path:
    """Noto Sans CJK SC cut to ``chars`` plus printable ASCII (fontTools' subsetter)."""
    from fontTools import subset

    options = subset.Options()
    options.hinting = False
    options.name_IDs = ["*"]  # keep the family name matplotlib looks for
    options.layout_features = ["kern", "liga", "vert", "vrt2", "locl", "palt"]
    options.notdef_outline = True
    font = subset.load_font(str(source), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes={ord(c) for c in chars} | set(range(0x20, 0x7F)))
    subsetter.subset(font)
    target.parent.mkdir(parents=True, exist_ok=True)
    subset.save_font(font, str(target), options)
    return target


def build_wheel(root: Path, out_dir: Path, font: Path) -> Path:
    """crmkit as a pure-Python wheel for Pyodide: the package, the font subset and the
    dependencies Pyodide can satisfy. Built offline with the installed setuptools."""
    import crmkit

    root, out_dir = Path(root), Path(out_dir)
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp)
        shutil.copytree(root / "crmkit", src / "crmkit",
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "fonts"))
        (src / "crmkit" / "fonts").mkdir()
        shutil.copy2(font, src / "crmkit" / "fonts" / FONT_NAME)
        banks = src / "crmkit" / "selfcheck" / "banks"  # the exercise items (bank.bank_dir)
        banks.mkdir()
        for bank in sorted((root / "exercises").glob(BANK_PATTERN)):
            shutil.copy2(bank, banks / bank.name)
        deps = ", ".join(json.dumps(d) for d in LITE_DEPENDENCIES)
        (src / "pyproject.toml").write_text(
            '[build-system]\nrequires = ["setuptools>=61"]\n'
            'build-backend = "setuptools.build_meta"\n\n'
            f'[project]\nname = "crmkit"\nversion = "{crmkit.__version__}"\n'
            'description = "客户分析·维护·营销 实训课程包的代码（浏览器版）"\n'
            'requires-python = ">=3.11"\nlicense = {text = "MIT"}\n'
            f"dependencies = [{deps}]\n\n"
            '[tool.setuptools.packages.find]\ninclude = ["crmkit*"]\n\n'
            '[tool.setuptools.package-data]\n'
            'crmkit = ["**/*.js", "**/*.css", "**/*.json", "fonts/*.otf",'
            ' "selfcheck/banks/*.yaml"]\n',
            encoding="utf-8")
        out_dir.mkdir(parents=True, exist_ok=True)
        done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps",
                               "--no-build-isolation", "--no-index", "-q", "-w", str(out_dir),
                               str(src)], capture_output=True, text=True)
        if done.returncode:
            raise CrmkitError("没能打包浏览器版的 crmkit", hint=done.stderr.strip()[-400:])
    return next(out_dir.glob("crmkit-*.whl"))


def extra_wheels(vendor: Path) -> list[Path]:
    """The pure-Python wheels of ``EXTRA_WHEELS``, at the versions installed here."""
    from importlib.metadata import version

    wanted = {name: version(name) for name in EXTRA_WHEELS}
    found = {}
    for name, ver in wanted.items():
        stem = name.replace("-", "_")
        hits = sorted(Path(vendor).glob(f"{stem}-{ver}-*.whl"))
        if hits:
            found[name] = hits[0]
    missing = sorted(set(wanted) - set(found))
    if missing:
        raise CrmkitError(f"缺少浏览器版要用的 {len(missing)} 个纯 Python 包：{'、'.join(missing)}",
                          file=str(vendor),
                          hint="先运行 tools/fetch_lite_wheels.sh（make lite 会自动运行）")
    return [found[n] for n in EXTRA_WHEELS]


def stage_contents(root: Path, staging: Path, setup_cell: bool = True) -> list[Path]:
    """Copy the labs (learner copies, with the set-up cell first unless ``setup_cell`` is
    False, as on the classroom hub where crmkit is installed) and the case data."""
    import nbformat

    from crmkit.learner import strip_notebook

    root, staging = Path(root), Path(staging)
    written = []
    for path in lab_notebooks(root):
        nb = json.loads(path.read_text(encoding="utf-8"))
        nb = nbformat.from_dict(strip_notebook(nb))
        if setup_cell:
            setup = nbformat.v4.new_code_cell(SETUP_CELL, metadata={"tags": [SETUP_TAG]})
            setup.id = SETUP_TAG
            nb.cells.insert(0, setup)
        target = staging / path.relative_to(root)
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, target)
        written.append(target)
    for path in data_files(root):
        target = staging / path.relative_to(root)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)
    return written


def site_config(lite_dir: Path, pyodide_url: str) -> None:
    """``jupyter-lite.json`` (name, Pyodide URL, no PyPI) and ``overrides.json`` (Chinese)."""
    kernel = {"pyodideUrl": pyodide_url, "disablePyPIFallback": True}
    config = {"jupyter-lite-schema-version": 0, "jupyter-config-data": {
        "appName": "客户分析·维护·营销 实训（浏览器版）",
        "disabledExtensions": ["jupyterlab-jupytext"],  # needs a Jupyter server
        "litePluginSettings": {"@jupyterlite/pyodide-kernel-extension:kernel": kernel}}}
    (lite_dir / "jupyter-lite.json").write_text(json.dumps(config, ensure_ascii=False, indent=1),
                                               encoding="utf-8")
    overrides = {"@jupyterlab/translation-extension:plugin": {"locale": "zh_CN"}}
    (lite_dir / "overrides.json").write_text(json.dumps(overrides, indent=1), encoding="utf-8")


def build_lite(out: Path, root: Path = ROOT, pyodide_url: str = PYODIDE_URL,
               vendor: Path | None = None) -> dict:
    """Build the lite site into ``out``; return what went in (for the summary and tests)."""
    from crmkit.viz import cjk_font_path

    root, out = Path(root), Path(out)
    vendor = Path(vendor) if vendor else root / "_vendor" / "lite-wheels"
    wheels = extra_wheels(vendor)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        chars = kit_characters(root) | gb2312_characters()
        font = subset_font(cjk_font_path(), tmp / FONT_NAME, chars)
        wheel = build_wheel(root, tmp / "wheels", font)
        notebooks = stage_contents(root, tmp / "contents")
        lite_dir = tmp / "lite"
        lite_dir.mkdir()
        site_config(lite_dir, pyodide_url)
        shutil.rmtree(out, ignore_errors=True)
        command = [sys.executable, "-m", "jupyterlite_core", "build", "--lite-dir", str(lite_dir),
                   "--contents", str(tmp / "contents"), "--output-dir", str(out.resolve()),
                   "--no-sourcemaps", "--no-unused-shared-packages"]
        for path in [wheel, *wheels]:
            command += ["--piplite-wheels", str(path)]
        done = subprocess.run(command, capture_output=True, text=True, cwd=tmp)
        if done.returncode:
            raise CrmkitError("JupyterLite 网站没有生成成功",
                              hint=(done.stderr or done.stdout).strip()[-600:])
        font_size = font.stat().st_size
        n_notebooks = len(notebooks)
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    return {"notebooks": n_notebooks, "font_bytes": font_size, "site_bytes": size,
            "wheel": wheel.name, "pyodide_url": pyodide_url}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crmkit.lite",
                                     description="生成浏览器版（JupyterLite）：不用安装，在浏览器里运行实验和练习")
    parser.add_argument("--out", default="_build/lite", help="输出目录")
    parser.add_argument("--root", default=str(ROOT), help="课程包根目录")
    parser.add_argument("--pyodide-url", default="",
                        help=f"Pyodide 的 pyodide.mjs 地址（默认 {PYODIDE_URL}）")
    parser.add_argument("--into", action="append", default=[],
                        help="把浏览器版放进这个已生成的网页书（作为 lite/），并给实验页加上链接")
    args = parser.parse_args(argv)
    try:
        facts = build_lite(Path(args.out), Path(args.root), args.pyodide_url or PYODIDE_URL)
    except CrmkitError as err:
        print(err.message, file=sys.stderr)
        return 1
    print(f"已生成浏览器版：{args.out}（{facts['notebooks']} 本笔记本，中文字体子集 "
          f"{facts['font_bytes'] / 2**20:.1f} MB，整站 {facts['site_bytes'] / 2**20:.0f} MB；"
          f"Pyodide 从 {facts['pyodide_url']} 加载）")
    from crmkit.pagepolish import polish_site

    for site in map(Path, args.into):
        if (site / "index.html").is_file():
            polish_site(site, lite=args.out)
            print(f"已放进网页书：{site / 'lite'}，实验页已加上“在浏览器中运行”链接")
    return 0
