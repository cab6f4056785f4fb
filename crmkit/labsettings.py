"""JupyterLab in Chinese by default: the zh-CN language pack selected for every user.

``python -m crmkit.labsettings`` (run by ``make venv``) writes the settings override
JupyterLab reads from ``<prefix>/share/jupyter/lab/settings/overrides.json``, so
``make start`` and every trainee's server on the classroom hub open in Chinese; a user can
still switch the language in the Settings menu.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

LOCALE = {"@jupyterlab/translation-extension:plugin": {"locale": "zh_CN"}}


def write_overrides(prefix: str | Path = sys.prefix) -> Path:
    """Merge the Chinese locale into the environment's overrides.json (other keys kept)."""
    path = Path(prefix) / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    current = {}
    if path.is_file():
        try:
            current = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError:
            current = {}
    current.update(LOCALE)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(current, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


if __name__ == "__main__":
    print(f"JupyterLab 默认中文界面：{write_overrides()}")
