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
    assert [d.text for d in find_dates(text, None)] == ["Monday, 15 August 2025", "2014", "August 2026"]


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


FRI = dt.date(2026, 2, 20)  # a Friday
SUN = dt.date(2025, 12, 14)  # a Sunday


@pytest.mark.parametrize(
    ("text", "today", "span", "iso"),
    [
        # a yearless day close to the article date is in the nearest year, whatever the tense
        ("Talks were scheduled for 27 November.", dt.date(2025, 11, 21), "27 November", "2025-11-27"),
        ("The package, which is due to be adopted on 23 February.", FRI, "23 February", "2026-02-23"),
        (
            "The service issued a warning for February 1-3.",
            dt.date(2026, 1, 30),
            "February 1-3",
            "2026-02-01",
        ),
        ("On 29 December the talks ended.", dt.date(2026, 1, 3), "29 December", "2025-12-29"),
        # far from the article date, the tense decides
        ("The talks collapsed on 3 June.", dt.date(2026, 1, 10), "3 June", "2025-06-03"),
        # numeric day.month.year (never slashes)
        ("Published 04.12.25, 07:06 AM", FRI, "04.12.25", "2025-12-04"),
        ("- 19.12.2025, 14:24", FRI, "19.12.2025", "2025-12-19"),
        # a weekday before a date is part of it
        ("Friday, 20 February 2026 - The EU", FRI, "Friday, 20 February 2026", "2026-02-20"),
        ("talks beginning Tuesday, February 17, in Geneva", FRI, "Tuesday, February 17", "2026-02-17"),
        # months: adjacent months are this year; "since" is past; a "June deadline" is ahead
        ("the fourth round of talks since January, which would mark", FRI, "January", "2026-01-01"),
        ("The US has set a June deadline for a settlement.", FRI, "June", "2026-06-01"),
        (
            "A March moratorium on strikes collapsed within weeks.",
            dt.date(2026, 1, 31),
            "March",
            "2025-03-01",
        ),
        # weekdays
        ("talks planned for today and tomorrow, Monday, in Germany", SUN, "Monday", "2025-12-15"),
        (
            "Trump said he would speak later Monday with Zelensky.",
            dt.date(2025, 12, 16),
            "Monday",
            "2025-12-15",
        ),
        ("delegations will meet on Sunday, followed by a summit on Monday.", SUN, "Monday", "2025-12-15"),
        (
            "a strike planned by Moscow ahead of talks on Sunday.",
            dt.date(2026, 1, 31),
            "Sunday",
            "2026-02-01",
        ),
        ("On Sunday, the delegations will meet again.", dt.date(2026, 1, 31), "Sunday", "2026-02-01"),
        # weekends are dated by their Saturday
        ("a truce reached during talks over the weekend.", dt.date(2026, 1, 30), "weekend", "2026-01-24"),
        ("ambassadors could convene over the weekend.", FRI, "weekend", "2026-02-21"),
        ("a cold snap this weekend", dt.date(2026, 1, 31), "this weekend", "2026-01-31"),
        ("a vote next weekend", FRI, "next weekend", "2026-02-28"),
        # counted and anaphoric days
        (
            "It will be tomorrow and the day after tomorrow.",
            dt.date(2026, 1, 22),
            "day after tomorrow",
            "2026-01-24",
        ),
        ("The deal was signed three days ago.", FRI, "three days ago", "2026-02-17"),
        ("a week ago", FRI, "a week ago", "2026-02-13"),
    ],
)
def test_relative_dates_on_real_copy(text: str, today: dt.date, span: str, iso: str) -> None:
    found = {d.text: d.iso for d in find_dates(text, today)}
    assert found.get(span) == iso, found


