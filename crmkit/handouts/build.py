"""Build the printable handouts (HTML, then A4 PDF through headless Chromium).

Three products: ``roleplay-cards.pdf`` (a 客户卡 and a 客户经理卡 per scenario,
one card per page so pairs can split them), ``case-handouts.pdf`` (every case's
背景, 分析任务 and 讨论题 without code or trainer notes, one case starting on a
new page) and ``schedule.pdf`` (the two-day workshop schedule from the guide).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from crmkit.cases import MODULE_NAMES, case_info
from crmkit.errors import CrmkitError
from crmkit.handouts.templates import (
    ROOT,
    esc,
    markdown_html,
    myst_to_markdown,
    page,
    sections,
)
from crmkit.roleplay import best_path, compile_scenario
from crmkit.roleplay.vocab import OUTCOMES, SKILLS

CASE_SECTIONS = ("背景", "分析任务", "讨论题")
SCHEDULE_HEADING = "两天工作坊日程安排"
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run",
                  "--no-pdf-header-footer")


# ---------------------------------------------------------------- role-play cards

def _customer_lines(scenario: dict) -> list[tuple[str, str]]:
    """(speaker, line) along the best path, so the customer player knows what to raise."""
    nodes = {n["id"]: n for n in scenario["nodes"]}
    path = best_path(scenario)
    order = [c["node"] for c in path["choices"]] if path else [scenario["start"]]
    return [(nodes[n]["speaker"], nodes[n]["customer"]) for n in order if nodes[n]["customer"]]


def customer_card(scenario: dict) -> str:
    """The 客户卡: who the customer is, how they feel and what they say and care about."""
    p = scenario["persona"]
    endings = scenario["endings"]
    good = next((e for e in endings if e["success"] and e.get("customer")), None)
    bad = [e for e in endings if not e["success"]]
    lines = "".join(
        f"<li>{'' if who == p['name'] else f'（{esc(who)}说）'}<q>{esc(text)}</q></li>"
        for who, text in _customer_lines(scenario))
    refusals = "”“".join(dict.fromkeys(e["outcome"] for e in bad))
    return f"""<section class="sheet"><div class="card customer">
<span class="kind">客户卡</span>
<h1>{esc(scenario['title'])}</h1>
<p class="meta">这张卡给扮演客户的一方，不要给搭档看。</p>
<dl>
<dt>姓名</dt><dd>{esc(p['name'])}</dd>
<dt>职务</dt><dd>{esc(p['role'])}</dd>
<dt>单位</dt><dd>{esc(p['company'])}</dd>
<dt>行业</dt><dd>{esc(p['industry'])}</dd>
<dt>此刻心情</dt><dd>{esc(p['mood'])}</dd>
<dt>反应模式</dt><dd>{esc(p['response_mode'])}：{esc(p['response_mode_note'])}</dd>
<dt>你的处境</dt><dd>{esc(p.get('background') or '')}</dd>
</dl>
<h2>你在意的事：按顺序说出这些话</h2>
<ol>{lines}</ol>
<h2>怎样回应</h2>
<ul>
<li>对方先听懂你的顾虑、给出具体的办法，你再一步步松口。</li>
<li>对方施压、绕开你的问题或只顾介绍产品时，就冷下来，让谈话停在“{esc(refusals)}”这类结果上。</li>
<li>对方把下一步说到具体的时间、地点和联系人，你可以同意。{
        f'最后一句可以这样说：<q>{esc(good["customer"])}</q>' if good else ''}</li>
