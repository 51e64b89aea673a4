"""The ``accord diff`` command: what changed between two snapshots of a case (CLI layer only)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from accord._progress import progress_bar
from accord.case import load_case
from accord.case.diff import CaseDiff, diff_cases
from accord.deals.moves import TrackMove, track_moves
from accord.deals.tracks import default_track
from accord.errors import AnalysisError

__all__ = ["register", "render_diff", "render_moves"]

MOVED_ROWS = 25
"""Moved positions listed in the terminal (all are in --json)."""


def _ids(items: list[str]) -> str:
    return ", ".join(items) or "none"


def render_diff(d: CaseDiff, console: Console) -> None:
    """Print the structural differences between two snapshots."""
    console.print(
        Text(f"What changed from {d.a[0]} (as of {d.a[1]}) to {d.b[0]} (as of {d.b[1]})", style="bold")
    )
    console.print(Text(f"  actors added: {_ids(d.actors_added)}; removed: {_ids(d.actors_removed)}"))
    for v in d.values:
        console.print(Text(f"  {v.actor} {v.field}: {v.before:g} -> {v.after:g}"))
    console.print(Text(f"  issues added: {_ids(d.issues_added)}; removed: {_ids(d.issues_removed)}"))
    for issue, opts in d.options_added.items():
        console.print(Text(f"    {issue}: options added {_ids(opts)}"))
    for issue, opts in d.options_removed.items():
        console.print(Text(f"    {issue}: options dropped {_ids(opts)}"))
    console.print(
        Text(f"  guarantees added: {_ids(d.guarantees_added)}; removed: {_ids(d.guarantees_removed)}")
    )
    for gid, (x, y) in d.status_changed.items():
        console.print(Text(f"    {gid}: status {x} -> {y}"))
    console.print(
        Text(
            f"  evidence: {d.sources_added} new sources, {d.claims_added} new claims; "
            f"published plans added: {_ids(d.proposals_added)}; tracks added: {_ids(d.tracks_added)}"
        )
    )
    if d.red_lines:
        console.print(Text("Red lines added or dropped", style="bold"))
        for r in d.red_lines:
            parts = []
            if r.added:
                parts.append(f"added {_ids(list(r.added))} [{_ids(list(r.claims))}]")
            if r.dropped:
                parts.append(f"dropped {_ids(list(r.dropped))}")
            if r.gone:
                parts.append(f"option no longer on the table: {_ids(list(r.gone))}")
            console.print(Text(f"  {r.actor} on {r.issue}: {'; '.join(parts)}"))
    table = Table(title=f"Positions that moved ({len(d.moved)}; largest shift first)", title_justify="left")
    for col in ("actor", "issue", "ideal", "shift", "salience", "new claims"):
        table.add_column(col, overflow="fold")
    for m in d.moved[:MOVED_ROWS]:
        table.add_row(
            m.actor,
            m.issue,
            f"{m.ideal[0]:g} -> {m.ideal[1]:g}",
            f"{m.ideal_shift:+g}",
            f"{m.salience[0]:.2f} -> {m.salience[1]:.2f}",
            Text(_ids(list(m.new_claims))),
        )
    console.print(table)
    if len(d.moved) > MOVED_ROWS:
        console.print(Text(f"  ... and {len(d.moved) - MOVED_ROWS} more (see --json)"))
    if d.positions_added:
        console.print(
            Text(f"  new positions: {len(d.positions_added)} (on new issues, or where a party took a stance)")
        )


def _share(x: float | None) -> str:
    return "n/a" if x is None else f"{100 * x:.3f}%"


def render_moves(moves: list[TrackMove], console: Console) -> None:
    """Print how the acceptable set and the Nash package moved on each track."""
    for m in moves:
        console.print(
            Text(f"Track {m.track} ({', '.join(m.actors)}): acceptable set and Nash package", style="bold")
        )
        table = Table()
        for col in ("", "before", "after"):
            table.add_column(col)
        table.add_row("packages", f"{m.a.packages:,}", f"{m.b.packages:,}")
        table.add_row(
            "acceptable to all",
            f"{m.a.acceptable:,} ({_share(m.a.acceptable_share)})" if m.a.acceptable is not None else "n/a",
            f"{m.b.acceptable:,} ({_share(m.b.acceptable_share)})" if m.b.acceptable is not None else "n/a",
        )
        for actor in m.actors:
            own = [
                None if side.acceptable_to is None else side.acceptable_to[actor] / side.packages
                for side in (m.a, m.b)
            ]
            table.add_row(f"{actor}: accepts on its own", _share(own[0]), _share(own[1]))
            table.add_row(
                f"{actor}: ruled out by its red lines",
                _share(m.a.red_share.get(actor)),
                _share(m.b.red_share.get(actor)),
            )
            gains = [side.nash_gains.get(actor) for side in (m.a, m.b)]
            table.add_row(
                f"{actor}: gain in the Nash package", *("n/a" if g is None else f"{g:+.3f}" for g in gains)
            )
        console.print(table)
        if m.nash_changed:
            console.print(
                Text(
                    "  Nash package moved on: "
                    + ", ".join(f"{k} {x} -> {y}" for k, (x, y) in m.nash_changed.items())
                )
            )
        else:
            console.print(Text("  The Nash package is unchanged on the common issues."))


def register(
    app: typer.Typer,
    handle_errors: Callable[[Callable[..., None]], Callable[..., None]],
    print_json: Callable[[Any], None],
    out: Callable[[], Console],
    err: Callable[[], Console],
) -> None:
    """Add the ``diff`` command to ``app``."""

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
        a, b = load_case(case_a), load_case(case_b)
        d = diff_cases(a, b)
        moves: list[TrackMove] = []
        if not no_deals:
            tracks = list(track) if track else [default_track(b).id]
            for t in tracks:
                if t not in {x.id for x in a.tracks} or t not in {x.id for x in b.tracks}:
                    raise AnalysisError(f"track {t!r} is not in both {a.id!r} and {b.id!r}")
            use_bar = err().is_terminal and not json_out
            bar, update = progress_bar("scoring packages", err())
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
        console = out()
        render_diff(d, console)
        if moves:
            console.print()
            render_moves(moves, console)
