"""Two learners on one training-room PC, in Chromium on the learner edition.

The first learner answers with a few wrong tries, enters a name, reloads (every item
comes back as left, tries counted), reads their own record and downloads it; then
换一位学员 clears the browser and the second learner's download holds only their own
answers. Both files are gathered as a trainer would: first-try and final verdicts match
what was clicked.
"""

from __future__ import annotations

import json

import pytest

from crmkit.selfcheck import ITEMS

M7 = "/exercises/07-exercises.html"
M6 = "/exercises/06-exercises.html"

# helpers run in the page: answer an item, read what each box shows, capture a download
HELPERS = """
window.T = {
  box: id => [...document.querySelectorAll('.crmkit-quiz')]
      .find(b => JSON.parse(b.dataset.spec).item === id),
  choose: (id, letter) => [...T.box(id).querySelectorAll('.crmkit-quiz-option')]
      .find(b => b.textContent === letter).click(),
  fill: (id, text) => { const b = T.box(id); b.querySelector('input').value = text;
      b.querySelector('.crmkit-quiz-check').click(); },
  said: id => T.box(id).querySelector('.crmkit-quiz-feedback').textContent,
  chosen: id => (T.box(id).querySelector('.crmkit-quiz-option.chosen') || {}).textContent || null,
  typed: id => T.box(id).querySelector('input').value,
  bar: () => document.querySelector('.crmkit-learner'),
  press: cls => T.bar().querySelector(cls).click(),
  name: who => { T.bar().querySelector('.crmkit-learner-input').value = who;
      T.press('.crmkit-learner-set'); },
  download: async () => {
    let blob = null;
    const real = URL.createObjectURL;
    URL.createObjectURL = b => { blob = b; return 'data:,'; };
    const file = [];
    const click = HTMLAnchorElement.prototype.click;
    HTMLAnchorElement.prototype.click = function () { file.push(this.download); };
    document.querySelector('.crmkit-quiz-export button').click();
    URL.createObjectURL = real; HTMLAnchorElement.prototype.click = click;
    const note = document.querySelector('.crmkit-quiz-export .crmkit-quiz-note');
    return {file: file[0] || null, note: note.textContent,
            record: blob ? JSON.parse(await blob.text()) : null};
  },
};
"""


def run(page, script: str):
    page.eval(HELPERS)
    return page.eval(f"(async () => {{ {script} }})()")


@pytest.fixture(scope="module")
def room(site, browser, tmp_path_factory):
    """Everything the two learners saw, in order, from one browser profile."""
    expected = ITEMS["7.3"].expected()
    seen = {}
    with browser.session(site["learner"] + M7) as page:
        page.wait_for("document.querySelector('.crmkit-learner') !== null")
        seen["fresh"] = run(page, """
            T.choose('7.1', 'A'); T.choose('7.1', 'C'); T.choose('7.1', 'B');
            T.fill('7.3', '1'); T.fill('7.3', 'EXPECTED');
            const early = await T.download();
            T.name('张三');
            return {early, bar: T.bar().textContent, input: !!T.bar().querySelector('input')};
        """.replace("EXPECTED", str(expected)))
        page.reload()
        page.wait_for("document.querySelector('.crmkit-learner-name') !== null")
        seen["reloaded"] = run(page, """
            T.press('.crmkit-learner-record');
            const rows = [...T.bar().querySelectorAll('tbody tr')]
                .map(r => [...r.cells].map(c => c.textContent));
            return {chosen: T.chosen('7.1'), said71: T.said('7.1'), typed73: T.typed('7.3'),
                    said73: T.said('7.3'),
                    name: T.bar().querySelector('.crmkit-learner-name').textContent,
                    rows, download: await T.download()};
        """)
        seen["switched"] = run(page, """
            T.press('.crmkit-learner-switch');
            const warning = T.bar().querySelector('.crmkit-learner-confirm').textContent;
            T.press('.crmkit-learner-confirm-yes');
            const blank = [...document.querySelectorAll('.crmkit-quiz-feedback')]
                .every(f => f.textContent === '');
            const chosen = T.chosen('7.1');
            T.name('李四');
            T.choose('7.5', 'A');
            return {warning, blank, chosen, download: await T.download()};
        """)
        page.goto(site["learner"] + M6)
        page.wait_for("document.querySelector('.crmkit-learner-name') !== null")
        seen["other_page"] = page.eval(
            "document.querySelector('.crmkit-learner-name').textContent")
        seen["errors"] = page.console_errors()
    folder = tmp_path_factory.mktemp("class")
    for step in ("reloaded", "switched"):
        download = seen[step]["download"]
        (folder / download["file"]).write_text(json.dumps(download["record"]), encoding="utf-8")
    seen["folder"] = folder
    return seen


def test_no_download_without_a_name(room):
    early = room["fresh"]["early"]
    assert early["record"] is None and early["file"] is None
    assert "先在本页上方的「作答人」处填写姓名或学号" in early["note"]
    assert room["fresh"]["input"] is False and "张三" in room["fresh"]["bar"]


def test_a_reload_shows_every_item_as_it_was_left(room):
    seen = room["reloaded"]
    assert seen["name"] == "张三"
    assert seen["chosen"] == "B"
    assert seen["said71"].startswith("[7.1] ✅ 正确")
    assert "已作答 3 次，第一次答错" in seen["said71"]
    assert seen["said73"].startswith("[7.3] ✅ 正确")
    assert "已作答 2 次，第一次答错" in seen["said73"]
    assert seen["typed73"] == ITEMS["7.3"].answer_text(ITEMS["7.3"].expected())


def test_the_learner_sees_every_try(room):
    rows = {r[0]: r[1:] for r in room["reloaded"]["rows"]}
    assert rows["7.1"] == ["3", "答错", "答对", "A → C → B"]
    assert rows["7.3"][:3] == ["2", "答错", "答对"]


def test_the_first_learner_exports_their_tries(room):
    download = room["reloaded"]["download"]
    assert download["file"] == "answers-m7-张三.json"
    record = download["record"]
    assert record["learner"] == "张三" and record["format"] == "crmkit-answers/1"
    entries = {e["item"]: e for e in record["items"]}
    assert sorted(entries) == ["7.1", "7.3"]
    assert [(t["answer"], t["ok"]) for t in entries["7.1"]["attempts"]] == \
        [("A", False), ("C", False), ("B", True)]
    assert entries["7.1"]["ok"] is True


def test_after_switching_the_second_learner_exports_only_their_own(room):
    seen = room["switched"]
    assert "张三" in seen["warning"] and "2 道题" in seen["warning"]
    assert seen["blank"] and seen["chosen"] is None
    record = seen["download"]["record"]
    assert seen["download"]["file"] == "answers-m7-李四.json"
    assert record["learner"] == "李四"
    assert [(e["item"], [t["answer"] for t in e["attempts"]]) for e in record["items"]] == \
        [("7.5", ["A"])]


def test_the_name_follows_the_learner_to_every_exercise_page(room):
    assert room["other_page"] == "李四"
    assert not room["errors"]


def test_the_trainer_gathers_first_tries_from_the_two_downloads(room):
    from crmkit.selfcheck.gather import gather, item_summary, stuck_by_learner

    g = gather(room["folder"])
    assert not g.skipped and sorted(g.exports["学员"]) == ["张三", "李四"]
    stuck = stuck_by_learner(g)
    assert stuck.loc["张三", "答对"] == 2 and stuck.loc["张三", "首次答对"] == 0
    assert stuck.loc["张三", "改了才答对的题"] == "7.1、7.3"
    assert item_summary(g).loc["7.1", "最常见的错答"] == "A（1 人）"
