"""The JSON API under ``/api/``: cases, deals, a package evaluator, forecasts, guarantees, claims.

Every endpoint takes ``case`` (a key from ``GET /api/cases``; default: the case the server
was started with). Bad input gets a 422 answer whose ``detail`` says what is wrong; an
unknown case a 404; an oversized upload a 413; a full worker pool or an analysis outlasting
the time limit a 503. Analyses and upload validation run on the worker pool
(:mod:`accord.web.workers`), never on the event loop.
"""

from __future__ import annotations

import dataclasses
import hashlib
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, HTTPException, Query, Request
from pydantic import BaseModel, ConfigDict, Field

from accord.case import Case
from accord.case.yaml_io import parse_case
from accord.errors import AnalysisError, CaseError, CaseFormatError, CaseValidationError, Problem
from accord.forecast.validated import best_for_cases
from accord.web import analyses
from accord.web.analyses import Job
from accord.web.state import AppState, CaseEntry, UnknownCaseError

__all__ = [
    "MAX_UPLOAD_BYTES",
    "EvaluateRequest",
    "GuaranteesRequest",
    "TargetRequest",
    "problems_of",
    "read_upload",
    "router",
    "run_job",
    "validate_on_pool",
]

T = TypeVar("T")

MAX_UPLOAD_BYTES = 1_000_000
"""Largest case file the app accepts (bytes)."""

router = APIRouter(prefix="/api", tags=["api"])

CaseKey = Annotated[str | None, Query(description="Case key from GET /api/cases (default: the served case).")]


class EvaluateRequest(BaseModel):
    """A package to evaluate: one option per issue, for a track or a list of actors."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    case: str | None = Field(None, description="Case key (default: the served case).")
    track: str | None = Field(None, description="Negotiating track (default: the case's main track).")
    actors: list[str] | None = Field(None, description="Actors at the table, instead of a track.")
    options: dict[str, str] = Field(..., description="{issue id: option id} for every issue.")


class GuaranteesRequest(BaseModel):
    """What-if controls for the guarantee comparer."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    case: str | None = None
    draws: int = Field(analyses.REPORT_DRAWS, ge=1, le=analyses.MAX_DRAWS)
    seed: int = Field(0, ge=0, le=2**32 - 1)
    horizon_years: float = Field(10.0, gt=0, le=analyses.MAX_HORIZON_YEARS)
    honour: dict[str, float] = Field(
        default_factory=dict,
        description="{guarantor id: ex-ante credibility}, replacing the model's (a what-if).",
    )
    assumptions: dict[str, float] = Field(
        default_factory=dict,
        description="Named assumptions to override, e.g. guarantees.walkback_probability.",
    )


class TargetRequest(BaseModel):
    """An inverse question on the guarantee architectures (as ``accord guarantees --target``)."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    case: str | None = None
    target: str = Field(
        ..., min_length=1, max_length=60, description="METRIC YEARS < PROBABILITY, e.g. war10<0.2."
    )
    versus: str | None = Field(None, description="Architecture to break even with (an id, or none).")
    architectures: list[str] | None = Field(
        None, max_length=50, description="Architecture ids (default: the case's comparable set)."
    )
    seed: int = Field(0, ge=0, le=2**32 - 1)


def state_of(request: Request) -> AppState:
    """Return the app's state."""
    state: AppState = request.app.state.accord
    return state


def entry_of(request: Request, key: str | None) -> CaseEntry:
    """Return the case entry for ``key`` or answer 404."""
    try:
        return state_of(request).get(key)
    except UnknownCaseError as exc:
        raise HTTPException(status_code=404, detail=str(exc.args[0])) from None


async def run_job(request: Request, job: Job[T]) -> T:
    """Return the job's value: from the cache, or computed once on the worker pool.

    Raises:
        HTTPException: 422 for an engine's refusal.
        PoolBusyError: When the pool is full (the app answers 503).
        PoolTimeoutError: When the job outlasts the time limit (the app answers 503).
    """
    try:
        return await state_of(request).analysis(job.key, job.compute)
    except AnalysisError as exc:
        raise unprocessable(exc) from None


