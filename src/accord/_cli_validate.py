"""The ``accord validate-model`` command: rerun a validation and compare it with the docs (CLI layer)."""

from __future__ import annotations

import math
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from accord._progress import showing_progress
from accord.errors import AnalysisError

__all__ = ["register"]

MODELS = ("guarantees",)
"""Models with a validation."""

DEFAULT_DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"
"""Where the research copies of the datasets live in a development checkout."""


def _differences(new: Any, old: Any, path: str = "", tol: float = 1e-6) -> list[str]:
    """Return where two JSON documents differ (numbers compared to a relative tolerance)."""
    if isinstance(new, dict) and isinstance(old, dict):
        out: list[str] = []
        for key in sorted(set(new) | set(old)):
            if key not in new or key not in old:
                out.append(f"{path}/{key}: only in {'the shipped figures' if key in old else 'this run'}")
            else:
                out.extend(_differences(new[key], old[key], f"{path}/{key}", tol))
        return out
    if isinstance(new, list) and isinstance(old, list):
        if len(new) != len(old):
            return [f"{path}: {len(new)} items against {len(old)} shipped"]
        return [
            d
            for i, (a, b) in enumerate(zip(new, old, strict=True))
            for d in _differences(a, b, f"{path}[{i}]", tol)
        ]
    if isinstance(new, int | float) and isinstance(old, int | float) and not isinstance(new, bool):
        if math.isclose(float(new), float(old), rel_tol=tol, abs_tol=tol):
            return []
        return [f"{path}: {new!r} against {old!r} shipped"]
    return [] if new == old else [f"{path}: {new!r} against {old!r} shipped"]


def _print(report: dict[str, Any], console: Console) -> None:
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


def register(
    app: typer.Typer,
    handle_errors: Callable[[Callable[..., None]], Callable[..., None]],
    print_json: Callable[[Any], None],
    out: Callable[[], Console],
    err: Callable[[], Console],
) -> None:
    """Add ``validate-model`` to the CLI."""

    @app.command("validate-model")
    @handle_errors
    def validate_model_cmd(
        model: Annotated[str, typer.Argument(help="The model to validate: guarantees.")],
        data: Annotated[
            Path | None,
            typer.Option(
                "--data", help="Folder with Fortna's civil-war file (default: ../shared/data if present)."
            ),
        ] = None,
        json_out: Annotated[bool, typer.Option("--json", help="Print the whole report as JSON.")] = False,
    ) -> None:
        """Rerun a model's validation (backtest, known effects, retrodictions); compare with the docs."""
        if model not in MODELS:
            raise AnalysisError(f"unknown model {model!r} (known: {', '.join(MODELS)})")
        from accord.guarantees.validation import shipped_validation, validate

        data_dir = data if data is not None else (DEFAULT_DATA if DEFAULT_DATA.is_dir() else None)
        if data is not None and not data.is_dir():
            raise AnalysisError(f"--data {str(data)!r} is not a folder")
        with showing_progress("validating", err(), sys.stderr.isatty()) as progress:
            report = validate(data_dir, progress=progress).to_dict()
        shipped = shipped_validation().to_dict()
        skip = {"meta"} | ({"fortna"} if report.get("fortna") is None else set())
        diffs = [
            d
            for key in report
            if key not in skip and key != "fortna_status"
            for d in _differences(report[key], shipped.get(key), f"/{key}")
        ]
        if json_out:
            print_json({"report": report, "matches_shipped": not diffs, "differences": diffs[:50]})
            return
        _print(report, out())
        if diffs:
            err().print(
                Text(f"{len(diffs)} figures differ from the shipped ones (docs/guarantees.md):", style="red")
            )
            for d in diffs[:20]:
                err().print(Text(f"  {d}", style="red"))
            raise typer.Exit(1)
        out().print(Text("All figures match the shipped validation (docs/guarantees.md).", style="green"))
