"""Rich tables for the ``accord deals`` command (CLI layer only)."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from accord.case import Case
from accord.deals import Blocker, ClosestDeal, DealAnalysis, DealSpace, PackageReport
from accord.deals.ties import RANK_DIGITS, rounded, tied_ranks
from accord.deals.verdict import Verdict

__all__ = ["render_analysis", "render_closest", "render_tracks"]

_NAMES = {
    "nash": "Nash bargaining",
    "ks": "Kalai-Smorodinsky",
    "egalitarian": "Egalitarian",
    "utilitarian": "Utilitarian",
}


def _fmt(n: int | None) -> str:
    return "n/a" if n is None else f"{n:,}"


def _print_blockers(blockers: list[Blocker], console: Console) -> None:
    console.print(
        Text(
            "No package is acceptable to every actor. Fewest constraints that block all deals:",
            style="bold red",
        )
    )
    for b in blockers:
        what = f"red line on {b.issue}={b.option}" if b.kind == "red_line" else "no-deal threshold"
        console.print(Text(f"  - {b.actor}: {what}"))


def _concession_lines(report: PackageReport, console: Console) -> None:
    for actor, out in report.actors.items():
        sec = "" if out.security_gain is None else f", security gain {out.security_gain:+.3f}"
        head = Text(f"  {actor}", style="bold")
        head.append(f"  utility {out.utility:.3f}, gain {out.gain:+.3f}{sec}")
        if not out.acceptable:
            head.append("  (does NOT accept)", style="red")
        console.print(head)
        if not out.concessions:
            console.print(Text("      no concessions: its preferred option on every issue it cares about"))
        for c in sorted(out.concessions, key=lambda c: -c.cost):
            console.print(Text(f"      {c.issue}: {c.option} (wanted {c.preferred}), costs {c.cost:.3f}"))


def render_analysis(result: DealAnalysis, space: DealSpace, console: Console) -> None:
    """Print counts, solutions, least concessions and the top packages."""
    head = Text(f"Deals for {result.case}: actors at the table {', '.join(result.actors)}", style="bold")
    console.print(head)
    if result.fixed:
        console.print(Text("Fixed: " + ", ".join(f"{k}={v}" for k, v in result.fixed.items())))
    counts = Table(title="Counts", title_justify="left")
    for col in ("packages", "acceptable to all", "Pareto frontier", "method"):
        counts.add_column(col, justify="right")
    counts.add_row(_fmt(result.packages), _fmt(result.acceptable), _fmt(result.pareto), result.method)
    console.print(counts)
    if result.acceptable_to:
        console.print(
            Text(
                "Acceptable to each on its own: "
                + ", ".join(f"{a} {n:,}" for a, n in result.acceptable_to.items())
            )
        )
    if result.security_threshold is not None and result.security_flagged is not None:
        console.print(
            Text(
                f"Indivisible security: {result.security_flagged:,} acceptable packages give one actor a "
                f"security gain of {result.security_threshold:g} or more while another loses as much"
            )
        )
    if result.blockers:
        _print_blockers(result.blockers, console)
        return
    found = {name: r for name, r in result.solutions.items() if r is not None}
    if found:
        table = Table(title="Bargaining solutions: the option each picks", title_justify="left")
        table.add_column("issue", overflow="fold")
        for name, report in found.items():
            label = _NAMES.get(name, name)
            if report.gap:
                label += f" (gap {report.gap:.2%})"
            table.add_column(label, overflow="fold")
        for issue in space.case.issues:
            table.add_row(Text(issue.id), *(Text(r.options[issue.id]) for r in found.values()))
        console.print(table)
        table = Table(title="Utility (gain over no deal) per actor", title_justify="left")
        table.add_column("actor")
        for name in found:
            table.add_column(_NAMES.get(name, name))
        for actor in result.actors:
            table.add_row(
                Text(actor),
                *(f"{r.actors[actor].utility:.3f} ({r.actors[actor].gain:+.3f})" for r in found.values()),
            )
        console.print(table)
        first_name, first = next(iter(found.items()))
        console.print(
            Text(
                f"Concessions in the {_NAMES.get(first_name, first_name)} package (largest first)",
                style="bold",
            )
        )
        _concession_lines(first, console)
    least = Table(title="Least each actor must concede (its best acceptable package)", title_justify="left")
    for col in ("actor", "utility", "concessions"):
        least.add_column(col)
    for actor, best in result.least_concession.items():
        if best is None:
            continue
        mine = best.actors[actor]
        conc = "; ".join(f"{c.issue}: {c.option} (wanted {c.preferred})" for c in mine.concessions) or "none"
        least.add_row(Text(actor), f"{mine.utility:.3f}", Text(conc))
    console.print(least)
    if result.top:
        top = Table(
            title=f"Top {len(result.top)} frontier packages by Nash product "
            f"(=: tied to {RANK_DIGITS} significant digits)",
            title_justify="left",
        )
        top.add_column("#")
        top.add_column("Nash product")
        top.add_column("options")
        ranks = tied_ranks([r.nash_product for r in result.top])
        for rank, report in zip(ranks, result.top, strict=True):
            top.add_row(
                rank,
                f"{rounded(report.nash_product):.{RANK_DIGITS}g}",
                Text(", ".join(f"{k}={v}" for k, v in report.options.items())),
            )
        console.print(top)


def render_closest(result: ClosestDeal, space: DealSpace, name: str, console: Console) -> None:
    """Print the closest acceptable deal to a proposal."""
    console.print(Text(f"Proposal: {name}", style="bold"))
    open_issues = [i for i in space.issues if i not in result.proposal]
    if open_issues:
        console.print(Text(f"  leaves open: {', '.join(open_issues)} (utilities: worst to best case)"))
    words = {
        "yes": "accepts",
        "no": "rejects",
        "depends": "accepts only for some settlements of the open issues",
    }
    for v in result.verdicts:
        if abs(v.high - v.low) < 5e-4:
            util = f"utility {v.low:.3f}, no-deal {v.no_deal:.3f}, margin {v.margin_low:+.3f}"
        else:
            util = (
                f"utility {v.low:.3f} to {v.high:.3f}, no-deal {v.no_deal:.3f}, "
                f"margin {v.margin_low:+.3f} to {v.margin_high:+.3f}"
            )
        console.print(Text(f"  {v.actor}: {util}: {words[v.accepts]}"))
    for b in result.crossed:
        console.print(Text(f"  crosses {b.actor}'s red line on {b.issue}={b.option}"))
    if result.package is None:
        _print_blockers(result.blockers, console)
        return
    if not result.changes:
        console.print(Text("The proposal is acceptable to every actor at the table as it stands."))
    else:
        console.print(Text(f"Closest acceptable deal: {len(result.changes)} change(s)", style="bold"))
        for issue, (old, new) in result.changes.items():
            console.print(Text(f"  {issue}: {old} -> {new}"))
    if result.utilities is not None:
        console.print(
            Text(
                "  utilities: "
                + ", ".join(f"{a} {u:.3f}" for a, u in zip(space.actors, result.utilities, strict=True))
            )
        )


def render_affected(verdicts: list[Verdict], console: Console) -> None:
    """Print the verdicts of parties bound by the proposal but not at the table."""
    for v in verdicts:
        word = {"yes": "accepts", "no": "rejects", "depends": "accepts only for some settlements"}[v.accepts]
        flag = ": decided over its head" if v.over_its_head else ""
        console.print(
            Text(
                f"  {v.actor} (not at the table, bound by it): utility {v.low:.3f} to {v.high:.3f}, "
                f"no-deal {v.no_deal:.3f}: {word}{flag}"
            )
        )


def render_tracks(case: Case, results: dict[str, DealAnalysis], console: Console) -> None:
    """Print one row per negotiating track: acceptable packages, frontier, Nash package's gains."""
    table = Table(
        title="Negotiating tracks: packages acceptable to everyone at the table", title_justify="left"
    )
    for col in ("track", "actors", "acceptable", "Pareto", "Nash: smallest gain (whose)"):
        table.add_column(col, overflow="fold")
    for track_id, result in results.items():
        track = case.track(track_id)
        nash = result.solutions.get("nash")
        if nash is None:
            worst = "no deal"
        else:
            who, out = min(nash.actors.items(), key=lambda kv: kv[1].gain)
            worst = f"{out.gain:+.3f} ({who})"
        table.add_row(
            Text(track.name),
            Text(", ".join(track.actors)),
            _fmt(result.acceptable),
            _fmt(result.pareto),
            worst,
        )
    console.print(table)
