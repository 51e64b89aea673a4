"""Dates: absolute, weekday, relative; the tense rule; nothing without an article date."""

from __future__ import annotations

import datetime as dt

import pytest
from fuzz_text import random_text
from hypothesis import given, settings
from hypothesis import strategies as st
from scaling import assert_linear

from accord.evidence.dates import find_dates
from accord.evidence.types import DateItem

THU = dt.date(2025, 8, 7)  # a Thursday


def _one(text: str, today: dt.date | None = THU) -> DateItem:
    items = find_dates(text, today)
    assert len(items) == 1, items
    return items[0]


@pytest.mark.parametrize(
    ("text", "span", "iso", "granularity", "relative"),
    [
        ("signed on 15 August 2025.", "15 August 2025", "2025-08-15", "day", False),
        ("signed on Aug. 15, 2025.", "Aug. 15, 2025", "2025-08-15", "day", False),
        ("signed 2025-08-15.", "2025-08-15", "2025-08-15", "day", False),
        ("whose term ends in August 2026", "August 2026", "2026-08-01", "month", False),
        ("Russia annexed Crimea in 2014.", "2014", "2014-01-01", "year", False),
        ("the end of 2025", "the end of 2025", "2025-12-31", "day", False),
        ("MOSCOW, Aug 7 (Wire) - talks", "Aug 7", "2025-08-07", "day", True),
        ("a summit on Dec. 18-19", "Dec. 18-19", "2025-12-18", "day", True),
        ("It happened today.", "today", "2025-08-07", "day", True),
        ("It happened yesterday.", "yesterday", "2025-08-06", "day", True),
        ("It happens tomorrow.", "tomorrow", "2025-08-08", "day", True),
        ("a summit next week", "next week", "2025-08-11", "week", True),
        ("a poll published last week", "last week", "2025-07-28", "week", True),
        ("talks this week", "this week", "2025-08-04", "week", True),
        ("talks this month", "this month", "2025-08-01", "month", True),
        ("talks next month", "next month", "2025-09-01", "month", True),
        ("talks last month", "last month", "2025-07-01", "month", True),
        ("talks this year", "this year", "2025-01-01", "year", True),
        ("talks next year", "next year", "2026-01-01", "year", True),
        ("talks last year", "last year", "2024-01-01", "year", True),
        ("talks earlier this month", "earlier this month", "2025-08-01", "month", True),
        ("dissolved by the end of the month", "the end of the month", "2025-08-31", "day", True),
        ("dissolved by the end of the year", "the end of the year", "2025-12-31", "day", True),
        ("free hostages by Christmas", "Christmas", "2025-12-25", "day", True),
        ("They will meet next Monday.", "next Monday", "2025-08-11", "day", True),
        ("They met last Monday.", "last Monday", "2025-08-04", "day", True),
    ],
)
def test_examples(text: str, span: str, iso: str, granularity: str, relative: bool) -> None:
    item = _one(text)
    assert (item.text, item.iso, item.granularity, item.relative) == (span, iso, granularity, relative)
    assert text[item.start : item.end] == span


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("The envoy agreed on Wednesday that talks should go on.", "2025-08-06"),  # past: this week
        ("Lavrov spoke by phone on Monday.", "2025-08-04"),
        ("The Kremlin said on Thursday it was ready.", "2025-08-07"),  # the article's own day
        ("He would convene his government on Friday.", "2025-08-08"),  # future: next Friday
        ("Both sides will open corridors by Friday.", "2025-08-08"),
        ("a truce starting on Wednesday", "2025-08-13"),
        ("They meet on Thursday.", "2025-08-07"),  # no cue: on or before
    ],
)
def test_weekday_tense_rule(text: str, iso: str) -> None:
    assert _one(text).iso == iso


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("The talks collapsed in January.", "2025-01-01"),  # past cue: on or before
        ("Talks will resume in January.", "2026-01-01"),  # future cue: on or after
        ("The January talks", "2026-01-01"),  # no cue: nearest (5 months ahead, not 7 back)
        ("The November talks", "2025-11-01"),
        ("A loan by October", "2025-10-01"),
        ("The truce held on March 19.", "2025-03-19"),
    ],
)
def test_month_year_rule(text: str, iso: str) -> None:
    assert _one(text).iso == iso


def test_span_excludes_on_and_by() -> None:
    text = "He spoke on Monday and will decide by the end of the month."
    assert [d.text for d in find_dates(text, THU)] == ["Monday", "the end of the month"]


@pytest.mark.parametrize(
    "text",
    [
        "within the next week",
        "over the past month",
        "within two weeks",
        "you may go",
        "$2025 in aid",
        "the 1990s",
        "the March on Washington was a march",
    ],
)
def test_not_dates(text: str) -> None:
    assert [d.text for d in find_dates(text, THU) if d.text != "March"] == []


def test_without_article_date_only_absolute_dates_with_a_year() -> None:
    text = "On Monday, 15 August 2025 and August 15, next week, in 2014, August 2026 and yesterday."
    assert [d.text for d in find_dates(text, None)] == ["15 August 2025", "2014", "August 2026"]


@pytest.mark.parametrize(
    ("unit", "copies"),
    [("1,2,3,4,56,789,", 70_000), ("a ", 500_000), ("He said he will meet on Monday. ", 30_000)],
)
def test_pathological_inputs_take_linear_time(unit: str, copies: int) -> None:
    assert_linear(lambda n: find_dates(unit * n, THU), copies)


def _check(text: str, items: list[DateItem]) -> None:
    last = -1
    for item in items:
        assert 0 <= item.start < item.end <= len(text)
        assert text[item.start : item.end] == item.text
        dt.date.fromisoformat(item.iso)
        assert item.start >= last
        last = item.end


_TOKENS = [
    *"0123456789,.- \n",
    "May ",
    "August ",
    "Aug. ",
    "Monday ",
    "next ",
    "last ",
    "week",
    "the end of ",
    "Christmas",
    "will ",
    "said ",
    "by ",
    "2025",
    "-02-30",
]
_DATEISH = st.lists(st.sampled_from(_TOKENS), max_size=40).map("".join)
_TODAY = st.one_of(st.none(), st.dates())


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300), _TODAY)
def test_arbitrary_text_never_breaks(text: str, today: dt.date | None) -> None:
    _check(text, find_dates(text, today))


@settings(max_examples=300, deadline=None)
@given(_DATEISH, _TODAY)
def test_dateish_text_never_breaks(text: str, today: dt.date | None) -> None:
    _check(text, find_dates(text, today))


@settings(max_examples=10, deadline=None)
@given(st.integers(min_value=0, max_value=2**32), _TODAY)
def test_longrandom_text(seed: int, today: dt.date | None) -> None:
    text = random_text(seed)
    _check(text, find_dates(text, today))
