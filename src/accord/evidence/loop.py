"""The evidence-to-case loop, scored.

Do the shifts ``accord suggest`` proposes point the way the case actually moved?

:func:`score_loop` ingests articles into a store, runs :func:`accord.evidence.suggest.suggest` on
an earlier case and compares each proposed shift of an ideal point with the later case
(:func:`accord.case.diff.diff_cases`), on the positions both cases hold:

* ``hit_rate``: of the positions whose ideal point moved between the cases, the share for which
  a suggestion moves it the same way;
* ``wrong_rate``: of the suggestions on positions both cases hold, the share that move it the
  other way from the later case;
* ``unmoved``: suggestions on positions the later case left where they were (neither right nor
  wrong; reported).

``scripts/evidence_loop.py`` prints these for the shipped real articles, ``ukraine-2025`` and
``ukraine-2026``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from accord.case.diff import diff_cases
from accord.case.model import Case
from accord.evidence.ingest import ingest_files
from accord.evidence.store import EvidenceStore
from accord.evidence.suggest import MIN_DIRECTION_CLAIMS, suggest

__all__ = ["LoopScore", "score_loop"]


@dataclass
class LoopScore:
    """How the suggested shifts compare with the later case.

    Attributes:
        articles: Articles ingested.
        moved: ``(actor, issue, shift)`` per position whose ideal point moved between the cases.
        suggested: ``(actor, issue, old, new)`` per suggested shift.
        right: Moved positions a suggestion moves the same way.
        wrong: Suggestions that move a position against the later case.
        unmoved: Suggestions on positions the later case did not move.
        not_comparable: Suggestions on positions the later case does not have.
    """

    articles: int
    moved: list[tuple[str, str, float]] = field(default_factory=list)
    suggested: list[tuple[str, str, float, float]] = field(default_factory=list)
    right: list[tuple[str, str]] = field(default_factory=list)
    wrong: list[tuple[str, str]] = field(default_factory=list)
    unmoved: list[tuple[str, str]] = field(default_factory=list)
    not_comparable: list[tuple[str, str]] = field(default_factory=list)

    @property
    def hit_rate(self) -> float:
        """Share of the moved positions whose direction a suggestion gets right."""
        return len(self.right) / len(self.moved) if self.moved else 1.0

    @property
    def wrong_rate(self) -> float:
        """Share of the (comparable) suggestions that point the wrong way."""
        comparable = len(self.suggested) - len(self.not_comparable)
        return len(self.wrong) / comparable if comparable else 0.0


def _sign(x: float) -> int:
    return (x > 0) - (x < 0)


def score_loop(
    articles: Sequence[Path],
    before: Case,
    before_text: str,
    after: Case,
    db: Path,
    *,
    progress: Callable[[int, int], None] | None = None,
    min_documents: int = MIN_DIRECTION_CLAIMS,
) -> LoopScore:
    """Ingest ``articles`` into ``db`` with ``before``, suggest, and compare with ``after``."""
    with EvidenceStore.open(db) as store:
        report = ingest_files(store, articles, before, progress=progress)
        if report.interrupted:
            raise KeyboardInterrupt
        claims = store.claims()
    proposal = suggest(before, before_text, claims, min_documents=min_documents)
    moves = {
        (m.actor, m.issue): m.ideal[1] - m.ideal[0]
        for m in diff_cases(before, after).moved
        if m.ideal[0] != m.ideal[1]
    }
    common = {(p.actor, p.issue) for p in after.positions}
    out = LoopScore(articles=report.added + report.present)
    out.moved = [(a, i, s) for (a, i), s in sorted(moves.items())]
    for actor, issue, old, new, _ids in proposal.shifts:
        out.suggested.append((actor, issue, old, new))
        key = (actor, issue)
        if key not in common:
            out.not_comparable.append(key)
        elif key not in moves:
            out.unmoved.append(key)
        elif _sign(new - old) == _sign(moves[key]):
            out.right.append(key)
        else:
            out.wrong.append(key)
    return out
