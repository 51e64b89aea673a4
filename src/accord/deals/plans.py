"""Published plans scored side by side: who accepts each, what blocks it, and the closest deal to it.

A plan (``Case.proposals``) fixes some issues and leaves others open. Utility is additive over
issues, so each party's best and worst case over the options left open are exact sums of
per-issue maxima and minima; no completion is enumerated. A party accepts a plan when every
completion is acceptable to it (``yes``), under no completion (``no``), or only under some
(``depends``). The closest acceptable deal and the Nash package are the deal engine's own
(:func:`closest_acceptable`, :func:`solve_exact`). See docs/deals.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from accord.case import Case, Plan, Track
from accord.deals.closest import ClosestDeal, closest_acceptable
from accord.deals.exact import solve_exact
from accord.deals.space import DealSpace, Package
from accord.deals.tracks import default_track
from accord.deals.verdict import Accepts, Verdict, allowed_options, verdict_for
from accord.errors import AnalysisError

__all__ = ["PlanScore", "PlansResult", "affected_verdicts", "plan_counts", "score_plans"]


@dataclass(frozen=True)
class PlanScore:
    """One plan scored for every party at the table and every party it binds.

    Attributes:
        plan: The plan.
        picks: ``{issue: option}`` for the points the plan settles.
        open: ``{issue: options still possible}`` for the points it leaves open (and issues it skips).
        verdicts: Per party, its verdict (parties at the table first).
        accepted_by_all: ``yes`` when every party at the table accepts under every completion,
            ``no`` when some party rejects under every completion, ``depends`` otherwise.
        closest: The fewest changes to the plan's settled points that make it acceptable to
            everyone at the table (open points are free), or the blockers when nothing is.
        nash_differs: Settled points that differ from the track's Nash package, ``{issue: (plan, nash)}``.
        nash_distance: Sum over the settled points of the distance to the Nash option on the
            issue's 0-100 scale, divided by 100.
    """

    plan: Plan
    picks: Package
    open: dict[str, tuple[str, ...]]
    verdicts: list[Verdict]
    accepted_by_all: Accepts
    closest: ClosestDeal
    nash_differs: dict[str, tuple[str, str]]
    nash_distance: float | None

    def to_dict(self, space: DealSpace) -> dict[str, Any]:
        """Return a JSON-ready dict (``space`` is the table's deal space)."""
        c = self.closest
        points = []
        for issue in space.case.issues:
            point = self.plan.point(issue.id)
            points.append(
                {
                    "issue": issue.id,
                    "option": self.picks.get(issue.id),
                    "open": list(self.open[issue.id]) if issue.id in self.open else None,
                    "claims": list(point.claims) if point else [],
                    "note": point.note if point else "the plan has no point on this issue",
                }
            )
        return {
            "id": self.plan.id,
            "name": self.plan.name,
            "by": list(self.plan.by),
            "date": self.plan.date.isoformat() if self.plan.date else None,
            "claims": list(self.plan.claims),
            "points": points,
            "verdicts": [v.to_dict() for v in self.verdicts],
            "accepted_by_all": self.accepted_by_all,
            "closest": None
            if c.package is None
            else {
                "options": c.package,
                "changes": {k: {"from": a, "to": b} for k, (a, b) in c.changes.items()},
                "n_changes": len(c.changes),
                "utilities": {a: round(float(u), 6) for a, u in zip(space.actors, c.utilities, strict=True)}
                if c.utilities is not None
                else None,
            },
            "blockers": [b.to_dict() for b in c.blockers],
            "nash": {
                "differs": {k: {"plan": a, "nash": b} for k, (a, b) in self.nash_differs.items()},
                "n_differs": len(self.nash_differs),
                "distance": None if self.nash_distance is None else round(self.nash_distance, 6),
            },
        }


@dataclass(frozen=True)
class PlansResult:
    """Every plan of a case scored on one track.

    Attributes:
        case: Case id.
        track: The track (who is at the table).
        actors: Parties at the table.
        affected: Parties not at the table that the track lists as bound by some issues.
        nash: The track's Nash package, or ``None`` when no package is acceptable to all.
        plans: One score per plan, in case order.
    """

    case: str
    track: Track
    actors: tuple[str, ...]
    affected: tuple[str, ...]
    nash: Package | None
    plans: list[PlanScore]
    space: DealSpace = field(repr=False)

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON document ``accord plans --json`` prints."""
        return {
            "case": self.case,
            "track": {"id": self.track.id, "name": self.track.name},
            "actors": list(self.actors),
            "affected": list(self.affected),
            "nash": self.nash,
            "plans": [p.to_dict(self.space) for p in self.plans],
        }


def affected_verdicts(
    case: Case, track: Track, picks: Package, open_: dict[str, tuple[str, ...]]
) -> list[Verdict]:
    """Return the verdicts of the parties a track lists as bound but not at the table.

    A party is flagged ``over_its_head`` when the package settles one of the issues binding
    it and the party does not accept the package under every completion.

    Args:
        case: The case.
        track: The track (its ``affected`` entries name the parties and issues).
        picks: The settled points, ``{issue: option}``.
        open_: The open points, ``{issue: options still possible}`` (issues in neither are open over all).
    """
    affected = list(dict.fromkeys(aff.actor for aff in track.affected))
    if not affected:
        return []
    space = DealSpace.from_case(case, actors=affected)
    binds = {aff.actor: set(aff.issues) for aff in track.affected}
    allowed = allowed_options(space, picks, open_)
    out: list[Verdict] = []
    for a, actor in enumerate(space.actors):
        v = verdict_for(space, a, allowed, at_table=False)
        settles = any(i in picks for i in binds.get(actor, ()))
        out.append(replace(v, over_its_head=settles and v.accepts != "yes"))
    return out


def _nash(space: DealSpace) -> Package | None:
    found = solve_exact(space, "nash")
    return None if found.choices is None else space.package_of(found.choices)


def score_plans(case: Case, track_id: str | None = None, plans: list[str] | None = None) -> PlansResult:
    """Score every published plan of ``case`` for the parties at one track's table.

    Args:
        case: The case (its ``proposals`` section holds the plans).
        track_id: The track (default: ``trilateral`` if the case has it, else its first track).
        plans: Plan ids to score (default: all, in case order).

    Returns:
        The scores.

    Raises:
        AnalysisError: The case has no plans, or an unknown track or plan id.
    """
    if not case.proposals:
        raise AnalysisError(
            f"case {case.id!r} has no proposals: add a proposals: section (docs/case-format.md)"
        )
    if track_id is None:
        track = default_track(case)
    else:
        known = {t.id: t for t in case.tracks}
        if track_id not in known:
            raise AnalysisError(f"unknown track {track_id!r} (known: {', '.join(known) or 'none defined'})")
        track = known[track_id]
    chosen = list(case.proposals)
    if plans is not None:
        ids = [p.id for p in case.proposals]
        for pid in plans:
            if pid not in ids:
                raise AnalysisError(f"unknown plan {pid!r} (known: {', '.join(ids)})")
        chosen = [p for p in case.proposals if p.id in plans]
    space = DealSpace.from_case(case, actors=track.actors)
    affected = tuple(dict.fromkeys(aff.actor for aff in track.affected))
    nash = _nash(space)
    scores: list[PlanScore] = []
    for plan in chosen:
        picks: Package = {}
        open_: dict[str, tuple[str, ...]] = {}
        for issue in case.issues:
            point = plan.point(issue.id)
            if point is not None and point.option is not None:
                picks[issue.id] = point.option
            else:
                open_[issue.id] = point.open if point is not None and point.open else issue.option_ids
        allowed = allowed_options(space, picks, open_)
        verdicts = [verdict_for(space, a, allowed) for a in range(len(space.actors))]
        verdicts += affected_verdicts(case, track, picks, open_)
        table = [v for v in verdicts if v.at_table]
        overall: Accepts = (
            "yes"
            if all(v.accepts == "yes" for v in table)
            else ("no" if any(v.accepts == "no" for v in table) else "depends")
        )
        closest = closest_acceptable(space, picks)
        differs: dict[str, tuple[str, str]] = {}
        distance: float | None = None
        if nash is not None:
            distance = 0.0
            for issue_id, option in picks.items():
                if nash[issue_id] != option:
                    differs[issue_id] = (option, nash[issue_id])
                    issue = case.issue(issue_id)
                    distance += (
                        abs(issue.option(option).position - issue.option(nash[issue_id]).position) / 100
                    )
        scores.append(PlanScore(plan, picks, open_, verdicts, overall, closest, differs, distance))
    return PlansResult(case.id, track, space.actors, affected, nash, scores, space)


def plan_counts(result: PlansResult) -> dict[str, dict[Accepts, int]]:
    """Return, per party at the table, how many plans it accepts (yes), rejects (no), or may accept."""
    out: dict[str, dict[Accepts, int]] = {a: {"yes": 0, "no": 0, "depends": 0} for a in result.actors}
    for score in result.plans:
        for v in score.verdicts:
            if v.at_table:
                out[v.actor][v.accepts] += 1
    return out
