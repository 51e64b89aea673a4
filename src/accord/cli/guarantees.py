"""The ``guarantees`` command: compare guarantee architectures, or solve for a target."""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Annotated

import typer

from accord.case import load_case
from accord.cli.app import (
    CaseArg,
    CsvOpt,
    JsonOpt,
    XlsxOpt,
    app,
    err_console,
    export_tables,
    handle_errors,
    note_age,
    out_console,
    print_json,
)
from accord.cli.deals import scan_progress
from accord.cli.defaults import GUARANTEE_DRAWS, NO_GUARANTEE
from accord.errors import AnalysisError

if TYPE_CHECKING:
    from accord.case import Case

__all__ = ["guarantees_cmd"]

GUARANTEE_PROGRESS_THRESHOLD = 200_000
"""Guarantee simulations with more draws than this show a progress bar (on a terminal)."""


@app.command("guarantees")
@handle_errors
def guarantees_cmd(
    case: CaseArg,
    architecture: Annotated[
        list[str] | None,
        typer.Option(
            "--architecture",
            help=f"A guarantee id of the case, or {NO_GUARANTEE!r} (repeatable; default: every guarantee "
            "and none).",
        ),
    ] = None,
    draws: Annotated[
        int, typer.Option("--draws", min=1, help="Parameter draws (each solved in closed form).")
    ] = GUARANTEE_DRAWS,
    horizon: Annotated[
        float, typer.Option("--horizon", min=1 / 12, help="Horizon in years (monthly steps).")
    ] = 10.0,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the random generator.")] = 0,
    target: Annotated[
        str | None,
        typer.Option(
            "--target",
            help="Inverse question, e.g. 'war10<0.2': what credibility, forces or mechanisms reach it.",
        ),
    ] = None,
    versus: Annotated[
        str | None,
        typer.Option(
            "--versus", help="With --target: the credibility at which each architecture equals this one."
        ),
    ] = None,
    json_out: JsonOpt = False,
    csv_dir: CsvOpt = None,
    xlsx: XlsxOpt = None,
) -> None:
    """Compare guarantee architectures: P(renewed war) and P(any violation) with intervals, vs none."""
    loaded = load_case(case)
    note_age(loaded)
    if target is not None:
        _target(loaded, target, versus, architecture or None, seed, json_out)
        return
    if versus is not None:
        raise AnalysisError("--versus needs --target (the metric and horizon to compare on)")
    from accord.cli.render.guarantees import guarantees_to_dict, render_guarantees
    from accord.guarantees.simulation import simulate

    bar, update = scan_progress("simulating")
    use_bar = draws > GUARANTEE_PROGRESS_THRESHOLD and err_console().is_terminal
    with bar if use_bar else contextlib.nullcontext():
        results = simulate(
            loaded,
            architecture or None,
            draws=draws,
            horizon_years=horizon,
            seed=seed,
            progress=(lambda _arch, done, total: update(done, total)) if use_bar else None,
        )
    if json_out:
        print_json(guarantees_to_dict(loaded, results, draws=draws, horizon_years=horizon, seed=seed))
    else:
        render_guarantees(loaded, results, out_console())
    from accord.api.guarantee_tables import guarantee_tables

    export_tables(
        lambda: guarantee_tables(loaded, results, draws=draws, horizon_years=horizon, seed=seed),
        csv_dir,
        xlsx,
    )


def _target(
    loaded: Case, target: str, versus: str | None, ids: list[str] | None, seed: int, json_out: bool
) -> None:
    """Answer ``accord guarantees --target``: what reaches the target, and break-even credibilities."""
    from accord.cli.render.guarantees import render_target, target_to_dict
    from accord.guarantees.inverse import break_even, parse_target, solve_target

    goal = parse_target(target)
    answers = solve_target(loaded, goal, ids, seed=seed)
    even = break_even(loaded, goal, versus, ids, seed=seed) if versus is not None else []
    if json_out:
        print_json(target_to_dict(loaded, goal, answers, even))
    else:
        render_target(loaded, goal, answers, even, out_console())
