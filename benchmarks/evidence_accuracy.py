"""Accuracy of the evidence extractor (``accord.evidence.extract.extract_text``) on the gold set.

Usage::

    python benchmarks/evidence_accuracy.py [--split SPLIT] [--json]   (SPLIT: dev, heldout, corpus, real,
        real-heldout, real-heldout2, real-heldout3, real-heldout4, real-quotes, real-quotes-heldout,
        real-claims, real-claims-heldout or all)

The gold set lives in ``tests/data/evidence/`` (see its README for the annotation guidelines):
``dev/`` and ``heldout/`` hold texts written for accord (``name.txt``, with ``URL:``/``DATE:``
header lines, and the gold ``name.json``); ``corpus/`` holds only the gold for the real
articles in ``../shared/corpus/`` (relative to the repository root), which are scored when that
directory is present and their sha256 matches, and skipped otherwise.  Each text is stripped of
its header (first line ``URL: ...``, second ``DATE: ...``, then a blank line) like the real
loader does, and passed to ``extract_text(body, date=date)``; claims come from a second call
with the built-in case, ``extract_text(body, date, load_case("ukraine-2025"))`` (claims need a
case, and the case's aliases would change the other fields).

A partly annotated text (the quote sets ``real-quotes/`` and ``real-quotes-heldout/``, people and
quotes only; the claim sets ``real-claims/`` and ``real-claims-heldout/``, claims only) lists its
fields under ``"fields"`` in its gold; only those fields are counted for it.

Matching rules.  A predicted item matches a gold item of the same field when their spans
overlap (share at least one character) and:

- actors: same actor id.  Every mention counts.
- people: same name after case-folding, or the gold surname equals the predicted surname (the
  surname is the last word of the name).  A person is one item whose span is its first mention.
- numbers: value within 1e-6 relative and the same unit (``high`` is not compared).  A
  "span-only" recall (overlap alone) is reported as well.
- dates: same iso.  A gold date whose iso is null (a relative date in an undated text) matches
  any iso.
- quotes: the spans overlap by at least half of the gold span's length.
- quote speaker accuracy: among matched quotes, the fraction whose predicted speaker is the gold
  speaker: same name or same surname, case-insensitive, a leading "the" ignored; both null
  counts as a match.
- commitments: spans overlap and the same due date (both null counts as the same).
- claims: spans overlap and the same actor, issue and stance.  Predicted ``neutral`` claims are
  ignored (not counted as predictions; the gold has none).  A "claims (actor+issue only)" recall
  that ignores the stance is reported as well.

Matching is greedy and one-to-one: gold items are taken in text order and each is paired with
the unused prediction that satisfies the rule and overlaps it the most.  Precision is
matches / predictions, recall is matches / gold items, F1 their harmonic mean, all pooled over
the texts of a split (micro-averaged); a ratio with nothing to count (no predictions, no gold
items, no matched quotes) is reported as 1.0.  :func:`score` returns the same numbers as a dict.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
GOLD_DIR = REPO / "tests" / "data" / "evidence"
CORPUS_DIR = REPO.parent / "shared" / "corpus"
SPLITS = (
    "dev",
    "heldout",
    "corpus",
    "real",
    "real-heldout",
    "real-heldout2",
    "real-heldout3",
    "real-heldout4",
    "real-quotes",
    "real-quotes-heldout",
    "real-claims",
    "real-claims-heldout",
    "real-numbers",
    "real-numbers-heldout",
)
# Splits scored only when named: ``all`` leaves them out, so a routine ``--split all`` run does not
# score them. None of them is read or tuned on. ``real-heldout2/`` was scored once at the end of the
# fourth round; ``real-heldout3/`` once at the end of the fifth; ``real-heldout4/`` stays unscored
# until the end of the next round; ``real-quotes-heldout/`` and ``real-claims-heldout/`` were scored
# batch by batch as they came and again at the end of the fifth round.
SEALED = (
    "real-heldout2",
    "real-heldout3",
    "real-heldout4",
    "real-quotes-heldout",
    "real-claims-heldout",
    "real-numbers-heldout",
)
POOLED = tuple(s for s in SPLITS if s not in SEALED)
FIELDS = ("actors", "people", "numbers", "dates", "quotes", "commitments", "claims")
CLAIMS_CASE = "ukraine-2025"
REL_TOL = 1e-6

Item = Mapping[str, Any]
Extract = Callable[[str, str | None], Any]


@dataclasses.dataclass
class Document:
    """One gold text: its name, split, article date, body and gold items."""

    name: str
    split: str
    date: str | None
    body: str
    gold: dict[str, Any]


def split_header(raw: str) -> tuple[str | None, str | None, str]:
    """Split a text into (url, date, body); a text without the header is all body."""
    lines = raw.split("\n", 3)
    if len(lines) >= 3 and lines[0].startswith("URL: ") and lines[1].startswith("DATE: ") and lines[2] == "":
        return lines[0][5:].strip(), lines[1][6:].strip(), lines[3] if len(lines) > 3 else ""
    return None, None, raw


def load_split(split: str, *, warn: Callable[[str], None] | None = None) -> list[Document]:
    """Load the gold texts of one split (``corpus`` texts only when ``../shared/corpus`` has them)."""
    docs = []
    for path in sorted((GOLD_DIR / split).glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        if split == "corpus":
            src = CORPUS_DIR / gold["file"]
            if not src.exists():
                if warn:
                    warn(f"skip {path.name}: {src} not found")
                continue
            raw = src.read_bytes()
            if hashlib.sha256(raw).hexdigest() != gold["sha256"]:
                if warn:
                    warn(f"skip {path.name}: {src} has changed (sha256 differs)")
                continue
            body = raw.decode("utf-8")
        else:
            _, _, body = split_header(path.with_suffix(".txt").read_text(encoding="utf-8"))
        docs.append(Document(path.stem, split, gold.get("date"), body, gold))
    return docs


# ---- matching ----------------------------------------------------------------------------------


def _norm_name(name: str | None) -> str:
    text = " ".join((name or "").casefold().split())
    return text[4:] if text.startswith("the ") else text


def same_person(gold: str | None, pred: str | None) -> bool:
    """True when two names are the same after case-folding, or share their surname."""
    if gold is None or pred is None:
        return gold is None and pred is None
    g, p = _norm_name(gold), _norm_name(pred)
    if not g or not p:
        return g == p
    return g == p or g.split()[-1] == p.split()[-1]


def overlap(a: Item, b: Item) -> int:
    """Number of characters two spans share."""
    return max(0, min(int(a["end"]), int(b["end"])) - max(int(a["start"]), int(b["start"])))


def close(a: float, b: float) -> bool:
    """Values equal within ``REL_TOL`` relative."""
    return abs(a - b) <= REL_TOL * max(abs(a), abs(b)) or a == b


def _number_ok(g: Item, p: Item) -> bool:
    return close(float(g["value"]), float(p["value"])) and str(g["unit"]) == str(p["unit"])


def _quote_ok(g: Item, p: Item) -> bool:
    return 2 * overlap(g, p) >= int(g["end"]) - int(g["start"])


RULES: dict[str, Callable[[Item, Item], bool]] = {
    "actors": lambda g, p: g["actor"] == p["actor"],
    "people": lambda g, p: same_person(g["name"], p["name"]),
    "numbers": _number_ok,
    "dates": lambda g, p: g["iso"] is None or g["iso"] == p["iso"],
    "quotes": _quote_ok,
    "commitments": lambda g, p: g.get("due") == p.get("due"),
    "claims": lambda g, p: (g["actor"], g["issue"], g["stance"]) == (p["actor"], p["issue"], p["stance"]),
}


def match(
    gold: Sequence[Item], pred: Sequence[Item], rule: Callable[[Item, Item], bool]
) -> list[tuple[int, int]]:
    """Greedy one-to-one matching: (gold index, predicted index) pairs."""
    used: set[int] = set()
    pairs = []
    order = sorted(range(len(gold)), key=lambda i: (int(gold[i]["start"]), int(gold[i]["end"])))
    for gi in order:
        best, best_ov = -1, 0
        for pi, p in enumerate(pred):
            if pi in used:
                continue
            ov = overlap(gold[gi], p)
            if ov > best_ov and rule(gold[gi], p):
                best, best_ov = pi, ov
        if best >= 0:
            used.add(best)
            pairs.append((gi, best))
    return pairs


def as_dict(extraction: Any) -> dict[str, list[dict[str, Any]]]:
    """An ``Extraction`` (or a dict of lists of dicts) as a dict of lists of dicts."""
    if dataclasses.is_dataclass(extraction) and not isinstance(extraction, type):
        extraction = dataclasses.asdict(extraction)
    out: dict[str, list[dict[str, Any]]] = {}
    for field in FIELDS:
        items = extraction.get(field, ()) or ()
        out[field] = [
            dataclasses.asdict(i) if dataclasses.is_dataclass(i) and not isinstance(i, type) else dict(i)
            for i in items
        ]
    out["claims"] = [c for c in out["claims"] if c.get("stance") != "neutral"]
    return out


def empty_counts() -> dict[str, int]:
    """Zeroed counters for one split."""
    counts = {f"{field}_{k}": 0 for field in FIELDS for k in ("gold", "pred", "match", "texts")}
    counts.update(numbers_span_match=0, speaker_correct=0, claims_actor_issue_match=0)
    return counts


def annotated(gold: Mapping[str, Any]) -> tuple[str, ...]:
    """The fields a gold text annotates: its ``"fields"`` list (a partly annotated text) or all."""
    fields = gold.get("fields")
    return FIELDS if fields is None else tuple(f for f in FIELDS if f in fields)


def count_document(
    gold: Mapping[str, Any], pred: Any, counts: dict[str, int] | None = None, claims: Any = None
) -> dict[str, int]:
    """Add the counts of one document (gold dict vs prediction) to ``counts`` and return it.

    ``claims``, when given, is a second prediction (the extractor run with the case) whose
    claims replace those of ``pred``.
    """
    counts = empty_counts() if counts is None else counts
    predicted = as_dict(pred)
    if claims is not None:
        predicted["claims"] = as_dict(claims)["claims"]
    for field in annotated(gold):
        g, p = list(gold.get(field, ())), predicted[field]
        pairs = match(g, p, RULES[field])
        counts[f"{field}_texts"] += 1
        counts[f"{field}_gold"] += len(g)
        counts[f"{field}_pred"] += len(p)
        counts[f"{field}_match"] += len(pairs)
        if field == "numbers":
            counts["numbers_span_match"] += len(match(g, p, lambda _g, _p: True))
        if field == "claims":
            counts["claims_actor_issue_match"] += len(
                match(g, p, lambda _g, _p: (_g["actor"], _g["issue"]) == (_p["actor"], _p["issue"]))
            )
        if field == "quotes":
            counts["speaker_correct"] += sum(
                same_person(g[gi]["speaker"], p[pi]["speaker"]) for gi, pi in pairs
            )
    return counts


def _ratio(num: int, den: int) -> float:
    return num / den if den else 1.0


def summarise(counts: Mapping[str, int], documents: int) -> dict[str, Any]:
    """Precision, recall and F1 per field from pooled counts."""
    fields = {}
    for field in FIELDS:
        g, p, m = (counts[f"{field}_{k}"] for k in ("gold", "pred", "match"))
        prec, rec = _ratio(m, p), _ratio(m, g)
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        fields[field] = {
            "texts": counts[f"{field}_texts"],
            "gold": g,
            "pred": p,
            "match": m,
            "precision": prec,
            "recall": rec,
            "f1": f1,
        }
    return {
        "documents": documents,
        "fields": fields,
        "numbers_span_recall": _ratio(counts["numbers_span_match"], counts["numbers_gold"]),
        "claims_actor_issue_recall": _ratio(counts["claims_actor_issue_match"], counts["claims_gold"]),
        "quote_speaker": {
            "matched": counts["quotes_match"],
            "correct": counts["speaker_correct"],
            "accuracy": _ratio(counts["speaker_correct"], counts["quotes_match"]),
        },
    }


def score_documents(
    docs: Iterable[Document], extract: Extract, extract_claims: Extract | None = None
) -> dict[str, Any]:
    """Run ``extract(body, date)`` on every document and score the predictions.

    With ``extract_claims`` the claims are taken from ``extract_claims(body, date)`` instead
    (the extractor run with the case); without it, from ``extract``'s result.
    """
    counts = empty_counts()
    n = 0
    errors = []
    for doc in docs:
        n += 1
        try:
            pred = extract(doc.body, doc.date)
        except Exception as exc:  # a crash on one text is reported, not fatal
            errors.append(f"{doc.split}/{doc.name}: {type(exc).__name__}: {exc}")
            pred = {}
        claims = None
        if extract_claims is not None and "claims" in annotated(doc.gold):
            try:
                claims = extract_claims(doc.body, doc.date)
            except Exception as exc:
                errors.append(f"{doc.split}/{doc.name} (claims): {type(exc).__name__}: {exc}")
                claims = {}
        count_document(doc.gold, pred, counts, claims)
    result = summarise(counts, n)
    result["errors"] = errors
    return result


class ExtractorMissing(RuntimeError):
    """``accord.evidence.extract.extract_text`` cannot be imported."""


def load_extractor() -> Extract:
    """Import ``extract_text``; raise :class:`ExtractorMissing` with a clear message otherwise."""
    try:
        from accord.evidence.extract import extract_text  # type: ignore[import-not-found,unused-ignore]
    except ImportError as exc:
        raise ExtractorMissing(
            f"cannot import accord.evidence.extract.extract_text ({exc}); "
            "the evidence extractor is not available yet"
        ) from exc

    def run(text: str, date: str | None) -> Any:
        return extract_text(text, date=date)

    return run


def load_claims_extractor() -> Extract:
    """``extract_text`` bound to the built-in case ``ukraine-2025`` (claims need a case)."""
    try:
        from accord.case import load_case
        from accord.evidence.extract import extract_text  # type: ignore[import-not-found,unused-ignore]
    except ImportError as exc:
        raise ExtractorMissing(
            f"cannot import accord.evidence.extract.extract_text ({exc}); "
            "the evidence extractor is not available yet"
        ) from exc
    case = load_case(CLAIMS_CASE)

    def run(text: str, date: str | None) -> Any:
        return extract_text(text, date, case)

    return run


def score(
    split: str = "dev", extract: Extract | None = None, extract_claims: Extract | None = None
) -> dict[str, Any]:
    """Score the extractor on one split (a name in ``SPLITS``, or ``all``: the ``POOLED`` splits, pooled).

    ``extract(body, date)`` defaults to ``accord.evidence.extract.extract_text``, and then the
    claims come from ``extract_claims`` (default: ``extract_text`` with the ``ukraine-2025``
    case).  A caller that passes ``extract`` but not ``extract_claims`` is scored on the claims
    of ``extract``'s own result.
    """
    splits = POOLED if split == "all" else (split,)
    if any(s not in SPLITS for s in splits):
        raise ValueError(f"unknown split {split!r}; expected one of {', '.join(SPLITS)} or all")
    if extract is None:
        extract = load_extractor()
        extract_claims = extract_claims or load_claims_extractor()
    docs = [d for s in splits for d in load_split(s)]
    result = score_documents(docs, extract, extract_claims)
    result["split"] = split
    return result


def format_table(result: Mapping[str, Any]) -> str:
    """A plain-text table of one split's scores."""
    lines = [
        f"split {result['split']}: {result['documents']} texts",
        f"{'field':<13}{'gold':>6}{'pred':>6}{'match':>7}{'precision':>11}{'recall':>8}{'F1':>7}",
    ]
    for field, r in result["fields"].items():
        if not r.get("texts", 1):
            lines.append(f"{field:<13}  (not annotated in this split)")
            continue
        lines.append(
            f"{field:<13}{r['gold']:>6}{r['pred']:>6}{r['match']:>7}"
            f"{r['precision']:>11.3f}{r['recall']:>8.3f}{r['f1']:>7.3f}"
        )
    qs = result["quote_speaker"]
    fields = result["fields"]
    if fields["numbers"].get("texts", 1):
        lines.append(f"numbers span-only recall: {result['numbers_span_recall']:.3f}")
    if fields["claims"].get("texts", 1):
        lines.append(f"claims (actor+issue only) recall: {result['claims_actor_issue_recall']:.3f}")
    if fields["quotes"].get("texts", 1):
        lines.append(
            f"quote speaker accuracy:   {qs['accuracy']:.3f} ({qs['correct']}/{qs['matched']} matched quotes)"
        )
    lines.extend(f"error: {e}" for e in result.get("errors", ()))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Score accord's evidence extractor on the gold set.")
    parser.add_argument("--split", choices=(*SPLITS, "all"), default="dev")
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    args = parser.parse_args(argv)
    try:
        extract = load_extractor()
        extract_claims = load_claims_extractor()
    except ExtractorMissing as exc:
        print(f"evidence_accuracy: {exc}", file=sys.stderr)
        return 2
    splits = POOLED if args.split == "all" else (args.split,)
    results = {}
    for split in splits:
        load_split(split, warn=lambda msg: print(f"evidence_accuracy: {msg}", file=sys.stderr))
        results[split] = score(split, extract, extract_claims)
    if args.split == "all":
        results["all"] = score("all", extract, extract_claims)
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        print("\n\n".join(format_table(r) for r in results.values()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
