"""Damaged sweep results files: resume either recovers exactly or refuses with a way out.

A small sweep of the tutorial case is run once; its results file is then damaged in many
generated ways and resumed through the command line with ``--json``. The outcome must be
either (a) exit 0 with the undamaged run's summary and every damaged line reported by its
line number, or (b) exit 2 with a message saying how to recover and the file untouched:
never a traceback, never a different summary, and ``--json`` output that strict JSON
(no NaN or Infinity) parses.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

from accord import load_case
from accord.cli import app
from accord.sweep.record import record_problem
from accord.sweep.run import prepare
from accord.sweep.seal import SUM, seal_record
from accord.sweep.store import SHOWN, read_contents

from .conftest import FuzzScale

DRAWS = 8
SEED = 5
ENV = {"COLUMNS": "240", "NO_COLOR": "1", "FORCE_COLOR": None, "TERM": "dumb"}


def _strict(text: str) -> Any:
    def refuse(name: str) -> Any:
        raise ValueError(f"bare {name} in JSON output")

    return json.loads(text, parse_constant=refuse)


def _sweep(*args: str) -> Result:
    return CliRunner().invoke(app, ["sweep", "tutorial", "--draws", str(DRAWS), *args, "--json"], env=ENV)


@dataclass(frozen=True)
class Runs:
    """Two undamaged runs (seeds 5 and 6) and the first one's summary."""

    lines: tuple[bytes, ...]
    other: tuple[bytes, ...]
    reference: dict[str, Any]
    header: dict[str, Any]

    @property
    def digest(self) -> str:
        return str(json.loads(self.lines[0])["digest"])


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Runs:
    folder = tmp_path_factory.mktemp("sweep-runs")
    found: list[tuple[bytes, ...]] = []
    reference: dict[str, Any] = {}
    for seed in (SEED, SEED + 1):
        path = folder / f"seed{seed}.jsonl"
        result = _sweep("--seed", str(seed), "--out", str(path))
        assert result.exit_code == 0, result.output
        if seed == SEED:
            reference = _strict(result.stdout)
        data = path.read_bytes()
        assert data.endswith(b"\n")
        found.append(tuple(data.split(b"\n")[:-1]))
    _, header = prepare(load_case("tutorial"), SEED)
    return Runs(found[0], found[1], reference, header)


@dataclass(frozen=True)
class Damaged:
    """A damaged file and what resuming it must do.

    Attributes:
        data: The file's bytes.
        refuse: True when the header is bad (exit 2).
        lines: Line numbers that must be reported (``None``: not known, e.g. garbage with newlines).
        torn: The file ends in an incomplete line.
    """

    data: bytes
    refuse: bool = False
    lines: frozenset[int] | None = frozenset()
    torn: bool = False


def _join(lines: list[bytes], tail: bytes = b"") -> bytes:
    return b"".join(line + b"\n" for line in lines) + tail


def _check(result: Result, path: Path, damaged: Damaged, runs: Runs) -> None:
    """Assert outcome (a) or (b)."""
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    if damaged.refuse:
        assert result.exit_code == 2, result.output
        assert "cannot resume" in result.stderr
        assert f"delete {path}" in result.stderr
        assert "--out NEW" in result.stderr
        assert result.stdout == ""
        assert path.read_bytes() == damaged.data  # a refused file is left as it was
        return
    assert result.exit_code == 0, result.output
    assert _strict(result.stdout) == runs.reference
    reported = damaged.lines or frozenset()
    for n in sorted(reported)[:SHOWN]:
        assert f"{path}:{n}: damaged draw record" in result.stderr, (n, result.stderr)
    if len(reported) > SHOWN:
        assert "more damaged draw records on lines" in result.stderr
    if damaged.lines == frozenset() and not damaged.torn:
        assert result.stderr == ""
    if damaged.torn:
        assert "incomplete last line" in result.stderr
    if damaged.lines or (damaged.lines is None and "damaged" in result.stderr):
        assert path.with_name(path.name + ".damaged").read_bytes() == damaged.data
    after = read_contents(path, runs.header)  # the file is whole again
    assert after.damaged == ()
    assert after.torn is None
    assert sorted(after.records) == list(range(DRAWS))


