"""Cross-reference checks: every id a case mentions must exist, and ids must be unique."""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import NamedTuple, Protocol

from accord.case.actor import Actor
from accord.case.claim import Claim
from accord.case.guarantee import Guarantee
from accord.case.issue import Issue
from accord.case.plan import Plan
from accord.case.position import Position
from accord.case.red_line import RedLine
from accord.case.source import Source
from accord.case.track import Track
from accord.case.uncertainty import Uncertain, entry_problems

__all__ = ["CaseParts", "ReferenceProblem", "find_reference_problems"]


class CaseParts(Protocol):
    """What the checks read of a case (the model module imports this one, never the reverse)."""

    @property
    def actors(self) -> Sequence[Actor]:
        """The case's actors."""

    @property
    def issues(self) -> Sequence[Issue]:
        """The case's issues."""

    @property
    def positions(self) -> Sequence[Position]:
        """The case's positions."""

    @property
    def guarantees(self) -> Sequence[Guarantee]:
        """The case's guarantees."""

    @property
    def sources(self) -> Sequence[Source]:
        """The case's sources."""

    @property
    def claims(self) -> Sequence[Claim]:
        """The case's claims."""

    @property
    def tracks(self) -> Sequence[Track]:
        """The case's tracks."""

    @property
    def uncertain(self) -> Sequence[Uncertain]:
        """The case's uncertain."""

    @property
    def red_lines(self) -> Sequence[RedLine]:
        """The case's red lines."""

    @property
    def proposals(self) -> Sequence[Plan]:
        """The case's proposals."""

    def position(self, actor_id: str, issue_id: str) -> Position | None:
        """The actor's position on the issue, if any."""


Loc = tuple[str | int, ...]

_MAX_LISTED = 20
_MAX_DETAILED = 50
"""Unknown references past this many get a short message (no list of known ids, no suggestion),
so thousands of broken references cost linear time; only the first problems are shown anyway."""
_MAX_SUGGEST_FROM = 2_000
"""No "did you mean" among more known ids than this (fuzzy matching is quadratic in the ids)."""


class ReferenceProblem(NamedTuple):
    """A broken reference or duplicate id, with the path of the field at fault."""

    loc: Loc
    message: str


def _known(kind: str, value: str, valid: Sequence[str], where: str = "", *, detail: bool = True) -> str:
    if not detail:
        return f"unknown {kind} {value!r}{where}"
    shown = sorted(set(valid))
    listed = ", ".join(shown[:_MAX_LISTED]) + (", ..." if len(shown) > _MAX_LISTED else "")
    msg = f"unknown {kind} {value!r}{where} (known: {listed or 'none defined'})"
    close = (
        difflib.get_close_matches(value, shown, n=1, cutoff=0.6) if len(shown) <= _MAX_SUGGEST_FROM else []
    )
    if close:
        msg += f"; did you mean {close[0]!r}?"
    return msg


def _duplicates(section: str, ids: Iterable[str]) -> list[ReferenceProblem]:
    seen: set[str] = set()
    out: list[ReferenceProblem] = []
    for i, ident in enumerate(ids):
        if ident in seen:
            out.append(ReferenceProblem((section, i, "id"), f"duplicate id {ident!r} in {section}"))
        seen.add(ident)
    return out


