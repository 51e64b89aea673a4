"""The closest acceptable deal to a proposal, or what blocks every deal.

Given a proposed package, find the fewest option changes that make it acceptable to every
actor at the table (among those, the one with the largest utility sum). When no package is
acceptable at all, find the smallest set of red lines and no-deal thresholds that would
have to give way, and whose they are.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from accord.deals.milp import Program
from accord.deals.space import DealSpace, Package
from accord.deals.verdict import Verdict, allowed_options, verdict_for
from accord.errors import AnalysisError

__all__ = ["Blocker", "ClosestDeal", "closest_acceptable", "crossed_red_lines", "diagnose_blockers"]


@dataclass(frozen=True)
class Blocker:
    """A constraint that stands in the way of any deal.

    Attributes:
        actor: Whose constraint it is.
        kind: ``"red_line"`` or ``"no_deal"`` (the actor's utility threshold).
        issue: For red lines, the issue.
        option: For red lines, the option it excludes.
    """

    actor: str
    kind: str
    issue: str | None = None
    option: str | None = None

    def to_dict(self) -> dict[str, str | None]:
        """Return a JSON-ready dict."""
        return {"actor": self.actor, "kind": self.kind, "issue": self.issue, "option": self.option}


@dataclass(frozen=True)
class ClosestDeal:
    """The answer for one proposal.

    Attributes:
        proposal: The proposal as given.
        proposal_utilities: Each actor's utility for the proposal (``None`` if it leaves issues open).
        proposal_acceptable: Per actor, whether it accepts the proposal as it stands (likewise).
        crossed: Red lines the proposal crosses, as blockers.
        package: The closest acceptable package, or ``None`` when none exists.
        changes: Issues changed, ``{issue: (from option, to option)}``.
        utilities: Each actor's utility for ``package``.
        blockers: When no package is acceptable, the fewest constraints that would have to give way.
        verdicts: Per actor, its verdict on the proposal as given: utility (worst and best case
            over the issues it leaves open), no-deal threshold, margin, and red lines crossed.
    """

    proposal: Package
    proposal_utilities: NDArray[np.float64] | None
    proposal_acceptable: NDArray[np.bool_] | None
    crossed: list[Blocker]
    package: Package | None
    changes: dict[str, tuple[str, str]]
    utilities: NDArray[np.float64] | None
    blockers: list[Blocker] = field(default_factory=list)
    verdicts: list[Verdict] = field(default_factory=list)


def crossed_red_lines(space: DealSpace, choices: NDArray[np.int64]) -> list[Blocker]:
    """Return every red line of an actor at the table that a package (option index per issue) crosses."""
    out: list[Blocker] = []
    for k, issue in enumerate(space.case.issues):
        o = int(choices[k])
        for a, actor in enumerate(space.actors):
            if space.red[k][a, o]:
                out.append(Blocker(actor, "red_line", issue.id, issue.options[o].id))
    return out


def diagnose_blockers(space: DealSpace) -> list[Blocker]:
    """Return the smallest set of red lines and thresholds whose removal allows a deal.

    Solves an elastic programme: each red-line entry and each actor's no-deal threshold
    may be switched off at a cost of one; the programme switches off as few as possible.
    Returns an empty list when some package is already acceptable.
    """
    prog = Program.build(space, red_lines=False)
    entries: list[tuple[int, int, int, int]] = []  # (col, actor, issue k, option o)
    free = set(space.free)
    fixed_choice = space.fixed_choices()
    for k in range(len(space.issues)):
        for a in range(len(space.actors)):
            for opt in np.flatnonzero(space.red[k][a]).tolist():
                if k not in free and int(fixed_choice[k]) != opt:
                    continue
                entries.append((prog.add_var(0.0, 1.0, integer=True), a, k, opt))
    slack = [prog.add_var(0.0, 1.0, integer=True) for _ in space.actors]
    for col, _a, k, o in entries:
        if k in free:
            j = space.free.index(k)
            x = np.zeros(prog.n_x)
            x[prog.offsets[j] + o] = 1.0
            prog.add_row(prog.row(x, {col: -1.0}), -np.inf, 0.0)  # x_ko <= r
        else:
            prog.add_row(prog.row(None, {col: 1.0}), 1.0, 1.0)  # a fixed option crossing a red line
    for a in range(len(space.actors)):
        # base + coef x + s >= d
        prog.add_row(
            prog.row(prog.coef[a], {slack[a]: 1.0}), float(space.no_deal[a] - prog.base[a] - 1e-9), np.inf
        )
    c = np.zeros(prog.n_vars)
    for col, *_ in entries:
        c[col] = 1.0
    for col in slack:
        c[col] = 1.0
    res = prog.solve(c)
    if res.x is None:  # pragma: no cover - relaxing everything is always feasible
        return []
    x = np.asarray(res.x)
    out: list[Blocker] = []
    for col, a, k, o in entries:
        if x[col] > 0.5:
            issue = space.case.issues[k]
            out.append(Blocker(space.actors[a], "red_line", issue.id, issue.options[o].id))
    for a, col in enumerate(slack):
        if x[col] > 0.5:
            out.append(Blocker(space.actors[a], "no_deal"))
    return out


def closest_acceptable(space: DealSpace, proposal: Mapping[str, str]) -> ClosestDeal:
    """Find the acceptable package that changes the fewest options of ``proposal``.

    Args:
        space: The deal space (fixed issues, if any, stay fixed).
        proposal: ``{issue id: option id}``; issues left out are open and cost nothing to set.

    Returns:
        The closest deal, or the blockers when no package is acceptable.

    Raises:
        AnalysisError: For unknown issue or option ids.
    """
    picks: dict[int, int] = {}
    for issue_id, option_id in proposal.items():
        if issue_id not in space.issues:
            raise AnalysisError(f"unknown issue {issue_id!r} (known: {', '.join(space.issues)})")
        issue = space.case.issues[space.issues.index(issue_id)]
        if option_id not in issue.option_ids:
            raise AnalysisError(
                f"unknown option {option_id!r} for issue {issue_id!r} (known: {', '.join(issue.option_ids)})"
            )
        picks[space.issues.index(issue_id)] = issue.option_ids.index(option_id)
    complete = len(picks) == len(space.issues)
    utilities: NDArray[np.float64] | None = None
    accepted: NDArray[np.bool_] | None = None
    crossed: list[Blocker] = []
    if complete:
        choices = np.array([picks[k] for k in range(len(space.issues))], dtype=np.int64)
        utilities = space.utilities(choices)
        accepted = space.acceptable(choices)
        crossed = crossed_red_lines(space, choices)
    else:
        for k, o in picks.items():
            issue = space.case.issues[k]
            for a, actor in enumerate(space.actors):
                if space.red[k][a, o]:
                    crossed.append(Blocker(actor, "red_line", issue.id, issue.options[o].id))
    picked = {space.issues[k]: space.case.issues[k].options[o].id for k, o in picks.items()}
    allowed = allowed_options(space, picked, {})
    verdicts = [verdict_for(space, a, allowed) for a in range(len(space.actors))]
    prog = Program.build(space)
    prog.add_acceptance()
    keep = np.zeros(prog.n_x)
    for j, k in enumerate(space.free):
        if k in picks:
            keep[prog.offsets[j] + picks[k]] = 1.0
    found = prog.solve_acceptable(-keep)
    given = dict(proposal)
    if found is None:
        return ClosestDeal(
            given, utilities, accepted, crossed, None, {}, None, diagnose_blockers(space), verdicts
        )
    kept = round(-found[0])
    prog.add_row(prog.row(keep), kept - 0.5, np.inf)
    found2 = prog.solve_acceptable(-prog.coef.sum(axis=0))
    best = found[1] if found2 is None else found2[1]
    package = {issue.id: issue.options[int(best[k])].id for k, issue in enumerate(space.case.issues)}
    changes = {i: (given[i], package[i]) for i in space.issues if i in given and given[i] != package[i]}
    return ClosestDeal(
        given, utilities, accepted, crossed, package, changes, space.utilities(best), verdicts=verdicts
    )
