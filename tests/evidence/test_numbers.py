"""Numbers: money, counts, percentages, distances, durations, ranges; and what is not a number."""

from __future__ import annotations

import math

import pytest
from fuzz_text import random_text
from hypothesis import given, settings
from hypothesis import strategies as st
from scaling import assert_linear

from accord.evidence.numbers import find_numbers
from accord.evidence.types import NumberItem


def _one(text: str) -> NumberItem:
    items = find_numbers(text)
    assert len(items) == 1, items
    return items[0]


@pytest.mark.parametrize(
    ("text", "span", "value", "unit", "high"),
    [
        ("Donors pledged $90 billion on Monday.", "$90 billion", 9e10, "USD", None),
        ("a loan of €1.5bn", "€1.5bn", 1.5e9, "EUR", None),
        ("worth 300 million euros", "300 million euros", 3e8, "EUR", None),
        ("some US$2 trillion", "US$2 trillion", 2e12, "USD", None),
        ("a further £400m", "£400m", 4e8, "GBP", None),
        ("about $5.6bn", "$5.6bn", 5.6e9, "USD", None),
        ("90 billion dollars", "90 billion dollars", 9e10, "USD", None),
        ("USD 5 million", "USD 5 million", 5e6, "USD", None),
        ("20,000 soldiers", "20,000 soldiers", 20000, "soldier", None),
        ("1.2 million people fled", "1.2 million people", 1.2e6, "person", None),
        ("20 living hostages", "20 living hostages", 20, "hostage", None),
        ("six missiles", "six missiles", 6, "missile", None),
        ("Twenty-six countries", "Twenty-six countries", 26, "country", None),
        ("a dozen officials", "a dozen officials", 12, "official", None),
        ("three million", "three million", 3e6, "", None),
        # up to three modifiers between the number and its plural noun
        ("deliver five more missile interceptors", "five more missile interceptors", 5, "interceptor", None),
        ("a swap of 200 captured Russian soldiers", "200 captured Russian soldiers", 200, "soldier", None),
        ("freed 200 captured Ukrainians.", "200 captured Ukrainians", 200, "Ukrainian", None),
        (
            "its two eastern Luhansk and Donetsk regions",
            "two eastern Luhansk and Donetsk regions",
            2,
            "region",
            None,
        ),
        # plurals in -ics, and a noun phrase that opens a quotation
        ("These are two topics that we discuss", "two topics", 2, "topic", None),
        ("three critics of the plan", "three critics", 3, "critic", None),
        ("two \u201csensitive issues\u201d remain", "two \u201csensitive issues", 2, "issue", None),
        ('two "points" remain', 'two "points', 2, "point", None),
        # "number" as a verb before a grouped count
        ("the army should number 800,000 troops", "800,000 troops", 8e5, "troop", None),
        ("17 casualties", "17 casualties", 17, "casualty", None),
        ("40%", "40%", 40, "percent", None),
        ("40 percent", "40 percent", 40, "percent", None),
        ("40 per cent", "40 per cent", 40, "percent", None),
        ("a 15-kilometre zone", "15-kilometre", 15, "km", None),
        ("1,000 km", "1,000 km", 1000, "km", None),
        ("two weeks", "two weeks", 2, "week", None),
        ("30 days", "30 days", 30, "day", None),
        ("six months", "six months", 6, "month", None),
        ("a 72-hour truce", "72-hour", 72, "hour", None),
        ("about two and a half hours", "two and a half hours", 2.5, "hour", None),
        ("a 28-point plan", "28-point", 28, "point", None),
        ("within a week to 10 days", "a week to 10 days", 7, "day", 10),
        ("within the next week to 10 days", "week to 10 days", 7, "day", 10),
        ("between 5,000 and 10,000 troops", "5,000 and 10,000 troops", 5000, "troop", 10000),
        ("5,000 to 6,000 fighters", "5,000 to 6,000 fighters", 5000, "fighter", 6000),
        ("5-10%", "5-10%", 5, "percent", 10),
        ("$50-60 billion", "$50-60 billion", 5e10, "USD", 6e10),
        ("$2.5 billion to $3 billion", "$2.5 billion to $3 billion", 2.5e9, "USD", 3e9),
        ("two to three days", "two to three days", 2, "day", 3),
        ("We have seen three of these", "three", 3, "", None),
        ("it shot down 72 of them", "72", 72, "", None),
    ],
)
def test_examples(text: str, span: str, value: float, unit: str, high: float | None) -> None:
    item = _one(text)
    assert item.text == span
    assert text[item.start : item.end] == span
    assert item.value == pytest.approx(value)
    assert item.unit == unit
    assert item.high == (None if high is None else pytest.approx(high))


