"""Synthetic customer books and the loaders for a learner's own files."""

from crmkit.data.examples import worked_example
from crmkit.data.labels import to_display
from crmkit.data.synthetic import bank_book, wealth_book

__all__ = ["bank_book", "wealth_book", "worked_example", "to_display"]
