"""Render a case diff and how each track's deals moved."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from accord.case.diff import CaseDiff
from accord.deals.moves import TrackMove

__all__ = ["MOVED_ROWS", "render_diff", "render_moves"]

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