def test_anaphoric_days_count_from_the_last_day_named() -> None:
    text = (
        "Bloggers claimed on 29 January that Moscow had issued an order the previous day. "
        "Peskov spoke earlier the same day. The envoys had met two days earlier."
    )
    found = {d.text: d.iso for d in find_dates(text, dt.date(2026, 1, 31))}
    assert found["previous day"] == "2026-01-28"
    # a resolved anaphoric day is itself the last day named
    assert found["earlier the same day"] == "2026-01-28"
    assert found["two days earlier"] == "2026-01-26"
    found = {d.text: d.iso for d in find_dates("On 29 January he spoke, and two days earlier she did.", FRI)}
    assert found["two days earlier"] == "2026-01-27"
    # with no day named before it, "the same day" is the article's
    assert find_dates("He spoke later the same day.", FRI)[0].iso == "2026-02-20"


def test_counted_days_after_an_event_are_not_dates() -> None:
    text = "The attack came a day after the talks, nearly four years after the invasion."
    assert find_dates(text, FRI) == []


@pytest.mark.parametrize(
    ("text", "span", "iso"),
    [
        ("talks on 17 and 18 February in Geneva", "17 and 18 February", "2026-02-17"),
        ("talks on February 17 and 18 in Geneva", "February 17 and 18", "2026-02-17"),
        ("from December 18 to 20, leaders met", "December 18 to 20", "2025-12-18"),
    ],
)
def test_day_ranges_joined_by_words(text: str, span: str, iso: str) -> None:
    assert [(d.text, d.iso) for d in find_dates(text, FRI)] == [(span, iso)]


def test_a_count_after_a_date_is_not_part_of_it() -> None:
    assert [d.text for d in find_dates("on February 24 and 25 countries joined", FRI)] == ["February 24"]


def test_numbers_inside_dates_are_not_numbers() -> None:
    from accord.evidence.extract import extract_text

    ex = extract_text(
        "Talks on 17 and 18 February drew 40 delegates; it ended two days ago.", "2026-02-20", nlp=None
    )
    assert [n.text for n in ex.numbers] == ["40 delegates"]
    assert [d.text for d in ex.dates] == ["17 and 18 February", "two days ago"]


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("The talks ended 10 days later than planned.", "10 days"),
        ("The vote came two weeks earlier than expected.", "two weeks"),
        ("The ceasefire would last 30 days, and a vote would follow 60 days later.", "30 days|60 days"),
    ],
)
def test_a_comparative_later_or_earlier_is_a_duration_not_a_date(text: str, number: str) -> None:
    from accord.evidence.extract import extract_text

    assert find_dates(text, FRI) == []
    ex = extract_text(text, "2026-02-20", nlp=None)
    assert [n.text for n in ex.numbers] == number.split("|")


def test_a_past_later_is_still_a_date() -> None:
    text = "Talks were held on 17 February. Two days later, the envoys met again."
    assert [(d.text, d.iso) for d in find_dates(text, FRI)] == [
        ("17 February", "2026-02-17"),
        ("Two days later", "2026-02-19"),
    ]


@pytest.mark.parametrize(
    ("text", "date", "number"),
    [
        ("Russia struck on February 24 and 30 were wounded.", "February 24", "30"),
        ("Russia struck on February 24 and 12 were wounded.", "February 24", "12"),
    ],
)
def test_a_figure_after_a_date_and_and_is_not_a_day(text: str, date: str, number: str) -> None:
    from accord.evidence.extract import extract_text

    assert [d.text for d in find_dates(text, FRI)] == [date]
    ex = extract_text(text, "2026-02-20", nlp=None)
    assert [n.text for n in ex.numbers] == [number]


@pytest.mark.parametrize(
    ("text", "iso", "granularity"),
    [
        ("The war began four years ago.", "2021-01-01", "year"),
        ("Prices fell three months ago.", "2025-05-01", "month"),
        ("He left two days ago.", "2025-08-05", "day"),
        ("The budget for the upcoming year was adopted.", "2026-01-01", "year"),
        ("He summed up the outgoing year.", "2025-01-01", "year"),
        ("Exports fell in the current month.", "2025-08-01", "month"),
    ],
)
def test_periods_ago_and_the_upcoming_year(text: str, iso: str, granularity: str) -> None:
    item = _one(text)
    assert (item.iso, item.granularity) == (iso, granularity)
