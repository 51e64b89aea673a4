"""Run a sweep: baseline, candidate packages, draws on a backend, results file, summary.

Ctrl-C (``KeyboardInterrupt``) while draws run cancels the work not yet finished, keeps
every finished draw (in the results file when there is one) and returns a partial result
flagged ``interrupted``; ``resume`` continues it later.
"""

from __future__ import annotations

import contextlib
import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from accord.case import Case
from accord.deals import DealSpace, analyse_deals, default_track, solve_exact
from accord.errors import AnalysisError
from accord.forecast import forecast_case, get_model
from accord.guarantees.credibility import assess_all
from accord.sweep.backends import Backend, chunked, run_chunks
from accord.sweep.draw import DrawContext, Record
from accord.sweep.record import checked
from accord.sweep.spec import build_spec
from accord.sweep.store import ResultsFile, case_hash, check_header, damage_notices, read_contents
from accord.sweep.summary import summarise

__all__ = ["TOP_CANDIDATES", "NoticeFn", "ProgressFn", "SweepResult", "prepare", "run_sweep"]

TOP_CANDIDATES = 20
"""Frontier packages (by baseline Nash product) added to the candidate set."""

ProgressFn = Callable[[int, int], None]
"""Called as ``progress(draws done, draws asked)`` at the start and after each finished chunk."""

NoticeFn = Callable[[str], None]
"""Called with each line of news about a resumed file (damaged records dropped, for instance)."""


@dataclass(frozen=True)
class SweepResult:
    """The outcome of :func:`run_sweep`.

    Attributes:
        summary: The aggregated results (:func:`accord.sweep.summary.summarise`).
        draws: Draws asked for.
        done: Draws finished (including those read from a resumed file).
        interrupted: True when Ctrl-C stopped the run early.
        results_path: The results file, if any.
        records: Every finished draw by index.
        notices: What resuming found wrong with the results file and did about it.
    """

    summary: dict[str, Any]
    draws: int
    done: int
    interrupted: bool
    results_path: Path | None
    records: dict[int, Record] = field(repr=False)
    notices: tuple[str, ...] = ()


def _actors(case: Case, track: str | None) -> tuple[str | None, tuple[str, ...]]:
    if track is not None:
        known = {t.id: t for t in case.tracks}
        if track not in known:
            raise AnalysisError(f"unknown track {track!r} (known: {', '.join(known) or 'none defined'})")
        return track, tuple(known[track].actors)
    if case.tracks:
        chosen = default_track(case)
        return chosen.id, tuple(chosen.actors)
    with_positions = {p.actor for p in case.positions}
    return None, tuple(a.id for a in case.actors if a.id in with_positions)


def _candidates(space: DealSpace, nash: tuple[int, ...] | None) -> list[dict[str, Any]]:
    analysis = analyse_deals(space, solutions=("ks", "egalitarian"), top=TOP_CANDIDATES)
    found: dict[tuple[int, ...], list[str]] = {}
    if nash is not None:
        found[nash] = ["nash"]
    for name in ("ks", "egalitarian"):
        report = analysis.solutions.get(name)
        if report is not None:
            found.setdefault(tuple(space.choices_of(report.options)), []).append(name)
    for rank, report in enumerate(analysis.top, start=1):
        found.setdefault(tuple(space.choices_of(report.options)), []).append(f"top {rank}")
    return [
        {"labels": labels, "options": space.package_of(choices), "choices": list(choices)}
        for choices, labels in found.items()
    ]


def prepare(
    case: Case,
    seed: int = 0,
    track: str | None = None,
    models: Sequence[str] = ("compromise",),
    widen: bool = True,
    fast: bool = True,
) -> tuple[DrawContext, dict[str, Any]]:
    """Compute the baseline and the candidate packages; return the worker context and the header.

    ``fast`` selects the per-draw path (:class:`accord.sweep.draw.DrawContext`); it changes
    no result and is not part of the header.

    Raises:
        AnalysisError: Negative seed, unknown track or model, a model that cannot run, or a
            track whose deal space cannot be built.
    """
    if seed < 0:
        raise AnalysisError(f"seed must be 0 or more (got {seed})")
    if not models:
        raise AnalysisError("name at least one forecasting model")
    models = tuple(dict.fromkeys(models))
    track_id, actors = _actors(case, track)
    spec = build_spec(case, widen)
    space = DealSpace.from_case(case, actors=actors)
    found = solve_exact(space, "nash")
    nash = None if found.choices is None else tuple(int(v) for v in found.choices)
    baseline_forecasts = {m: forecast_case(case, get_model(m)) for m in models}
    credibility = assess_all(case)
    candidates = _candidates(space, nash)
    ctx = DrawContext(
        case=case,
        spec=spec,
        seed=seed,
        actors=actors,
        candidates=tuple(tuple(c["choices"]) for c in candidates),
        baseline_nash=nash,
        models=models,
        fast=fast,
    )
    header = {
        "case": case.id,
        "case_hash": case_hash(case),
        "seed": seed,
        "options": {"track": track_id, "actors": list(actors), "models": list(models), "widen": widen},
        "inputs": spec.to_dict(),
        "candidates": candidates,
        "issues": [[i.id, list(i.option_ids)] for i in case.issues],
        "forecast_issues": {m: [f.issue for f in fc.issues] for m, fc in baseline_forecasts.items()},
        "guarantees": [[c.guarantee, [g.guarantor for g in c.guarantors]] for c in credibility],
        "baseline": {
            "nash": None if nash is None else list(nash),
            "forecasts": {m: [f.predicted for f in fc.issues] for m, fc in baseline_forecasts.items()},
            "honour": [[g.probability for g in c.guarantors] for c in credibility],
        },
    }
    return ctx, json.loads(json.dumps(header))  # as read back from a file: lists, not tuples


