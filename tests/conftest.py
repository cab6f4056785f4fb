"""Shared test set-up: keep matplotlib's cache out of the home folder."""

import os
import tempfile

os.environ.setdefault("MPLCONFIGDIR", tempfile.mkdtemp(prefix="crmkit-mpl-"))
os.environ.setdefault("MPLBACKEND", "Agg")
