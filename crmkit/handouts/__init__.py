"""Printable workshop handouts: role-play cards, case handouts and the schedule as PDF.

``python -m crmkit.handouts --out _build/handouts`` writes self-contained HTML
pages and prints each to A4 PDF with headless Chromium, so trainers can hand out
paper in a room without screens.
"""

from crmkit.handouts.build import (
    build_all,
    case_handout_html,
    guide_schedule,
    print_pdf,
    roleplay_cards_html,
    schedule_html,
)

__all__ = ["build_all", "case_handout_html", "guide_schedule", "print_pdf",
           "roleplay_cards_html", "schedule_html"]