</ul>
</div></section>"""


def manager_card(scenario: dict) -> str:
    """The 客户经理卡: the situation, the goal, skills to practise and the result to bring back."""
    path = best_path(scenario)
    options = {(n["id"], o["id"]): o for n in scenario["nodes"] for o in n["options"]}
    skills = [options[(c["node"], c["option"])]["skill"] for c in path["choices"]] if path else []
    skill_items = "".join(f"<li><b>{esc(s)}</b>（{esc(SKILLS[s][0])}）：{esc(SKILLS[s][1])}</li>"
                          for s in dict.fromkeys(skills))
    rubric = "".join(f"<li><b>{esc(r['name'])}</b>（{r['max']} 分）："
                     f"{esc(r['description'] or '')}</li>" for r in scenario["rubric"])
    success = [e for e in scenario["endings"] if e["success"]]
    results = []
    for e in success:
        detail = ""
        if e.get("appointment"):
            a = e["appointment"]
            detail = (f"<dl><dt>时间</dt><dd>{esc(a['time'])}</dd><dt>地点</dt>"
                      f"<dd>{esc(a['place'])}</dd><dt>联系人</dt><dd>{esc(a['contact'])}</dd></dl>")
        elif e.get("next_step"):
            step = e["next_step"].rstrip()
            detail = f"<p>例如：{esc(step)}{'' if step[-1:] in '。！？' else '。'}</p>"
        results.append(f"<li><b>{esc(e['outcome'])}</b>：{esc(OUTCOMES[e['outcome']][1])}{detail}</li>")
    return f"""<section class="sheet"><div class="card manager">
<span class="kind">客户经理卡</span>
<h1>{esc(scenario['title'])}</h1>
<p class="meta">你的身份：{esc(scenario.get('trainee') or '客户经理')}；客户：{
        esc(scenario['persona']['name'])}（{esc(scenario['persona']['role'])}）</p>
<h2>情境</h2>
<p>{esc(scenario.get('summary') or '')}</p>
<h2>目标</h2>
<p>{esc(scenario['goal'])}</p>
<h2>要练的技能</h2>
<ul>{skill_items}</ul>
<h2>提示：搭档会按这几点打分</h2>
<ul>{rubric}</ul>
<h2>要带回来的结果</h2>
<ul>{''.join(results)}</ul>
<p class="meta">不论结果如何，都要把下一步落到具体的时间、地点和联系人上。</p>
</div></section>"""


def roleplay_cards_html(folder: Path | str | None = None) -> str:
    """Both cards for every scenario in ``cases/roleplay`` (customer card first)."""
    folder = Path(folder) if folder else ROOT / "cases" / "roleplay"
    files = sorted(folder.glob("*.yaml"))
    if not files:
        raise CrmkitError("没有找到角色扮演场景文件", file=str(folder),
                          hint="场景放在 cases/roleplay/ 下，扩展名为 .yaml")
    body = "".join(customer_card(s) + manager_card(s)
                   for s in (compile_scenario(f) for f in files))
    return page("角色扮演卡", body)


# ---------------------------------------------------------------- case handouts

def case_sheet(index: Path) -> str:
    """One case's handout: title, metadata line and the 背景, 分析任务 and 讨论题 sections."""
    info = case_info(index)
    text = myst_to_markdown(index.read_text(encoding="utf-8"))
    parts = sections(text)
    title = next((ln[2:].strip() for ln in parts[""].splitlines() if ln.startswith("# ")),
                 info["title"])
    missing = [s for s in CASE_SECTIONS if s not in parts]
    if missing:
        raise CrmkitError(f"案例页缺少“{'”“'.join(missing)}”小节", file=str(index))
    meta = (f"模块{MODULE_NAMES[info['module']]}｜行业：{info['industry']}｜练习的技能："
            f"{'、'.join(info['skills'])}｜建议用时：{info['minutes']} 分钟")
    body = "".join(f"<h2>{esc(s)}</h2>\n{markdown_html(parts[s])}" for s in CASE_SECTIONS)
    return (f'<section class="sheet"><h1>{esc(title)}</h1><p class="meta">{esc(meta)}</p>\n'
            '<p class="note">这份讲义只收案例的文字部分；文中提到的表格、图和代码，'
            "请在网页书的案例页或笔记本里运行查看。</p>\n"
            f'{body}<p class="foot">案例数据和完整分析步骤见网页书中的案例页'
            f"（cases/{esc(index.parent.name)}）。</p></section>")


def case_pages(root: Path | str | None = None) -> list[Path]:
    """Case pages ordered like the catalogue: by module, then by folder name."""
    root = Path(root) if root else ROOT / "cases"
    pages = sorted(root.glob("*/index.md"))
    return sorted(pages, key=lambda p: case_info(p)["module"])


