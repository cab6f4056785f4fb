"""ipywidgets builders: thin layers over crmkit.models, one module per lab."""
