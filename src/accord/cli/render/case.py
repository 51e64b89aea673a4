"""Rich tables for case summaries (CLI layer only)."""

from __future__ import annotations

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from accord.case import Case
from accord.case.evidence_basis import estimated_positions

__all__ = ["ESTIMATE_MARK", "render_case_summary"]

ESTIMATE_MARK = "~"
"""Marks a position that rests on analyst estimates only (no claim, or only analyst_estimate sources)."""


def _position_matrix(case: Case) -> Table:
    table = Table(
        title="Positions: ideal point and salience per issue (45 .50 = ideal 45, salience 0.50); "
        f"* = red line on that issue; {ESTIMATE_MARK} = an analyst estimate",
        title_justify="left",
        box=box.SIMPLE_HEAD,
    )
    table.add_column("issue", no_wrap=True)
    estimates = estimated_positions(case, case.positions)
    for actor in case.actors:
        table.add_column(Text(actor.id), justify="right", no_wrap=True)
    for issue in case.issues:
        cells: list[Text | str] = [Text(issue.id)]
        for actor in case.actors:
            pos = case.position(actor.id, issue.id)
            mark = "*" if case.red_line(actor.id, issue.id) else ""
            if pos is None:
                cells.append("·" + mark)
            else:
                sal = f"{pos.salience:.2f}".removeprefix("0")
                if (actor.id, issue.id) in estimates:
                    cells.append(Text(f"{ESTIMATE_MARK}{pos.ideal:g} {sal}{mark}", style="italic dim"))
                else:
                    cells.append(f"{pos.ideal:g} {sal}{mark}")
        table.add_row(*cells)
    return table


def render_case_summary(case: Case, console: Console) -> None:
    """Print a case's actors, issues and position matrix as tables."""
    console.print(Text(f"{case.title} (as of {case.as_of.isoformat()})", style="bold"))
    console.print(Text(case.description))
    actors = Table(title=f"Actors ({len(case.actors)})")
    for col in ("id", "name", "kind", "capability", "no-deal utility"):
        actors.add_column(col)
    for a in case.actors:
        actors.add_row(Text(a.id), Text(a.name), a.kind, f"{a.capability:.2f}", f"{a.no_deal_utility:.2f}")
    console.print(actors)
    issues = Table(title=f"Issues ({len(case.issues)})")
    for col in ("id", "name", "options (position)", "security"):
        issues.add_column(col)
    for i in case.issues:
        opts = ", ".join(f"{o.id} ({o.position:g})" for o in i.options)
        issues.add_row(Text(i.id), Text(i.name), Text(opts), "yes" if i.security else "")
    console.print(issues)
    console.print(_position_matrix(case))
    estimated = len(estimated_positions(case, case.positions))
    if estimated:
        console.print(
            Text(
                f"{ESTIMATE_MARK} {estimated} of {len(case.positions)} positions rest on analyst "
                "estimates only (no claim, or only claims from analyst_estimate sources): "
                "judgements, not sourced statements"
            )
        )
    console.print(
        Text(
            f"{len(case.guarantees)} guarantees, {len(case.sources)} sources, {len(case.claims)} claims, "
            f"{len(case.conflicts())} conflicting claim pairs"
        )
    )