def case_handout_html(root: Path | str | None = None) -> str:
    """Every case handout in one document, each case starting on a new page."""
    return page("案例讲义", "".join(case_sheet(p) for p in case_pages(root)))


# ---------------------------------------------------------------- schedule

def guide_schedule(guide: Path | str | None = None) -> str:
    """The Markdown under the schedule heading of the course guide, MyST removed."""
    guide = Path(guide) if guide else ROOT / "book" / "00-guide" / "index.md"
    parts = sections(myst_to_markdown(guide.read_text(encoding="utf-8")))
    if SCHEDULE_HEADING not in parts:
        raise CrmkitError(f"课程导引里找不到“{SCHEDULE_HEADING}”一节", file=str(guide))
    return parts[SCHEDULE_HEADING]


def schedule_days(markdown: str) -> list[str]:
    """The schedule split before each bold day line (**第一天…**); the intro stays with day 1."""
    chunks: list[list[str]] = [[]]
    for line in markdown.splitlines():
        if _DAY.match(line.strip()) and any(_DAY.match(x.strip()) for x in chunks[-1]):
            chunks.append([])
        chunks[-1].append(line)
    return ["\n".join(c).strip() for c in chunks]


_DAY = re.compile(r"^\*\*第[一二三四五六七八九十]+天")


def schedule_html(guide: Path | str | None = None) -> str:
    """The two-day schedule on A4, one day per page (intro and the one-day tip included)."""
    sheets = "".join(
        f'<section class="sheet schedule"><h1>{SCHEDULE_HEADING}</h1>{markdown_html(day)}'
        "</section>" for day in schedule_days(guide_schedule(guide)))
    return page("两天工作坊日程", sheets)


# ---------------------------------------------------------------- PDF

def chromium() -> str:
    """Path of the Chromium binary, or a CrmkitError saying how to install it."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    raise CrmkitError("没有找到 Chromium 浏览器，无法生成 PDF",
                      hint="运行 make system-deps（即 tools/install_system_deps.sh）")


def print_pdf(html_file: Path, pdf_file: Path, timeout: int = 60) -> Path:
    """Print one HTML file to PDF with headless Chromium in a throwaway profile."""
    with tempfile.TemporaryDirectory(prefix="crmkit-chromium-") as profile:
        cmd = [chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}",
               f"--print-to-pdf={pdf_file}", Path(html_file).resolve().as_uri()]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    if not pdf_file.is_file() or pdf_file.stat().st_size == 0:
        raise CrmkitError(f"Chromium 没有生成 {pdf_file.name}",
                          hint=f"Chromium 的输出：{done.stderr.strip()[-300:]}")
    return pdf_file


def build_all(out: Path | str, pdf: bool = True) -> dict[str, Path]:
    """Write the three HTML documents to ``out`` and, with ``pdf``, print them in parallel."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    docs = {"roleplay-cards": roleplay_cards_html(), "case-handouts": case_handout_html(),
            "schedule": schedule_html()}
    written: dict[str, Path] = {}
    for name, text in docs.items():
        written[name] = out / f"{name}.html"
        written[name].write_text(text, encoding="utf-8")
    if not pdf:
        return written
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=len(docs)) as pool:
        jobs = {name: pool.submit(print_pdf, path, out / f"{name}.pdf")
                for name, path in written.items()}
        return {name: job.result() for name, job in jobs.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crmkit.handouts",
                                     description="生成可打印的工作坊讲义（PDF）")
    parser.add_argument("--out", default="_build/handouts", help="输出文件夹")
    parser.add_argument("--html-only", action="store_true", help="只生成 HTML，不打印 PDF")
    args = parser.parse_args(argv)
    start = time.monotonic()
    try:
        files = build_all(args.out, pdf=not args.html_only)
    except CrmkitError as err:
        print(err, file=sys.stderr)
        return 1
    for path in files.values():
        print(os.path.relpath(path))
    print(f"共 {len(files)} 个文件，用时 {time.monotonic() - start:.1f} 秒")
    return 0
