"""The ``accord sweep`` command: Monte Carlo robustness over uncertain inputs (CLI layer only)."""

from __future__ import annotations

import contextlib
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
from accord.case import load_case
from accord.errors import AnalysisError
from accord.sweep.run import ProgressFn, SweepResult, run_sweep

__all__ = ["register", "render_summary"]

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


def _progress(err: Callable[[], Console], show: bool) -> contextlib.AbstractContextManager[ProgressFn | None]:
    return showing_progress("draws", err(), show)


def register(
    app: typer.Typer,
    handle_errors: Callable[[Callable[..., None]], Callable[..., None]],
    print_json: Callable[[Any], None],
    out: Callable[[], Console],
    err: Callable[[], Console],
) -> None:
    """Add the ``sweep`` command to ``app``."""

    @app.command("sweep")
    @handle_errors
    def sweep_cmd(
        case: Annotated[str, typer.Argument(help="A built-in case name or a path to a case YAML file.")],
        draws: Annotated[int, typer.Option("--draws", help="Monte Carlo draws in total.", min=1)],
        seed: Annotated[
            int, typer.Option("--seed", help="Seed: the same seed gives the same draws.", min=0)
        ] = 0,
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
    ) -> None:
        """Rerun deals, forecasts and guarantee credibility over uncertain inputs; report what is robust."""
        if backend not in ("local", "dask"):
            raise AnalysisError(f"unknown backend {backend!r} (known: local, dask)")
        names = tuple(m.strip() for m in models.split(",") if m.strip())
        loaded = load_case(case)

        def notice(line: str) -> None:
            err().print(Text(line))

        with _progress(err, sys.stderr.isatty()) as progress:
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
            err().print(Text(f"interrupted: {result.done} of {result.draws} draws finished, {where}{hint}"))
            raise typer.Exit(130)
        if json_out:
            print_json(result.summary)
        else:
            render_summary(result.summary, out())
