"""The browser edition opened from the built learner book, in Chromium.

JupyterLab comes up in Chinese, the file browser lists the course folders, and a lab
opened from its book page shows its Chinese title. The Pyodide runtime itself is loaded
from its CDN at run time, which this machine cannot reach, so running cells is not
checked here (README: 浏览器版 names the command that checks it where the CDN is reachable).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LAB = "notebooks/07-value-matrix.ipynb"


def _title(notebook: Path) -> str:
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    for cell in cells:
        if cell["cell_type"] == "markdown":
            found = re.search(r"^# (.+)$", "".join(cell["source"]), flags=re.M)
            if found:
                return found.group(1).strip()
    raise AssertionError(f"{notebook.name} has no title")


def test_the_lab_opens_in_jupyterlab_in_chinese(site, browser):
    page_url = f"{site['learner']}/{LAB[:-6]}.html"
    with browser.session(page_url) as page:
        href = page.eval("document.querySelector('.crmkit-lite-link a').href")
        assert href.endswith(f"lite/lab/index.html?path={LAB}")
        page.goto(href)
        shown = page.wait_for("document.querySelector('.jp-NotebookPanel .jp-RenderedMarkdown h1')"
                              " !== null", seconds=60)
        facts = page.eval("""(() => ({
            title: (document.querySelector('.jp-NotebookPanel .jp-RenderedMarkdown h1') || {})
                .textContent || '',
            menus: [...document.querySelectorAll('.lm-MenuBar-itemLabel')].map(m => m.textContent),
            tab: (document.querySelector(
                '#jp-main-dock-panel .lm-TabBar-tab.lm-mod-current .lm-TabBar-tabLabel')
                || {}).textContent || '',
        }))()""")
        # the file browser: open the side panel if it is closed (a click on an open one
        # closes it), read the lab's own folder, then go to the top of the course
        page.eval("""(() => {
            const tab = document.querySelector('[data-id="filebrowser"]');
            const side = document.querySelector('#jp-left-stack');
            if (tab && (!side || side.classList.contains('lm-mod-hidden'))) tab.click();
        })()""")
        items = ("[...document.querySelectorAll('.jp-DirListing-item')]"
                 ".map(i => i.textContent.trim())")
        page.wait_for(f"{items}.some(i => i.startsWith('{Path(LAB).name}'))", seconds=30)
        crumbs = page.eval("document.querySelector('.jp-BreadCrumbs').textContent")
        page.eval("document.querySelector('.jp-BreadCrumbs-home').click()")
        page.wait_for(f"{items}.some(i => i.startsWith('cases'))", seconds=30)
        listing = page.eval(items)
    assert shown, "the notebook did not render within 60 s"
    assert _title(ROOT / LAB) in facts["title"].replace("¶", "").replace("#", "")
    assert "文件" in facts["menus"] and "帮助" in facts["menus"], facts["menus"]
    assert facts["tab"] == "07-value-matrix.ipynb"
    # the file browser opens in the lab's folder; the course's three folders are at the
    # top, with the file browser's dates in Chinese
    assert crumbs.strip("/ ") == Path(LAB).parent.as_posix(), crumbs
    assert [item[:len(f)] for item, f in zip(listing, ["cases", "exercises", "notebooks"],
                                             strict=False)] == ["cases", "exercises",
                                                                "notebooks"], listing
    assert all(re.search(r"(前|刚刚|昨天|\d{4})", item) for item in listing), listing