def _default_chunk(missing: int, workers: int) -> int:
    return max(1, min(100, math.ceil(missing / (workers * 8))))


def _open_store(
    header: dict[str, Any], draws: int, results_path: Path | None, resume: Path | None, notices: list[str]
) -> tuple[ResultsFile | None, dict[int, Record], Path | None]:
    if resume is None:
        return (ResultsFile.create(results_path, header) if results_path else None), {}, results_path
    if results_path is not None and Path(results_path).resolve() != Path(resume).resolve():
        raise AnalysisError("--resume appends to its own file: leave out --out or give the same file")
    contents = read_contents(resume, header)
    check_header(resume, contents.header, header)
    store, kept_as = ResultsFile.resume(contents)
    notices.extend(damage_notices(contents, kept_as))
    kept = {i: r for i, r in contents.records.items() if 0 <= i < draws}
    return store, kept, Path(resume)


def run_sweep(
    case: Case,
    draws: int,
    *,
    seed: int = 0,
    backend: Backend = "local",
    workers: int = 1,
    address: str | None = None,
    track: str | None = None,
    models: Sequence[str] = ("compromise",),
    widen: bool = True,
    chunk_size: int | None = None,
    progress: ProgressFn | None = None,
    results_path: str | Path | None = None,
    resume: str | Path | None = None,
    fast: bool = True,
    notice: NoticeFn | None = None,
) -> SweepResult:
    """Run (or resume) a Monte Carlo sweep over a case's uncertain inputs.

    Args:
        case: The case.
        draws: Draws wanted in total (draw indices ``0 .. draws-1``).
        seed: Seed; draw ``i`` uses ``numpy.random.default_rng([seed, i])``.
        backend: ``local`` or ``dask``.
        workers: Worker processes.
        address: A Dask scheduler address (``None``: start a local cluster).
        track: Track id (default: the case's default track, or every actor with a position).
        models: Forecasting models run per draw.
        widen: Apply the widening rule to positions without explicit entries.
        chunk_size: Draws per task (default: about eight tasks per worker, at most 100 draws).
            It changes neither the draws nor the results.
        progress: ``progress(done, draws)`` callback.
        results_path: Write the results file here (replacing any).
        resume: Continue this results file: only missing draws run and are appended to it.
        fast: The fast per-draw path (``False``: the integer programme and the full
            credibility assessment in every draw, the reference it is checked against). It
            changes no result.
        notice: ``notice(line)`` for each line of news about a resumed file (a damaged
            record dropped and rerun, an incomplete last line), before any draw runs.

    Returns:
        The result; ``interrupted`` is set when Ctrl-C stopped it.

    Raises:
        AnalysisError: Bad arguments, or a results file to resume whose header is damaged,
            of an older format or of another run (its damaged records are only dropped).
    """
    if draws < 1:
        raise AnalysisError(f"draws must be at least 1 (got {draws})")
    ctx, header = prepare(case, seed, track, models, widen, fast)
    notices: list[str] = []
    store, records, path = _open_store(
        header,
        draws,
        Path(results_path) if results_path is not None else None,
        Path(resume) if resume is not None else None,
        notices,
    )
    if notice is not None:
        for line in notices:
            notice(line)
    missing = [i for i in range(draws) if i not in records]
    interrupted = False
    try:
        if progress is not None:
            progress(len(records), draws)
        if missing:
            size = chunk_size if chunk_size is not None else _default_chunk(len(missing), workers)
            stream = run_chunks(ctx, chunked(missing, size), backend, workers, address)
            with contextlib.closing(stream):  # closing cancels the chunks not yet finished
                for _chunk, computed in stream:
                    recs = [checked(r, header) for r in computed]
                    for r in recs:
                        records[int(r["i"])] = r
                    if store is not None:
                        store.append(recs)
                    if progress is not None:
                        progress(len(records), draws)
    except KeyboardInterrupt:
        interrupted = True
    finally:
        if store is not None:
            store.close()
    summary = summarise(header, records, ctx.spec)
    summary["draws"]["asked"] = draws
    summary["interrupted"] = interrupted
    return SweepResult(summary, draws, len(records), interrupted, path, records, tuple(notices))
