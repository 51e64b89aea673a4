"""The results file's checksums and checked reading, on a tiny sweep."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from accord import load_case
from accord.errors import AnalysisError
from accord.sweep import run_sweep
from accord.sweep.run import prepare
from accord.sweep.seal import header_digest, record_sum, seal_header, seal_record
from accord.sweep.store import FORMAT, _ranges, read_contents


def test_a_checksum_covers_the_record_and_the_header() -> None:
    header = seal_header({"format": FORMAT, "seed": 1})
    assert header["digest"] == header_digest(header)
    rec = seal_record({"i": 3, "accept": [True]}, header["digest"])
    assert record_sum(rec, header["digest"]) == rec["sum"]
    assert record_sum({**rec, "accept": [False]}, header["digest"]) != rec["sum"]
    assert record_sum({**rec, "i": 3.0}, header["digest"]) != rec["sum"]
    other = seal_header({"format": FORMAT, "seed": 2})
    assert record_sum(rec, other["digest"]) != rec["sum"]
    with pytest.raises(ValueError, match="JSON compliant"):
        record_sum({"i": float("nan")}, header["digest"])


def test_written_files_read_back_clean_and_keep_draws_beyond_a_smaller_count(tmp_path: Path) -> None:
    case = load_case("tutorial")
    path = tmp_path / "r.jsonl"
    run_sweep(case, 6, seed=2, results_path=path)
    _, header = prepare(case, 2)
    contents = read_contents(path, header)
    assert contents.damaged == ()
    assert contents.torn is None
    assert sorted(contents.records) == list(range(6))
    assert all("sum" in json.loads(line) for line in path.read_text().splitlines()[1:])
    smaller = run_sweep(case, 4, seed=2, resume=path)
    assert smaller.summary["draws"]["done"] == 4
    assert smaller.notices == ()
    assert len(path.read_text().splitlines()) == 7


def test_resume_reports_damage_through_the_callback(tmp_path: Path) -> None:
    case = load_case("tutorial")
    path = tmp_path / "r.jsonl"
    straight = run_sweep(case, 5, seed=2, results_path=path)
    lines = path.read_text().splitlines()
    lines[2] = lines[2].replace('"i":1', '"i":1.0')
    path.write_text("\n".join(lines) + "\n")
    seen: list[str] = []
    resumed = run_sweep(case, 5, seed=2, resume=path, notice=seen.append)
    assert resumed.summary == straight.summary
    assert seen == list(resumed.notices)
    assert seen[0].startswith(f"{path}:3: damaged draw record: the draw index is not an integer: 1.0")
    assert f"kept as {path}.damaged" in seen[-1]


def test_a_refused_header_names_the_way_out(tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    path.write_text("")
    with pytest.raises(AnalysisError, match=r"it is empty.*delete .* or pass --out NEW instead of --resume"):
        run_sweep(load_case("tutorial"), 3, resume=path)


def test_line_numbers_are_grouped_into_ranges() -> None:
    assert _ranges([9, 2, 3, 4, 7, 11, 10]) == "2-4, 7, 9-11"
