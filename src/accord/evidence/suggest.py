"""Suggested changes to a case from the evidence store, as a reviewable diff of the case file.

Nothing is applied: :func:`suggest` returns the proposed file text, a unified diff against the
current file, and the reasons, and checks that the proposed file is still a valid case.

What is proposed, from the stored claims on the case's actors and issues whose stance is not
neutral and whose score is at least :data:`MIN_SCORE`:

* **Sources**: one per document with such claims, id ``ev-<first 8 hex of its hash>``, kind
  ``news``, the document's reliability grade (``F`` unless given at ingest) and a note that it
  was ingested automatically.
* **Claims**: one per extracted claim, id ``ev-<hash8>-<n>``, the sentence as text, the
  document's date. Credibility is 6 ("cannot be judged") for a claim only one source makes, and
  3 ("possibly true") when at least two different sources report the same actor, issue and
  stance (the store's definition of a different source). Claims already in the case (same id)
  are skipped.
* **Shifted positions**: each claim points somewhere on its issue's scale. A claim that names
  an option the actor *supports* points at that option's position. Any other claim points to an
  end of the scale (:func:`claim_direction`): up (100) for support of what the sentence
  describes, down (0) for opposition, turned round when the sentence speaks of undoing the
  issue's subject ("lift sanctions", "withdraw from", "a cap on the army", "neutrality"; the
  case's scales run from the concession end to the maximal end of each issue). When the mean
  of those points lies at least :data:`SHIFT_MIN` points from the actor's ideal point, the
  ideal point moves towards it: half way for named options, :data:`DIRECTION_WEIGHT` of the way
  for directions (a direction says which way, not how far), rounded to a whole point, and the
  claims are added to the position's claim list. A position needs directional claims from at
  least :data:`MIN_DIRECTION_CLAIMS` documents (or one named option) and the claims must
  agree (their net direction at least half of their number). Positions the case does not have
  are reported, not created (a new position needs a salience no article states).

The edit is textual (the diff touches only the lines that change): new sources and claims are
appended at the end of their sections; an ideal point is rewritten where it stands.
"""

from __future__ import annotations

import difflib
import json
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from accord.case.model import Case
from accord.case.yaml_io import parse_case, read_yaml_document
from accord.errors import CaseError
from accord.evidence.store import StoredClaim, same_source

__all__ = [
    "DIRECTION_WEIGHT",
    "MIN_DIRECTION_CLAIMS",
    "MIN_SCORE",
    "SHIFT_MIN",
    "Suggestion",
    "claim_direction",
    "suggest",
]

MIN_SCORE = 0.5
"""Least extractor score a claim needs to be proposed."""

SHIFT_MIN = 15.0
"""Least distance (0-100 scale) between the evidence and an ideal point to propose a shift."""

DIRECTION_WEIGHT = 0.25
"""Share of the way an ideal point moves towards the end of the scale the claims point to."""

MIN_DIRECTION_CLAIMS = 2
"""Least number of documents whose claims (without a named option) can move an ideal point."""

_UNDOING = re.compile(
    r"\b(?:lift(?:s|ed|ing)?|eas(?:e|es|ed|ing)|relief|unfreez\w*|withdraw\w*|pull(?:s|ed|ing)? (?:out|back)|"
    r"pull-?back|cede[sd]?|ceding|surrender\w*|give up|hand(?:s|ed)? over|cap|caps|capped|limit(?:s|ed)?|"
    r"ceiling|reduc\w+|demilitari[sz]\w*|neutral\w*|renounc\w+|recogni[sz]\w*|annex\w*|rollback|"
    r"roll back|halt(?:s|ed)? (?:arms|weapons|deliveries)|concessions?)\b",
    re.IGNORECASE,
)
"""Words that undo an issue's subject: support for them points down its scale."""

_TOP_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*:")


