"""The evidence-to-case loop on the shipped real articles: a floor on its figures (issue 14 item 5).

Ingests the 70 real articles (texts only) with ``ukraine-2025``, suggests, and compares with
``ukraine-2026`` (see ``scripts/evidence_loop.py`` and docs/evidence.md). Rules only; a few
seconds.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from accord import load_case
from accord.case.builtin import builtin_case_resource
from accord.evidence.loop import LoopScore, score_loop

ROOT = Path(__file__).resolve().parents[2]
FILES = sorted(f for s in ("real", "real-heldout") for f in (ROOT / "tests/data/evidence" / s).glob("*.txt"))


def _run(tmp_path: Path, min_documents: int) -> LoopScore:
    resource = builtin_case_resource("ukraine-2025")
    assert resource is not None
    return score_loop(
        FILES,
        load_case("ukraine-2025"),
        resource.read_text(encoding="utf-8"),
        load_case("ukraine-2026"),
        tmp_path / "loop.sqlite3",
        min_documents=min_documents,
    )


@pytest.fixture(autouse=True)
def _rules_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ACCORD_NO_NLP", "1")


def test_default_suggestions_never_point_the_wrong_way(tmp_path: Path) -> None:
    result = _run(tmp_path, 2)
    assert result.articles == len(FILES) == 70
    assert len(result.moved) == 23
    assert result.hit_rate >= 0.15  # 4/23 measured
    assert result.wrong_rate <= 0.2
    # the failure of issue 14: Russia's sanctions ideal pushed up by other actors' demands
    assert not [s for s in result.suggested if s[:2] == ("RUS", "sanctions")]


def test_single_document_suggestions_floor(tmp_path: Path) -> None:
    result = _run(tmp_path, 1)
    assert result.hit_rate >= 0.3  # 8/23 measured
    assert result.wrong_rate <= 0.25
    assert len(result.right) > len(result.wrong)
