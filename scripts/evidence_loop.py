"""The evidence-to-case loop on the months ``ukraine-2026`` covers.

Ingests the real articles of the gold set (texts only, not the gold: ``tests/data/evidence/real``
and ``real-heldout``, December 2025 to March 2026) into a fresh store with ``ukraine-2025``, runs
``accord suggest ukraine-2025`` on it and compares the proposed shifts of ideal points with the
positions ``ukraine-2026`` holds (see :mod:`accord.evidence.loop`). The same as::

    accord ingest --db tmp.sqlite3 tests/data/evidence/real tests/data/evidence/real-heldout \\
        --case ukraine-2025
    accord suggest ukraine-2025 --db tmp.sqlite3
    accord diff ukraine-2025 ukraine-2026 --no-deals --json

Usage::

    ACCORD_NO_NLP=1 python scripts/evidence_loop.py [--min-documents N] [--json]
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

from accord.case import load_case
from accord.case.builtin import builtin_case_resource
from accord.evidence.loop import score_loop
from accord.evidence.suggest import MIN_DIRECTION_CLAIMS

REPO = Path(__file__).resolve().parents[1]
ARTICLES = [REPO / "tests" / "data" / "evidence" / s for s in ("real", "real-heldout")]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument(
        "--min-documents",
        type=int,
        default=MIN_DIRECTION_CLAIMS,
        help="documents needed for a shift without a named option (suggest's default: %(default)s)",
    )
    args = parser.parse_args()
    files = sorted(f for d in ARTICLES for f in d.glob("*.txt"))
    resource = builtin_case_resource("ukraine-2025")
    assert resource is not None
    with tempfile.TemporaryDirectory() as tmp:
        result = score_loop(
            files,
            load_case("ukraine-2025"),
            resource.read_text(encoding="utf-8"),
            load_case("ukraine-2026"),
            Path(tmp) / "loop.sqlite3",
            min_documents=args.min_documents,
        )
    if args.json:
        print(
            json.dumps(
                {
                    "articles": result.articles,
                    "moved": len(result.moved),
                    "suggested": len(result.suggested),
                    "hit_rate": result.hit_rate,
                    "wrong_rate": result.wrong_rate,
                    "right": result.right,
                    "wrong": result.wrong,
                    "unmoved": result.unmoved,
                    "not_comparable": result.not_comparable,
                },
                indent=2,
            )
        )
        return
    print(
        f"{result.articles} articles; {len(result.moved)} positions moved from ukraine-2025 to ukraine-2026"
    )
    print(f"{len(result.suggested)} shifts suggested:")
    for actor, issue, old, new in result.suggested:
        key = (actor, issue)
        verdict = (
            "right"
            if key in result.right
            else "WRONG"
            if key in result.wrong
            else "not moved in 2026"
            if key in result.unmoved
            else "not in 2026"
        )
        print(f"  {actor}/{issue}: {old:g} -> {new:g}  ({verdict})")
    right = f"{len(result.right)}/{len(result.moved)}"
    print(f"moved positions whose direction a suggestion gets right: {right} = {result.hit_rate:.3f}")
    comparable = len(result.suggested) - len(result.not_comparable)
    print(f"suggestions pointing the wrong way: {len(result.wrong)}/{comparable} = {result.wrong_rate:.3f}")


if __name__ == "__main__":
    main()
