"""Self-check functions for the exercise notebooks: immediate feedback in Chinese.

``check(item_id, answer)`` never raises on a learner's answer: an empty answer,
a wrong type or a wrong value all come back as :class:`Feedback` explaining what
is wrong and giving a hint. Expected values are computed from crmkit, never typed in.
``export_answers(name, module)`` saves the session's verdicts and tries for the trainer;
``record_table(module)`` shows a learner their own tries and ``clear_record()`` forgets them.
"""

from __future__ import annotations

from crmkit.selfcheck.checker import check
from crmkit.selfcheck.core import ITEMS, Feedback, clear_record
from crmkit.selfcheck.export import export_answers, record_table


def _register_all() -> None:
    """Declare every item of every module's bank (exercises/NN-exercises.yaml)."""
    from crmkit.selfcheck.bank import register_all

    register_all()


_register_all()

__all__ = ["ITEMS", "Feedback", "check", "clear_record", "export_answers", "record_table"]
