"""Render a model validation: the backtest table against a constant rate, and the checks."""

from __future__ import annotations

import math
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

__all__ = ["render_validation"]


def render_validation(report: dict[str, Any], console: Console) -> None:
    """Print the validation report: the backtest table and each check."""
    table = Table(title="War-recurrence model, leave one war out, against a constant rate (same run)")
    for col in ("outcome", "horizon", "Brier model", "Brier constant", "skill", "C-index model"):
        table.add_column(col, justify="right" if col != "outcome" else "left")
    for outcome, bt in report["backtest"].items():
        for h, b in bt["brier"].items():
            table.add_row(
                outcome,
                f"{h} y",
                f"{b['weibull']:.4f}",
                f"{b['constant_rate']:.4f}",
                f"{b['skill']:+.3f}",
                f"{bt['c_index']['weibull']:.3f}",
            )
    console.print(table)
    fortna = report.get("fortna")
    if fortna:
        console.print(Text(f"Fortna civil-war peacekeeping check: {_fortna_line(fortna)}"))
    else:
        console.print(
            Text(f"Fortna civil-war peacekeeping check: {report.get('fortna_status')}", style="yellow")
        )
    retro = Table(title="Retrodictions, computed only from what was known before the event")
    for col in ("case", "variant", "P (median)", "90% interval", "what happened"):
        retro.add_column(col, overflow="fold")
    for r in report["retrodictions"]:
        for variant, res in r.get("results", {}).items():
            lo, hi = res.get("p_90", [math.nan, math.nan])
            retro.add_row(
                str(r.get("title", r.get("key", ""))),
                str(variant),
                f"{res.get('p_median', math.nan):.3f} ({res.get('outcome', '')})",
                f"{lo:.3f}-{hi:.3f}",
                str(r.get("happened", "")),
            )
    console.print(retro)


def _fortna_line(f: dict[str, Any]) -> str:
    parts = []
    for key in ("naive", "adjusted"):
        row = f.get(key)
        rows = {key: row} if isinstance(row, dict) and "hr" in row else (row if isinstance(row, dict) else {})
        for name, r in rows.items():
            if isinstance(r, dict) and "hr" in r:
                label = key if name == key else f"{key} ({name})"
                parts.append(
                    f"{label} HR {r['hr']:.2f} [{r.get('low', math.nan):.2f}-{r.get('high', math.nan):.2f}]"
                )
    return "; ".join(parts) or "see --json"
