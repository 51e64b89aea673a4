"""Schema additions: month dates, new statuses, red lines on their own, plans, affected parties."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord import parse_case
from accord.case import dump_case
from accord.case._base import MonthDate
from accord.deals import DealSpace
from accord.errors import CaseValidationError

SOURCES = "sources:\n  - id: tutorial-notes\n"
EditTutorial = Callable[..., str]
LoadBad = Callable[..., Any]

PLAN = (
    "proposals:\n"
    "  - id: p1\n"
    "    name: Bank plan\n"
    "    by: [BANK]\n"
    "    date: 2026-01\n"
    "    points:\n"
    "      - {issue: share, option: quarter, claims: [c-bank]}\n"
    "      - {issue: funding, open: [split, bank], claims: [c-bank]}\n"
)


def _problem(err: CaseValidationError, field: str) -> tuple[int, str]:
    for p in err.problems:
        if p.field == field:
            return p.line, p.message
    raise AssertionError(f"no problem on {field}: {[(p.field, p.message) for p in err.problems]}")


def test_month_date_is_kept_as_a_month_and_round_trips(edit_tutorial: EditTutorial) -> None:
    text = edit_tutorial((SOURCES, SOURCES + "    date: 2025-11\n"))
    case = parse_case(text)
    date = case.sources[0].date
    assert isinstance(date, MonthDate)
    assert date.isoformat() == "2025-11"
    assert str(date) == "2025-11"
    assert date == dt.date(2025, 11, 1)
    assert case.model_dump(mode="json")["sources"][0]["date"] == "2025-11"
    again = parse_case(dump_case(case))
    assert again == case
    assert isinstance(again.sources[0].date, MonthDate)


@pytest.mark.parametrize(
    ("written", "needle"),
    [("2025-13", "the month must be 01 to 12"), ("2025-11-31", "YYYY-MM"), ("Nov 2025", "YYYY-MM")],
)
def test_bad_month_date_is_located(
    edit_tutorial: EditTutorial, load_bad: LoadBad, written: str, needle: str
) -> None:
    text = edit_tutorial((SOURCES, SOURCES + f"    date: {written}\n"))
    err = load_bad(text, CaseValidationError)
    assert isinstance(err, CaseValidationError)
    line, message = _problem(err, "sources[0].date")
    assert text.splitlines()[line - 1].strip().startswith("date:")
    assert needle in message


@given(st.integers(1, 9999), st.integers(1, 12))
def test_month_date_parses_every_valid_month(year: int, month: int) -> None:
    from accord.case._base import _parse_partial_date

    value = _parse_partial_date(f"{year:04d}-{month:02d}")
    assert isinstance(value, MonthDate)
    assert (value.year, value.month, value.day) == (year, month, 1)
    assert _parse_partial_date(value.isoformat()) == value


@pytest.mark.parametrize("status", ["endorsed_not_signed", "signed_awaiting_ratification"])
def test_new_guarantee_statuses(edit_tutorial: EditTutorial, status: str) -> None:
    case = parse_case(
        edit_tutorial(
            (
                "    duration_years: 25\n",
                f"    duration_years: 25\n    status: {status}\n    mechanisms: [monitoring]\n",
            )
        )
    )
    assert case.guarantees[0].status == status
    assert case.guarantees[0].mechanisms == ("monitoring",)


def test_red_line_section_applies_without_a_position(edit_tutorial: EditTutorial) -> None:
    # BANK has no position on share; a stated red line still binds it.
    text = edit_tutorial(
        (
            "tracks:\n",
            "red_lines:\n  - {actor: BANK, issue: share, options: [none], claims: [c-bank]}\ntracks:\n",
        )
    )
    case = parse_case(text)
    assert case.red_line("BANK", "share") == ("none",)
    assert case.red_line("UP", "share") == ("half",)
    space = DealSpace.from_case(case, actors=["UP", "DOWN", "BANK"])
    k = space.issues.index("share")
    assert space.red[k][2].tolist() == [True, False, False]


def test_red_line_needs_a_claim_and_known_option(edit_tutorial: EditTutorial, load_bad: LoadBad) -> None:
    text = edit_tutorial(
        ("tracks:\n", "red_lines:\n  - {actor: BANK, issue: share, options: [all], claims: []}\ntracks:\n")
    )
    err = load_bad(text, CaseValidationError)
    assert isinstance(err, CaseValidationError)
    fields = {p.field for p in err.problems}
    assert "red_lines[0].claims" in fields
    text = edit_tutorial(
        (
            "tracks:\n",
            "red_lines:\n  - {actor: BANK, issue: share, options: [all], claims: [c-bank]}\ntracks:\n",
        )
    )
    err = load_bad(text, CaseValidationError)
    assert isinstance(err, CaseValidationError)
    _, message = _problem(err, "red_lines[0].options[0]")
    assert "unknown option 'all'" in message


def test_plans_load_with_open_points(edit_tutorial: EditTutorial) -> None:
    case = parse_case(edit_tutorial(("tracks:\n", PLAN + "tracks:\n")))
    plan = case.proposal("p1")
    assert plan.point("share") is not None
    assert not plan.point("share").is_open
    assert plan.point("funding").open == ("split", "bank")  # type: ignore[union-attr]
    assert plan.point("guarantee") is None
    assert str(plan.date) == "2026-01"


@pytest.mark.parametrize(
    ("old", "new", "field", "needle"),
    [
        ("option: quarter", "option: most", "proposals[0].points[0].option", "unknown option 'most'"),
        (
            "open: [split, bank]",
            "open: [split, all]",
            "proposals[0].points[1].open[1]",
            "unknown option 'all'",
        ),
        ("issue: funding", "issue: share", "proposals[0].points[1].issue", "already has a point"),
        (
            "claims: [c-bank]}\n      - {issue: funding",
            "claims: []}\n      - {issue: funding",
            "proposals[0].points[0].claims",
            "at least 1",
        ),
        ("by: [BANK]", "by: [BNK]", "proposals[0].by[0]", "unknown actor 'BNK'"),
        ("option: quarter,", "option: quarter, open: [half],", "proposals[0].points[0].open", "not both"),
    ],
)
def test_bad_plan_is_located(
    edit_tutorial: EditTutorial, load_bad: LoadBad, old: str, new: str, field: str, needle: str
) -> None:
    text = edit_tutorial(("tracks:\n", PLAN.replace(old, new) + "tracks:\n"))
    err = load_bad(text, CaseValidationError)
    assert isinstance(err, CaseValidationError)
    line, message = _problem(err, field)
    assert line > 0
    assert needle in message


def test_affected_party_must_not_sit_at_the_table(edit_tutorial: EditTutorial, load_bad: LoadBad) -> None:
    ok = edit_tutorial(
        (
            "    actors: [UP, DOWN]\n",
            "    actors: [UP, DOWN]\n    affected: [{actor: BANK, issues: [funding]}]\n",
        )
    )
    assert parse_case(ok).track("riparian").affected[0].actor == "BANK"
    bad = edit_tutorial(
        (
            "    actors: [UP, DOWN]\n",
            "    actors: [UP, DOWN]\n    affected: [{actor: UP, issues: [funding]}]\n",
        )
    )
    err = load_bad(bad, CaseValidationError)
    assert isinstance(err, CaseValidationError)
    _, message = _problem(err, "tracks[0].affected[0].actor")
    assert "at the table" in message


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet="0123456789-/ .:TZ", max_size=14))
def test_any_date_text_loads_or_fails_located(tutorial_text: str, written: str) -> None:
    text = tutorial_text.replace(SOURCES, SOURCES + f"    date: '{written}'\n")
    problems: list[tuple[str, int]] = []
    try:
        case = parse_case(text)
    except CaseValidationError as exc:
        problems = [(p.field, p.line) for p in exc.problems]
    else:
        assert case.sources[0].date is not None
        return
    assert any(field == "sources[0].date" and line > 0 for field, line in problems)
