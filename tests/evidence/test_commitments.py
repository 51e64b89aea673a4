"""Commitments: cues, clause spans, due dates from deadlines, and what is not a commitment."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from fuzz_text import random_text
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.evidence.commitments import find_commitments
from accord.evidence.types import Commitment

THU = dt.date(2025, 8, 7)  # a Thursday
_END = re.compile(r"[.!?][\"\u201d]?(?=\s+[\"\u201c]?[A-Z])|\n\n")
_ABBREV = re.compile(r"(?:\b[A-Z]|Dec|Mr|Nov|Sept|Aug|Oct|Jan|Feb)\.$")


def sentences(text: str) -> list[tuple[int, int]]:
    """A small sentence splitter for the tests (does not split after ``U.S.`` or ``Dec.``)."""
    out: list[tuple[int, int]] = []
    start = 0
    for m in _END.finditer(text):
        if _ABBREV.search(text, max(0, m.start() - 4), m.end()):
            continue
        out.append((start, m.end()))
        start = m.end()
    out.append((start, len(text)))
    return out


def commitments(text: str, today: dt.date | None = THU) -> list[Commitment]:
    return find_commitments(text, sentences(text), today)


def _one(text: str, today: dt.date | None = THU) -> Commitment:
    items = commitments(text, today)
    assert len(items) == 1, items
    return items[0]


@pytest.mark.parametrize(
    ("text", "span", "due", "deadline"),
    [
        (
            "MOSCOW, Aug 7 (Wire) - Putin and Witkoff agreed on Wednesday that the main points should be "
            "formalized within the next week to 10 days, the Kremlin said.",
            "Putin and Witkoff agreed on Wednesday that the main points should be formalized within the "
            "next week to 10 days",
            "2025-08-17",
            "within the next week to 10 days",
        ),
        (
            "Officials said both sides would open two corridors by Friday.",
            "both sides would open two corridors by Friday",
            "2025-08-08",
            "by Friday",
        ),
        (
            "The group is to be dissolved by the end of the month.",
            "The group is to be dissolved by the end of the month",
            "2025-08-31",
            "by the end of the month",
        ),
        (
            "The EU pledged to approve the loan by December.",
            "The EU pledged to approve the loan by December",
            "2025-12-31",
            "by December",
        ),
        (
            "Hamas will release the hostages in two weeks.",
            "Hamas will release the hostages in two weeks",
            "2025-08-21",
            "in two weeks",
        ),
        (
            "An adviser said the group would withdraw within 48 hours.",
            "the group would withdraw within 48 hours",
            "2025-08-09",
            "within 48 hours",
        ),
        (
            "Officials said the route would be built within five years.",
            "the route would be built within five years",
            "2030-08-07",
            "within five years",
        ),
        (
            "Witkoff would travel to Moscow this week to present the draft.",
            "Witkoff would travel to Moscow this week to present the draft",
            "2025-08-10",
            "this week",
        ),
        (
            "The ELN will resume talks in Havana next month, the negotiator said.",
            "The ELN will resume talks in Havana next month",
            "2025-09-30",
            "next month",
        ),
        (
            "Leaders would return to the issue at a summit on Dec. 18-19.",
            "Leaders would return to the issue at a summit on Dec. 18-19",
            "2025-12-19",
            "on Dec. 18-19",
        ),
    ],
)
def test_examples(text: str, span: str, due: str, deadline: str) -> None:
    item = _one(text)
    assert item.text == span
    assert text[item.start : item.end] == span
    assert item.due == due
    assert item.deadline_text == deadline
    assert item.actor is None


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("Under the deal, Hamas is to release all 20 hostages.", "Hamas is to release all 20 hostages"),
        ("They signed a declaration, pledging to end the conflict.", "pledging to end the conflict"),
        (
            "Israeli troops would pull back to an agreed line.",
            "Israeli troops would pull back to an agreed line",
        ),
        ("Moscow vowed to respond.", "Moscow vowed to respond"),
        ("Kyiv plans to hold elections.", "Kyiv plans to hold elections"),
        ("Both sides committed to a ceasefire.", "Both sides committed to a ceasefire"),
        ("The parties must withdraw heavy weapons.", "The parties must withdraw heavy weapons"),
    ],
)
def test_cues_without_deadline(text: str, span: str) -> None:
    item = _one(text)
    assert item.text == span
    assert item.due is None
    assert item.deadline_text is None


def test_clauses_are_split() -> None:
    text = (
        'Grabe said the group had agreed to suspend kidnappings "from this moment on" and to free 12 '
        "hostages by Christmas. Hamas is to release hostages, while Israel will free 2,000 prisoners."
    )
    got = [(c.text, c.due) for c in commitments(text)]
    assert got == [
        ('the group had agreed to suspend kidnappings "from this moment on"', None),
        ("to free 12 hostages by Christmas", "2025-12-25"),
        ("Hamas is to release hostages", None),
        ("Israel will free 2,000 prisoners", None),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Kyiv would not accept any deal reached behind its back.",
        "The Kremlin said it had not agreed to any date.",
        "A summit could take place next week.",
        "Aid deliveries are expected to rise to 600 trucks a day.",
        "Any ceasefire would be short-lived.",
        "Repairs will cost $2.5 billion.",
        '"We will judge by what falls from the sky," he wrote.',
        "Will the talks resume next week?",
        "It takes political will to end a war.",
        "Israel and Hamas have agreed on the first phase of the plan.",
        "Petro has made total peace a central promise.",
    ],
)
def test_not_commitments(text: str) -> None:
    assert commitments(text) == []


def test_deadline_counted_from_an_event_has_no_due_date() -> None:
    item = _one("Hamas is to release all hostages within 72 hours of the cabinet's approval.")
    assert item.due is None


def test_past_dates_are_not_deadlines() -> None:
    item = _one("The delegations agreed on Monday to exchange prisoners.")
    assert item.due is None


def test_without_article_date_only_absolute_deadlines() -> None:
    assert _one("Troops will leave by 15 September 2025.", None).due == "2025-09-15"
    assert _one("Troops will leave within two weeks.", None).due is None


def test_precomputed_items_are_used() -> None:
    text = "Troops will leave by Friday."
    assert find_commitments(text, [(0, len(text))], THU, dates=(), numbers=()) == commitments(text)


def _check(text: str, items: list[Commitment]) -> None:
    for item in items:
        assert 0 <= item.start < item.end <= len(text)
        assert text[item.start : item.end] == item.text
        if item.due is not None:
            dt.date.fromisoformat(item.due)


_TOKENS = [
    *'0123456789,.;- \n"',
    "will ",
    "would not ",
    "agreed to ",
    "pledging ",
    "said ",
    "by Friday",
    "within ",
    "two weeks",
    "10 days",
    " and to ",
    "the end of the month",
    "December ",
    "2025",
]
_SENTENCEISH = st.lists(st.sampled_from(_TOKENS), max_size=40).map("".join)
_TODAY = st.one_of(st.none(), st.dates())


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300), _TODAY)
def test_arbitrary_text_never_breaks(text: str, today: dt.date | None) -> None:
    _check(text, find_commitments(text, sentences(text), today))


@settings(max_examples=300, deadline=None)
@given(_SENTENCEISH, _TODAY)
def test_commitment_like_text_never_breaks(text: str, today: dt.date | None) -> None:
    _check(text, find_commitments(text, sentences(text), today))


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200), st.lists(st.tuples(st.integers(-50, 250), st.integers(-50, 250)), max_size=5))
def test_odd_sentence_spans_never_break(text: str, spans: list[tuple[int, int]]) -> None:
    _check(text, find_commitments(text, spans, THU))


@settings(max_examples=10, deadline=None)
@given(st.integers(min_value=0, max_value=2**32), _TODAY)
def test_longrandom_text(seed: int, today: dt.date | None) -> None:
    text = random_text(seed)
    _check(text, find_commitments(text, sentences(text), today))
