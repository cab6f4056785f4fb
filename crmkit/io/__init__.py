"""A learner's own customer file: read it, mask personal data, write the RFM report.

Models never import this package; the CLI (``crmkit score`` / ``crmkit mask``)
and the upload widget both go through the same loader, checks and messages.

The names below load their module when first used (PEP 562), so that a module which only
needs ``crmkit.io.files`` (the book's build writes its files through it) does not import
pandas with the loader.
"""

from __future__ import annotations

import importlib

_FROM = {"check_as_of": "loader", "load_transactions": "loader", "DEFAULT_SALT": "mask",
         "mask_file": "mask", "mask_name": "mask", "mask_table": "mask", "mask_text": "mask",
         "pseudonym": "mask", "write_report": "report", "read_table": "table",
         "parse_date": "values"}

__all__ = sorted(_FROM)


def __getattr__(name: str):
    if name not in _FROM:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_FROM[name]}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_FROM])