def _resume(tmp_path: Path, name: str, damaged: Damaged, runs: Runs) -> None:
    path = tmp_path / f"{name}.jsonl"
    path.write_bytes(damaged.data)
    _check(_sweep("--seed", str(SEED), "--resume", str(path)), path, damaged, runs)


# --- damage to one record line, keeping line numbers ------------------------------------

Mutation = Callable[[random.Random, dict[str, Any], bytes], bytes]


def _dumps(rec: dict[str, Any]) -> bytes:
    return json.dumps(rec, separators=(",", ":")).encode()


def _delete_key(rng: random.Random, rec: dict[str, Any], raw: bytes) -> bytes:
    del rec[rng.choice(sorted(rec))]
    return _dumps(rec)


def _wrong_type(rng: random.Random, rec: dict[str, Any], raw: bytes) -> bytes:
    key = rng.choice(sorted(rec))
    old = json.dumps(rec[key])
    choices = ["text", {"a": 1}, [1], None, True, False, 3, 2.5, [], {}]
    rec[key] = rng.choice([c for c in choices if json.dumps(c) != old])
    return _dumps(rec)


def _float_index(offsets: tuple[float, ...]) -> Mutation:
    def mutate(rng: random.Random, rec: dict[str, Any], raw: bytes) -> bytes:
        rec["i"] = rec["i"] + rng.choice(offsets)
        return _dumps(rec)

    return mutate


def _index_out_of_range(rng: random.Random, rec: dict[str, Any], raw: bytes) -> bytes:
    rec["i"] = rng.choice([-1, -DRAWS, DRAWS, DRAWS + 3, 2**63, 2**70, 10**30])
    return _dumps(rec)


def _bool_index(rng: random.Random, rec: dict[str, Any], raw: bytes) -> bytes:
    rec["i"] = rng.choice([True, False])
    return _dumps(rec)


def _non_finite(token: str) -> Mutation:
    def mutate(rng: random.Random, rec: dict[str, Any], raw: bytes) -> bytes:
        spots: list[tuple[Any, Any]] = [(rec, "base_nash_product")]
        spots += [(values, k) for values in rec["forecasts"].values() for k in range(len(values))]
        spots += [(row, k) for row in rec["honour"] for k in range(len(row))]
        holder, key = rng.choice(spots)
        holder[key] = "@@X@@"
        return _dumps(rec).replace(b'"@@X@@"', token.encode())

    return mutate


def _flip_accept(rng: random.Random, rec: dict[str, Any], raw: bytes) -> bytes:
    k = rng.randrange(len(rec["accept"]))
    rec["accept"][k] = not rec["accept"][k]
    return _dumps(rec)


def _cut(rng: random.Random, rec: dict[str, Any], raw: bytes) -> bytes:
    return raw[: rng.randrange(0, len(raw))]


def _garbage(rng: random.Random, rec: dict[str, Any], raw: bytes) -> bytes:
    return rng.randbytes(rng.randint(1, 300)).replace(b"\n", b"\x00")


def _nested(rng: random.Random, rec: dict[str, Any], raw: bytes) -> bytes:
    depth = rng.choice([1_000, 100_000])
    return b'{"i":' + b"[" * depth + b"]" * depth + b"}"


def _huge_number(rng: random.Random, rec: dict[str, Any], raw: bytes) -> bytes:
    return raw.replace(b'"i":', b'"i":1' + b"0" * rng.choice([30, 5000]) + b',"j":', 1)


def _repeated_key(rng: random.Random, rec: dict[str, Any], raw: bytes) -> bytes:
    return raw.replace(b'"i":', b'"i":0,"i":', 1)


