from __future__ import annotations

import time

from hypothesis import given, settings
from hypothesis import strategies as st

from accord.evidence.sentences import split_sentences


def _texts(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


def test_abbreviations_initials_decimals_quotes_headlines() -> None:
    text = (
        "Envoys meet in Geneva\n"
        "Mr. Lavrov met Gen. Keane on Jan. 9 in St. Gallen. Talks ran 2.5 hours. "
        'The U.S. envoy J. D. Vance said "We are close." Then he left! Was it enough? '
        '"No," she said.\n\nA new paragraph'
    )
    assert _texts(text) == [
        "Envoys meet in Geneva",
        "Mr. Lavrov met Gen. Keane on Jan. 9 in St. Gallen.",
        "Talks ran 2.5 hours.",
        'The U.S. envoy J. D. Vance said "We are close."',
        "Then he left!",
        "Was it enough?",
        '"No," she said.',
        "A new paragraph",
    ]


def test_acronym_ends_sentence_before_opener() -> None:
    assert _texts("Sanctions hit the U.S. The talks stalled.") == [
        "Sanctions hit the U.S.",
        "The talks stalled.",
    ]


def test_paragraph_break_always_splits() -> None:
    assert _texts("First line without period\nSecond line") == ["First line without period", "Second line"]


def test_empty_and_whitespace() -> None:
    assert split_sentences("") == []
    assert split_sentences(" \n\t ") == []


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_spans_valid(text: str) -> None:
    prev = 0
    for s, e in split_sentences(text):
        assert prev <= s < e <= len(text)
        assert not text[s].isspace()
        assert not text[e - 1].isspace()
        prev = e


def test_large_inputs_fast() -> None:
    for big in (". " * 500_000, "Abc " * 250_000):
        t0 = time.perf_counter()
        split_sentences(big)
        assert time.perf_counter() - t0 < 2.0
