"""YAML read with libyaml's parser where PyYAML was built with it.

``yaml.safe_load`` parses in pure Python: the eight exercise banks, read by every kernel that
imports ``crmkit.selfcheck``, took 0.29 s that way and 0.03 s with libyaml (the same data,
compared on every YAML file of the kit). A text libyaml refuses is parsed again by PyYAML's
own parser, so an error keeps the wording and the line that the kit's messages are written
for (libyaml words some problems differently).
"""

from __future__ import annotations

from typing import Any

import yaml

#: SafeLoader's rules on libyaml's parser; plain SafeLoader where libyaml is missing.
FastSafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load(text: str) -> Any:
    """``yaml.safe_load(text)``, faster; a YAML error is PyYAML's own."""
    try:
        return yaml.load(text, Loader=FastSafeLoader)  # noqa: S506 - a safe loader
    except yaml.YAMLError:
        return yaml.safe_load(text)
