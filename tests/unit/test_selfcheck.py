"""How the checker reads answers (numbers, letters, sets) and an unknown item; what every
item promises is in test_selfcheck_contract.py."""

import numpy as np
import pandas as pd

from crmkit.selfcheck import ITEMS, check


def test_number_formats_accepted():
    assert check("7.2", "52.5").ok is True
    assert check("7.2", " 52.50 ").ok is True
    assert check("7.2", np.float64(52.5)).ok is True
    assert check("7.4", f"{ITEMS['7.4'].expected():.1f}%").ok is True


def test_choice_is_case_and_space_tolerant():
    assert check("7.1", " b ").ok is True


def test_set_answer_forms():
    assert check("7.6", "B, E").ok is True
    assert check("7.6", "B，E").ok is True
    assert check("7.6", {"E", "B"}).ok is True
    assert check("7.6", pd.Series(["B", "E"])).ok is True
    wrong = check("7.6", ["B", "F"])
    assert "漏了 1 位" in wrong.message and "多选了 F" in wrong.message


def test_unknown_item():
    feedback = check("9.9", 1)
    assert feedback.ok is False and "没有编号为 '9.9' 的题目" in feedback.message
