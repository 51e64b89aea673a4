"""Property tests: whatever the input, the loader returns a Case or raises an AccordError."""

from __future__ import annotations

import copy
import io
import json
import os
from importlib import resources
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from accord import AccordError, Case, CaseFormatError, CaseValidationError, dump_case, parse_case

TUTORIAL = resources.files("accord.cases").joinpath("tutorial.yaml").read_text(encoding="utf-8")

# ACCORD_FUZZ_EXAMPLES=5000 pytest tests/test_case_fuzz.py runs a deeper search.
EXAMPLES = int(os.environ.get("ACCORD_FUZZ_EXAMPLES", "250"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _parse_or_accord_error(text: str) -> Case | AccordError:
    try:
        return parse_case(text, "fuzz.yaml")
    except AccordError as exc:
        return exc


def _assert_well_formed(result: Case | AccordError) -> None:
    if isinstance(result, CaseValidationError):
        assert result.problems
        for p in result.problems:
            assert p.file == "fuzz.yaml"
            assert p.line >= 1
            assert p.column >= 1
            assert p.message
        assert [(p.line, p.column) for p in result.problems] == sorted(
            (p.line, p.column) for p in result.problems
        )
    elif isinstance(result, CaseFormatError):
        assert result.problem.message
        assert str(result).startswith("fuzz.yaml")
    else:
        assert isinstance(result, Case)


# ---- (a) arbitrary text -------------------------------------------------------------------

yamlish_chars = st.sampled_from(list("abc:-[]{},#&*!|>'\"%@`?\n\t .0123456789~\\")) | st.characters()


@FUZZ
@given(st.text())
def test_arbitrary_text(text: str) -> None:
    _assert_well_formed(_parse_or_accord_error(text))


@FUZZ
@given(st.text(alphabet=yamlish_chars, max_size=200))
def test_arbitrary_yaml_punctuation(text: str) -> None:
    _assert_well_formed(_parse_or_accord_error(text))


@FUZZ
@given(st.text(alphabet=yamlish_chars, max_size=60), st.integers(min_value=0, max_value=len(TUTORIAL)))
def test_tutorial_with_inserted_text(snippet: str, at: int) -> None:
    _assert_well_formed(_parse_or_accord_error(TUTORIAL[:at] + snippet + TUTORIAL[at:]))


# ---- (b) arbitrary structured documents ---------------------------------------------------

keys = st.sampled_from(
    ["id", "format", "title", "as_of", "actors", "issues", "positions", "claims", "sources", "options", "x"]
) | st.text(max_size=8)
scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=20)
    | st.dates()
    | st.dates().map(str)
)
json_values = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(keys, children, max_size=5),
    max_leaves=25,
)
documents = st.dictionaries(keys, json_values, max_size=8) | json_values


def _ruamel_dump(value: Any) -> str:
    yaml = YAML(typ="rt")
    buf = io.StringIO()
    yaml.dump(value, buf)
    return buf.getvalue()


@FUZZ
@given(documents)
def test_structured_json(doc: Any) -> None:
    # JSON is valid YAML (with NaN/Infinity left as plain strings).
    _assert_well_formed(_parse_or_accord_error(json.dumps(doc, default=str)))


@FUZZ
@given(documents)
def test_structured_ruamel_yaml(doc: Any) -> None:
    _assert_well_formed(_parse_or_accord_error(_ruamel_dump(doc)))


# ---- (c) mutations of the tutorial ----------------------------------------------------------

_yaml = YAML(typ="safe")
TUTORIAL_DATA: dict[str, Any] = _yaml.load(TUTORIAL)

replacements = st.recursive(
    scalars
    | st.floats(min_value=0, max_value=1)
    | st.integers(min_value=0, max_value=100)
    | st.sampled_from(["UP", "DOWN", "BANK", "share", "half", "c-bank", "tutorial-notes", "", "A", 7]),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(keys, children, max_size=3),
    max_leaves=8,
)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(node, dict):
        for k, v in node.items():
            out.extend(_paths(v, (*prefix, k)))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out.extend(_paths(v, (*prefix, i)))
    return out


TUTORIAL_PATHS = [p for p in _paths(TUTORIAL_DATA) if p]

mutation = st.tuples(
    st.sampled_from(["delete", "replace", "append"]),
    st.sampled_from(TUTORIAL_PATHS),
    replacements,
)


def _mutate(data: dict[str, Any], op: str, path: tuple[Any, ...], value: Any) -> None:
    parent: Any = data
    for part in path[:-1]:
        try:
            parent = parent[part]
        except (KeyError, IndexError, TypeError):
            return  # an earlier mutation removed or replaced this path
    last = path[-1]
    if isinstance(parent, dict) and isinstance(last, str):
        if op == "delete":
            parent.pop(last, None)
        elif op == "append" and isinstance(parent.get(last), list):
            parent[last].append(value)
        else:
            parent[last] = value
    elif isinstance(parent, list) and isinstance(last, int) and last < len(parent):
        if op == "delete":
            del parent[last]
        elif op == "append":
            parent.insert(last, value)
        else:
            parent[last] = value


@FUZZ
@given(st.lists(mutation, min_size=1, max_size=4), st.booleans())
def test_mutated_tutorial(mutations: list[tuple[str, tuple[Any, ...], Any]], as_json: bool) -> None:
    data = copy.deepcopy(TUTORIAL_DATA)
    for op, path, value in mutations:
        _mutate(data, op, path, value)
    text = json.dumps(data, default=str) if as_json else _ruamel_dump(data)
    result = _parse_or_accord_error(text)
    assert isinstance(result, Case | CaseValidationError), result
    event("valid case" if isinstance(result, Case) else "validation error")
    _assert_well_formed(result)
    if isinstance(result, Case):
        # Whatever survived validation must dump and load back unchanged.
        assert parse_case(dump_case(result)) == result


def test_tutorial_data_round_trips_through_both_serialisations() -> None:
    # Guards the mutation test: unmutated data must load, or every example is a failure.
    expected = parse_case(TUTORIAL)
    assert parse_case(json.dumps(TUTORIAL_DATA, default=str)) == expected
    assert parse_case(_ruamel_dump(copy.deepcopy(TUTORIAL_DATA))) == expected