async def validate_on_pool(
    request: Request, raw: bytes, filename: str
) -> tuple[Case | None, str, list[Problem]]:
    """Validate an upload on the worker pool (identical uploads share one validation)."""
    key = ("upload", hashlib.sha256(raw).hexdigest(), filename)
    return await state_of(request).pool.run(key, lambda: validate_upload(raw, filename))


def unprocessable(exc: Exception) -> HTTPException:
    """Return the 422 answer for an engine's refusal."""
    return HTTPException(status_code=422, detail=str(exc))


def problems_of(exc: CaseError) -> list[Problem]:
    """Return the located problems of a case error."""
    if isinstance(exc, CaseValidationError):
        return list(exc.problems)
    if isinstance(exc, CaseFormatError):
        return [exc.problem]
    return [Problem("<upload>", 0, 0, "", str(exc))]


def _parse_pairs(items: list[str] | None, what: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in items or []:
        name, sep, value = item.partition("=")
        if not sep or not name.strip() or not value.strip():
            raise HTTPException(status_code=422, detail=f"{what} must look like NAME=VALUE (got {item!r})")
        out[name.strip()] = value.strip()
    return out


def _split(value: str | None) -> list[str] | None:
    if not value:
        return None
    return [v.strip() for v in value.split(",") if v.strip()]


@router.get("/cases", summary="Cases the server holds")
def list_cases(request: Request) -> list[dict[str, Any]]:
    """List the cases: key, id, title and where each came from."""
    state = state_of(request)
    return [
        {
            "key": e.key,
            "id": e.case.id,
            "title": e.case.title,
            "origin": e.origin,
            "default": e.key == state.default_key,
        }
        for e in state.entries()
    ]


async def read_upload(request: Request, limit: int = MAX_UPLOAD_BYTES) -> bytes:
    """Read the request body, refusing (413) more than ``limit`` bytes."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise HTTPException(status_code=413, detail=f"the upload is larger than {limit:,} bytes")
    body = bytearray()
    async for chunk in request.stream():
        body.extend(chunk)
        if len(body) > limit:
            raise HTTPException(status_code=413, detail=f"the upload is larger than {limit:,} bytes")
    return bytes(body)


def validate_upload(raw: bytes, filename: str) -> tuple[Case | None, str, list[Problem]]:
    """Decode and validate an uploaded case; return the case (or None), its text and problems."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, "", [Problem(filename, 0, 0, "", f"the file is not UTF-8 text (byte {exc.start})")]
    try:
        return parse_case(text, filename), text, []
    except CaseError as exc:
        return None, text, problems_of(exc)


@router.post(
    "/cases",
    status_code=201,
    summary="Upload a case as YAML",
    responses={413: {"description": "Upload too large"}, 422: {"description": "Located problems"}},
)
async def upload_case(request: Request, filename: str = "upload.yaml") -> dict[str, Any]:
    """Validate a YAML case sent as the request body and hold it; answer its key.

    Problems are answered as a 422 with ``detail.problems``: ``file``, ``line``, ``column``,
    ``field`` and ``message`` each, the same as ``accord validate`` prints.
    """
    raw = await read_upload(request)
    case, text, problems = await validate_on_pool(request, raw, filename[:100] or "upload.yaml")
    if case is None:
        raise HTTPException(
            status_code=422,
            detail={
                "message": f"the case has {len(problems)} problem(s)",
                "problems": [
                    {
                        "file": p.file,
                        "line": p.line,
                        "column": p.column,
                        "field": p.field,
                        "message": p.message,
                    }
                    for p in problems
                ],
                "text": [str(p) for p in problems],
            },
        )
    entry = state_of(request).add_upload(case, text)
    return {"key": entry.key, "id": case.id, "title": case.title}


@router.get("/case", summary="The case as JSON")
def get_case(request: Request, case: CaseKey = None) -> dict[str, Any]:
    """Return the whole case (actors, issues, positions, guarantees, sources, claims)."""
    entry = entry_of(request, case)
    out: dict[str, Any] = entry.case.model_dump(mode="json")
    out["key"] = entry.key
    return out


@router.get("/deals", summary="Deal analysis of one negotiating table")
async def get_deals(
    request: Request,
    case: CaseKey = None,
    track: Annotated[str | None, Query(description="Negotiating track (default: the main track).")] = None,
    actors: Annotated[str | None, Query(description="Comma-separated actor ids, instead of a track.")] = None,
    fix: Annotated[list[str] | None, Query(description="Hold an issue at one option: ISSUE=OPTION.")] = None,
    top: Annotated[int, Query(ge=0, le=analyses.MAX_TOP, description="Frontier packages to list.")] = 5,
    method: Annotated[str, Query(pattern="^(auto|enumerate|exact)$")] = "auto",
) -> dict[str, Any]:
    """Acceptable set, Pareto frontier, bargaining solutions and least concessions.

    The analysis is computed once per case, table, fixed options and method; ``top`` slices it.
    """
    entry = entry_of(request, case)
    fixed = _parse_pairs(fix, "fix")
    try:
        tid, job = analyses.deals_job(
            state_of(request), entry, track=track, actors=_split(actors), fixed=fixed, method=method
        )
        result = analyses.with_top(await run_job(request, job), top)
    except AnalysisError as exc:
        raise unprocessable(exc) from None
    out = result.to_dict()
    out["track"] = tid
    out["key"] = entry.key
    return out


@router.post("/evaluate", summary="Evaluate one package for every actor at the table")
async def post_evaluate(request: Request, body: EvaluateRequest) -> dict[str, Any]:
    """Each actor's utility, gain over no deal, acceptability and the red lines the package crosses."""
    entry = entry_of(request, body.case)
    state = state_of(request)
    key = ("evaluate", entry.key, body.track, tuple(body.actors or ()), tuple(sorted(body.options.items())))
    try:
        return await state.pool.run(
            key,
            lambda: analyses.evaluate_package(
                state, entry, body.options, track=body.track, actors=body.actors
            ),
        )
    except AnalysisError as exc:
        raise unprocessable(exc) from None


@router.get("/forecast", summary="Forecast of every issue by one model")
async def get_forecast(
    request: Request,
    case: CaseKey = None,
    model: Annotated[
        str, Query(description="A forecast model (e.g. weighted-mean, compromise, eu, smp), or auto.")
    ] = "auto",
) -> dict[str, Any]:
    """Predicted outcome, intervals, nearest option and trajectory per issue, and the settlement check.

    ``auto`` is the best validated model that transfers to a case, as in ``accord forecast``.
    ``settlement`` scores the package of nearest options for every party (who rejects it and by
    how much).
    """
    entry = entry_of(request, case)
    chosen = best_for_cases() if model == "auto" else model
    try:
        job = analyses.forecast_with_check_job(state_of(request), entry, chosen)
    except AnalysisError as exc:
        raise unprocessable(exc) from None
    return await run_job(request, job)


async def _guarantees(request: Request, body: GuaranteesRequest) -> dict[str, Any]:
    entry = entry_of(request, body.case)
    try:
        job = analyses.guarantees_job(
            entry,
            draws=body.draws,
            seed=body.seed,
            horizon_years=body.horizon_years,
            honour=body.honour,
            assumptions=body.assumptions,
        )
    except AnalysisError as exc:
        raise unprocessable(exc) from None
    return await run_job(request, job)


@router.get("/guarantees", summary="Guarantee architectures compared (default assumptions)")
async def get_guarantees(
    request: Request,
    case: CaseKey = None,
    draws: Annotated[int, Query(ge=1, le=analyses.MAX_DRAWS)] = analyses.REPORT_DRAWS,
    seed: Annotated[int, Query(ge=0, le=2**32 - 1)] = 0,
    horizon: Annotated[float, Query(gt=0, le=analyses.MAX_HORIZON_YEARS, allow_inf_nan=False)] = 10.0,
) -> dict[str, Any]:
    """Risk of renewed war and of any violation by 1, 2, 5 and 10 years, with intervals.

    Also the difference from no guarantee, each guarantor's credibility, the contributions, the
    monthly curves and PA-X durability (an association).
    """
    return await _guarantees(
        request, GuaranteesRequest(case=case, draws=draws, seed=seed, horizon_years=horizon)
    )


@router.post("/guarantees", summary="Guarantee architectures compared under what-if controls")
async def post_guarantees(request: Request, body: GuaranteesRequest) -> dict[str, Any]:
    """As GET, with guarantors' probabilities of honouring and named assumptions overridden."""
    return await _guarantees(request, body)


@router.post("/guarantees/target", summary="What would bring each architecture under a target")
async def post_guarantees_target(request: Request, body: TargetRequest) -> dict[str, Any]:
    """Credibility, forces or mechanisms each architecture needs to meet the target, one lever at a time.

    With ``versus``, also the common credibility at which each architecture's risk equals that one's.
    """
    entry = entry_of(request, body.case)
    try:
        job = analyses.target_job(
            entry, body.target, versus=body.versus, architectures=body.architectures, seed=body.seed
        )
    except AnalysisError as exc:
        raise unprocessable(exc) from None
    return await run_job(request, job)


@router.get("/claims", summary="Claims of the case, filtered")
def get_claims(
    request: Request,
    case: CaseKey = None,
    actor: str | None = None,
    issue: str | None = None,
    conflicts: bool = False,
) -> dict[str, Any]:
    """Claims of the case with their source's reliability, and those extracted from ingested articles.

    ``conflicts=true`` answers conflicting pairs instead: the case's linked claims, and claims
    from different sources whose stances disagree. ``evidence`` is ``null`` when the server has
    no evidence store.
    """
    entry = entry_of(request, case)
    c = entry.case
    sources = {s.id: s for s in c.sources}

    def row(claim: Any) -> dict[str, Any]:
        src = sources.get(claim.source)
        return {
            **claim.model_dump(mode="json"),
            "reliability": src.reliability if src else None,
            "source_title": src.title if src else None,
            "source_url": src.url if src else None,
        }

    def keep(claim: Any) -> bool:
        return (actor is None or claim.actor == actor) and (issue is None or claim.issue == issue)

    state = state_of(request)
    if conflicts:
        pairs = [[row(a), row(b)] for a, b in c.conflicts() if keep(a) or keep(b)]
        ev = analyses.evidence(state)
        ev_pairs = None
        if ev is not None:
            ev_pairs = [
                [a.to_dict(), b.to_dict()]
                for a, b in ev.conflicts
                if (actor is None or a.claim.actor == actor) and (issue is None or a.claim.issue == issue)
            ]
        return {"case": c.id, "conflicts": pairs, "evidence": ev_pairs}
    stored = analyses.evidence_claims(state, actor, issue)
    return {
        "case": c.id,
        "claims": [row(cl) for cl in c.claims if keep(cl)],
        "evidence": None if stored is None else [sc.to_dict() for sc in stored],
    }


@router.get("/timeline", summary="Timeline of the ingested articles")
def get_timeline(request: Request) -> dict[str, Any]:
    """Publication dates, dates mentioned and deadlines, in date order (``null`` without a store)."""
    ev = analyses.evidence(state_of(request))
    return {"timeline": None if ev is None else [dataclasses.asdict(e) for e in ev.timeline]}
