"""Shared test set-up: keep matplotlib's cache out of the home folder, property tests
that draw the same examples on every run, and a headless Chromium for the tests that
click through a page."""

import os
import shutil
import subprocess
import tempfile

import pytest
from hypothesis import settings

# The same examples on every run: a check that passes on one clean clone passes on the next.
# (A failure hypothesis once found stays as an explicit example in the test itself.)
settings.register_profile("kit", derandomize=True)
settings.load_profile("kit")

os.environ.setdefault("MPLCONFIGDIR", tempfile.mkdtemp(prefix="crmkit-mpl-"))
os.environ.setdefault("MPLBACKEND", "Agg")


@pytest.fixture
def chromium_dom():
    """``dump(url)``: the page's DOM after its scripts ran in headless Chromium (skips the
    test when no Chromium is installed; make test installs it)."""
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    if binary is None:
        pytest.skip("没有找到 chromium：跳过在浏览器里操作网页的测试（make test 会安装）")

    def dump(url: str) -> str:
        with tempfile.TemporaryDirectory() as profile:
            run = subprocess.run(
                [binary, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", f"--user-data-dir={profile}",
                 "--virtual-time-budget=8000", "--dump-dom", url],
                capture_output=True, text=True, timeout=120, check=True,
                env={**os.environ, "HOME": profile})
        return run.stdout

    return dump
