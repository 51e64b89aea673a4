"""JSON form of a comparison of guarantee architectures (shared by the CLI and the web API)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from accord.case import Case
from accord.guarantees.durability import DurabilityEstimate, durability_of
from accord.guarantees.simulation import NONE, NONE_NAME
from accord.guarantees.types import ArchitectureResult

__all__ = ["architecture_name", "guarantees_to_dict"]


def architecture_name(case: Case, guarantee_id: str) -> str:
    """Return the display name of an architecture (a guarantee id or ``"none"``)."""
    if guarantee_id == NONE:
        return NONE_NAME
    for g in case.guarantees:
        if g.id == guarantee_id:
            return g.name
    return guarantee_id


def _durability(case: Case, guarantee_id: str) -> DurabilityEstimate:
    return durability_of(case, None if guarantee_id == NONE else guarantee_id)


def _durability_dict(case: Case, guarantee_id: str) -> dict[str, float]:
    est = _durability(case, guarantee_id)
    return {"p_hold": est.probability, "low": est.low, "high": est.high, "window_years": est.window_years}


def guarantees_to_dict(
    case: Case, results: Mapping[str, ArchitectureResult], *, draws: int, horizon_years: float, seed: int
) -> dict[str, Any]:
    """Return the JSON document of a comparison of architectures."""
    return {
        "case": case.id,
        "draws": draws,
        "horizon_years": horizon_years,
        "seed": seed,
        "architectures": [
            {
                "id": gid,
                "name": architecture_name(case, gid),
                "p_honour": dict(r.p_honour),
                "p_major_war": r.p_major_war,
                "expected_months_to_violation": r.expected_months_to_violation,
                "survival": [float(x) for x in r.survival],
                "pax_durability": _durability_dict(case, gid),
            }
            for gid, r in results.items()
        ],
    }
