"""The static-page quiz judges exactly like the kernel: same hashes, same normalisation."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from crmkit.selfcheck import ITEMS, check
from crmkit.selfcheck.core import key_hash, normalize_members

ROOT = Path(__file__).resolve().parents[2]
QUIZ_JS = ROOT / "crmkit/selfcheck/static/quiz.js"
NODE = shutil.which("node")


def run_js(calls: list[dict]) -> list:
    """Call functions of quiz.js under node; each call is {"fn": name, "args": [...]}."""
    script = (f"const q = require({json.dumps(str(QUIZ_JS))});"
              f"const calls = {json.dumps(calls, ensure_ascii=False)};"
              "console.log(JSON.stringify(calls.map(c => q[c.fn](...c.args))));")
    done = subprocess.run([NODE, "-e", script], capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def test_hash_is_fnv1a_32():
    # FNV-1a of "" is the offset basis; of "a" the published test vector e40c292c.
    assert key_hash("", "")[:0] == ""
    value = 0x811C9DC5
    for byte in b"a":
        value = ((value ^ byte) * 0x01000193) & 0xFFFFFFFF
    assert f"{value:08x}" == "e40c292c"


@pytest.mark.skipif(NODE is None, reason="node is not installed")
def test_python_and_javascript_hash_agree():
    texts = [("7.1", "B"), ("7.2", "52.50"), ("7.6", "B,E"), ("3.4", "重要价值客户")]
    js = run_js([{"fn": "fnv1a", "args": [f"{i}|{t}"]} for i, t in texts])
    assert js == [key_hash(i, t) for i, t in texts]


@pytest.mark.skipif(NODE is None, reason="node is not installed")
def test_page_accepts_the_right_answers_and_rejects_wrong_ones():
    right = {"7.1": "b", "7.2": "52.5", "7.3": None, "7.4": None, "7.5": "B", "7.6": "e，b"}
    right["7.3"] = str(ITEMS["7.3"].expected())
    right["7.4"] = f"{ITEMS['7.4'].expected()}%"
    wrong = {"7.1": "A", "7.2": "52", "7.3": "1", "7.4": "99.9", "7.5": "D", "7.6": "B"}
    specs = {i: ITEMS[i].static_spec() for i in right}
    calls = ([{"fn": "judge", "args": [specs[i], a]} for i, a in right.items()]
             + [{"fn": "judge", "args": [specs[i], a]} for i, a in wrong.items()]
             + [{"fn": "judge", "args": [specs["7.2"], "五十"]},
                {"fn": "judge", "args": [specs["7.2"], ""]}])
    verdicts = run_js(calls)
    assert [v["ok"] for v in verdicts[:6]] == [True] * 6
    assert [v["ok"] for v in verdicts[6:12]] == [False] * 6
    assert verdicts[12]["ok"] is False and "需要一个数字" in verdicts[12]["message"]
    assert verdicts[13]["ok"] is None
    # the kernel agrees with the page on every one of these answers
    for item, answer in right.items():
        assert check(item, answer).ok is True
    for item, answer in wrong.items():
        assert check(item, answer).ok is False


def test_static_spec_never_holds_the_plain_answer():
    for item in ITEMS.values():
        spec = json.dumps(item.static_spec(), ensure_ascii=False)
        if item.kind == "number":
            assert f"{float(item.expected()):g}" not in spec.replace(item.hint, "")
        if item.kind == "members":
            assert normalize_members(item.expected()) not in spec
        assert "key" in item.static_spec()


def test_decimals_follow_tolerance():
    assert ITEMS["7.2"].decimals() == 2
    assert ITEMS["7.3"].decimals() == 0
    assert ITEMS["7.4"].decimals() == 1
