"""JSON form of a comparison of guarantee architectures (shared by the CLI, the web API and the report)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from accord.case import Case
from accord.guarantees.architecture import NONE, NONE_NAME
from accord.guarantees.durability import DurabilityEstimate, durability_of
from accord.guarantees.inverse import BreakEven, Target, TargetAnswer
from accord.guarantees.types import ArchitectureResult, Estimate, GuarantorResult

__all__ = ["architecture_name", "guarantees_to_dict", "horizon_key", "target_to_dict"]


def architecture_name(case: Case, guarantee_id: str) -> str:
    """Return the display name of an architecture (a guarantee id or ``"none"``)."""
    if guarantee_id == NONE:
        return NONE_NAME
    for g in case.guarantees:
        if g.id == guarantee_id:
            return g.name
    return guarantee_id


def horizon_key(months: int) -> str:
    """Return the JSON key of a horizon: years, as few digits as needed (``"10"``, ``"2.5"``)."""
    return f"{months / 12:g}"


def _durability(case: Case, guarantee_id: str) -> DurabilityEstimate:
    return durability_of(case, None if guarantee_id == NONE else guarantee_id)


def _durability_dict(case: Case, guarantee_id: str) -> dict[str, Any]:
    est = _durability(case, guarantee_id)
    return {
        "p_hold": est.probability,
        "low": est.low,
        "high": est.high,
        "window_years": est.window_years,
        "label": "PA-X association (mostly intrastate agreements): not a causal estimate",
    }


def _by_horizon(values: Mapping[int, Estimate]) -> dict[str, dict[str, float]]:
    return {horizon_key(m): e.to_dict() for m, e in values.items()}


def _guarantor(row: GuarantorResult) -> dict[str, Any]:
    c = row.credibility
    return {
        "id": c.guarantor,
        "is_threat": c.is_threat,
        "ex_ante": None if c.ex_ante is None else c.ex_ante.to_dict(),
        "honour_if_attacked": None if c.invoked is None else c.invoked.to_dict(),
        "turnover_share": c.turnover,
        "capacity_share": row.capacity_share,
        "base_rate": c.base_rate,
        "base_source": c.base_source,
        "modifiers": [
            {"name": m.name, "odds_ratio": m.odds_ratio, "source": m.source, "note": m.note}
            for m in c.modifiers
        ],
    }


def architecture_to_dict(case: Case, gid: str, r: ArchitectureResult) -> dict[str, Any]:
    """Return the JSON form of one architecture's result."""
    return {
        "id": gid,
        "name": architecture_name(case, gid),
        "p_honour": dict(r.p_honour),
        "p_major_war": r.p_major_war,
        "expected_months_to_violation": r.expected_months_to_violation,
        "war": _by_horizon(r.war),
        "violation": _by_horizon(r.violation),
        "diff_none": _by_horizon(r.diff_none),
        "diff_none_violation": _by_horizon(r.diff_none_violation),
        "guarantors": [_guarantor(g) for g in r.guarantors],
        "protection": None if r.protection is None else r.protection.to_dict(),
        "hazard_multiplier": None if r.multiplier is None else r.multiplier.to_dict(),
        "contributions": dict(r.contributions),
        "mechanisms": list(r.mechanisms),
        "warnings": list(r.warnings),
        "survival": [float(x) for x in r.survival],
        "war_curve": [float(x) for x in r.war_curve],
        "pax_durability": _durability_dict(case, gid),
    }


def guarantees_to_dict(
    case: Case, results: Mapping[str, ArchitectureResult], *, draws: int, horizon_years: float, seed: int
) -> dict[str, Any]:
    """Return the JSON document of a comparison of architectures."""
    return {
        "case": case.id,
        "draws": draws,
        "horizon_years": horizon_years,
        "seed": seed,
        "intervals": "80% and 95% intervals over parameter draws; se is the Monte Carlo error of the mean",
        "architectures": [architecture_to_dict(case, gid, r) for gid, r in results.items()],
    }


def target_to_dict(
    case: Case, target: Target, answers: list[TargetAnswer], even: list[BreakEven]
) -> dict[str, Any]:
    """Return the JSON form of an inverse question's answers."""
    return {
        "case": case.id,
        "target": {"metric": target.metric, "years": target.years, "below": target.threshold},
        "answers": [
            {
                "id": x.architecture,
                "name": architecture_name(case, x.architecture),
                "current": x.current,
                "meets": x.meets,
                "credibility_needed": x.credibility,
                "risk_at_full_credibility": x.risk_at_full_credibility,
                "forces_needed": x.forces,
                "mechanisms_needed": [list(m) for m in x.mechanisms],
            }
            for x in answers
        ],
        "break_even": [
            {
                "id": b.architecture,
                "versus": b.versus,
                "versus_risk": b.versus_risk,
                "credibility": b.credibility,
            }
            for b in even
        ],
    }