MUTATIONS: dict[str, Mutation] = {
    "delete_key": _delete_key,
    "wrong_type": _wrong_type,
    "float_index": _float_index((0.9, 0.5, 1e-9)),  # 10.9, 10.5 ...
    "whole_float_index": _float_index((0.0,)),  # 10.0
    "index_out_of_range": _index_out_of_range,
    "bool_index": _bool_index,
    "nan": _non_finite("NaN"),
    "infinity": _non_finite("Infinity"),
    "minus_infinity": _non_finite("-Infinity"),
    "overflow": _non_finite("1e999"),
    "flip_accept": _flip_accept,
    "cut_line": _cut,
    "binary_garbage": _garbage,
    "deep_nesting": _nested,
    "huge_number": _huge_number,
    "repeated_key": _repeated_key,
}


def _mutate(rng: random.Random, runs: Runs, kinds: list[str], count: int) -> Damaged:
    lines = list(runs.lines)
    chosen = rng.sample(range(1, len(lines)), count)
    for k in chosen:
        raw = lines[k]
        lines[k] = MUTATIONS[rng.choice(kinds)](rng, json.loads(raw), raw)
    return Damaged(_join(lines), lines=frozenset(k + 1 for k in chosen))


@pytest.mark.parametrize("kind", sorted(MUTATIONS))
def test_one_damaged_record_is_reported_and_rerun(
    kind: str, runs: Runs, fuzz: FuzzScale, tmp_path: Path
) -> None:
    rng = random.Random(f"{kind}-{fuzz.full}")
    for example in range(fuzz.pick(2, 30)):
        _resume(tmp_path, f"{kind}{example}", _mutate(rng, runs, [kind], 1), runs)


def test_many_damaged_records_at_once(runs: Runs, fuzz: FuzzScale, tmp_path: Path) -> None:
    rng = random.Random(f"many-{fuzz.full}")
    for example in range(fuzz.pick(12, 300)):
        damaged = _mutate(rng, runs, sorted(MUTATIONS), rng.randint(1, DRAWS))
        if rng.random() < 0.3:  # and killed mid-write of one more line
            damaged = Damaged(
                damaged.data + runs.lines[1][: rng.randint(1, 40)], lines=damaged.lines, torn=True
            )
        _resume(tmp_path, f"many{example}", damaged, runs)


def test_more_damaged_records_than_are_listed_are_grouped(runs: Runs, tmp_path: Path) -> None:
    lines = [runs.lines[0]] + [b"garbage %d" % k for k in range(SHOWN + 5)] + list(runs.lines[1:])
    _resume(tmp_path, "grouped", Damaged(_join(lines), lines=frozenset(range(2, SHOWN + 7))), runs)


def test_a_huge_line_is_damaged_without_being_parsed(runs: Runs, tmp_path: Path) -> None:
    lines = list(runs.lines)
    lines[3] = b'{"i":2,"pad":"' + b"x" * (3 << 20) + b'"}'
    _resume(tmp_path, "huge", Damaged(_join(lines), lines=frozenset({4})), runs)


def test_garbage_with_newlines_still_recovers(runs: Runs, fuzz: FuzzScale, tmp_path: Path) -> None:
    rng = random.Random(f"newlines-{fuzz.full}")
    for example in range(fuzz.pick(3, 40)):
        lines = list(runs.lines)
        at = rng.randrange(1, len(lines) + 1)
        lines[at:at] = [rng.randbytes(rng.randint(1, 2000))]  # may hold newlines: line numbers unknown
        _resume(tmp_path, f"nl{example}", Damaged(_join(lines), lines=None), runs)


# --- damage that moves, repeats or mixes lines ------------------------------------------


