"""The three commonest hand-writing mistakes get a message that says how to fix them (exact wording)."""

from __future__ import annotations

from typing import Any

from accord.errors import CaseFormatError, CaseValidationError


def test_unquoted_comma_in_a_flow_label(edit_tutorial: Any, load_bad: Any) -> None:
    text = edit_tutorial(("label: A quarter of the flow,", "label: A quarter, two entities,"))
    err = load_bad(text, CaseValidationError)
    assert str(err).endswith(
        "issues[0].options[1].two entities: unknown field 'two entities': it looks like the rest of 'label', "
        "cut at a comma (inside {...} a comma ends a value); put the whole value in quotes: "
        'label: "A quarter, two entities"'
    )


def test_several_commas_are_gathered_into_one_value(edit_tutorial: Any, load_bad: Any) -> None:
    text = edit_tutorial(("label: A quarter of the flow,", "label: One, two, three,"))
    err = load_bad(text, CaseValidationError)
    assert 'put the whole value in quotes: label: "One, two, three"' in str(err)


def test_a_genuinely_unknown_field_keeps_the_list_of_allowed_fields(
    edit_tutorial: Any, load_bad: Any
) -> None:
    text = edit_tutorial(("label: A quarter of the flow,", "label: A quarter of the flow, colour: red,"))
    err = load_bad(text, CaseValidationError)
    assert "unknown field 'colour' (allowed: id, label, position" in str(err)
    assert "cut at a comma" not in str(err)


def test_colon_in_claim_text(edit_tutorial: Any, load_bad: Any) -> None:
    text = edit_tutorial(
        ("text: The upstream minister will not commit", "text: The upstream minister said: will not commit")
    )
    err = load_bad(text, CaseFormatError)
    assert str(err).endswith(
        "invalid YAML: mapping values are not allowed here: a colon followed by a space inside an "
        "unquoted value starts a new mapping in YAML: put the whole text in quotes: "
        'text: "The upstream minister said: will not commit to more than a quarter of the flow."'
    )


def test_ideal_given_as_an_option_id(edit_tutorial: Any, load_bad: Any) -> None:
    text = edit_tutorial(("issue: share, ideal: 10,", "issue: share, ideal: quarter,"))
    err = load_bad(text, CaseValidationError)
    assert str(err).endswith(
        "positions[0].ideal: expected a number (got 'quarter'): an ideal is a point on the issue's 0-100 "
        "scale, not an option id; option 'quarter' sits at 50, so write ideal: 50"
    )


def test_ideal_given_as_other_text_lists_the_options(edit_tutorial: Any, load_bad: Any) -> None:
    text = edit_tutorial(("issue: share, ideal: 10,", "issue: share, ideal: f51,"))
    err = load_bad(text, CaseValidationError)
    assert str(err).endswith(
        "positions[0].ideal: expected a number (got 'f51'): an ideal is a point on the issue's 0-100 scale, "
        "not an option id (the options of 'share': none at 0, quarter at 50, half at 100)"
    )
