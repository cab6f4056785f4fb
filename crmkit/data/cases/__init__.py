"""The data of the case library: one module per case folder under ``cases/``.

A module ``crmkit/data/cases/nev_chain.py`` makes the files of ``cases/nev-chain/``. It
holds the case's constants (seed figures with their source, teaching assumptions),
``LABELS`` (the Chinese name of every column) and ``generate(seed=...)``, which returns
``{file name: DataFrame}``. Modules are found by name, so adding a case is adding a
module; helpers shared by several cases, and the Chinese names of columns several cases
use, live in ``_common``.

Two kinds of numbers live in a case module and are never mixed up: figures printed in
the case's source (named constants with a comment giving the seed and section), and
teaching assumptions (示意) around which the seeded generator draws everything else.
The case's ``DATA.md`` says which file holds which.

    from crmkit.data import cases
    shares = cases.tables("nev-chain")["shares.csv"]
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import lru_cache
from types import ModuleType

import pandas as pd

from crmkit.errors import CrmkitError


def slugs() -> list[str]:
    """Every case that has a generator, as its folder name (``nev-chain``), sorted."""
    return list(_slugs(tuple(__path__)))


@lru_cache(maxsize=4)
def _slugs(folders: tuple[str, ...]) -> tuple[str, ...]:
    # listed once per set of folders: module() asks on every call, and the answer checks
    # call it hundreds of times
    return tuple(sorted(m.name.replace("_", "-") for m in pkgutil.iter_modules(list(folders))
                        if not m.name.startswith("_")))


def module(slug: str) -> ModuleType:
    """The module of the case ``slug`` (its constants, ``LABELS`` and ``generate``)."""
    if slug not in slugs():
        raise CrmkitError(f"没有名为“{slug}”的案例数据生成器",
                          hint=f"可选：{'、'.join(slugs())}")
    return importlib.import_module(f"{__name__}.{slug.replace('-', '_')}")


def tables(slug: str, seed: int | None = None) -> dict[str, pd.DataFrame]:
    """The files of the case ``slug`` as ``{file name: DataFrame}``, made with ``seed``.

    Without ``seed`` the case's own seed is used, which gives the committed files.
    """
    generate = module(slug).generate
    return generate() if seed is None else generate(seed=seed)


def labels(slug: str) -> dict[str, str]:
    """Chinese names of the columns in the files of the case ``slug``."""
    return dict(module(slug).LABELS)


__all__ = ["labels", "module", "slugs", "tables"]
