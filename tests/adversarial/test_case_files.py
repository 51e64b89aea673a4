"""Hostile case files: refused early with a message naming the limit, or validated with bounded work."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from accord import Case, CaseError, CaseFormatError, CaseValidationError, parse_case
from accord.case.limits import LIMITS
from accord.case.lint import case_warnings
from accord.cli import app
from evidence.scaling import assert_linear

from . import hostile
from .conftest import FuzzScale


def _refusal(text: str) -> CaseError:
    with pytest.raises(CaseError) as info:
        parse_case(text, "hostile.yaml")
    return info.value


def _located(err: CaseError) -> list[str]:
    """The error's lines, each checked to start with ``hostile.yaml:LINE:COL:``."""
    lines = str(err).splitlines()
    for line in lines:
        assert line.startswith("hostile.yaml:"), line
        where = line.split(": ", 1)[0].split(":")
        assert len(where) == 3, line
        assert int(where[1]) >= 1, line
        assert int(where[2]) >= 1, line
    return lines


@pytest.mark.parametrize(
    ("make", "size", "limit"),
    [
        (hostile.unknown_keys, LIMITS.max_keys + 1, "max_keys"),
        (hostile.unknown_nested_keys, LIMITS.max_keys + 1, "max_keys"),
        (hostile.flow_list, LIMITS.max_actors + 1, "max_actors"),
        (hostile.block_list, LIMITS.max_actors + 1, "max_actors"),
        (hostile.sources, LIMITS.max_sources + 1, "max_sources"),
        (hostile.claims, LIMITS.max_claims + 1, "max_claims"),
        (hostile.actors, LIMITS.max_actors + 1, "max_actors"),
        (hostile.issues, LIMITS.max_issues + 1, "max_issues"),
        (hostile.options, LIMITS.max_options + 1, "max_options"),
        (hostile.positions, LIMITS.max_positions + 1, "max_positions"),
        (hostile.deep_flow, LIMITS.max_depth + 1, "max_depth"),
        (hostile.deep_flow, 5_000, "max_depth"),
        (hostile.deep_flow_unclosed, 5_000, "max_depth"),
        (hostile.deep_flow_maps, 1_000, "max_depth"),
        (hostile.deep_block, 1_000, "max_depth"),
        (hostile.deep_block_maps, LIMITS.max_depth + 5, "max_depth"),
        (hostile.alias_bomb, 9, "max_values"),
        (hostile.long_key, LIMITS.max_key_chars + 1, "max_key_chars"),
    ],
)
def test_over_a_limit_is_refused_with_one_located_message_naming_it(
    make: Callable[[int], str], size: int, limit: str
) -> None:
    err = _refusal(make(size))
    assert isinstance(err, CaseValidationError)
    (line,) = _located(err)
    assert f"(limit `{limit}`" in line
    assert "recursion" not in line


def test_the_message_names_the_section_and_the_count() -> None:
    err = _refusal(hostile.sources(LIMITS.max_sources + 1))
    assert str(err).endswith(f"sources: more than {LIMITS.max_sources:,} sources (limit `max_sources`)"), str(
        err
    )


@pytest.mark.parametrize(
    ("make", "size"),
    [
        (hostile.sources, LIMITS.max_sources),
        (hostile.actors, 300),
        (hostile.issues, 300),
        (hostile.options, LIMITS.max_options),
    ],
)
def test_at_a_limit_the_case_validates(make: Callable[[int], str], size: int) -> None:
    assert isinstance(parse_case(make(size), "hostile.yaml"), Case)


def test_problems_are_capped_and_the_rest_counted() -> None:
    n = 3 * LIMITS.max_problems
    lines = _located(_refusal(hostile.claims(n)))
    assert len(lines) == LIMITS.max_problems + 1
    assert f"and {n - LIMITS.max_problems:,} more problems" in lines[-1]
    assert "limit `max_problems`" in lines[-1]


def test_unknown_top_level_keys_under_the_limit_are_listed_then_counted() -> None:
    lines = _located(_refusal(hostile.unknown_keys(LIMITS.max_keys - 20)))
    assert len(lines) == LIMITS.max_problems + 1
    assert "unknown field 'k0000000'" in lines[0]


