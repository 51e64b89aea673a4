"""What a position rests on: sourced claims, or analyst estimates only.

A position is an *estimate* when nothing outside the analyst backs it: it cites no claim, or
every claim it cites comes from a source of kind ``analyst_estimate``. The report, the dashboard
and ``accord show`` mark such positions (hatched cells, a marker) so they are not read as sourced.
"""

from __future__ import annotations

from typing import Protocol

from accord.case.claim import Claim
from accord.case.position import Position
from accord.case.source import Source

__all__ = ["ESTIMATE_KIND", "estimated_positions", "is_estimate"]

ESTIMATE_KIND = "analyst_estimate"
"""The source kind that marks an analyst's judgement rather than a published statement."""


class _Evidence(Protocol):
    @property
    def claims(self) -> tuple[Claim, ...]: ...

    @property
    def sources(self) -> tuple[Source, ...]: ...


def _estimate_claims(case: _Evidence) -> set[str]:
    kinds = {s.id: s.kind for s in case.sources}
    return {c.id for c in case.claims if kinds.get(c.source) == ESTIMATE_KIND}


def is_estimate(case: _Evidence, position: Position) -> bool:
    """Return True when ``position`` cites no claim or only claims from analyst-estimate sources."""
    return all(c in _estimate_claims(case) for c in position.claims)


def estimated_positions(case: _Evidence, positions: tuple[Position, ...]) -> set[tuple[str, str]]:
    """Return the ``(actor, issue)`` pairs of ``positions`` that rest on analyst estimates only."""
    estimates = _estimate_claims(case)
    return {(p.actor, p.issue) for p in positions if all(c in estimates for c in p.claims)}