def find_reference_problems(case: CaseParts) -> list[ReferenceProblem]:
    """Return every unknown reference and duplicate id in ``case``, in file order.

    Args:
        case: A case whose fields already passed type validation.

    Returns:
        The problems found; empty when the case is consistent.
    """
    out: list[ReferenceProblem] = []

    def known(kind: str, value: str, valid: Sequence[str], where: str = "") -> str:
        return _known(kind, value, valid, where, detail=len(out) < _MAX_DETAILED)

    actors = [a.id for a in case.actors]
    issues: dict[str, Issue] = {}
    for issue in case.issues:
        issues.setdefault(issue.id, issue)  # the first of duplicated ids; the duplicate is reported
    sources = [s.id for s in case.sources]
    claims = [c.id for c in case.claims]
    guarantees = [g.id for g in case.guarantees]
    actor_set, source_set, claim_set = set(actors), set(sources), set(claims)
    guarantee_set = set(guarantees)

    for section, ids in (
        ("actors", actors),
        ("issues", [i.id for i in case.issues]),
        ("sources", sources),
        ("claims", claims),
        ("guarantees", guarantees),
        ("tracks", [t.id for t in case.tracks]),
        ("proposals", [p.id for p in case.proposals]),
    ):
        out.extend(_duplicates(section, ids))

    def claim_refs(loc: Loc, refs: Sequence[str]) -> None:
        for k, ref in enumerate(refs):
            if ref not in claim_set:
                out.append(ReferenceProblem((*loc, k), known("claim", ref, claims)))

    def actor_ref(loc: Loc, ref: str) -> None:
        if ref not in actor_set:
            out.append(ReferenceProblem(loc, known("actor", ref, actors)))

    def issue_ref(loc: Loc, ref: str) -> bool:
        if ref not in issues:
            out.append(
                ReferenceProblem(loc, known("issue", ref, list(issues) if len(out) < _MAX_DETAILED else ()))
            )
            return False
        return True

    for i, issue in enumerate(case.issues):
        seen_options: set[str] = set()
        for j, opt in enumerate(issue.options):
            if opt.id in seen_options:
                out.append(
                    ReferenceProblem(
                        ("issues", i, "options", j, "id"),
                        f"duplicate option id {opt.id!r}: option ids must be unique within an issue",
                    )
                )
            seen_options.add(opt.id)
            if j and opt.position <= issue.options[j - 1].position:
                before = issue.options[j - 1]
                out.append(
                    ReferenceProblem(
                        ("issues", i, "options", j, "position"),
                        f"options must be listed in strictly increasing position: {opt.id!r} "
                        f"({opt.position:g}) follows {before.id!r} ({before.position:g})",
                    )
                )
            if opt.guarantee is not None and opt.guarantee not in guarantee_set:
                out.append(
                    ReferenceProblem(
                        ("issues", i, "options", j, "guarantee"),
                        known("guarantee", opt.guarantee, guarantees),
                    )
                )

    for i, claim in enumerate(case.claims):
        if claim.source not in source_set:
            out.append(ReferenceProblem(("claims", i, "source"), known("source", claim.source, sources)))
        actor_ref(("claims", i, "actor"), claim.actor)
        if claim.issue is not None:
            issue_ref(("claims", i, "issue"), claim.issue)
        for k, other in enumerate(claim.contradicts):
            if other == claim.id:
                out.append(
                    ReferenceProblem(("claims", i, "contradicts", k), "a claim cannot contradict itself")
                )
            elif other not in claim_set:
                out.append(ReferenceProblem(("claims", i, "contradicts", k), known("claim", other, claims)))

    seen_pairs: dict[tuple[str, str], int] = {}
    for i, pos in enumerate(case.positions):
        actor_ref(("positions", i, "actor"), pos.actor)
        if issue_ref(("positions", i, "issue"), pos.issue):
            options = issues[pos.issue].option_ids
            for k, bad in enumerate(pos.red_line):
                if bad not in options:
                    out.append(
                        ReferenceProblem(
                            ("positions", i, "red_line", k),
                            known("option", bad, options, f" for issue {pos.issue!r}"),
                        )
                    )
            if pos.values is not None:
                for key in pos.values:
                    if key not in options:
                        out.append(
                            ReferenceProblem(
                                ("positions", i, "values", key),
                                known("option", key, options, f" for issue {pos.issue!r}"),
                            )
                        )
                missing = [o for o in options if o not in pos.values]
                if missing:
                    out.append(
                        ReferenceProblem(
                            ("positions", i, "values"),
                            f"gives no value for option(s) {', '.join(map(repr, missing))}: "
                            "a value table must cover every option of the issue",
                        )
                    )
        claim_refs(("positions", i, "claims"), pos.claims)
        pair = (pos.actor, pos.issue)
        if pair in seen_pairs:
            out.append(
                ReferenceProblem(
                    ("positions", i, "issue"),
                    f"actor {pos.actor!r} already has a position on issue {pos.issue!r} "
                    f"(positions[{seen_pairs[pair]}])",
                )
            )
        else:
            seen_pairs[pair] = i

    for i, g in enumerate(case.guarantees):
        for k, guarantor in enumerate(g.guarantors):
            actor_ref(("guarantees", i, "guarantors", k), guarantor)
        actor_ref(("guarantees", i, "beneficiary"), g.beneficiary)
        if g.against is not None:
            actor_ref(("guarantees", i, "against"), g.against)
        claim_refs(("guarantees", i, "claims"), g.claims)

    for i, track in enumerate(case.tracks):
        for k, member in enumerate(track.actors):
            actor_ref(("tracks", i, "actors", k), member)
        counts = Counter(track.actors)
        dupes = sorted(a for a, n in counts.items() if n > 1)
        if dupes:
            out.append(
                ReferenceProblem(
                    ("tracks", i, "actors"), f"lists {', '.join(map(repr, dupes))} more than once"
                )
            )
        claim_refs(("tracks", i, "claims"), track.claims)
        for j, aff in enumerate(track.affected):
            actor_ref(("tracks", i, "affected", j, "actor"), aff.actor)
            if aff.actor in track.actors:
                out.append(
                    ReferenceProblem(
                        ("tracks", i, "affected", j, "actor"),
                        f"{aff.actor!r} is at the table of this track: list only parties not at the table",
                    )
                )
            for k, issue_id in enumerate(aff.issues):
                issue_ref(("tracks", i, "affected", j, "issues", k), issue_id)
            claim_refs(("tracks", i, "affected", j, "claims"), aff.claims)

    def option_refs(loc: Loc, issue_id: str, refs: Sequence[str]) -> None:
        options = issues[issue_id].option_ids
        for k, ref in enumerate(refs):
            if ref not in options:
                out.append(
                    ReferenceProblem((*loc, k), known("option", ref, options, f" for issue {issue_id!r}"))
                )

    for i, entry in enumerate(case.red_lines):
        actor_ref(("red_lines", i, "actor"), entry.actor)
        if issue_ref(("red_lines", i, "issue"), entry.issue):
            option_refs(("red_lines", i, "options"), entry.issue, entry.options)
        claim_refs(("red_lines", i, "claims"), entry.claims)

    for i, plan in enumerate(case.proposals):
        for k, who in enumerate(plan.by):
            actor_ref(("proposals", i, "by", k), who)
        claim_refs(("proposals", i, "claims"), plan.claims)
        seen_issues: dict[str, int] = {}
        for j, point in enumerate(plan.points):
            loc: Loc = ("proposals", i, "points", j)
            claim_refs((*loc, "claims"), point.claims)
            if not issue_ref((*loc, "issue"), point.issue):
                continue
            if point.issue in seen_issues:
                out.append(
                    ReferenceProblem(
                        (*loc, "issue"),
                        f"this plan already has a point on issue {point.issue!r} "
                        f"(points[{seen_issues[point.issue]}]): give one point per issue",
                    )
                )
            seen_issues.setdefault(point.issue, j)
            if point.option is not None:
                if point.option not in issues[point.issue].option_ids:
                    out.append(
                        ReferenceProblem(
                            (*loc, "option"),
                            known(
                                "option",
                                point.option,
                                issues[point.issue].option_ids,
                                f" for issue {point.issue!r}",
                            ),
                        )
                    )
                if point.open:
                    out.append(
                        ReferenceProblem(
                            (*loc, "open"),
                            "a point either picks an option or lists the options left open, not both",
                        )
                    )
            else:
                option_refs((*loc, "open"), point.issue, point.open)

    out.extend(_uncertain_problems(case, actor_ref, issue_ref, claim_refs))
    return out


