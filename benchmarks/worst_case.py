"""The dashboard's worst-case upload: ukraine-2025 plus generated actors, just under 1 MB.

Usage:
    python benchmarks/worst_case.py [--actors 300] > big.yaml

Each generated actor (``G001``...) has a position on every issue of ukraine-2025 and a
padded basis text, so the whole file sits just under the upload limit
(:data:`accord.web.api.MAX_UPLOAD_BYTES`): 311 actors and 3,697 positions, the case of
issue 18. The generated actors join no track (``--all-track`` adds them to the ``all``
track, whose analyses then take minutes: a case for the time limit, not for the load test).
"""

from __future__ import annotations

import argparse
import re
import sys
from importlib import resources

import numpy as np

LIMIT = 1_000_000
"""The upload limit the case must stay under (bytes)."""


def _base() -> str:
    return resources.files("accord.cases").joinpath("ukraine-2025.yaml").read_text(encoding="utf-8")


def _issues(text: str) -> list[str]:
    block = text.split("\nissues:\n", 1)[1].split("\npositions:\n", 1)[0]
    return re.findall(r"^  - id: (\S+)$", block, flags=re.MULTILINE)


def worst_case_text(actors: int = 300, limit: int = LIMIT, seed: int = 18, all_track: bool = False) -> str:
    """Return the YAML text of ukraine-2025 with ``actors`` generated actors, padded under ``limit``.

    Args:
        actors: Generated actors to add (each with a position on every issue).
        limit: Size the text must stay under (bytes, UTF-8).
        seed: Seed of the generated ideals and saliences.
        all_track: Add the generated actors to the ``all`` track.
    """
    base = _base().replace("id: ukraine-2025", "id: ukraine-2025-worst", 1)
    issues = _issues(base)
    rng = np.random.default_rng(seed)
    ids = [f"G{n:03d}" for n in range(1, actors + 1)]
    positions = "".join(
        f"  - {{actor: {a}, issue: {i}, ideal: {int(rng.integers(0, 101))}, "
        f"salience: {float(rng.uniform(0.1, 1.0)):.2f}}}\n"
        for a in ids
        for i in issues
    )

    def actor_block(a: str, pad: int) -> str:
        filler = ("generated actor " * (pad // 16 + 1))[:pad].strip() or "generated"
        return (
            f"  - id: {a}\n    name: Generated actor {a}\n    kind: organisation\n"
            f"    capability: {float(rng.uniform(0.05, 0.5)):.2f}\n"
            f"    capability_basis: >-\n      {filler}\n"
            f"    no_deal_utility: {float(rng.uniform(0.2, 0.6)):.2f}\n"
        )

    def build(pad: int) -> str:
        head, rest = base.split("\nissues:\n", 1)
        text = head + "\n" + "".join(actor_block(a, pad) for a in ids) + "issues:\n" + rest
        pre, post = text.split("\nguarantees:\n", 1)
        text = pre + "\n" + positions + "guarantees:\n" + post
        if not all_track:
            return text
        return re.sub(
            r"(  - id: all\n(?:.*\n)*?    actors: \[)([^\]]*)\]",
            lambda m: m.group(1) + m.group(2) + ", " + ", ".join(ids) + "]",
            text,
            count=1,
        )

    unpadded = len(build(0).encode("utf-8"))
    pad = max(0, (limit - 2_000 - unpadded) // max(actors, 1))
    text = build(pad)
    assert len(text.encode("utf-8")) < limit, "the generated case is over the limit"
    return text


def main() -> None:
    """Print the worst-case YAML."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--actors", type=int, default=300)
    parser.add_argument("--all-track", action="store_true", help="add the generated actors to the all track")
    args = parser.parse_args()
    sys.stdout.write(worst_case_text(args.actors, all_track=args.all_track))


if __name__ == "__main__":
    main()
