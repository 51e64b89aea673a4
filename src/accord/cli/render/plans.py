"""Render the plans table: who accepts each published plan, its red lines, the closest deal."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from accord.deals.plans import PlansResult, plan_counts
from accord.deals.verdict import Verdict

__all__ = ["render_plans"]

_WORD = {"yes": "accepts", "no": "rejects", "depends": "depends"}


def _utility(v: Verdict) -> str:
    if abs(v.high - v.low) < 5e-4:
        return f"{v.low:.3f} ({v.margin_low:+.3f})"
    return f"{v.low:.3f}-{v.high:.3f} ({v.margin_low:+.3f} to {v.margin_high:+.3f})"


def render_plans(result: PlansResult, console: Console) -> None:
    """Print the plans table, the red lines and blockers per plan, and the closest acceptable deal."""
    head = f"Published plans on the track {result.track.name!r} ({', '.join(result.actors)} at the table"
    if result.affected:
        head += f"; bound but not at the table: {', '.join(result.affected)}"
    console.print(Text(head + ")", style="bold"))
    console.print(
        Text(
            "Each cell: utility (margin over the party's no-deal value) and verdict; a range where the plan "
            "leaves points open (worst to best case over the options left open)"
        )
    )
    table = Table()
    table.add_column("plan")
    for actor in result.actors:
        table.add_column(actor)
    for actor in result.affected:
        table.add_column(f"{actor} (bound)")
    table.add_column("all at the table")
    for score in result.plans:
        cells: list[Text | str] = [Text(score.plan.name)]
        for v in score.verdicts:
            cell = f"{_utility(v)}\n{_WORD[v.accepts]} (no deal {v.no_deal:.2f})"
            if v.over_its_head:
                cell += "\ndecided over its head"
            cells.append(Text(cell))
        cells.append(_WORD[score.accepted_by_all])
        table.add_row(*cells)
    console.print(table)
    console.print(
        Text("Red lines, smallest change to an acceptable deal, distance from the Nash package", style="bold")
    )
    nash = "none acceptable" if result.nash is None else "computed by integer programming"
    console.print(Text(f"  Nash package of the track: {nash}"))
    for score in result.plans:
        console.print(Text(f"  {score.plan.name} [{score.plan.id}]", style="bold"))
        n_open = sum(1 for i in score.open if score.plan.point(i) is not None)
        console.print(
            Text(
                f"    settles {len(score.picks)} issues, leaves {n_open} open points and "
                f"{len(score.open) - n_open} issues unaddressed"
            )
        )
        hits = [h for v in score.verdicts for h in v.red_lines]
        for h in hits:
            how = "crosses" if h.sure else "may cross (open point)"
            console.print(
                Text(
                    f"    {how} {h.actor}'s red line {h.issue}={h.option} "
                    f"[{', '.join(h.claims) or 'no claim'}]"
                )
            )
        c = score.closest
        if c.package is None:
            who = ", ".join(
                f"{b.actor} " + (f"red line {b.issue}={b.option}" if b.kind == "red_line" else "no-deal")
                for b in c.blockers
            )
            console.print(Text(f"    no package is acceptable to all at the table; blockers: {who}"))
        elif not c.changes:
            console.print(
                Text("    acceptable as it stands, once its open points are settled as the closest deal does")
            )
        else:
            changes = ", ".join(f"{k}: {a} -> {b}" for k, (a, b) in c.changes.items())
            console.print(Text(f"    smallest change ({len(c.changes)}): {changes}"))
        if score.nash_distance is not None:
            console.print(
                Text(
                    f"    differs from the Nash package on {len(score.nash_differs)} settled issues "
                    f"(scale distance {score.nash_distance:.2f})"
                )
            )
    counts = plan_counts(result)
    summary = "; ".join(
        f"{a}: accepts {c['yes']}, rejects {c['no']}, depends {c['depends']}" for a, c in counts.items()
    )
    console.print(Text(f"Of {len(result.plans)} plans - {summary}"))
