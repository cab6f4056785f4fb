"""The browser edition (JupyterLite): see :mod:`crmkit.lite.build`."""

from crmkit.lite.build import build_lite, kit_characters, lab_notebooks

__all__ = ["build_lite", "kit_characters", "lab_notebooks"]
