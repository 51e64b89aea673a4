"""The case: actors, issues, positions, guarantees, sources and claims in one frozen object."""

from __future__ import annotations

from typing import Literal, Protocol, TypeVar

from pydantic import model_validator
from pydantic_core import PydanticCustomError

from accord.case._base import Assumptions, Date, Id, Record, Text
from accord.case.actor import Actor
from accord.case.claim import Claim
from accord.case.guarantee import Guarantee
from accord.case.issue import Issue
from accord.case.plan import Plan
from accord.case.position import Position
from accord.case.red_line import RedLine
from accord.case.references import find_reference_problems
from accord.case.source import Source
from accord.case.track import Track
from accord.case.uncertainty import Uncertain

__all__ = ["REFERENCE_ERROR", "Case"]

REFERENCE_ERROR = "accord_reference"
"""Pydantic error type raised for broken cross-references; its context holds each problem."""


class _HasId(Protocol):
    @property
    def id(self) -> str: ...


_T = TypeVar("_T", bound=_HasId)


def _by_id(items: tuple[_T, ...], ident: str) -> _T:
    for item in items:
        if item.id == ident:
            return item
    raise KeyError(ident)


class Case(Record):
    """A negotiation case.

    Every cross-reference (actor, issue, option, source, claim and guarantee ids) is
    checked when the case is built; change a case with ``model_copy(update=...)`` and
    re-validate with ``Case.model_validate(case.model_dump())``.

    Attributes:
        format: Version of the case-file format (currently 1).
        id: Short id of the case.
        title: Title.
        as_of: The date the case describes.
        description: What the case covers.
        actors: The parties.
        issues: The questions to settle.
        positions: Each actor's stance on the issues it cares about.
        guarantees: Security arrangements, proposed or historical.
        sources: Documents the claims come from.
        claims: Dated statements the positions and guarantees rest on.
        tracks: Negotiating formats (who is at the table), for analyses by track.
        assumptions: Named numbers that override a model's documented default assumptions
            (for example ``guarantees.tripwire_odds``); see each model's docs for the names.
        uncertain: Inputs given as a range or distribution, sampled by ``accord sweep``
            (docs/sweep.md).
        red_lines: Red lines stated on their own, each with the claims that state it (they apply
            like those written in positions).
        proposals: Published plans, each a package of points citing claims (``accord plans``).
    """

    format: Literal[1] = 1
    id: Id
    title: Text
    as_of: Date
    description: Text
    actors: tuple[Actor, ...]
    issues: tuple[Issue, ...]
    positions: tuple[Position, ...] = ()
    guarantees: tuple[Guarantee, ...] = ()
    sources: tuple[Source, ...] = ()
    claims: tuple[Claim, ...] = ()
    tracks: tuple[Track, ...] = ()
    assumptions: Assumptions | None = None
    uncertain: tuple[Uncertain, ...] = ()
    red_lines: tuple[RedLine, ...] = ()
    proposals: tuple[Plan, ...] = ()

    @model_validator(mode="after")
    def _check_references(self) -> Case:
        problems = find_reference_problems(self)
        if problems:
            summary = "; ".join(f"{'.'.join(map(str, p.loc))}: {p.message}" for p in problems[:5]) + (
                f"; and {len(problems) - 5} more" if len(problems) > 5 else ""
            )
            raise PydanticCustomError(
                REFERENCE_ERROR,
                "{summary}",
                {"summary": summary, "problems": [(p.loc, p.message) for p in problems]},
            )
        return self

    def actor(self, actor_id: str) -> Actor:
        """Return the actor with this id.

        Raises:
            KeyError: If there is no such actor.
        """
        return _by_id(self.actors, actor_id)

    def issue(self, issue_id: str) -> Issue:
        """Return the issue with this id.

        Raises:
            KeyError: If there is no such issue.
        """
        return _by_id(self.issues, issue_id)

    def track(self, track_id: str) -> Track:
        """Return the track with this id.

        Raises:
            KeyError: If there is no such track.
        """
        return _by_id(self.tracks, track_id)

    def position(self, actor_id: str, issue_id: str) -> Position | None:
        """Return the actor's position on the issue, or ``None`` if it has none."""
        for p in self.positions:
            if p.actor == actor_id and p.issue == issue_id:
                return p
        return None

    def red_line(self, actor_id: str, issue_id: str) -> tuple[str, ...]:
        """Return the options of an issue the actor rules out (its position and the red-line section)."""
        out: list[str] = []
        pos = self.position(actor_id, issue_id)
        if pos is not None:
            out.extend(pos.red_line)
        for entry in self.red_lines:
            if entry.actor == actor_id and entry.issue == issue_id:
                out.extend(o for o in entry.options if o not in out)
        return tuple(out)

    def proposal(self, proposal_id: str) -> Plan:
        """Return the published plan with this id.

        Raises:
            KeyError: If there is no such plan.
        """
        return _by_id(self.proposals, proposal_id)

    def claims_for_source(self, source_id: str) -> tuple[Claim, ...]:
        """Return the claims that rest on one source, in file order."""
        return tuple(c for c in self.claims if c.source == source_id)

    def conflicts(self) -> list[tuple[Claim, Claim]]:
        """Return each pair of claims marked as contradicting each other, once."""
        by_id = {c.id: c for c in self.claims}
        pairs: list[tuple[Claim, Claim]] = []
        seen: set[frozenset[str]] = set()
        for c in self.claims:
            for other in c.contradicts:
                key = frozenset((c.id, other))
                if key not in seen:
                    seen.add(key)
                    pairs.append((c, by_id[other]))
        return pairs
