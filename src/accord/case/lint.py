"""Advisory checks: things a valid case may still get wrong."""

from __future__ import annotations

from accord.case.model import Case

__all__ = ["GROUP_ABOVE", "case_warnings"]

GROUP_ABOVE = 3
"""A kind of finding seen more often than this is reported as one line with a count and examples."""

_EXAMPLES = 3


def _grouped(items: list[str], one: str, many: str) -> list[str]:
    """Return one sentence per item, or one sentence for all when there are many.

    ``one`` formats a single item (``{}``); ``many`` formats the group (``{n}``, ``{examples}``).
    """
    if len(items) <= GROUP_ABOVE:
        return [one.format(item) for item in items]
    examples = ", ".join(items[:_EXAMPLES])
    return [many.format(n=f"{len(items):,}", examples=f"{examples}, ... ({len(items) - _EXAMPLES:,} more)")]


def case_warnings(case: Case) -> list[str]:
    """Return advice about a valid case: unsupported positions, idle actors, unused sources.

    Each kind of finding is one sentence per item, or, when there are more than
    :data:`GROUP_ABOVE` of a kind, one sentence with their count and a few examples.

    Args:
        case: A validated case.

    Returns:
        The findings, in a stable order.
    """
    out: list[str] = []
    bare = [f"positions[{i}] ({p.actor} on {p.issue})" for i, p in enumerate(case.positions) if not p.claims]
    out += _grouped(
        bare,
        "{} rests on no claim: add a claim (from an analyst_estimate source graded F if it is a judgement)",
        "{n} positions rest on no claim: {examples}; add claims (from an analyst_estimate source "
        "graded F if they are judgements)",
    )
    with_positions = {p.actor for p in case.positions}
    involved = with_positions | {a for g in case.guarantees for a in (*g.guarantors, g.beneficiary)}
    idle = [repr(a.id) for a in case.actors if a.id not in involved]
    out += _grouped(
        idle,
        "actor {} has no position and no guarantee role",
        "{n} actors have no position and no guarantee role: {examples}",
    )
    cited = {c.source for c in case.claims}
    unused = [repr(s.id) for s in case.sources if s.id not in cited]
    out += _grouped(unused, "source {} supports no claim", "{n} sources support no claim: {examples}")
    discussed = {p.issue for p in case.positions}
    empty = [repr(i.id) for i in case.issues if i.id not in discussed]
    out += _grouped(empty, "issue {} has no positions", "{n} issues have no positions: {examples}")
    return out
