"""Ingest many article files into the evidence store, one transaction per article.

:func:`ingest_files` reads each file, extracts it with the case, and stores it with
:meth:`EvidenceStore.ingest` (one ``BEGIN IMMEDIATE`` ... ``COMMIT`` per article, so an
interruption — Ctrl-C, a signal, an exception from the progress callback — leaves exactly the
articles finished before it, never a half-written one). A rerun skips the stored texts (same
content hash) and ingests the rest.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from accord.case.model import Case
from accord.evidence.extract import EXTRACTOR_VERSION, extract_text
from accord.evidence.store import EvidenceStore
from accord.evidence.text import ArticleError, read_article

__all__ = ["IngestReport", "ingest_files"]


@dataclass
class IngestReport:
    """What :func:`ingest_files` did.

    Attributes:
        added: Articles stored.
        present: Articles whose text was already stored.
        skipped: ``(file, reason)`` per file that could not be read as an article.
        done: Files handled (added, present or skipped) before it returned or was interrupted.
        interrupted: True when a KeyboardInterrupt stopped it (the store holds ``added`` articles
            of this run, each complete).
    """

    added: int = 0
    present: int = 0
    skipped: list[tuple[Path, str]] = field(default_factory=list)
    done: int = 0
    interrupted: bool = False


def ingest_files(
    store: EvidenceStore,
    files: Sequence[Path],
    case: Case | None,
    *,
    reliability: str = "F",
    publisher: str | None = None,
    date: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> IngestReport:
    """Extract and store ``files``, each article in its own transaction.

    Args:
        store: An open evidence store.
        files: Article files (plain text or HTML; a ``URL:``/``DATE:`` header is read).
        case: The case claims are about (None: no claims).
        reliability: Admiralty grade of these sources, ``"A"`` to ``"F"``.
        publisher: Who published them.
        date: The articles' date when they carry none.
        progress: Called as ``progress(done, total)`` after each file. A KeyboardInterrupt
            raised in it (or anywhere during the run) stops the run cleanly: the report says
            ``interrupted`` and the store keeps every article finished before it.
    """
    report = IngestReport()
    total = len(files)
    try:
        for f in files:
            try:
                doc, _notes = read_article(f)
                if doc.date is None and date is not None:
                    doc, _notes = read_article(f, date=date)
            except ArticleError as exc:
                report.skipped.append((f, str(exc)))
            else:
                ex = extract_text(doc.text, doc.date, case)
                if store.ingest(doc, ex, EXTRACTOR_VERSION, reliability=reliability, publisher=publisher):
                    report.added += 1
                else:
                    report.present += 1
            report.done += 1
            if progress is not None:
                progress(report.done, total)
    except KeyboardInterrupt:
        report.interrupted = True
    return report
