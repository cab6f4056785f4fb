"""``check(item_id, answer)``: judge an answer, remember the try and, on the classroom hub,
save the module's record where the trainer gathers it.

Above :mod:`crmkit.selfcheck.core` (the items, the judging rules, the session's tries) and
:mod:`crmkit.selfcheck.export` (records and files), so that neither imports the other back.
"""

from __future__ import annotations

import os

from crmkit.classroom.record import CLASS_ANSWERS_ENV
from crmkit.selfcheck.core import (
    ANSWER_LOG,
    ATTEMPTS,
    ITEMS,
    Feedback,
    _is_blank,
    _item_order,
    now_text,
)
from crmkit.selfcheck.export import save_for_class


def check(item_id: str, answer: object) -> Feedback:
    """Judge ``answer`` for exercise ``item_id`` and explain the verdict in Chinese."""
    item = ITEMS.get(str(item_id).strip())
    if item is None:
        known = "、".join(sorted(ITEMS, key=_item_order))
        return Feedback(str(item_id), False, f"没有编号为 {item_id!r} 的题目。现有题号：{known}")
    if _is_blank(answer):
        return Feedback(item.item_id, None,
                        f"把答案填进上面的单元格后再运行本格。提示：{item.hint}")
    try:
        ok, message = item.judge(answer)
    except Exception as err:  # a learner's odd object must never crash the check
        ok, message = False, f"这个答案无法判断（{type(err).__name__}），请按题目要求的格式作答"
    if not ok:
        message = f"{message}。提示：{item.hint}"
    try:
        text = item.answer_text(answer)
    except Exception:  # as above: never crash on an odd object
        text = type(answer).__name__
    feedback = Feedback(item.item_id, ok, message, text)
    ANSWER_LOG[item.item_id] = feedback
    tries = ATTEMPTS.setdefault(item.item_id, [])
    if not tries or tries[-1]["answer"] != text:
        tries.append({"at": now_text(), "answer": text, "ok": ok})
    if os.environ.get(CLASS_ANSWERS_ENV):  # on the classroom hub: the trainer sees it live
        problem = save_for_class(item.module)
        if problem:
            feedback = Feedback(item.item_id, ok, f"{message}（{problem}）", text)
            ANSWER_LOG[item.item_id] = feedback
    return feedback
