"""The ``uncertain:`` section: valid entries load, invalid ones fail with located messages."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from accord.case import Uncertain, dump_case, parse_case
from accord.errors import CaseValidationError

VALID = """uncertain:
  - {actor: UP, issue: share, field: ideal, low: 0, high: 30, claims: [c-up-share], note: Range.}
  - {actor: UP, field: no_deal, dist: normal, low: 0.3, high: 0.6, mean: 0.4, sd: 0.1}
  - {actor: DOWN, issue: share, field: salience, dist: triangular, low: 0.7, high: 1.0, mode: 0.9}
  - {actor: BANK, field: capability, low: 0.1, high: 0.2}
"""


def _problems(text: str) -> list[str]:
    with pytest.raises(CaseValidationError) as info:
        parse_case(text, "case.yaml")
    return [str(p) for p in info.value.problems]


def test_valid_entries_load(tutorial_text: str) -> None:
    case = parse_case(tutorial_text + VALID)
    assert [u.key for u in case.uncertain] == [
        ("UP", "share", "ideal"),
        ("UP", None, "no_deal"),
        ("DOWN", "share", "salience"),
        ("BANK", None, "capability"),
    ]
    first = case.uncertain[0]
    assert isinstance(first, Uncertain)
    assert (first.dist, first.low, first.high, first.claims) == ("uniform", 0.0, 30.0, ("c-up-share",))


def test_round_trip_keeps_the_section(tutorial_text: str) -> None:
    case = parse_case(tutorial_text + VALID)
    assert parse_case(dump_case(case)) == case


def test_tutorial_without_the_section_has_none(tutorial_text: str) -> None:
    assert parse_case(tutorial_text).uncertain == ()


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        (
            "{actor: UP, issue: share, field: ideal, low: 0, high: 130}",
            "uncertain[0].high: ideal must lie on the issue's 0-100 scale (got 130)",
        ),
        (
            "{actor: UP, field: no_deal, low: -0.1, high: 0.5}",
            "uncertain[0].low: no_deal must lie on 0 to 1 (got -0.1)",
        ),
        (
            "{actor: UP, field: no_deal, dist: normal, low: 0.3, high: 0.6}",
            "uncertain[0].sd: a normal distribution needs sd (its standard deviation, above 0)",
        ),
        (
            "{actor: DOWN, issue: share, field: salience, low: 0.9, high: 0.7}",
            "uncertain[0].high: high (0.7) is below low (0.9)",
        ),
        (
            "{actor: DOWN, issue: share, field: salience, low: 0.7, high: 0.9, mode: 0.8}",
            "uncertain[0].mode: mode applies to dist: triangular only (this entry is uniform)",
        ),
        (
            "{actor: DOWN, issue: share, field: salience, dist: triangular, low: 0.7, high: 0.9, mode: 0.95}",
            "uncertain[0].mode: mode (0.95) must lie between low (0.7) and high (0.9)",
        ),
        (
            "{actor: DOWNN, field: capability, low: 0.1, high: 0.2}",
            "uncertain[0].actor: unknown actor 'DOWNN' (known: BANK, DOWN, UP); did you mean 'DOWN'?",
        ),
        (
            "{actor: UP, field: capability, low: 0.1, high: 0.2, claims: [nope]}",
            "uncertain[0].claims[0]: unknown claim 'nope' (known: c-bank, c-down-monitoring, c-down-share, "
            "c-up-funding, c-up-share)",
        ),
        (
            "{actor: UP, issue: monitoring, field: ideal, low: 0, high: 30}",
            "uncertain[0].issue: actor 'UP' has no position on issue 'monitoring': "
            "an uncertain ideal needs one",
        ),
        (
            "{actor: UP, issue: shares, field: ideal, low: 0, high: 30}",
            "uncertain[0].issue: unknown issue 'shares' (known: funding, guarantee, monitoring, share); "
            "did you mean 'share'?",
        ),
        (
            "{actor: UP, field: ideal, low: 0, high: 30}",
            "uncertain[0]: an uncertain ideal belongs to a position: give its issue",
        ),
        (
            "{actor: UP, issue: share, field: no_deal, low: 0, high: 0.3}",
            "uncertain[0].issue: an uncertain no_deal belongs to the actor: leave out issue",
        ),
        (
            "{actor: UP, field: no_deal, dist: normal, low: 0.1, high: 0.3, sd: 0}",
            "uncertain[0].sd: input should be greater than 0 (got 0)",
        ),
        (
            "{actor: UP, field: no_deal, low: '0.1', high: 0.3}",
            "uncertain[0].low: expected a number (got '0.1')",
        ),
        ("{actor: UP, field: mood, low: 0.1, high: 0.3}", "uncertain[0].field: input should be"),
    ],
)
def test_invalid_entry_is_located(tutorial_text: str, entry: str, expected: str) -> None:
    problems = _problems(tutorial_text + "uncertain:\n  - " + entry + "\n")
    assert len(problems) == 1, problems
    line = tutorial_text.count("\n") + 2  # the entry's line: after the tutorial and "uncertain:"
    assert problems[0].startswith(f"case.yaml:{line}:"), problems
    assert problems[0].split(": ", 1)[1].startswith(expected), problems


def test_duplicate_input_is_reported_at_the_second(tutorial_text: str) -> None:
    text = tutorial_text + (
        "uncertain:\n"
        "  - {actor: UP, issue: share, field: ideal, low: 0, high: 30}\n"
        "  - {actor: UP, issue: share, field: ideal, low: 5, high: 20}\n"
    )
    line = tutorial_text.count("\n") + 3
    assert _problems(text) == [
        f"case.yaml:{line}:31: uncertain[1].field: UP.share.ideal is already uncertain (uncertain[0]): "
        "give each input once"
    ]


def test_edit_of_a_position_keeps_uncertain_checks(edit_tutorial: Callable[..., str]) -> None:
    text = (
        edit_tutorial(
            ("  - {actor: UP, issue: funding, ideal: 80, salience: 0.5, claims: [c-up-funding]}\n", "")
        )
        + "uncertain:\n  - {actor: UP, issue: funding, field: salience, low: 0.4, high: 0.6}\n"
    )
    problems = _problems(text)
    assert len(problems) == 1
    assert "actor 'UP' has no position on issue 'funding': an uncertain salience needs one" in problems[0]