@dataclass
class Suggestion:
    """Proposed changes to a case file.

    Attributes:
        text: The proposed file.
        diff: Unified diff from the current file to the proposed one ("" when nothing changes).
        sources: Ids of the sources added.
        claims: Ids of the claims added.
        shifts: ``(actor, issue, old ideal, new ideal, claim ids)`` per shifted position.
        notes: Evidence that could not become a change, and why.
    """

    text: str
    diff: str
    sources: list[str] = field(default_factory=list)
    claims: list[str] = field(default_factory=list)
    shifts: list[tuple[str, str, float, float, list[str]]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def claim_direction(text: str, stance: str) -> int:
    """Return which way a claim points on its issue's scale: +1 up, -1 down, 0 neither.

    Support points up and opposition down, turned round when ``text`` speaks of undoing the
    issue's subject (:data:`_UNDOING`: "lift sanctions", "withdraw from Donbas", "a cap").
    """
    if stance not in ("support", "oppose"):
        return 0
    sign = 1 if stance == "support" else -1
    return -sign if _UNDOING.search(text) else sign


def _q(text: str) -> str:
    """Return ``text`` as a YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(" ".join(text.split()), ensure_ascii=False)


def _block_end(lines: list[str], key: str) -> int | None:
    """Return the index after the last line of the top-level block ``key:``, or None."""
    start = next((i for i, line in enumerate(lines) if line.startswith(f"{key}:")), None)
    if start is None:
        return None
    end = len(lines)
    for i in range(start + 1, len(lines)):
        if _TOP_KEY.match(lines[i]):
            end = i
            break
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1
    return end


def suggest(
    case: Case,
    case_text: str,
    claims: Sequence[StoredClaim],
    *,
    filename: str = "case.yaml",
    min_documents: int = MIN_DIRECTION_CLAIMS,
) -> Suggestion:
    """Propose new sources, claims and shifted positions for ``case`` from stored claims.

    Args:
        case: The case, as loaded from ``case_text``.
        case_text: The case file's text (the diff is against it).
        claims: Stored claims (:meth:`EvidenceStore.claims`).
        filename: Name shown in the diff.
        min_documents: Least number of documents whose directional claims can move an ideal point.

    Raises:
        CaseError: If the proposed file would not be a valid case (a bug: reported, never written).
    """
    actors = {a.id for a in case.actors}
    issues = {i.id: i for i in case.issues}
    existing = {c.id for c in case.claims} | {s.id for s in case.sources}
    notes: list[str] = []
    usable = [
        c
        for c in claims
        if c.claim.actor in actors
        and c.claim.issue in issues
        and c.claim.stance != "neutral"
        and c.claim.score >= MIN_SCORE
    ]
    skipped = len(claims) - len(usable)
    if skipped:
        notes.append(
            f"{skipped} stored claim(s) skipped: neutral, scored below {MIN_SCORE}, "
            "or about actors or issues not in the case"
        )
    # corroboration: same actor, issue, stance from different sources
    groups: dict[tuple[str, str, str], list[StoredClaim]] = defaultdict(list)
    for c in usable:
        groups[(c.claim.actor, c.claim.issue or "", c.claim.stance)].append(c)

    def corroborated(c: StoredClaim) -> bool:
        return any(
            o.document_id != c.document_id and not same_source(o, c)
            for o in groups[(c.claim.actor, c.claim.issue or "", c.claim.stance)]
        )

    lines = case_text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    new_sources: list[str] = []
    new_claims: list[str] = []
    source_ids: list[str] = []
    claim_ids: list[str] = []
    by_position: dict[tuple[str, str], list[tuple[float, str]]] = defaultdict(list)
    by_direction: dict[tuple[str, str], list[tuple[int, str]]] = defaultdict(list)
    claim_doc: dict[str, int] = {}
    seen_docs: dict[int, str] = {}
    for c in sorted(usable, key=lambda c: (c.date or "9999", c.document_id, c.seq)):
        sid = seen_docs.get(c.document_id)
        if sid is None:
            sid = f"ev-{c.document_hash[:8]}"
            seen_docs[c.document_id] = sid
            if sid not in existing:
                title = c.title or c.url or f"article {c.document_hash[:8]}"
                block = [f"  - id: {sid}\n", f"    title: {_q(title)}\n"]
                if c.publisher:
                    block.append(f"    publisher: {_q(c.publisher)}\n")
                if c.url and c.url.lower().startswith(("http://", "https://")) and " " not in c.url:
                    block.append(f"    url: {_q(c.url)}\n")
                if c.date:
                    block.append(f"    date: {c.date}\n")
                block += [
                    "    kind: news\n",
                    f"    reliability: {c.reliability}\n",
                    "    notes: Ingested by accord's evidence extractor; reliability not yet reviewed.\n",
                ]
                new_sources.extend(block)
                source_ids.append(sid)
                existing.add(sid)
        cid = f"{sid}-{c.seq + 1}"
        if cid in existing:
            continue
        existing.add(cid)
        block = [f"  - id: {cid}\n", f"    source: {sid}\n"]
        if c.date:
            block.append(f"    date: {c.date}\n")
        block += [
            f"    actor: {c.claim.actor}\n",
            f"    issue: {c.claim.issue}\n",
            f"    text: {_q(c.claim.text[:2000])}\n",
            f"    credibility: {3 if corroborated(c) else 6}\n",
        ]
        new_claims.extend(block)
        claim_ids.append(cid)
        claim_doc[cid] = c.document_id
        issue = issues[c.claim.issue or ""]
        if c.claim.stance == "support" and c.claim.option is not None:
            try:
                by_position[(c.claim.actor, issue.id)].append((issue.option(c.claim.option).position, cid))
                continue
            except KeyError:
                pass
        direction = claim_direction(c.claim.text, c.claim.stance)
        if direction:
            by_direction[(c.claim.actor, issue.id)].append((direction, cid))

    targets: dict[tuple[str, str], tuple[float, float, list[tuple[float, str]]]] = {}
    for pkey in sorted(set(by_position) | set(by_direction)):
        named = by_position.get(pkey, [])
        directed = by_direction.get(pkey, [])
        net = sum(d for d, _c in directed)
        documents = {claim_doc[c] for _d, c in directed}
        agreed = len(documents) >= min_documents and 2 * abs(net) >= len(directed)
        if not agreed:
            directed = [(d, c) for d, c in directed if net and (d > 0) == (net > 0)] if named else []
        points = named + [(100.0 if d > 0 else 0.0, c) for d, c in directed]
        if not points:
            continue
        weight = 0.5 if named else DIRECTION_WEIGHT
        targets[pkey] = (sum(p for p, _c in points) / len(points), weight, points)

    edits: list[tuple[int, int, int, str]] = []  # (line, start col, end col, replacement)
    shifts: list[tuple[str, str, float, float, list[str]]] = []
    tree, _data = read_yaml_document(case_text, filename)
    positions = tree.get("positions") or []
    for (actor, issue_id), (target, weight, support) in sorted(targets.items()):
        current = case.position(actor, issue_id)
        if current is None:
            listed = ", ".join(c for _p, c in support)
            notes.append(
                f"{actor} has no position on {issue_id}: claims {listed} are added, no position is created"
            )
            continue
        if abs(target - current.ideal) < SHIFT_MIN:
            continue
        new_ideal = float(round(current.ideal + weight * (target - current.ideal)))
        if new_ideal == current.ideal:
            continue
        index = next(i for i, p in enumerate(case.positions) if p.actor == actor and p.issue == issue_id)
        node = positions[index]
        line, col = node.lc.value("ideal")
        old = str(node["ideal"])
        text_line = lines[line]
        if text_line[col : col + len(old)] != old:
            notes.append(
                f"{actor}/{issue_id}: the ideal point is written in a form this tool cannot edit; "
                f"shift it by hand to {new_ideal:g}"
            )
            continue
        edits.append((line, col, col + len(old), f"{new_ideal:g}"))
        ids = [c for _p, c in support]
        seq = node.get("claims")
        if seq is not None and len(seq) and getattr(seq.fa, "flow_style", lambda: False)():
            last_line, last_col = seq.lc.item(len(seq) - 1)
            last = str(seq[-1])
            edits.append((last_line, last_col + len(last), last_col + len(last), ", " + ", ".join(ids)))
        else:
            notes.append(f"{actor}/{issue_id}: add claims {', '.join(ids)} to the position by hand")
        shifts.append((actor, issue_id, current.ideal, new_ideal, ids))
    for line, start, end, new in sorted(edits, reverse=True):
        lines[line] = lines[line][:start] + new + lines[line][end:]

    for key, block in (("claims", new_claims), ("sources", new_sources)):
        if not block:
            continue
        at = _block_end(lines, key)
        if at is None:
            lines.extend([f"\n{key}:\n", *block])
        else:
            lines[at:at] = block
    text = "".join(lines)
    if text != case_text:
        try:
            parse_case(text, filename)
        except CaseError as exc:
            raise CaseError(f"the suggested file would not be a valid case (not written):\n{exc}") from None
    diff = "".join(
        difflib.unified_diff(
            case_text.splitlines(keepends=True),
            text.splitlines(keepends=True),
            f"a/{filename}",
            f"b/{filename}",
        )
    )
    return Suggestion(text, diff, source_ids, claim_ids, shifts, notes)
