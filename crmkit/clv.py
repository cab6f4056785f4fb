"""Customer lifetime value: ``crmkit.clv.fit_bgnbd(frequency, recency, T)`` and friends.

A short import path for the models in :mod:`crmkit.models.clv` (Dwyer's discounted
formula, BG/NBD and Gamma-Gamma fitted by maximum likelihood).
"""

from crmkit.models.clv import (  # noqa: F401
    BGNBDFit,
    GammaGammaFit,
    compare_clv,
    dwyer_clv,
    dwyer_schedule,
    expected_purchases,
    expected_spend,
    fit_bgnbd,
    fit_gamma_gamma,
    prob_alive,
    probabilistic_clv,
    simulate_bgnbd,
)
