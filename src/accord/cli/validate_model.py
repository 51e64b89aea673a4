"""The ``accord validate-model`` command: rerun a validation and compare it with the docs (CLI layer)."""

from __future__ import annotations

import math
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.text import Text

from accord.cli.app import app, err_console, handle_errors, out_console, print_json
from accord.cli.progress import showing_progress
from accord.errors import AnalysisError

__all__ = ["validate_model_cmd"]

MODELS = ("guarantees",)
"""Models with a validation."""

DEFAULT_DATA = Path(__file__).resolve().parents[3].parent / "shared" / "data"
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
    from accord.cli.render.validation import render_validation
    from accord.guarantees.validation import shipped_validation, validate

    data_dir = data if data is not None else (DEFAULT_DATA if DEFAULT_DATA.is_dir() else None)
    if data is not None and not data.is_dir():
        raise AnalysisError(f"--data {str(data)!r} is not a folder")
    with showing_progress("validating", err_console(), sys.stderr.isatty()) as progress:
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
    render_validation(report, out_console())
    if diffs:
        err_console().print(
            Text(f"{len(diffs)} figures differ from the shipped ones (docs/guarantees.md):", style="red")
        )
        for d in diffs[:20]:
            err_console().print(Text(f"  {d}", style="red"))
        raise typer.Exit(1)
    out_console().print(Text("All figures match the shipped validation (docs/guarantees.md).", style="green"))
