"""Print the handouts to PDF with headless Chromium and check every page has content.

Needs chromium and pdftoppm (Debian packages chromium and poppler-utils, installed
by ``make system-deps``). Each PDF page is rasterised at 50 dpi in grey; a page counts as
printed when a fair share of its pixels is not white.
"""

import html
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from crmkit.handouts import build_all

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = sorted((ROOT / "cases" / "roleplay").glob("*.yaml"))
CASES = sorted((ROOT / "cases").glob("*/index.md"))
MIN_INK = 0.003  # share of non-white pixels; a blank page has 0, a page of five lines ≈ 0.01

pytestmark = [
    pytest.mark.skipif(shutil.which("pdftoppm") is None,
                       reason="pdftoppm 未安装（Debian 包 poppler-utils）：运行 make system-deps"),
    pytest.mark.skipif(shutil.which("chromium") is None,
                       reason="chromium 未安装：运行 make system-deps"),
]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build_all(tmp_path_factory.mktemp("handouts"))


def pages(pdf: Path, folder: Path) -> list[Path]:
    """Rasterise every page of ``pdf`` into ``folder``, in grey; the image files in order.

    Grey PGM rather than PNG: encoding the PNGs took longer than drawing the pages."""
    folder.mkdir()
    subprocess.run(["pdftoppm", "-r", "50", "-gray", str(pdf), str(folder / "p")],
                   check=True, capture_output=True, timeout=120)
    return sorted(folder.glob("p-*.pgm"))


def ink(image: Path) -> float:
    """Share of pixels darker than light grey."""
    gray = Image.open(image).convert("L")
    dark = sum(gray.histogram()[:200])
    return dark / (gray.width * gray.height)


def test_the_three_handouts_are_built(built):
    # (no time limit here: speed is measured in benchmarks/, not asserted in a test)
    assert sorted(built) == ["case-handouts", "roleplay-cards", "schedule"]


@pytest.mark.parametrize("name, expected", [
    ("roleplay-cards", lambda n: n == 3 * len(SCENARIOS)),  # customer, manager, observer
    ("schedule", lambda n: n == 2),  # one day per page
    ("case-handouts", lambda n: len(CASES) <= n <= 4 * len(CASES)),  # each case on new page
])
def test_pages_are_printed(built, tmp_path, name, expected):
    images = pages(built[name], tmp_path / name)
    assert expected(len(images)), f"{name}.pdf 有 {len(images)} 页"
    for image in images:
        size = Image.open(image).size
        assert size[0] < size[1], f"{image.name} 不是纵向 A4"
        assert ink(image) > MIN_INK, f"{name}.pdf 的 {image.name} 几乎是空白页"


def page_texts(pdf: Path) -> list[str]:
    """The text of every page of ``pdf`` (pdftotext -layout splits pages with a form feed)."""
    done = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                          capture_output=True, text=True, timeout=120)
    return done.stdout.split("\f")[:-1] if done.stdout.endswith("\f") else done.stdout.split("\f")


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext 未安装（poppler-utils）")
def test_no_case_handout_page_ends_with_a_heading(built):
    pdfs = built
    source = (pdfs["case-handouts"].with_suffix(".html")).read_text(encoding="utf-8")
    headings = {re.sub(r"\s+", "", html.unescape(h))
                for h in re.findall(r"<h[2-4]>(.*?)</h[2-4]>", source)}
    texts = page_texts(pdfs["case-handouts"])
    assert len(texts) >= len(CASES)
    for number, text in enumerate(texts, 1):
        lines = [ln for ln in text.splitlines() if ln.strip()]
        last = re.sub(r"\s+", "", lines[-1]) if lines else ""
        assert last not in headings, f"case-handouts.pdf 第 {number} 页以标题“{last}”结尾"
