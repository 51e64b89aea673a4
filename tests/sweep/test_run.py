"""Sweeps: identical results across backends, resume, interrupt, and the zero-width baseline."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from accord import load_case
from accord.case import Case, parse_case
from accord.errors import AnalysisError
from accord.forecast import forecast_case, get_model
from accord.sweep import read_results, run_sweep
from accord.sweep.run import prepare

DRAWS = 40


@pytest.fixture(scope="module")
def tutorial() -> Case:
    return load_case("tutorial")


@pytest.fixture(scope="module")
def inline(tutorial: Case) -> dict[str, Any]:
    return run_sweep(tutorial, DRAWS, seed=7, models=("compromise", "median")).summary


def test_summary_shape(inline: dict[str, Any]) -> None:
    assert inline["draws"] == {"done": DRAWS, "ok": DRAWS, "failed": 0, "asked": DRAWS}
    assert inline["interrupted"] is False
    assert inline["options"]["track"] == "riparian"
    nash = inline["nash"]
    assert sum(p["count"] for p in nash["packages"]) + nash["no_acceptable"]["count"] == DRAWS
    for cand in inline["acceptability"]:
        assert cand["low"] <= cand["p"] <= cand["high"]
    for issues in inline["forecasts"].values():
        for q in issues.values():
            assert q["p5"] <= q["p50"] <= q["p95"]
    ranking = inline["sensitivity"]["ranking"]
    assert ranking
    assert all(0 <= r["max_abs_rho"] <= 1 for r in ranking)
    assert [r["max_abs_rho"] for r in ranking] == sorted((r["max_abs_rho"] for r in ranking), reverse=True)
    assert set(inline["forecasts"]) == {"compromise", "median"}
    assert inline["honour"]["arbitration"]["BANK"]["p5"] is not None


def test_same_seed_same_result_across_backends_workers_and_chunks(
    tutorial: Case, inline: dict[str, Any]
) -> None:
    models = ("compromise", "median")
    pool = run_sweep(tutorial, DRAWS, seed=7, models=models, workers=2, chunk_size=3).summary
    assert pool == inline
    chunks = run_sweep(tutorial, DRAWS, seed=7, models=models, chunk_size=7).summary
    assert chunks == inline
    pytest.importorskip("distributed")
    dask = run_sweep(tutorial, DRAWS, seed=7, models=models, backend="dask", workers=2, chunk_size=5).summary
    assert dask == inline
    other = run_sweep(tutorial, DRAWS, seed=8, models=models).summary
    assert other != inline


def test_resume_completes_a_shorter_run(tutorial: Case, tmp_path: Path) -> None:
    straight = run_sweep(tutorial, DRAWS, seed=3, results_path=tmp_path / "straight.jsonl")
    path = tmp_path / "run.jsonl"
    first = run_sweep(tutorial, 20, seed=3, results_path=path)
    assert first.done == 20
    resumed = run_sweep(tutorial, DRAWS, seed=3, resume=path)
    assert resumed.summary == straight.summary
    header, records, _ = read_results(path)
    assert sorted(records) == list(range(DRAWS))
    assert header["seed"] == 3
    assert len(path.read_text().splitlines()) == DRAWS + 1


def test_interrupt_keeps_finished_draws_and_resume_finishes(tutorial: Case, tmp_path: Path) -> None:
    path = tmp_path / "run.jsonl"
    calls: list[int] = []

    def progress(done: int, total: int) -> None:
        calls.append(done)
        if len(calls) == 4:  # the start, then three finished chunks
            raise KeyboardInterrupt

    partial = run_sweep(tutorial, DRAWS, seed=5, chunk_size=4, progress=progress, results_path=path)
    assert partial.interrupted
    assert partial.summary["interrupted"]
    assert partial.done == 12
    assert partial.summary["draws"]["done"] == 12
    _, records, _ = read_results(path)
    assert sorted(records) == list(range(12))
    done = run_sweep(tutorial, DRAWS, seed=5, resume=path)
    assert not done.interrupted
    assert done.summary == run_sweep(tutorial, DRAWS, seed=5).summary


def test_resume_drops_a_torn_last_line(tutorial: Case, tmp_path: Path) -> None:
    path = tmp_path / "run.jsonl"
    run_sweep(tutorial, 10, seed=2, results_path=path)
    text = path.read_text()
    path.write_text(text + text.splitlines()[-1][:25])  # a crash in the middle of a line
    resumed = run_sweep(tutorial, 12, seed=2, resume=path)
    assert resumed.done == 12
    assert all(json.loads(line) for line in path.read_text().splitlines())


def test_resume_refuses_a_different_run(tutorial: Case, tmp_path: Path) -> None:
    path = tmp_path / "run.jsonl"
    run_sweep(tutorial, 5, seed=2, results_path=path)
    with pytest.raises(AnalysisError, match="it used seed 2, not 3"):
        run_sweep(tutorial, 10, seed=3, resume=path)
    changed = tutorial.model_copy(update={"title": "Another title"})
    with pytest.raises(AnalysisError, match="the case has changed since the run started"):
        run_sweep(changed, 10, seed=2, resume=path)
    with pytest.raises(AnalysisError, match=r"it used options .*widen.: True"):
        run_sweep(tutorial, 10, seed=2, widen=False, resume=path)
    other = tmp_path / "other.txt"
    other.write_text("hello\n")
    with pytest.raises(AnalysisError, match="is not a sweep results file"):
        run_sweep(tutorial, 10, seed=2, resume=other)
    with pytest.raises(AnalysisError, match="cannot read sweep results"):
        run_sweep(tutorial, 10, seed=2, resume=tmp_path / "missing.jsonl")


def test_zero_width_sweep_equals_the_baseline(tutorial_text: str) -> None:
    entries = "".join(
        f"  - {{actor: {a}, issue: {i}, field: ideal, low: {v}, high: {v}}}\n"
        for a, i, v in (("UP", "share", 10), ("DOWN", "share", 95), ("BANK", "funding", 30))
    )
    case = parse_case(
        tutorial_text + "uncertain:\n" + entries + "  - {actor: UP, field: no_deal, low: 0.45, high: 0.45}\n"
    )
    summary = run_sweep(case, 15, seed=1, widen=False).summary
    assert summary["inputs"] == 4
    _, _header = prepare(case, 1, widen=False)
    nash = summary["nash"]
    assert nash["distinct"] == 1
    assert nash["packages"][0]["is_baseline"]
    assert nash["packages"][0]["count"] == 15
    assert nash["baseline_package"]["p"] == 1.0
    expected = forecast_case(case, get_model("compromise"))
    for f in expected.issues:
        q = summary["forecasts"]["compromise"][f.issue]
        assert q["p5"] == q["p50"] == q["p95"] == q["baseline"] == f.predicted
    for cand in summary["acceptability"]:
        assert cand["p"] in (0.0, 1.0)
    assert summary["sensitivity"]["ranking"] == []  # constant inputs correlate with nothing


def test_bad_arguments(tutorial: Case) -> None:
    with pytest.raises(AnalysisError, match="draws must be at least 1"):
        run_sweep(tutorial, 0)
    with pytest.raises(AnalysisError, match="seed must be 0 or more"):
        run_sweep(tutorial, 2, seed=-1)
    with pytest.raises(AnalysisError, match="unknown track 'nope'"):
        run_sweep(tutorial, 2, track="nope")
    with pytest.raises(AnalysisError, match="unknown model 'nope'"):
        run_sweep(tutorial, 2, models=("nope",))
    with pytest.raises(AnalysisError, match="unknown backend"):
        run_sweep(tutorial, 2, backend="spark")  # type: ignore[arg-type]
    with pytest.raises(AnalysisError, match="--address needs --backend dask"):
        run_sweep(tutorial, 2, address="tcp://127.0.0.1:1")


def test_interrupt_with_a_process_pool_keeps_finished_draws(tutorial: Case, tmp_path: Path) -> None:
    path = tmp_path / "run.jsonl"
    seen: list[int] = []

    def progress(done: int, total: int) -> None:
        seen.append(done)
        if len(seen) == 3:
            raise KeyboardInterrupt

    partial = run_sweep(
        tutorial, DRAWS, seed=5, workers=2, chunk_size=2, progress=progress, results_path=path
    )
    assert partial.interrupted
    assert partial.done == 4
    _, records, _ = read_results(path)
    assert len(records) == 4
    assert set(records) == set(partial.records)
    done = run_sweep(tutorial, DRAWS, seed=5, resume=path)
    assert done.summary == run_sweep(tutorial, DRAWS, seed=5).summary


def test_honour_has_an_interval_even_when_no_input_is_uncertain() -> None:
    case = load_case("ukraine-2025")
    summary = run_sweep(case, 30, seed=3, widen=False, track="us-russia").summary
    nato = summary["honour"]["nato-art5"]["NATO"]
    assert nato["p5"] < nato["p50"] < nato["p95"]
    # the threat itself never gets a probability of honouring
    assert summary["honour"]["budapest-1994"]["RUS"]["p95"] == 0.0
