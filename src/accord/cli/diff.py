"""The ``accord diff`` command: what changed between two snapshots of a case (CLI layer only)."""

from __future__ import annotations

from typing import Annotated

import typer

from accord.case import load_case
from accord.cli.app import app, err_console, handle_errors, out_console, print_json
from accord.errors import AnalysisError

__all__ = ["diff_cmd"]


@app.command("diff")
@handle_errors
def diff_cmd(
    case_a: Annotated[str, typer.Argument(help="The earlier snapshot: a built-in name or a case file.")],
    case_b: Annotated[str, typer.Argument(help="The later snapshot: a built-in name or a case file.")],
    track: Annotated[
        list[str] | None,
        typer.Option("--track", help="Track to compare the deals of (repeatable; default: trilateral)."),
    ] = None,
    no_deals: Annotated[
        bool, typer.Option("--no-deals", help="Compare the case files only; skip the deal analysis.")
    ] = False,
    json_out: Annotated[
        bool, typer.Option("--json", help="Print machine-readable JSON instead of tables.")
    ] = False,
) -> None:
    """What changed between two snapshots of a case, and how the acceptable set and Nash package moved."""
    from accord.case.diff import diff_cases
    from accord.cli.progress import progress_bar
    from accord.cli.render.diff import render_diff, render_moves
    from accord.deals.moves import TrackMove, track_moves
    from accord.deals.tracks import default_track

    a, b = load_case(case_a), load_case(case_b)
    d = diff_cases(a, b)
    moves: list[TrackMove] = []
    if not no_deals:
        tracks = list(track) if track else [default_track(b).id]
        for t in tracks:
            if t not in {x.id for x in a.tracks} or t not in {x.id for x in b.tracks}:
                raise AnalysisError(f"track {t!r} is not in both {a.id!r} and {b.id!r}")
        use_bar = err_console().is_terminal and not json_out
        bar, update = progress_bar("scoring packages", err_console())
        if use_bar:
            bar.start()
        try:
            moves = track_moves(a, b, tracks, progress=update if use_bar else None)
        finally:
            if use_bar:
                bar.stop()
    if json_out:
        print_json({**d.to_dict(), "tracks_compared": [m.to_dict() for m in moves]})
        return
    console = out_console()
    render_diff(d, console)
    if moves:
        console.print()
        render_moves(moves, console)