def test_a_week_only_as_a_duration() -> None:
    assert [i.text for i in find_numbers("The talks could end within a week.")] == ["a week"]
    assert find_numbers("It was a week of talks.") == []
    assert find_numbers("600 trucks a day")[0].text == "600 trucks"


@pytest.mark.parametrize(
    "text",
    [
        "Russia annexed Crimea in 2014.",
        "2025 was hard.",
        "on August 15",
        "on 15 August 2025",
        "Aug. 15, 2025",
        "2025-08-15",
        "at 10:30",
        "at 4 pm",
        "at 10.30am",
        "the first phase and the third round",
        "the 2nd round and the 21st century",
        "NATO's Article 5",
        "the Minsk II accords",
        "the G7 summit",
        "COVID-19",
        "Resolution 2202",
        "F-16 jets",
        "see page 5",
        "the 1990s",
        "5G networks",
        "one of them",
        "No. 5",
        "24/7",
        "half of the land",
    ],
)
def test_not_numbers(text: str) -> None:
    assert find_numbers(text) == []


def test_several_in_order() -> None:
    text = "Kyiv needs $60bn next year; 75% of Ukrainians and 145 drones."
    items = find_numbers(text)
    assert [i.text for i in items] == ["$60bn", "75%", "145 drones"]
    assert [i.start for i in items] == sorted(i.start for i in items)


@pytest.mark.parametrize(
    ("unit", "copies"),
    [("1,2,3,4,56,789,", 70_000), ("a ", 500_000), ("1", 1_000_000), ("123,", 250_000)],
    ids=["digits-commas", "a-space", "digits", "groups"],
)
def test_pathological_inputs_take_linear_time(unit: str, copies: int) -> None:
    assert_linear(lambda n: find_numbers(unit * n), copies)


def _check(text: str, items: list[NumberItem]) -> None:
    last = -1
    for item in items:
        assert 0 <= item.start < item.end <= len(text)
        assert text[item.start : item.end] == item.text
        assert math.isfinite(item.value)
        assert item.high is None or math.isfinite(item.high)
        assert item.start >= last
        last = item.end


_TOKENS = [
    *"0123456789,.-$€£% kmbnKMB\n\x00",
    "million ",
    "two ",
    "a week ",
    " to ",
    "days",
    "between ",
    " and ",
]
_NUMBERISH = st.lists(st.sampled_from(_TOKENS), max_size=40).map("".join)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_arbitrary_text_never_breaks(text: str) -> None:
    _check(text, find_numbers(text))


@settings(max_examples=200, deadline=None)
@given(_NUMBERISH)
def test_numberish_text_never_breaks(text: str) -> None:
    _check(text, find_numbers(text))


@settings(max_examples=10, deadline=None)
@given(st.integers(min_value=0, max_value=2**32))
def test_longrandom_text(seed: int) -> None:
    text = random_text(seed)
    _check(text, find_numbers(text))


@pytest.mark.parametrize(
    ("text", "span", "value", "unit", "high"),
    [
        ("Russia occupies about one-fifth of Ukrainian territory.", "one-fifth", 0.2, "", None),
        ("two-thirds of the land", "two-thirds", 2 / 3, "", None),
        ("temperatures could range from -20 C to -27 C in the east", "-20 C to -27 C", -27.0, "C", -20.0),
        ("lows reaching -30 C in the Rivne region", "-30 C", -30.0, "C", None),
        ("a mild 5°C in Odesa", "5°C", 5.0, "C", None),
        ("the consent of all 27 EU countries", "27 EU countries", 27.0, "country", None),
        ("talks with the two US emissaries", "two US emissaries", 2.0, "emissary", None),
        ("the consent of all 27 EU member states", "27 EU member states", 27.0, "state", None),
        ("The 20-Point Draft was read", "20-Point", 20.0, "point", None),
        ("5 Mins Read", "5 Mins", 5.0, "minute", None),
        ("temperatures fell to minus 20 C on Friday", "minus 20 C", -20.0, "C", None),
        ("lows of minus 10 to minus 15 C in the north", "minus 10 to minus 15 C", -15.0, "C", -10.0),
        ("a low of -4 F overnight", "-4 F", -4.0, "F", None),
        ("a low of minus 4 degrees Fahrenheit", "minus 4 degrees Fahrenheit", -4.0, "F", None),
    ],
)
def test_fractions_temperatures_acronym_adjectives(
    text: str, span: str, value: float, unit: str, high: float | None
) -> None:
    (item,) = find_numbers(text)
    assert (item.text, item.unit, item.high) == (span, unit, high)
    assert item.value == pytest.approx(value)
    assert text[item.start : item.end] == span


