"""Rich tables and JSON for the ``accord guarantees`` command (CLI layer only)."""

from __future__ import annotations

from collections.abc import Mapping

from rich.console import Console
from rich.table import Table
from rich.text import Text

from accord.case import Case
from accord.guarantees.durability import durability_of
from accord.guarantees.export import architecture_name as _name
from accord.guarantees.export import guarantees_to_dict, horizon_key, target_to_dict
from accord.guarantees.inverse import BreakEven, Target, TargetAnswer
from accord.guarantees.simulation import NONE
from accord.guarantees.types import ArchitectureResult, Estimate, GuarantorResult

__all__ = ["guarantees_to_dict", "render_guarantees", "render_target", "target_to_dict"]


def _est(e: Estimate, signed: bool = False) -> str:
    f = "+.3f" if signed else ".3f"
    return f"{e.mean:{f}}\n[{e.low80:{f}}, {e.high80:{f}}]"


def _credibility(rows: tuple[GuarantorResult, ...]) -> Text:
    text = Text()
    for i, row in enumerate(rows):
        c = row.credibility
        if i:
            text.append("\n")
        if c.is_threat or c.ex_ante is None:
            text.append(f"{c.guarantor} the threat itself: none", style="dim")
            continue
        invoked = "" if c.invoked is None else f" / {c.invoked.mean:.2f}"
        text.append(f"{c.guarantor} {c.ex_ante.mean:.2f}{invoked}")
    return text or Text("-")


def render_guarantees(case: Case, results: Mapping[str, ArchitectureResult], console: Console) -> None:
    """Print the architectures side by side, in the order given."""
    first = next(iter(results.values()), None)
    if first is None:
        return
    horizon = first.horizon_months
    months = list(first.war)
    title = (
        f"Guarantee architectures for {case.id}: {first.draws:,} parameter draws, "
        f"horizon {horizon / 12:g} years. Mean [80% interval]."
    )
    table = Table(title=title, title_justify="left")
    table.add_column("architecture", overflow="fold")
    for m in months:
        table.add_column(f"P(war) {horizon_key(m)}y", justify="right")
    table.add_column(f"P(any violation) {horizon_key(horizon)}y", justify="right")
    table.add_column(f"vs none, war {horizon_key(horizon)}y [95%]", justify="right")
    table.add_column("credibility: ex-ante / if attacked", overflow="fold")
    for gid, r in results.items():
        name = Text(_name(case, gid))
        name.append(f"\n{gid}", style="dim")
        d = r.diff_none[horizon]
        diff = "-" if gid == NONE else f"{d.mean:+.3f}\n[{d.low95:+.3f}, {d.high95:+.3f}]"
        table.add_row(
            name,
            *(_est(r.war[m]) for m in months),
            _est(r.violation[horizon]),
            diff,
            _credibility(r.guarantors),
        )
    console.print(table)
    _render_contributions(case, results, console)
    se = max(r.war[horizon].se for r in results.values())
    console.print(
        Text(
            f"P(war): renewed major war between the belligerents by each year; P(any violation): a fatal "
            f"incident or war. Intervals cover the uncertainty of every parameter (war-recurrence fit on "
            f"COW/GML wars, Fortna's mechanism priors, the selection model, resolve); 'vs none' is computed "
            f"on common draws. Monte Carlo error of a mean: at most {se:.4f}. Credibility: ex-ante "
            f"probability of honouring before any attack, and the rate expected among the cases where the "
            f"guarantee is invoked (lower: resolute guarantors deter and are rarely tested). Model, data "
            f"and assumptions: docs/guarantees.md.",
            style="dim",
        )
    )


def _render_contributions(case: Case, results: Mapping[str, ArchitectureResult], console: Console) -> None:
    rows = [(gid, r) for gid, r in results.items() if r.contributions]
    if not rows:
        return
    horizon = next(iter(results.values())).horizon_months
    table = Table(
        title=f"What each part contributes: Shapley share of the change in P(war) by {horizon / 12:g} years",
        title_justify="left",
    )
    table.add_column("architecture", overflow="fold")
    table.add_column("contributions (guarantor, forces, mechanism)", overflow="fold")
    table.add_column("P(effective response)", justify="right")
    table.add_column("PA-X P(holds 2y), association only", justify="right")
    for gid, r in rows:
        parts = ", ".join(f"{k.removeprefix('mechanism:')} {v:+.3f}" for k, v in r.contributions.items())
        est = durability_of(case, None if gid == NONE else gid)
        prot = "-" if r.protection is None else f"{r.protection.mean:.2f}"
        table.add_row(_name(case, gid), parts, prot, f"{est.probability:.2f} [{est.low:.2f}-{est.high:.2f}]")
    console.print(table)
    for gid, r in results.items():
        for w in r.warnings:
            console.print(Text(f"note ({gid}): {w}", style="yellow"))


def render_target(
    case: Case, target: Target, answers: list[TargetAnswer], even: list[BreakEven], console: Console
) -> None:
    """Print what would bring each architecture under the target, and the break-even credibilities."""
    what = "renewed major war" if target.metric == "war" else "any violation"
    table = Table(
        title=f"What brings mean P({what} within {target.years:g}y) under {target.threshold:g} in {case.id}",
        title_justify="left",
    )
    table.add_column("architecture", overflow="fold")
    table.add_column("now", justify="right")
    table.add_column("credibility needed (all guarantors)", justify="right")
    table.add_column("forces needed", justify="right")
    table.add_column("mechanisms to add", overflow="fold")
    for x in answers:
        if x.meets:
            cred = forces = mechs = "already meets it"
        else:
            if x.credibility is not None:
                cred = f"{x.credibility:.2f}"
            elif x.risk_at_full_credibility is not None:
                cred = f"not enough ({x.risk_at_full_credibility:.3f} at 1.0)"
            else:
                cred = "no guarantor can respond"
            forces = "-" if x.forces is None else f"{x.forces:,}"
            mechs = " or ".join("+".join(m) for m in x.mechanisms) or "none suffices"
        table.add_row(_name(case, x.architecture), f"{x.current:.3f}", cred, forces, mechs)
    console.print(table)
    if even:
        t2 = Table(
            title=f"Break-even with {_name(case, even[0].versus)} (mean {even[0].versus_risk:.3f})",
            title_justify="left",
        )
        t2.add_column("architecture", overflow="fold")
        t2.add_column("credibility at which it matches", justify="right")
        for b in even:
            t2.add_row(
                _name(case, b.architecture),
                "never in [0, 1]" if b.credibility is None else f"{b.credibility:.2f}",
            )
        console.print(t2)
    console.print(
        Text(
            "One lever at a time, everything else at the case's values; forces are added by the guarantee's "
            "force nations (or its guarantors); credibility is a what-if value given to every guarantor "
            "except the threat. Means over 4,000 common parameter draws.",
            style="dim",
        )
    )
