"""One party's verdict on a package that may leave issues open: exact worst and best case, and red lines.

Utility is additive over issues, so the worst and best case over the options left open are sums
of per-issue minima and maxima; no completion is enumerated. A party accepts under every
completion (``yes``), under none (``no``), or under some only (``depends``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from accord.case import Case
from accord.deals.space import DealSpace, Package

__all__ = ["Accepts", "RedLineHit", "Verdict", "allowed_options", "verdict_for"]

Accepts = Literal["yes", "no", "depends"]
"""A party's verdict: under every completion, under none, or under some."""

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
