"""What changed between two snapshots of a case: actors, issues, positions, red lines, guarantees."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from accord.case.model import Case

__all__ = ["CaseDiff", "PositionMove", "RedLineChange", "ValueChange", "diff_cases"]


@dataclass(frozen=True)
class PositionMove:
    """A position present in both snapshots whose ideal point or salience changed.

    Attributes:
        actor: Actor id.
        issue: Issue id.
        ideal: ``(before, after)`` ideal point on the issue's 0-100 scale.
        salience: ``(before, after)``.
        new_claims: Claims the later position cites that the earlier one did not.
    """

    actor: str
    issue: str
    ideal: tuple[float, float]
    salience: tuple[float, float]
    new_claims: tuple[str, ...]

    @property
    def ideal_shift(self) -> float:
        """After minus before, on the 0-100 scale."""
        return self.ideal[1] - self.ideal[0]

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {
            "actor": self.actor,
            "issue": self.issue,
            "ideal": {"before": self.ideal[0], "after": self.ideal[1], "shift": self.ideal_shift},
            "salience": {"before": self.salience[0], "after": self.salience[1]},
            "new_claims": list(self.new_claims),
        }


@dataclass(frozen=True)
class RedLineChange:
    """Red-line options of one actor on one issue added or dropped.

    Attributes:
        actor: Actor id.
        issue: Issue id.
        added: Options ruled out only in the later snapshot.
        dropped: Options ruled out only in the earlier one that the later one still has.
        gone: Options ruled out in the earlier one that the later one no longer offers at all.
        claims: Claims of the later snapshot that state the added red lines.
    """

    actor: str
    issue: str
    added: tuple[str, ...]
    dropped: tuple[str, ...]
    gone: tuple[str, ...]
    claims: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {
            "actor": self.actor,
            "issue": self.issue,
            "added": list(self.added),
            "dropped": list(self.dropped),
            "option_gone": list(self.gone),
            "claims": list(self.claims),
        }


@dataclass(frozen=True)
class ValueChange:
    """An actor's number that changed (no-deal utility or capability)."""

    actor: str
    field: str
    before: float
    after: float

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {"actor": self.actor, "field": self.field, "before": self.before, "after": self.after}


@dataclass(frozen=True)
class CaseDiff:
    """The differences between snapshot ``a`` (earlier) and ``b`` (later).

    Attributes:
        a: Id and date of the earlier snapshot.
        b: Id and date of the later snapshot.
        actors_added: Actor ids only in ``b``.
        actors_removed: Actor ids only in ``a``.
        values: No-deal utilities and capabilities that changed.
        issues_added: Issue ids only in ``b``.
        issues_removed: Issue ids only in ``a``.
        options_added: Per common issue, option ids only in ``b``.
        options_removed: Per common issue, option ids only in ``a``.
        moved: Common positions whose ideal or salience changed, largest shift first.
        positions_added: ``(actor, issue)`` positions only in ``b``.
        positions_removed: ``(actor, issue)`` positions only in ``a``.
        red_lines: Red lines added or dropped.
        guarantees_added: Guarantee ids only in ``b``.
        guarantees_removed: Guarantee ids only in ``a``.
        status_changed: ``{guarantee id: (before, after)}``.
        sources_added: Number of sources only in ``b``.
        claims_added: Number of claims only in ``b``.
        proposals_added: Plan ids only in ``b``.
        tracks_added: Track ids only in ``b``.
        tracks_removed: Track ids only in ``a``.
    """

    a: tuple[str, str]
    b: tuple[str, str]
    actors_added: list[str] = field(default_factory=list)
    actors_removed: list[str] = field(default_factory=list)
    values: list[ValueChange] = field(default_factory=list)
    issues_added: list[str] = field(default_factory=list)
    issues_removed: list[str] = field(default_factory=list)
    options_added: dict[str, list[str]] = field(default_factory=dict)
    options_removed: dict[str, list[str]] = field(default_factory=dict)
    moved: list[PositionMove] = field(default_factory=list)
    positions_added: list[tuple[str, str]] = field(default_factory=list)
    positions_removed: list[tuple[str, str]] = field(default_factory=list)
    red_lines: list[RedLineChange] = field(default_factory=list)
    guarantees_added: list[str] = field(default_factory=list)
    guarantees_removed: list[str] = field(default_factory=list)
    status_changed: dict[str, tuple[str, str]] = field(default_factory=dict)
    sources_added: int = 0
    claims_added: int = 0
    proposals_added: list[str] = field(default_factory=list)
    tracks_added: list[str] = field(default_factory=list)
    tracks_removed: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {
            "a": {"id": self.a[0], "as_of": self.a[1]},
            "b": {"id": self.b[0], "as_of": self.b[1]},
            "actors": {"added": self.actors_added, "removed": self.actors_removed},
            "values": [v.to_dict() for v in self.values],
            "issues": {
                "added": self.issues_added,
                "removed": self.issues_removed,
                "options_added": self.options_added,
                "options_removed": self.options_removed,
            },
            "positions": {
                "moved": [m.to_dict() for m in self.moved],
                "added": [list(p) for p in self.positions_added],
                "removed": [list(p) for p in self.positions_removed],
            },
            "red_lines": [r.to_dict() for r in self.red_lines],
            "guarantees": {
                "added": self.guarantees_added,
                "removed": self.guarantees_removed,
                "status_changed": {k: {"before": a, "after": b} for k, (a, b) in self.status_changed.items()},
            },
            "evidence": {"sources_added": self.sources_added, "claims_added": self.claims_added},
            "proposals_added": self.proposals_added,
            "tracks": {"added": self.tracks_added, "removed": self.tracks_removed},
        }


