"""Advisory checks: things a valid case may still get wrong."""

from __future__ import annotations

from accord.case.model import Case

__all__ = ["case_warnings"]


def case_warnings(case: Case) -> list[str]:
    """Return advice about a valid case: unsupported positions, idle actors, unused sources.

    Args:
        case: A validated case.

    Returns:
        One sentence per finding, in a stable order.
    """
    out: list[str] = []
    for i, pos in enumerate(case.positions):
        if not pos.claims:
            out.append(
                f"positions[{i}] ({pos.actor} on {pos.issue}) rests on no claim: "
                "add a claim (from an analyst_estimate source graded F if it is a judgement)"
            )
    with_positions = {p.actor for p in case.positions}
    involved = with_positions | {a for g in case.guarantees for a in (*g.guarantors, g.beneficiary)}
    for actor in case.actors:
        if actor.id not in involved:
            out.append(f"actor {actor.id!r} has no position and no guarantee role")
    cited = {c.source for c in case.claims}
    for source in case.sources:
        if source.id not in cited:
            out.append(f"source {source.id!r} supports no claim")
    for issue in case.issues:
        if not any(p.issue == issue.id for p in case.positions):
            out.append(f"issue {issue.id!r} has no positions")
    return out
