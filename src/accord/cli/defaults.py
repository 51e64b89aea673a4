"""Defaults and names the command line shows before any engine is loaded.

Each value mirrors one defined in the engine that owns it (named beside it); a test checks
they agree, so the command line can build its help and defaults without importing numba,
scipy or plotly.
"""

from __future__ import annotations

__all__ = ["GUARANTEE_DRAWS", "MODEL_NAMES", "NO_GUARANTEE", "REPORT_DRAWS", "SOLUTION_NAMES"]

GUARANTEE_DRAWS = 20_000
"""``accord.guarantees.simulation.DEFAULT_DRAWS``."""

REPORT_DRAWS = 5_000
"""``accord.report.sections.REPORT_DRAWS``."""

NO_GUARANTEE = "none"
"""``accord.guarantees.architecture.NONE``: the architecture with no guarantee."""

SOLUTION_NAMES = ("nash", "ks", "egalitarian", "utilitarian")
"""``accord.deals.solutions.SOLUTIONS``."""

MODEL_NAMES = (
    "weighted-mean",
    "compromise",
    "median",
    "eu",
    "smp",
    "reference",
    "commission",
    "agenda",
    "codecision",
    "power",
    "learned",
    "learned-select",
    "learned-mix",
    "learned-stack",
)
"""``accord.forecast.registry.model_names()``."""
