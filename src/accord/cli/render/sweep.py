"""Render the summary of a Monte Carlo sweep: robustness of deals, forecasts and guarantees."""

from __future__ import annotations

import math
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

__all__ = ["render_summary"]

SENSITIVITY_ROWS = 15
"""Inputs listed in the sensitivity table."""


def _pkg(options: dict[str, str], base: dict[str, str] | None = None) -> str:
    """A package in full, or as its differences from the baseline Nash package."""
    if base is None:
        return ", ".join(f"{k}={v}" for k, v in options.items())
    changed = [f"{k}={v}" for k, v in options.items() if base.get(k) != v]
    return "baseline Nash" + (" but " + ", ".join(changed) if changed else "")


def _interval(entry: dict[str, Any]) -> str:
    if entry["p"] is None:
        return "-"
    return f"{entry['p']:.3f} [{entry['low']:.3f}-{entry['high']:.3f}]"


def _num(value: float | None, fmt: str) -> str:
    return "-" if value is None else format(value, fmt)


def render_summary(summary: dict[str, Any], console: Console) -> None:
    """Print the four robustness results of a sweep as tables."""
    d = summary["draws"]
    opts = summary["options"]
    failed = f" ({d['failed']} failed)" if d["failed"] else ""
    console.print(
        Text(
            f"Sweep of {summary['case']}: {d['ok']} of {d['asked']} draws{failed}, seed {summary['seed']}, "
            f"{summary['inputs']} uncertain inputs, track {opts['track'] or 'all actors'} "
            f"({', '.join(opts['actors'])})"
        )
    )
    for message in summary["errors"]:
        console.print(Text(f"  a draw failed: {message}"))
    base = summary["nash"]["baseline"]
    console.print(Text(f"Baseline Nash package: {_pkg(base) if base else 'none (nothing acceptable)'}"))
    table = Table(title="P(acceptable to everyone at the table) per candidate package [Wilson 95%]")
    for col in ("candidate", "package", "P(acceptable)"):
        table.add_column(col)
    for cand in summary["acceptability"]:
        table.add_row(Text(", ".join(cand["labels"])), Text(_pkg(cand["options"], base)), _interval(cand))
    console.print(table)
    nash = summary["nash"]
    table = Table(title=f"Nash solution per draw ({nash['distinct']} distinct packages; top 10)")
    for col in ("package", "share [95%]"):
        table.add_column(col)
    for pkg in nash["packages"]:
        table.add_row(Text(_pkg(pkg["options"], base)), _interval(pkg))
    table.add_row(Text("(no acceptable package)"), _interval(nash["no_acceptable"]))
    console.print(table)
    table = Table(title="Forecast per issue: 5th / 50th / 95th percentile (baseline)")
    for col in ("model", "issue", "p5", "p50", "p95", "baseline"):
        table.add_column(col, justify="right" if col not in ("model", "issue") else "left")
    for model, issues in summary["forecasts"].items():
        for issue, q in issues.items():
            table.add_row(model, issue, *(_num(q[k], ".1f") for k in ("p5", "p50", "p95", "baseline")))
    console.print(table)
    if summary["honour"]:
        table = Table(title="P(honour) per guarantee and guarantor: 5th / 50th / 95th percentile (baseline)")
        for col in ("guarantee", "guarantor", "p5", "p50", "p95", "baseline"):
            table.add_column(col, justify="right" if col.startswith("p") or col == "baseline" else "left")
        for gid, rows in summary["honour"].items():
            for who, q in rows.items():
                table.add_row(gid, who, *(_num(q[k], ".3f") for k in ("p5", "p50", "p95", "baseline")))
        console.print(table)
    sens = summary["sensitivity"]
    table = Table(title="Inputs that matter most: largest |Spearman rho| with any key output")
    for col in ("input", "|rho|", "rho", "with"):
        table.add_column(col, justify="right" if "rho" in col else "left")
    for row in sens["ranking"][:SENSITIVITY_ROWS]:
        table.add_row(row["input"], f"{row['max_abs_rho']:.2f}", f"{row['rho']:+.2f}", row["output"])
    console.print(table)
    if d["ok"] > 3 and sens["ranking"]:
        noise = 2.0 / math.sqrt(d["ok"] - 1)
        console.print(
            Text(f"With {d['ok']} draws, |rho| below about {noise:.2f} cannot be told from noise (2 s.e.).")
        )