def test_lines_swapped_in_from_another_run_are_detected(runs: Runs, fuzz: FuzzScale, tmp_path: Path) -> None:
    rng = random.Random(f"swap-{fuzz.full}")
    for example in range(fuzz.pick(2, 30)):
        lines = list(runs.lines)
        chosen = rng.sample(range(1, len(lines)), rng.randint(1, 3))
        for k in chosen:
            lines[k] = runs.other[k]  # same draw index, same schema, another run's digest
        _resume(
            tmp_path, f"swap{example}", Damaged(_join(lines), lines=frozenset(k + 1 for k in chosen)), runs
        )


def test_reordered_records_are_not_damage(runs: Runs, tmp_path: Path) -> None:
    lines = [runs.lines[0], *reversed(runs.lines[1:])]
    _resume(tmp_path, "reordered", Damaged(_join(lines)), runs)


def test_a_repeated_record_is_reported(runs: Runs, tmp_path: Path) -> None:
    lines = list(runs.lines)
    lines.insert(4, lines[2])  # the repeat is line 5
    _resume(tmp_path, "repeat", Damaged(_join(lines), lines=frozenset({5})), runs)


def test_a_duplicate_index_with_other_content_drops_both(runs: Runs, tmp_path: Path) -> None:
    rec = json.loads(runs.lines[2])
    rec.pop(SUM)
    rec["accept"] = [not a for a in rec["accept"]]
    forged = json.dumps(seal_record(rec, runs.digest), separators=(",", ":")).encode()  # a valid checksum
    lines = [*runs.lines, forged]
    damaged = Damaged(_join(lines), lines=frozenset({3, len(lines)}))
    _resume(tmp_path, "conflict", damaged, runs)


def test_an_incomplete_last_line_is_rerun_with_a_note(runs: Runs, fuzz: FuzzScale, tmp_path: Path) -> None:
    rng = random.Random(f"torn-{fuzz.full}")
    for example in range(fuzz.pick(2, 20)):
        lines = list(runs.lines)
        last = lines.pop()
        damaged = Damaged(_join(lines, last[: rng.randint(1, len(last))]), torn=True)
        _resume(tmp_path, f"torn{example}", damaged, runs)


# --- a bad header: refused, with a way to recover --------------------------------------


def test_an_empty_or_garbage_file_is_refused(runs: Runs, fuzz: FuzzScale, tmp_path: Path) -> None:
    rng = random.Random(f"garbage-file-{fuzz.full}")
    samples = [b"", b"\n", b"\n\n", b"   ", runs.lines[0][:50]]
    samples += [rng.randbytes(rng.randint(1, 5000)) for _ in range(fuzz.pick(3, 40))]
    for k, data in enumerate(samples):
        _resume(tmp_path, f"file{k}", Damaged(data, refuse=True), runs)


def test_a_damaged_header_is_refused(runs: Runs, fuzz: FuzzScale, tmp_path: Path) -> None:
    rng = random.Random(f"header-{fuzz.full}")
    header = runs.lines[0]
    hows = ["byte", "cut", "drop", "field", "infinite"]
    for example in range(fuzz.pick(len(hows), 60)):
        how = hows[example % len(hows)]  # every kind, then again with other random choices
        if how == "byte":
            at = rng.randrange(len(header))
            new = bytes([rng.choice([b for b in b'0123456789abcdefxyz{}[],:"' if b != header[at]])])
            first = header[:at] + new + header[at + 1 :]
        elif how == "cut":
            first = header[: rng.randrange(len(header))]
        elif how == "infinite":
            first = header.replace(b'"seed":', b'"seed":1e999,"was":', 1)
        elif how == "drop":
            first = runs.lines[1]  # the header is gone: the first record is line 1
        else:
            obj = json.loads(header)
            del obj[rng.choice(sorted(obj))]
            first = json.dumps(obj).encode()
        lines = [first, *runs.lines[1:]]
        _resume(tmp_path, f"header{example}", Damaged(_join(lines), refuse=True), runs)