def _only(first: list[str], second: list[str]) -> list[str]:
    other = set(second)
    return [x for x in first if x not in other]


def _red_line_claims(case: Case, actor: str, issue: str, options: tuple[str, ...]) -> tuple[str, ...]:
    out: list[str] = []
    for entry in case.red_lines:
        if entry.actor == actor and entry.issue == issue and set(entry.options) & set(options):
            out.extend(c for c in entry.claims if c not in out)
    pos = case.position(actor, issue)
    if pos is not None and set(pos.red_line) & set(options):
        out.extend(c for c in pos.claims if c not in out)
    return tuple(out)


def diff_cases(a: Case, b: Case) -> CaseDiff:
    """Compare an earlier snapshot ``a`` of a case with a later snapshot ``b``.

    Args:
        a: The earlier snapshot.
        b: The later snapshot.

    Returns:
        What was added, removed or changed, in the later snapshot's order.
    """
    actors_a, actors_b = [x.id for x in a.actors], [x.id for x in b.actors]
    values: list[ValueChange] = []
    for actor in b.actors:
        if actor.id in actors_a:
            before = a.actor(actor.id)
            for name in ("no_deal_utility", "capability"):
                x, y = getattr(before, name), getattr(actor, name)
                if x != y:
                    values.append(ValueChange(actor.id, name, x, y))
    issues_a, issues_b = [i.id for i in a.issues], [i.id for i in b.issues]
    opts_added: dict[str, list[str]] = {}
    opts_removed: dict[str, list[str]] = {}
    for issue in b.issues:
        if issue.id in issues_a:
            old = list(a.issue(issue.id).option_ids)
            new = list(issue.option_ids)
            if added := _only(new, old):
                opts_added[issue.id] = added
            if removed := _only(old, new):
                opts_removed[issue.id] = removed
    moved: list[PositionMove] = []
    pos_added: list[tuple[str, str]] = []
    for p in b.positions:
        before_pos = a.position(p.actor, p.issue)
        if before_pos is None:
            pos_added.append((p.actor, p.issue))
        elif before_pos.ideal != p.ideal or before_pos.salience != p.salience:
            new_claims = tuple(c for c in p.claims if c not in before_pos.claims)
            moved.append(
                PositionMove(
                    p.actor,
                    p.issue,
                    (before_pos.ideal, p.ideal),
                    (before_pos.salience, p.salience),
                    new_claims,
                )
            )
    moved.sort(key=lambda m: -abs(m.ideal_shift))
    pos_removed = [(p.actor, p.issue) for p in a.positions if b.position(p.actor, p.issue) is None]
    red: list[RedLineChange] = []
    for actor_id in actors_b:
        for issue_id in issues_b:
            now = b.red_line(actor_id, issue_id)
            known = actor_id in actors_a and issue_id in issues_a
            was = a.red_line(actor_id, issue_id) if known else ()
            still = set(b.issue(issue_id).option_ids)
            ruled_in = tuple(o for o in now if o not in was)
            dropped = tuple(o for o in was if o not in now and o in still)
            gone = tuple(o for o in was if o not in still)
            if ruled_in or dropped or gone:
                claims = _red_line_claims(b, actor_id, issue_id, ruled_in)
                red.append(RedLineChange(actor_id, issue_id, ruled_in, dropped, gone, claims))
    g_a = {g.id: g for g in a.guarantees}
    status: dict[str, tuple[str, str]] = {
        g.id: (g_a[g.id].status, g.status)
        for g in b.guarantees
        if g.id in g_a and g_a[g.id].status != g.status
    }
    claims_a = {c.id for c in a.claims}
    sources_a = {s.id for s in a.sources}
    return CaseDiff(
        a=(a.id, a.as_of.isoformat()),
        b=(b.id, b.as_of.isoformat()),
        actors_added=_only(actors_b, actors_a),
        actors_removed=_only(actors_a, actors_b),
        values=values,
        issues_added=_only(issues_b, issues_a),
        issues_removed=_only(issues_a, issues_b),
        options_added=opts_added,
        options_removed=opts_removed,
        moved=moved,
        positions_added=pos_added,
        positions_removed=pos_removed,
        red_lines=red,
        guarantees_added=_only([g.id for g in b.guarantees], list(g_a)),
        guarantees_removed=_only(list(g_a), [g.id for g in b.guarantees]),
        status_changed=status,
        sources_added=sum(1 for s in b.sources if s.id not in sources_a),
        claims_added=sum(1 for c in b.claims if c.id not in claims_a),
        proposals_added=_only([p.id for p in b.proposals], [p.id for p in a.proposals]),
        tracks_added=_only([t.id for t in b.tracks], [t.id for t in a.tracks]),
        tracks_removed=_only([t.id for t in a.tracks], [t.id for t in b.tracks]),
    )
