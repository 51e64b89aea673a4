"""Rich tables and JSON for the ``accord guarantees`` command (CLI layer only)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from accord.case import Case
from accord.guarantees.durability import DurabilityEstimate, durability_of
from accord.guarantees.simulation import NONE, NONE_NAME
from accord.guarantees.types import ArchitectureResult

__all__ = ["SURVIVAL_YEARS", "guarantees_to_dict", "render_guarantees"]

SURVIVAL_YEARS = (1, 2, 5, 10)
"""Years at which the table shows the survival curve (those within the horizon)."""


def _name(case: Case, guarantee_id: str) -> str:
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
                "name": _name(case, gid),
                "p_honour": dict(r.p_honour),
                "p_major_war": r.p_major_war,
                "expected_months_to_violation": r.expected_months_to_violation,
                "survival": [float(x) for x in r.survival],
                "pax_durability": _durability_dict(case, gid),
            }
            for gid, r in results.items()
        ],
    }


def _durability_text(case: Case, guarantee_id: str) -> str:
    est = _durability(case, guarantee_id)
    return f"{est.probability:.2f} [{est.low:.2f}-{est.high:.2f}]"


def render_guarantees(case: Case, results: Mapping[str, ArchitectureResult], console: Console) -> None:
    """Print the architectures side by side, safest first as given."""
    first = next(iter(results.values()), None)
    if first is None:
        return
    horizon = first.horizon_months
    years = [y for y in SURVIVAL_YEARS if y * 12 <= horizon]
    title = (
        f"Guarantee architectures for {case.id}: {first.draws:,} draws, "
        f"{horizon} months ({horizon / 12:g} years)"
    )
    table = Table(title=title, title_justify="left")
    table.add_column("architecture", overflow="fold")
    table.add_column("P(honour) per guarantor", overflow="fold")
    table.add_column("P(major war)", justify="right")
    table.add_column("months to violation", justify="right")
    table.add_column("PA-X P(holds 2y) [95%]", justify="right")
    for y in years:
        table.add_column(f"S({y}y)", justify="right")
    for gid, r in results.items():
        name = Text(_name(case, gid))
        name.append(f"\n{gid}", style="dim")
        honour = Text(", ".join(f"{g} {p:.2f}" for g, p in r.p_honour.items()) or "-")
        table.add_row(
            name,
            honour,
            f"{r.p_major_war:.3f}",
            f"{r.expected_months_to_violation:.1f}",
            _durability_text(case, gid),
            *(f"{r.survival[y * 12]:.3f}" for y in years),
        )
    console.print(table)
    console.print(
        Text(
            "S(ny): share of histories with no violation of any kind after n years. "
            "P(major war): share of histories with renewed full-scale war within the horizon. "
            "Months to the first violation count histories without one as the horizon (a lower bound). "
            "PA-X P(holds 2y): share of agreements with the provisions this guarantee implies that needed "
            "no renewed ceasefire within two years (an association in mostly intrastate conflicts). "
            "Model and assumptions: docs/guarantees.md.",
            style="dim",
        )
    )
