"""crmkit.nbreuse: nbval runs a process's notebooks on one kernel, reset before each."""

from __future__ import annotations

import subprocess
import sys

import nbformat

PID = "import os\nopen({log!r}, 'a').write(f'{{os.getpid()}}\\n')\n"


def _notebook(path, source: str, printed: str | None) -> None:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    cell = nbformat.v4.new_code_cell(source)
    if printed is not None:
        cell.execution_count = 1
        cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=printed)]
    nb.cells = [cell]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(nbformat.writes(nb), encoding="utf-8")


def test_notebooks_share_a_kernel_start_clean_and_a_timed_out_kernel_is_not_reused(tmp_path):
    log = str(tmp_path / "pids.txt")
    pid = PID.format(log=log)
    # the first notebook changes what a reused kernel could carry over
    _notebook(tmp_path / "a.ipynb", pid + (
        "import matplotlib, pandas as pd, warnings\nleft = 1\n"
        "matplotlib.rcParams['lines.linewidth'] = 9\npd.set_option('display.max_rows', 3)\n"
        "warnings.simplefilter('error')\nos.chdir('/')"), None)
    # the second, in a subfolder, is saved with what a new kernel prints
    # (and the kernel talks over Unix sockets: crmkit.kernels)
    shows = pid + ("import matplotlib, pandas as pd, warnings\n"
                   "from ipykernel.kernelapp import IPKernelApp\n"
                   "print('left' in dir(), matplotlib.rcParams['lines.linewidth'], "
                   "pd.get_option('display.max_rows'), warnings.filters[0][0] == 'error', "
                   "os.path.basename(os.getcwd()), IPKernelApp.instance().transport)")
    _notebook(tmp_path / "sub" / "b.ipynb", shows, "False 1.5 60 False sub ipc\n")
    _notebook(tmp_path / "stale.ipynb", pid + "print(43)", "42\n")  # fails, kernel is fine
    _notebook(tmp_path / "slow.ipynb", pid + "import time\ntime.sleep(30)", None)
    _notebook(tmp_path / "sub" / "c.ipynb", shows, "False 1.5 60 False sub ipc\n")
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "--nbval", "-p", "crmkit.nbreuse",
         "--nbval-cell-timeout", "2", "-p", "no:cacheprovider", "-q", "--rootdir", ".",
         "a.ipynb", "sub/b.ipynb", "stale.ipynb", "slow.ipynb", "sub/c.ipynb"],
        cwd=tmp_path, capture_output=True, text=True, timeout=120)
    summary = run.stdout.split("short test summary")[-1]
    assert "2 failed, 3 passed" in run.stdout, run.stdout
    assert "stale.ipynb" in summary and "slow.ipynb" in summary
    a, b, stale, slow, c = open(log, encoding="utf-8").read().split()
    assert a == b == stale == slow  # one kernel for the first four notebooks
    assert c != slow  # the kernel nbval interrupted was stopped; c got a new one
    after = subprocess.run(["ps", "-o", "pid=", "-p", f"{slow},{c}"], capture_output=True,
                           text=True)
    assert after.stdout.strip() == ""  # and no kernel is left running
