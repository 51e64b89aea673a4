"""Rich tables and JSON for the ``accord guarantees`` command (CLI layer only)."""

from __future__ import annotations

from collections.abc import Mapping

from rich.console import Console
from rich.table import Table
from rich.text import Text

from accord.case import Case
from accord.guarantees.durability import durability_of
from accord.guarantees.export import architecture_name as _name
from accord.guarantees.export import guarantees_to_dict
from accord.guarantees.simulation import NONE
from accord.guarantees.types import ArchitectureResult

__all__ = ["SURVIVAL_YEARS", "guarantees_to_dict", "render_guarantees"]

SURVIVAL_YEARS = (1, 2, 5, 10)
"""Years at which the table shows the survival curve (those within the horizon)."""


def _durability_text(case: Case, guarantee_id: str) -> str:
    est = durability_of(case, None if guarantee_id == NONE else guarantee_id)
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
