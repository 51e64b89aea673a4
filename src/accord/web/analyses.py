"""Engine calls the web app makes, with their arguments checked and their results cached.

Every function takes the :class:`~accord.web.state.AppState` and a case entry, validates
its arguments (raising :class:`~accord.errors.AnalysisError`, which the app turns into a
422 answer) and caches the result under the case key and the arguments. The ``*_job``
functions validate and return a :class:`Job` (cache key and computation) that the endpoints
run on the worker pool; the plain functions compute on the calling thread.

Display parameters are not part of a key: the deal analysis is computed once with the
longest ranking (:data:`MAX_TOP`) and each request's ``top`` is a slice of it.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import numpy as np

from accord.case import Case
from accord.deals import DealAnalysis, DealSpace, analyse_deals, default_track
from accord.deals.analysis import package_report
from accord.deals.closest import crossed_red_lines
from accord.deals.solutions import SOLUTIONS
from accord.errors import AnalysisError
from accord.evidence.store import EvidenceStore, StoredClaim
from accord.forecast.case_forecast import CaseForecast, forecast_case
from accord.forecast.registry import MODELS, get_model
from accord.guarantees.architecture import NONE, find_guarantee
from accord.guarantees.export import guarantees_to_dict, target_to_dict
from accord.guarantees.inverse import break_even, parse_target, solve_target
from accord.guarantees.simulation import simulate
from accord.report.sections import REPORT_DRAWS as SECTION_DRAWS
from accord.report.sections import EvidenceInputs, ReportInputs, compute_inputs, evidence_inputs
from accord.report.settlement import settlement_check
from accord.web.state import AppState, CaseEntry

__all__ = [
    "MAX_DRAWS",
    "MAX_HORIZON_YEARS",
    "MAX_TOP",
    "Job",
    "deal_analysis",
    "deals_job",
    "evaluate_package",
    "evidence",
    "evidence_claims",
    "forecast",
    "forecast_job",
    "forecast_with_check_job",
    "forecasts_job",
    "guarantee_target",
    "guarantees",
    "guarantees_job",
    "report_inputs",
    "report_job",
    "resolve_actors",
    "target_job",
    "with_top",
]

MAX_DRAWS = 50_000
"""Largest number of Monte Carlo draws one request may ask for."""

MAX_HORIZON_YEARS = 30.0
"""Longest guarantee horizon one request may ask for."""

REPORT_DRAWS = SECTION_DRAWS
"""Parameter draws of the guarantee comparison on the pages and by default in the API (as in the report)."""

MAX_TOP = 200
"""Longest ranking of frontier packages one request may ask for (and the one computed)."""

T = TypeVar("T")


@dataclass(frozen=True)
class Job(Generic[T]):
    """An analysis to run: its cache key and its computation.

    Attributes:
        key: Cache key (the case key first, then the analysis and its arguments).
        compute: Computes the value (on a worker thread).
    """

    key: Hashable
    compute: Callable[[], T]

    def run(self, state: AppState) -> T:
        """Return the value, cached, computed on the calling thread if absent."""
        return state.cached(self.key, self.compute)


def resolve_actors(
    case: Case, track: str | None, actors: Sequence[str] | None
) -> tuple[str | None, tuple[str, ...]]:
    """Return the track id (if any) and the actors at the table.

    With neither a track nor actors, the case's default track (or every actor when the case
    has no tracks).

    Raises:
        AnalysisError: Unknown track, or both a track and actors given.
    """
    if track and actors:
        raise AnalysisError("give a track or a list of actors, not both")
    if track:
        try:
            t = case.track(track)
        except KeyError:
            known = ", ".join(t.id for t in case.tracks) or "none"
            raise AnalysisError(f"unknown track {track!r} (known: {known})") from None
        return t.id, tuple(t.actors)
    if actors:
        return None, tuple(actors)
    if case.tracks:
        t = default_track(case)
        return t.id, tuple(t.actors)
    return None, tuple(a.id for a in case.actors)


def _space(state: AppState, entry: CaseEntry, actors: tuple[str, ...], fixed: Mapping[str, str]) -> DealSpace:
    key = (entry.key, "space", actors, tuple(sorted(fixed.items())))
    return state.cached(key, lambda: DealSpace.from_case(entry.case, actors=actors, fixed=dict(fixed)))


def deals_job(
    state: AppState,
    entry: CaseEntry,
    *,
    track: str | None = None,
    actors: Sequence[str] | None = None,
    fixed: Mapping[str, str] | None = None,
    method: str = "auto",
) -> tuple[str | None, Job[DealAnalysis]]:
    """Return the track id and the deal analysis of the table asked for, ranking :data:`MAX_TOP`.

    Raises:
        AnalysisError: Unknown track or method, or both a track and actors.
    """
    if method not in ("auto", "enumerate", "exact"):
        raise AnalysisError(f"unknown method {method!r} (known: auto, enumerate, exact)")
    tid, table = resolve_actors(entry.case, track, actors)
    fixed = dict(fixed or {})
    key = (entry.key, "deals", table, tuple(sorted(fixed.items())), method)

    def compute() -> DealAnalysis:
        space = _space(state, entry, table, fixed)
        return analyse_deals(space, top=MAX_TOP, method=method)  # type: ignore[arg-type]

    return tid, Job(key, compute)


def with_top(result: DealAnalysis, top: int) -> DealAnalysis:
    """Return ``result`` listing its first ``top`` ranked frontier packages.

    Raises:
        AnalysisError: ``top`` outside [0, :data:`MAX_TOP`].
    """
    if not 0 <= top <= MAX_TOP:
        raise AnalysisError(f"top must be between 0 and {MAX_TOP} (got {top})")
    return dataclasses.replace(result, top=result.top[:top])


def deal_analysis(
    state: AppState,
    entry: CaseEntry,
    *,
    track: str | None = None,
    actors: Sequence[str] | None = None,
    fixed: Mapping[str, str] | None = None,
    top: int = 5,
    method: str = "auto",
) -> tuple[str | None, DealAnalysis]:
    """Return the track id and the deal analysis of the table asked for (on the calling thread).

    Raises:
        AnalysisError: Unknown track, actor, issue, option or method, or ``top`` out of range.
    """
    if not 0 <= top <= MAX_TOP:
        raise AnalysisError(f"top must be between 0 and {MAX_TOP} (got {top})")
    tid, job = deals_job(state, entry, track=track, actors=actors, fixed=fixed, method=method)
    return tid, with_top(job.run(state), top)


def evaluate_package(
    state: AppState,
    entry: CaseEntry,
    options: Mapping[str, str],
    *,
    track: str | None = None,
    actors: Sequence[str] | None = None,
) -> dict[str, Any]:
    """Return each actor's utility, gain, acceptability and crossed red lines for one package.

    Raises:
        AnalysisError: Unknown track, actor, issue or option, or an issue left without an option.
    """
    tid, table = resolve_actors(entry.case, track, actors)
    space = _space(state, entry, table, {})
    choices = np.asarray(space.choices_of(options), dtype=np.int64)
    report = package_report(space, choices)
    crossed = crossed_red_lines(space, choices)
    per_actor: dict[str, Any] = {}
    for a, actor in enumerate(space.actors):
        outcome = report.actors[actor].to_dict()
        outcome["no_deal"] = round(float(space.no_deal[a]), 6)
        outcome["red_lines"] = [{"issue": b.issue, "option": b.option} for b in crossed if b.actor == actor]
        per_actor[actor] = outcome
    return {
        "case": entry.case.id,
        "track": tid,
        "options": report.options,
        "actors": per_actor,
        "acceptable_to_all": all(o.acceptable for o in report.actors.values()),
        "nash_product": report.nash_product,
    }


def forecast_job(entry: CaseEntry, model: str) -> Job[CaseForecast]:
    """Return the job of a model's forecast of every issue.

    Raises:
        AnalysisError: Unknown model.
    """
    if model not in MODELS:
        raise AnalysisError(f"unknown model {model!r} (known: {', '.join(MODELS)})")
    return Job((entry.key, "forecast", model), lambda: forecast_case(entry.case, get_model(model)))


def forecast_with_check_job(state: AppState, entry: CaseEntry, model: str) -> Job[dict[str, Any]]:
    """Return the job of a model's forecast as JSON with its settlement check (``/api/forecast``).

    The check scores the package of nearest options with the deal engine, as ``accord forecast
    --json`` does; when the engine rejects the case, ``settlement`` is null and
    ``settlement_error`` says why.

    Raises:
        AnalysisError: Unknown model.
    """
    job = forecast_job(entry, model)

    def run() -> dict[str, Any]:
        result = job.run(state)
        try:
            check: dict[str, Any] | None = settlement_check(entry.case, result).to_dict()
            error = None
        except AnalysisError as exc:
            check, error = None, str(exc)
        return result.to_dict() | {"settlement": check, "settlement_error": error}

    return Job((entry.key, "forecast+check", model), run)


def forecasts_job(state: AppState, entry: CaseEntry, models: Sequence[str]) -> Job[list[CaseForecast]]:
    """Return the job of several models' forecasts (the forecast page).

    Raises:
        AnalysisError: Unknown model.
    """
    jobs = [forecast_job(entry, m) for m in models]
    return Job((entry.key, "forecasts", tuple(models)), lambda: [j.run(state) for j in jobs])


def forecast(state: AppState, entry: CaseEntry, model: str) -> CaseForecast:
    """Return a model's forecast of every issue (on the calling thread).

    Raises:
        AnalysisError: Unknown model.
    """
    return forecast_job(entry, model).run(state)


def _with_assumptions(case: Case, assumptions: Mapping[str, float]) -> Case:
    if not assumptions:
        return case
    merged = {**dict(case.assumptions or {}), **assumptions}
    data = case.model_dump(mode="python")
    data["assumptions"] = merged
    try:
        return Case.model_validate(data)
    except ValueError as exc:
        raise AnalysisError(f"invalid assumptions: {exc}") from None


def guarantees_job(
    entry: CaseEntry,
    *,
    draws: int = REPORT_DRAWS,
    seed: int = 0,
    horizon_years: float = 10.0,
    honour: Mapping[str, float] | None = None,
    assumptions: Mapping[str, float] | None = None,
) -> Job[dict[str, Any]]:
    """Return the job of the JSON comparison of the guarantee architectures under what-if controls.

    Raises:
        AnalysisError: Draws or horizon out of range, an unknown guarantor, a probability
            outside [0, 1], or an assumption the engines reject.
    """
    if not 1 <= draws <= MAX_DRAWS:
        raise AnalysisError(f"draws must be between 1 and {MAX_DRAWS} (got {draws})")
    if not math.isfinite(horizon_years) or not 0 < horizon_years <= MAX_HORIZON_YEARS:
        raise AnalysisError(f"horizon must be in (0, {MAX_HORIZON_YEARS:g}] years (got {horizon_years:g})")
    honour = dict(honour or {})
    assumptions = dict(assumptions or {})
    for what, values in (("credibility", honour), ("assumption", assumptions)):
        for name, value in values.items():
            if not math.isfinite(value):
                raise AnalysisError(f"{what} {name!r} must be a finite number (got {value!r})")
    key = (
        entry.key,
        "guarantees",
        draws,
        seed,
        horizon_years,
        tuple(sorted(honour.items())),
        tuple(sorted(assumptions.items())),
    )

    def compute() -> dict[str, Any]:
        case = _with_assumptions(entry.case, assumptions)
        if not case.guarantees:
            return {
                "case": case.id,
                "draws": draws,
                "horizon_years": horizon_years,
                "seed": seed,
                "architectures": [],
            }
        results = simulate(case, draws=draws, horizon_years=horizon_years, seed=seed, honour=honour)
        return guarantees_to_dict(case, results, draws=draws, horizon_years=horizon_years, seed=seed)

    return Job(key, compute)


def guarantees(state: AppState, entry: CaseEntry, **controls: Any) -> dict[str, Any]:
    """Return the JSON comparison of :func:`guarantees_job` (on the calling thread).

    Raises:
        AnalysisError: As :func:`guarantees_job`.
    """
    return guarantees_job(entry, **controls).run(state)


def target_job(
    entry: CaseEntry,
    target: str,
    *,
    versus: str | None = None,
    architectures: Sequence[str] | None = None,
    seed: int = 0,
) -> Job[dict[str, Any]]:
    """Return the job of what would bring each architecture under a target, and break-even credibilities.

    The same JSON as ``accord guarantees --target ... --json``.

    Raises:
        AnalysisError: A target that does not parse, or an unknown architecture.
    """
    goal = parse_target(target)
    ids = list(architectures) if architectures else None
    for gid in [*(ids or []), *([versus] if versus else [])]:
        if gid != NONE:
            find_guarantee(entry.case, gid)  # fail fast, before the search
    key = (entry.key, "target", goal.metric, goal.years, goal.threshold, versus, tuple(ids or ()), seed)

    def compute() -> dict[str, Any]:
        case = entry.case
        answers = solve_target(case, goal, ids, seed=seed)
        even = break_even(case, goal, versus, ids, seed=seed) if versus else []
        return target_to_dict(case, goal, answers, even)

    return Job(key, compute)


def guarantee_target(state: AppState, entry: CaseEntry, target: str, **options: Any) -> dict[str, Any]:
    """Return :func:`target_job`'s answer (on the calling thread).

    Raises:
        AnalysisError: As :func:`target_job`.
    """
    return target_job(entry, target, **options).run(state)


def report_job(entry: CaseEntry) -> Job[ReportInputs]:
    """Return the job of every analysis the pages show (computed once per case)."""
    return Job((entry.key, "report"), lambda: compute_inputs(entry.case, draws=REPORT_DRAWS))


def report_inputs(state: AppState, entry: CaseEntry) -> ReportInputs:
    """Return every analysis the pages show (on the calling thread; cached)."""
    return report_job(entry).run(state)


def evidence(state: AppState) -> EvidenceInputs | None:
    """Return the evidence store's timeline and conflicts (read afresh: the store may grow)."""
    if state.db is None or not state.db.exists():
        return None
    with EvidenceStore.open(state.db) as store:
        return evidence_inputs(store)


def evidence_claims(state: AppState, actor: str | None, issue: str | None) -> list[StoredClaim] | None:
    """Return the evidence store's claims, filtered, or ``None`` without a store."""
    if state.db is None or not state.db.exists():
        return None
    with EvidenceStore.open(state.db) as store:
        return store.claims(actor=actor, issue=issue)


def solution_names() -> tuple[str, ...]:
    """Return the bargaining solutions the engine knows."""
    return tuple(SOLUTIONS)
