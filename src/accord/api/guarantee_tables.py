"""Tables of a guarantee comparison: P(renewed war) and P(any violation) with intervals, and honour."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from accord.api.tabular import Cell, Table, Tables, cells
from accord.case import Case
from accord.guarantees.export import guarantees_to_dict
from accord.guarantees.types import ArchitectureResult

__all__ = ["guarantee_tables"]


def _risk_rows(data: dict[str, Any], key: str) -> tuple[tuple[Cell, ...], ...]:
    rows: list[tuple[Cell, ...]] = []
    for arch in data["architectures"]:
        for horizon, est in arch[key].items():
            rows.append(
                cells(
                    [
                        arch["name"],
                        int(horizon),
                        est["mean"],
                        est["low80"],
                        est["high80"],
                        est["low95"],
                        est["high95"],
                        est["se"],
                    ]
                )
            )
    return tuple(rows)


def guarantee_tables(
    case: Case, results: Mapping[str, ArchitectureResult], *, draws: int, horizon_years: float, seed: int
) -> Tables:
    """The risk of renewed war and of any violation per architecture and horizon, and P(honour)."""
    data = guarantees_to_dict(case, results, draws=draws, horizon_years=horizon_years, seed=seed)
    columns = ("architecture", "years", "mean", "low80", "high80", "low95", "high95", "mc_se")
    honour: list[tuple[Cell, ...]] = []
    for arch in data["architectures"]:
        for guarantor, p in arch["p_honour"].items():
            honour.append(cells([arch["name"], guarantor, p]))
    return Tables(
        f"Guarantees of {case.title} ({draws:,} draws, seed {seed})",
        [
            Table("war", "P(renewed major war) by horizon", columns, _risk_rows(data, "war")),
            Table("violation", "P(any violation) by horizon", columns, _risk_rows(data, "violation")),
            Table(
                "honour",
                "P(honour | invoked) per guarantor",
                ("architecture", "guarantor", "p_honour"),
                tuple(honour),
            ),
        ],
        notes=(data["intervals"],),
    )
