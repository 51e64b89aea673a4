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
from typing import Any, Literal

from accord.case import Case, Plan, Track
from accord.deals.closest import ClosestDeal, closest_acceptable
from accord.deals.exact import solve_exact
from accord.deals.space import DealSpace, Package
from accord.deals.tracks import default_track
from accord.errors import AnalysisError

__all__ = [
    "PlanScore",
    "PlansResult",
    "RedLineHit",
    "Verdict",
    "allowed_options",
    "plan_counts",
    "score_plans",
    "verdict_for",
]

Accepts = Literal["yes", "no", "depends"]

_TOL = 1e-9


@dataclass(frozen=True)
class RedLineHit:
    """A red line a plan crosses (``sure``) or may cross through an open point.

    Attributes:
        actor: Whose red line.
        issue: The issue.
        option: The option ruled out.
        sure: True when the plan picks the option; False when an open point leaves it possible.
        claims: The claims that state the red line.
    """

    actor: str
    issue: str
    option: str
    sure: bool
    claims: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {
            "actor": self.actor,
            "issue": self.issue,
            "option": self.option,
            "sure": self.sure,
            "claims": list(self.claims),
        }


@dataclass(frozen=True)
class Verdict:
    """One party's verdict on a plan.

    Attributes:
        actor: Actor id.
        at_table: False for a party not at the table whom the plan binds (``Track.affected``).
        low: Its utility in the worst case over the options left open.
        high: Its utility in the best case (equal to ``low`` when nothing is open).
        no_deal: Its no-deal utility: the threshold it compares the plan with.
        accepts: ``yes`` under every completion, ``no`` under none, ``depends`` otherwise.
        red_lines: Its red lines the plan crosses or may cross.
        over_its_head: For a party not at the table: the plan settles an issue binding it
            and the party does not accept the plan under every completion.
    """

    actor: str
    at_table: bool
    low: float
    high: float
    no_deal: float
    accepts: Accepts
    red_lines: list[RedLineHit] = field(default_factory=list)
    over_its_head: bool = False

    @property
    def margin_low(self) -> float:
        """Worst-case utility minus the no-deal threshold."""
        return self.low - self.no_deal

    @property
    def margin_high(self) -> float:
        """Best-case utility minus the no-deal threshold."""
        return self.high - self.no_deal

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {
            "actor": self.actor,
            "at_table": self.at_table,
            "utility": {"low": round(self.low, 6), "high": round(self.high, 6)},
            "no_deal": round(self.no_deal, 6),
            "margin": {"low": round(self.margin_low, 6), "high": round(self.margin_high, 6)},
            "accepts": self.accepts,
            "red_lines": [r.to_dict() for r in self.red_lines],
            "over_its_head": self.over_its_head,
        }


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


def _red_line_claims(case: Case, actor: str, issue: str, option: str) -> tuple[str, ...]:
    out: list[str] = []
    for entry in case.red_lines:
        if entry.actor == actor and entry.issue == issue and option in entry.options:
            out.extend(entry.claims)
    pos = case.position(actor, issue)
    if pos is not None and option in pos.red_line:
        out.extend(c for c in pos.claims if c not in out)
    return tuple(out)


def allowed_options(space: DealSpace, picks: Package, open_: dict[str, tuple[str, ...]]) -> list[list[int]]:
    """Return, per issue of ``space``, the option indices a partial package still allows."""
    out: list[list[int]] = []
    for issue in space.case.issues:
        ids = issue.option_ids
        if issue.id in picks:
            out.append([ids.index(picks[issue.id])])
        else:
            out.append([ids.index(o) for o in open_.get(issue.id, ids)])
    return out


def verdict_for(
    space: DealSpace,
    a: int,
    allowed: list[list[int]],
    *,
    at_table: bool = True,
) -> Verdict:
    """Return actor ``a``'s verdict on a partial package given as the options allowed per issue.

    Args:
        space: A deal space holding the actor.
        a: The actor's index in ``space.actors``.
        allowed: Per issue, the option indices still possible (one for a settled issue).
        at_table: Whether the actor is at the table (recorded in the verdict).

    Returns:
        The verdict, with the exact best and worst utility over the open options.
    """
    case = space.case
    actor = space.actors[a]
    low = high = best_ok = 0.0
    can_avoid = True
    hits: list[RedLineHit] = []
    for k, opts in enumerate(allowed):
        w = space.weights[k][a, opts]
        red = space.red[k][a, opts]
        low += float(w.min())
        high += float(w.max())
        issue = case.issues[k]
        for o, is_red in zip(opts, red, strict=True):
            if is_red:
                option = issue.options[o].id
                hits.append(
                    RedLineHit(
                        actor,
                        issue.id,
                        option,
                        len(opts) == 1,
                        _red_line_claims(case, actor, issue.id, option),
                    )
                )
        if bool(red.all()):
            can_avoid = False
        else:
            best_ok += float(w[~red].max())
    nd = float(space.no_deal[a])
    all_ok = not hits and low >= nd - _TOL
    some_ok = can_avoid and best_ok >= nd - _TOL
    accepts: Accepts = "yes" if all_ok else ("depends" if some_ok else "no")
    return Verdict(actor, at_table, low, high, nd, accepts, hits)


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
    wide = DealSpace.from_case(case, actors=[*track.actors, *affected]) if affected else space
    binds = {aff.actor: set(aff.issues) for aff in track.affected}
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
        allowed = allowed_options(wide, picks, open_)
        verdicts: list[Verdict] = []
        for a, actor in enumerate(wide.actors):
            at_table = actor in track.actors
            v = verdict_for(wide, a, allowed, at_table=at_table)
            if not at_table:
                settles = any(i in picks for i in binds.get(actor, ()))
                v = replace(v, over_its_head=settles and v.accepts != "yes")
            verdicts.append(v)
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
