"""Ingesting many articles: progress, and an interruption leaves only complete articles (issue 14)."""

from __future__ import annotations

from pathlib import Path

import pytest

from accord import load_case
from accord.evidence.ingest import ingest_files
from accord.evidence.store import EvidenceStore

CASE = load_case("ukraine-2025")
N_FILES = 1000
STOP_AFTER = 137


def _articles(folder: Path, n: int) -> list[Path]:
    files = []
    for i in range(n):
        f = folder / f"a{i:04d}.txt"
        f.write_text(
            f"URL: https://example.org/{i}\nDATE: 2026-01-{1 + i % 28:02d}\n\n"
            f"Article {i}. Moscow rejected a ceasefire on Tuesday, Peskov said. "
            f"Kyiv offered {i} prisoners in an exchange.\n",
            encoding="utf-8",
        )
        files.append(f)
    return files


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return _articles(tmp_path_factory.mktemp("articles"), N_FILES)


def test_interrupted_ingest_keeps_complete_articles_and_a_rerun_adds_the_rest(
    files: list[Path], tmp_path: Path
) -> None:
    db = tmp_path / "ev.sqlite3"
    seen: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> None:
        seen.append((done, total))
        if done == STOP_AFTER:
            raise KeyboardInterrupt

    with EvidenceStore.open(db) as store:
        report = ingest_files(store, files, CASE, progress=progress, date="2026-01-01")
    assert report.interrupted
    assert report.added == report.done == STOP_AFTER
    assert seen[0] == (1, N_FILES)
    assert seen[-1] == (STOP_AFTER, N_FILES)
    with EvidenceStore.open(db) as store:
        assert store.integrity_check() == []
        docs = store.documents()
        assert len(docs) == STOP_AFTER
        # every stored article is complete: its claims and dates are there
        assert all(store.extraction(d.id).claims and store.extraction(d.id).dates for d in docs)
        urls = {d.url for d in docs}
        assert urls == {f"https://example.org/{i}" for i in range(STOP_AFTER)}
        rerun = ingest_files(store, files, CASE)
        assert not rerun.interrupted
        assert (rerun.added, rerun.present) == (N_FILES - STOP_AFTER, STOP_AFTER)
        assert len(store.documents()) == N_FILES
