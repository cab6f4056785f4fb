"""Self-check functions for the exercise notebooks: immediate feedback in Chinese.

``check(item_id, answer)`` never raises on a learner's answer: an empty answer,
a wrong type or a wrong value all come back as :class:`Feedback` explaining what
is wrong and giving a hint. Expected values are computed from crmkit, never typed in.
``export_answers(name, module)`` saves the session's verdicts for the trainer.
"""

from __future__ import annotations

from crmkit.selfcheck.core import ITEMS, Feedback, check
from crmkit.selfcheck.export import export_answers

# Importing the module files registers their items.
from crmkit.selfcheck import m07  # noqa: E402,F401  isort: skip

__all__ = ["ITEMS", "Feedback", "check", "export_answers"]