def _uncertain_problems(
    case: CaseParts,
    actor_ref: Callable[[Loc, str], None],
    issue_ref: Callable[[Loc, str], bool],
    claim_refs: Callable[[Loc, Sequence[str]], None],
) -> list[ReferenceProblem]:
    """Check the ``uncertain`` entries: each on its own, then against actors, positions and claims."""
    out: list[ReferenceProblem] = []
    actor_set = {a.id for a in case.actors}
    issue_set = {i.id for i in case.issues}
    seen: dict[tuple[str, str | None, str], int] = {}
    with_position = {(p.actor, p.issue) for p in case.positions}
    for i, entry in enumerate(case.uncertain):
        for name, message in entry_problems(entry):
            out.append(ReferenceProblem(("uncertain", i, name) if name else ("uncertain", i), message))
        actor_ref(("uncertain", i, "actor"), entry.actor)
        if (
            entry.issue is not None
            and issue_ref(("uncertain", i, "issue"), entry.issue)
            and entry.field in ("ideal", "salience")
            and entry.actor in actor_set
            and entry.issue in issue_set
            and (entry.actor, entry.issue) not in with_position
        ):
            out.append(
                ReferenceProblem(
                    ("uncertain", i, "issue"),
                    f"actor {entry.actor!r} has no position on issue {entry.issue!r}: "
                    f"an uncertain {entry.field} needs one",
                )
            )
        claim_refs(("uncertain", i, "claims"), entry.claims)
        if entry.key in seen:
            what = ".".join(p for p in (entry.actor, entry.issue, entry.field) if p is not None)
            out.append(
                ReferenceProblem(
                    ("uncertain", i, "field"),
                    f"{what} is already uncertain (uncertain[{seen[entry.key]}]): give each input once",
                )
            )
        else:
            seen[entry.key] = i
    return out
