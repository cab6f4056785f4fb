"""The browser edition's crmkit wheel, installed into Pyodide under Node, offline.

The npm ``pyodide`` package is the core runtime: the interpreter and the standard
library, without numpy or pandas (those come only from the CDN distribution). So this
test imports every crmkit module that needs no third-party package — which modules
those are is found by importing each one in CPython with third-party packages blocked —
and runs some of them, proving the wheel's files and import paths work in Pyodide.
The labs' pandas code in Pyodide is checked only where the CDN is reachable (README).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PYODIDE = ROOT / "_vendor" / "pyodide"
WHEELS = ROOT / "_build" / "lite" / "pypi"

FIND_PURE = r"""
import importlib, json, pkgutil, sys
import crmkit
class Block:
    def find_spec(self, name, path=None, target=None):
        top = name.split(".")[0]
        if top not in sys.stdlib_module_names and top not in ("crmkit", "__future__"):
            raise ImportError(f"blocked: {name}")
sys.meta_path.insert(0, Block())
names = ["crmkit"] + [m.name for m in pkgutil.walk_packages(crmkit.__path__, "crmkit.")]
pure = []
for name in names:
    if name.endswith("__main__"):
        continue
    try:
        importlib.import_module(name)
    except Exception:
        continue
    pure.append(name)
print(json.dumps(pure))
"""

# Runs inside Pyodide: import every pure module, then use a few of them.
CHECK = """
import importlib, json, sys
import importlib.resources as resources
for name in MODULES:
    importlib.import_module(name)
from crmkit.learner import strip_text
from crmkit.errors import CrmkitError
err = CrmkitError("金额不是数字", file="流水.csv", row=3, column="金额")
font = resources.files("crmkit") / "fonts" / "NotoSansCJKsc-subset.otf"
json.dumps({"platform": sys.platform, "imported": sorted(m for m in MODULES if m in sys.modules),
            "stripped": strip_text(SAMPLE), "error": str(err),
            "font": font.is_file() and font.read_bytes()[:4].hex()}, ensure_ascii=False)
"""
SAMPLE = "正文\n\n```{solution} ex\n答案是 C\n```\n\n结尾\n"

RUN = """
import { loadPyodide } from "PYODIDE/pyodide.mjs";
import fs from "fs";
const py = await loadPyodide({ indexURL: "PYODIDE/" });
py.unpackArchive(new Uint8Array(fs.readFileSync("WHEEL")), "wheel");
console.log("RESULT " + py.runPython(fs.readFileSync("CHECK", "utf8")));
"""


@pytest.fixture(scope="module")
def pure_modules():
    done = subprocess.run([sys.executable, "-c", FIND_PURE], capture_output=True, text=True,
                          timeout=120, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-1500:]
    return json.loads(done.stdout)


def test_pure_crmkit_imports_and_runs_in_pyodide(pure_modules, tmp_path):
    node = shutil.which("node")
    if node is None or not (PYODIDE / "pyodide.mjs").is_file():
        pytest.fail("node and the Pyodide runtime are needed (make lite-tools)")
    wheel = next(WHEELS.glob("crmkit-*.whl"), None)
    if wheel is None:
        pytest.fail("build the browser edition first (make lite)")
    assert {"crmkit", "crmkit.errors", "crmkit.learner"} <= set(pure_modules)
    check = tmp_path / "check.py"
    check.write_text(f"MODULES = {pure_modules!r}\nSAMPLE = {SAMPLE!r}\n{CHECK}", encoding="utf-8")
    script = tmp_path / "run.mjs"
    script.write_text(RUN.replace("PYODIDE", PYODIDE.as_posix()).replace("WHEEL", str(wheel))
                      .replace("CHECK", str(check)), encoding="utf-8")
    done = subprocess.run([node, str(script)], capture_output=True, text=True, timeout=180)
    line = next((x for x in done.stdout.splitlines() if x.startswith("RESULT ")), None)
    # on failure Node prints the minified runtime first: show the Python error at the end
    assert line, done.stderr[-1200:]
    got = json.loads(line[len("RESULT "):])
    assert got["platform"] == "emscripten"
    assert got["imported"] == sorted(pure_modules)
    from crmkit.errors import CrmkitError
    from crmkit.learner import strip_text

    assert got["stripped"] == strip_text(SAMPLE) and "答案" not in got["stripped"]
    assert got["error"] == str(CrmkitError("金额不是数字", file="流水.csv", row=3, column="金额"))
    assert got["font"] == "4f54544f"  # "OTTO": an OpenType font with CFF outlines
