"""Scoring and analysis models, one module per framework. No widgets here."""