def test_many_broken_references_take_linear_time() -> None:
    assert_linear(lambda n: _refusal(hostile.claims(n)), 4_000)


def test_warnings_are_grouped_with_a_count_and_examples() -> None:
    case = parse_case(hostile.sources(2_000))
    warnings = case_warnings(case)
    grouped = [w for w in warnings if "sources support no claim" in w]
    assert grouped == ["2,000 sources support no claim: 's0', 's1', 's2', ... (1,997 more)"]
    assert len(warnings) <= 4


def test_validate_prints_one_warning_line_per_kind(tmp_path: Path) -> None:
    path = tmp_path / "many.yaml"
    path.write_text(hostile.sources(500), encoding="utf-8")
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    assert result.output.count("supports no claim") + result.output.count("support no claim") == 1


def test_many_anchors_without_a_bomb_still_count_every_value() -> None:
    err = _refusal(hostile.many_anchors(300))
    assert isinstance(err, CaseValidationError)  # aliases of sources are not claims: located errors
    _located(err)


def test_a_key_longer_than_yaml_allows_is_a_located_syntax_error() -> None:
    err = _refusal(hostile.long_key(100_000))
    assert isinstance(err, CaseFormatError)
    (line,) = _located(err)
    assert "invalid YAML" in line
    assert len(line) < 300


def test_long_strings_are_refused_by_the_schema_without_echoing_them() -> None:
    err = _refusal(hostile.long_string(100_000))
    (line,) = _located(err)
    assert "at most 20000 characters" in line
    assert len(line) < 300


def test_unsafe_tags_never_run(tmp_path: Path) -> None:
    err = _refusal(hostile.python_tag())
    assert "unsupported YAML tag" in str(err)


@pytest.mark.parametrize("name", ["../../etc/passwd", "/etc/passwd", "..", "ukraine-2025/../../x"])
def test_case_names_cannot_reach_other_files(name: str) -> None:
    result = CliRunner().invoke(app, ["show", name])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert "root:" not in result.output


# ---- mutation fuzz of the tutorial: bigger, more hostile edits than tests/test_case_fuzz.py -----

_UNITS = [
    "\u202e",
    "\u0000",
    "\ufeff",
    "\U0001f600",
    "\\",
    "&a",
    "*a",
    "!!str",
    "{",
    "[",
    "- ",
    ": ",
    "\t",
    "'",
    '"',
]


def _mutate(text: str, rng: random.Random) -> str:
    lines = text.splitlines(keepends=True)
    for _ in range(rng.randint(1, 6)):
        op = rng.choice(["delete", "duplicate", "swap", "unicode", "indent", "cut", "repeat_block"])
        i = rng.randrange(len(lines))
        if op == "delete" and len(lines) > 1:
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "unicode":
            at = rng.randint(0, len(lines[i]))
            lines[i] = lines[i][:at] + rng.choice(_UNITS) + lines[i][at:]
        elif op == "indent":
            lines[i] = " " * rng.randint(1, 9) + lines[i]
        elif op == "cut":
            lines[i] = lines[i][: rng.randint(0, len(lines[i]))]
        else:
            j = min(len(lines), i + rng.randint(1, 20))
            lines[i:i] = lines[i:j] * rng.randint(2, 50)
    return "".join(lines)


def test_mutated_tutorial_gives_a_case_or_a_located_case_error(fuzz: FuzzScale) -> None:
    rng = random.Random(18)
    for _ in range(fuzz.pick(60, 2_000)):
        result = _parse_or_error(_mutate(hostile.TUTORIAL, rng))
        if isinstance(result, CaseFormatError):
            assert str(result).startswith("fuzz.yaml"), str(result)
            assert result.problem.message
        elif isinstance(result, CaseValidationError):
            assert result.problems
            for p in result.problems:
                assert p.file == "fuzz.yaml", str(p)
                assert p.line >= 1, str(p)
                assert p.column >= 1, str(p)
        else:
            assert isinstance(result, Case)


def _parse_or_error(text: str) -> Case | CaseError:
    """Parse, returning a case error instead of raising it (any other exception fails the test)."""
    try:
        return parse_case(text, "fuzz.yaml")
    except CaseError as exc:
        return exc
