"""Lecture slides: one reveal.js deck per chapter, built from the chapter's lecture parts."""

from crmkit.slides.build import build_decks, chapter_notebook, collect_titles, export_deck

__all__ = ["build_decks", "chapter_notebook", "collect_titles", "export_deck"]
