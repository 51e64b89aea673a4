"""Tables of a sweep summary: acceptability, Nash packages, forecasts, honour and sensitivity."""

from __future__ import annotations

from typing import Any

from accord.api.tabular import Cell, Table, Tables, cells

__all__ = ["sweep_tables"]


def _pkg(options: dict[str, str]) -> str:
    return ", ".join(f"{k}={v}" for k, v in options.items())


def sweep_tables(summary: dict[str, Any]) -> Tables:
    """The robustness tables of a sweep summary (missing values are empty cells)."""
    accept: list[tuple[Cell, ...]] = [
        cells([", ".join(c["labels"]), _pkg(c["options"]), c["p"], c["low"], c["high"]])
        for c in summary["acceptability"]
    ]
    nash = summary["nash"]
    nash_rows: list[tuple[Cell, ...]] = [
        cells([_pkg(p["options"]), p["p"], p["low"], p["high"]]) for p in nash["packages"]
    ]
    none = nash["no_acceptable"]
    nash_rows.append(cells(["(no acceptable package)", none["p"], none["low"], none["high"]]))
    forecast: list[tuple[Cell, ...]] = [
        cells([model, issue, q["p5"], q["p50"], q["p95"], q["baseline"]])
        for model, issues in summary["forecasts"].items()
        for issue, q in issues.items()
    ]
    honour: list[tuple[Cell, ...]] = [
        cells([gid, who, q["p5"], q["p50"], q["p95"], q["baseline"]])
        for gid, rows in summary["honour"].items()
        for who, q in rows.items()
    ]
    sens: list[tuple[Cell, ...]] = [
        cells([r["input"], r["max_abs_rho"], r["rho"], r["output"]])
        for r in summary["sensitivity"]["ranking"]
    ]
    interval = ("p", "low95", "high95")
    return Tables(
        f"Sweep of {summary['case']} (seed {summary['seed']})",
        [
            Table(
                "acceptability",
                "P(acceptable to everyone) per candidate",
                ("candidate", "package", *interval),
                tuple(accept),
            ),
            Table("nash", "Nash solution per draw", ("package", *interval), tuple(nash_rows)),
            Table(
                "forecasts",
                "Forecast percentiles",
                ("model", "issue", "p5", "p50", "p95", "baseline"),
                tuple(forecast),
            ),
            Table(
                "honour",
                "P(honour) percentiles",
                ("guarantee", "guarantor", "p5", "p50", "p95", "baseline"),
                tuple(honour),
            ),
            Table(
                "sensitivity", "Inputs that matter most", ("input", "max_abs_rho", "rho", "with"), tuple(sens)
            ),
        ],
    )