def test_a_header_from_another_run_is_refused(runs: Runs, tmp_path: Path) -> None:
    for k, lines in enumerate(([runs.other[0], *runs.lines[1:]], list(runs.other))):
        path = tmp_path / f"other{k}.jsonl"
        path.write_bytes(_join(lines))
        result = _sweep("--seed", str(SEED), "--resume", str(path))
        _check(result, path, Damaged(_join(lines), refuse=True), runs)
        assert f"it used seed {SEED + 1}, not {SEED}" in result.stderr


def test_a_file_of_the_previous_format_is_refused(runs: Runs, tmp_path: Path) -> None:
    header = json.loads(runs.lines[0])
    header.pop("digest")
    header["format"] = "accord-sweep/1"
    old = [json.dumps(header).encode()]
    for raw in runs.lines[1:]:
        rec = json.loads(raw)
        rec.pop(SUM)
        old.append(json.dumps(rec).encode())
    path = tmp_path / "old.jsonl"
    path.write_bytes(_join(old))
    result = _sweep("--seed", str(SEED), "--resume", str(path))
    _check(result, path, Damaged(_join(old), refuse=True), runs)
    assert "older accord (format accord-sweep/1, without checksums)" in result.stderr


# --- JSON output is always valid JSON ----------------------------------------------------


def test_a_draw_that_computes_nan_is_a_failed_draw_and_json_stays_valid(
    runs: Runs, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import accord.sweep.draw as draw_module

    real = draw_module.analyse_draw

    def sometimes_nan(ctx: Any, case: Any, index: int = 0) -> dict[str, Any]:
        rec = real(ctx, case, index)
        if index % 3 == 0:
            rec["forecasts"]["compromise"][0] = float("nan")
        return rec

    monkeypatch.setattr(draw_module, "analyse_draw", sometimes_nan)
    path = tmp_path / "nan.jsonl"
    result = _sweep("--seed", str(SEED), "--out", str(path))
    assert result.exit_code == 0, result.output
    summary = _strict(result.stdout)
    assert summary["draws"]["failed"] == 3  # draws 0, 3 and 6
    assert any("not a finite number" in e for e in summary["errors"])
    assert "null_means" in summary
    assert b"NaN" not in path.read_bytes()


def test_print_json_never_writes_nan(capsys: pytest.CaptureFixture[str]) -> None:
    from accord.cli.app import print_json

    print_json({"a": float("nan"), "b": [1.0, float("inf"), {"c": float("-inf")}], "d": "NaN"})
    out = _strict(capsys.readouterr().out)
    assert out["a"] is None
    assert out["b"] == [1.0, None, {"c": None}]
    assert out["d"] == "NaN"
    assert out["non_finite"]["paths"] == ["$.a", "$.b[1]", "$.b[2].c"]
    print_json([float("nan")])
    assert _strict(capsys.readouterr().out) == [None]


# --- the schema check itself never raises ------------------------------------------------


def _containers(inner: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5), _containers, max_leaves=20
)
KEYS = ["i", "nash", "base_nash_product", "accept", "forecasts", "honour", "error"]


def test_the_record_schema_answers_any_json(runs: Runs, fuzz: FuzzScale) -> None:
    @settings(max_examples=fuzz.pick(200, 5000), deadline=None, suppress_health_check=list(HealthCheck))
    @given(value=JSON, fields=st.dictionaries(st.sampled_from(KEYS), JSON, max_size=7))
    def check(value: Any, fields: dict[str, Any]) -> None:
        for rec in (value, fields):
            problem = record_problem(rec, runs.header)
            assert problem is None or isinstance(problem, str)
        valid = json.loads(runs.lines[1])
        valid.pop(SUM)
        assert record_problem(valid, runs.header) is None
        mixed = record_problem({**valid, **fields}, runs.header)
        assert mixed is None or isinstance(mixed, str)

    check()