@pytest.mark.parametrize(
    "text",
    [
        "the loan would be zero interest",
        "sub-zero temperatures",
        "zero tolerance for corruption",
        "not a zero-sum game",
        "a zero-interest loan",
        "at zero hour the guns fell silent",
        "the ruins of ground zero",
        "temperatures below zero",
    ],
)
def test_zero_as_an_idiom_is_not_a_number(text: str) -> None:
    assert find_numbers(text) == []


@pytest.mark.parametrize(
    ("text", "span", "unit"),
    [
        ("The resolution passed by 13 votes to zero, with Russia and China abstaining.", "zero", ""),
        ("Casualties in the city fell to zero in January.", "zero", ""),
        ("Turnout was zero.", "zero", ""),
        ("Russia reported zero casualties.", "zero casualties", "casualty"),
    ],
)
def test_zero_as_a_count_is_a_number(text: str, span: str, unit: str) -> None:
    zeros = [n for n in find_numbers(text) if n.value == 0]
    assert [(n.text, n.unit) for n in zeros] == [(span, unit)]
    assert text[zeros[0].start : zeros[0].end] == span


@pytest.mark.parametrize(
    "text",
    [
        "Updated: 11-02-2026 10:57 IST",
        "Signed on 26.02.2026 in Geneva.",
        "a mechanism similar to Article Five of the NATO treaty",
    ],
)
def test_numeric_dates_and_named_numbers_are_not_numbers(text: str) -> None:
    assert find_numbers(text) == []


def test_an_exchange_ratio_is_not_a_unit() -> None:
    first = find_numbers("They agreed a 1,000-for-1,000 exchange.")[0]
    assert (first.value, first.unit) == (1000, "")


def test_a_field_in_ics_is_not_a_counted_noun() -> None:
    assert find_numbers("two economics professors")[0].unit == "professor"
    assert find_numbers("Officials said 5 politics were")[0].unit == ""


def test_modifiers_stop_at_function_words() -> None:
    # "5 were killed": no noun after the modifiers, so a bare number
    assert [(n.text, n.unit) for n in find_numbers("Officials said 5 were killed.")] == [("5", "")]
    # more than three modifiers: no unit
    assert find_numbers("seven big new old red lorries")[0].unit == ""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Russia lost 37 km\u00b2 last month.", [("37 km\u00b2", 37.0, "km2")]),
        ("Troops liberated 257 square kilometers.", [("257 square kilometers", 257.0, "km2")]),
        ("A total of 257 MPs voted for it.", [("257 MPs", 257.0, "MP")]),
        ("Russia released 200 Ukrainian POWs.", [("200 Ukrainian POWs", 200.0, "POW")]),
        ("It has been held 18 times.", [("18 times", 18.0, "time")]),
        ("It was three times more costly.", [("three", 3.0, "")]),
        ("The plan was reduced from 28 to 20 points.", [("28", 28.0, ""), ("20 points", 20.0, "point")]),
        ("The blast wounded 14 men and one woman.", [("14 men", 14.0, "man"), ("one woman", 1.0, "woman")]),
        ("One of them said one side would win.", []),
        ("Published at 23:56 GMT+1 since World War Two.", []),
    ],
)
def test_areas_acronyms_occasions_lists_and_names(text: str, expected: list[tuple[str, float, str]]) -> None:
    assert [(n.text, n.value, n.unit) for n in find_numbers(text)] == expected
