"""Charts for the models in crmkit.models, one module per model; each returns a closed Figure."""
