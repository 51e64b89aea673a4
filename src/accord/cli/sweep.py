"""The ``accord sweep`` command: Monte Carlo robustness over uncertain inputs (CLI layer only)."""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.text import Text

from accord.case import load_case
from accord.cli.app import (
    CsvOpt,
    XlsxOpt,
    app,
    err_console,
    export_tables,
    handle_errors,
    out_console,
    print_json,
)
from accord.cli.progress import showing_progress
from accord.errors import AnalysisError

if TYPE_CHECKING:
    from accord.sweep.run import ProgressFn

__all__ = ["sweep_cmd"]


def _progress(show: bool) -> contextlib.AbstractContextManager[ProgressFn | None]:
    return showing_progress("draws", err_console(), show)


@app.command("sweep")
@handle_errors
def sweep_cmd(
    case: Annotated[str, typer.Argument(help="A built-in case name or a path to a case YAML file.")],
    draws: Annotated[int, typer.Option("--draws", help="Monte Carlo draws in total.", min=1)],
    seed: Annotated[int, typer.Option("--seed", help="Seed: the same seed gives the same draws.", min=0)] = 0,
    backend: Annotated[str, typer.Option("--backend", help="local (process pool) or dask.")] = "local",
    workers: Annotated[int, typer.Option("--workers", help="Worker processes.", min=1)] = 1,
    address: Annotated[
        str | None, typer.Option("--address", help="A running Dask scheduler (tcp://host:8786).")
    ] = None,
    track: Annotated[
        str | None, typer.Option("--track", help="Track id (default: the case's default track).")
    ] = None,
    models: Annotated[
        str, typer.Option("--models", help="Forecasting models, comma-separated.")
    ] = "compromise",
    no_widen: Annotated[
        bool, typer.Option("--no-widen", help="Do not widen positions by claim credibility.")
    ] = False,
    out_file: Annotated[
        Path | None, typer.Option("--out", help="Write every draw to this results file (JSON lines).")
    ] = None,
    resume: Annotated[
        Path | None,
        typer.Option(
            "--resume",
            help="Continue this results file: damaged records are reported, rerun; new draws appended.",
        ),
    ] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print the whole summary as JSON.")] = False,
    csv_dir: CsvOpt = None,
    xlsx: XlsxOpt = None,
) -> None:
    """Rerun deals, forecasts and guarantee credibility over uncertain inputs; report what is robust."""
    if backend not in ("local", "dask"):
        raise AnalysisError(f"unknown backend {backend!r} (known: local, dask)")
    from accord.cli.render.sweep import render_summary
    from accord.sweep.run import SweepResult, run_sweep

    names = tuple(m.strip() for m in models.split(",") if m.strip())
    loaded = load_case(case)

    def notice(line: str) -> None:
        err_console().print(Text(line))

    with _progress(sys.stderr.isatty()) as progress:
        result: SweepResult = run_sweep(
            loaded,
            draws,
            seed=seed,
            backend="dask" if backend == "dask" else "local",
            workers=workers,
            address=address,
            track=track,
            models=names,
            widen=not no_widen,
            progress=progress,
            results_path=out_file,
            resume=resume,
            notice=notice,
        )
    if result.interrupted:
        where = f"saved in {result.results_path}" if result.results_path else "not saved (no --out)"
        hint = f"; continue with --resume {result.results_path}" if result.results_path else ""
        err_console().print(
            Text(f"interrupted: {result.done} of {result.draws} draws finished, {where}{hint}")
        )
        raise typer.Exit(130)
    if json_out:
        print_json(result.summary)
    else:
        render_summary(result.summary, out_console())
    from accord.api.sweep_tables import sweep_tables

    export_tables(lambda: sweep_tables(result.summary), csv_dir, xlsx)
