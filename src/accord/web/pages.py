"""HTML pages: the report's views, the deal explorer, the guarantee comparer and case upload.

Pages render the same Jinja2 section macros as the report (``accord.report`` templates), with
autoescaping on. No page has inline script: data travels in ``<script type="application/json">``
blocks and ``/static/app.js`` reads them, so the Content-Security-Policy can forbid inline
and remote scripts entirely. Analyses and the case page's sections are computed on the worker
pool (cached per case) and pages are rendered on a thread, never on the event loop.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import ChoiceLoader, Environment, PackageLoader, select_autoescape
from starlette.concurrency import run_in_threadpool

from accord.case import Case
from accord.case.age import age_note
from accord.deals import DealSpace
from accord.errors import AnalysisError
from accord.guarantees.simulation import NONE
from accord.report.labels import Labels
from accord.report.plans_section import plans_section
from accord.report.sections import (
    PARETO_POINTS,
    Figures,
    ReportInputs,
    case_section,
    conflicts_section,
    deals_section,
    evidence_section,
    forecast_section,
    guarantees_section,
    positions_section,
    script_json,
    table_tracks,
    validation_section,
)
from accord.report.summary import RISK_YEARS, summary_section
from accord.web import analyses
from accord.web.analyses import Job
from accord.web.api import MAX_UPLOAD_BYTES, entry_of, run_job, state_of, validate_on_pool
from accord.web.state import CaseEntry

__all__ = ["environment", "overview_job", "router"]

router = APIRouter(include_in_schema=False)

PAGES = (
    ("overview", "/", "Case"),
    ("deals", "/deals", "Deals"),
    ("plans", "/plans", "Plans"),
    ("explorer", "/explorer", "Deal explorer"),
    ("forecast", "/forecast", "Forecasts"),
    ("guarantees", "/guarantees", "Guarantees"),
    ("claims", "/claims", "Sources and claims"),
    ("evidence", "/evidence", "Evidence"),
    ("upload", "/upload", "Upload a case"),
)


def environment() -> Environment:
    """Return the Jinja2 environment of the pages (autoescaping every template)."""
    return Environment(
        loader=ChoiceLoader([PackageLoader("accord.web"), PackageLoader("accord.report")]),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )


_ENV = environment()


def render(
    request: Request, template: str, entry: CaseEntry | None, status: int = 200, **context: Any
) -> HTMLResponse:
    """Render a page with the navigation, the case list and ``context``."""
    state = state_of(request)
    figs: Figures | None = context.pop("figs", None)
    key = entry.key if entry else state.default_key
    if entry is not None and "case" not in context:
        context["case"] = case_section(entry.case)
    if entry is not None:
        context.setdefault("age_note", age_note(entry.case))
    html = _ENV.get_template(template).render(
        pages=PAGES,
        current=template.removesuffix(".html.j2"),
        key=key,
        cases=[{"key": e.key, "title": e.case.title, "origin": e.origin} for e in state.entries()],
        claim_base=f"/claims?case={key}",
        figures_json=script_json(figs.items if figs else {}),
        **context,
    )
    return HTMLResponse(html, status_code=status)


def _page_data(data: Any) -> Any:
    return script_json(data)


def overview_job(entry: CaseEntry) -> Job[dict[str, Any]]:
    """Return the job of the case page's sections (the position map is slow for big cases)."""

    def compute() -> dict[str, Any]:
        figs = Figures()
        return {
            "case": case_section(entry.case),
            "positions": positions_section(entry.case, figs),
            "conflicts": conflicts_section(entry.case),
            "figs": figs,
        }

    return Job((entry.key, "overview"), compute)


def _progress_data(c: Case, key: str) -> dict[str, Any]:
    """What the page's script needs to fill the summary and the deal tables in from the JSON API.

    Per track, the ``/api/deals`` query whose answer it shows (the main track with the frontier
    the Pareto chart draws, so the full page later reads the same cached analyses).
    """
    tracks, main_id = table_tracks(c)
    labels = Labels.of(c)
    return {
        "key": key,
        "main": main_id,
        "tracks": [
            {
                "id": tid,
                "query": {"track": tid} if c.tracks else {},
                "top": PARETO_POINTS if tid == main_id else 0,
            }
            for tid, _name, _actors, _claims in tracks
        ],
        "issues": labels.issues,
        "options": {i.id: {o.id: o.label for o in i.options} for i in c.issues},
        "actors": labels.actors,
        "guarantees": bool(c.guarantees),
        "risk_years": RISK_YEARS,
    }


@router.get("/", response_class=HTMLResponse)
def overview(request: Request, case: str | None = None) -> HTMLResponse:
    """The one-screen summary (filled in as the analyses arrive), the position map and conflicting claims."""
    entry = entry_of(request, case)
    c = entry.case
    try:
        plans = plans_section(c)
    except AnalysisError:
        plans = None
    return render(
        request,
        "overview.html.j2",
        entry,
        summary=summary_section(c, plans=plans),
        case=case_section(c),
        positions=positions_section(c, Figures()),
        conflicts=conflicts_section(c),
        page_data=_page_data(_progress_data(c, entry.key)),
    )


def _deal_inputs(request: Request, entry: CaseEntry) -> ReportInputs:
    """The deal analyses of every track, read through the same cache as ``/api/deals``."""
    c = entry.case
    tracks, main_id = table_tracks(c)
    deals: dict[str, Any] = {}
    spaces: dict[str, DealSpace] = {}
    for tid, _name, actors, _claims in tracks:
        top = PARETO_POINTS if tid == main_id else 0
        _tid, deals[tid] = analyses.deal_analysis(
            state_of(request), entry, track=tid if c.tracks else None, top=top
        )
        spaces[tid] = DealSpace.from_case(c, actors=actors)
    return ReportInputs(deals, spaces, [], None, 0, main_id)


@router.get("/deals", response_class=HTMLResponse)
def deals(request: Request, case: str | None = None, full: bool = False) -> HTMLResponse:
    """Acceptable counts per track, the main track's solutions, concessions and Pareto chart.

    Without ``full`` the page answers at once with a skeleton (every track, "computing…") that
    ``app.js`` fills in from ``/api/deals`` track by track, then reloads with ``full=1``, which
    renders from the analyses those calls cached.
    """
    entry = entry_of(request, case)
    if not full:
        return render(
            request,
            "deals.html.j2",
            entry,
            pending=True,
            tracks=[{"id": t[0], "name": t[1]} for t in table_tracks(entry.case)[0]],
            page_data=_page_data(_progress_data(entry.case, entry.key)),
        )
    try:
        inputs = _deal_inputs(request, entry)
    except AnalysisError as exc:
        raise HTTPException(status_code=422, detail=str(exc)) from None
    figs = Figures()
    return render(
        request,
        "deals.html.j2",
        entry,
        case=case_section(entry.case),
        deals=deals_section(entry.case, figs, inputs),
        figs=figs,
    )


def _explorer_data(c: Case) -> dict[str, Any]:
    return {
        "tracks": [{"id": t.id, "name": t.name, "actors": list(t.actors)} for t in c.tracks],
        "issues": [
            {"id": i.id, "name": i.name, "options": [{"id": o.id, "label": o.label} for o in i.options]}
            for i in c.issues
        ],
    }


@router.get("/explorer", response_class=HTMLResponse)
def explorer(request: Request, case: str | None = None) -> HTMLResponse:
    """Pick one option per issue and see every actor's utility, acceptability and red lines, live."""
    entry = entry_of(request, case)
    c = entry.case
    tid, _actors = analyses.resolve_actors(c, None, None)
    initial = {i.id: i.options[len(i.options) // 2].id for i in c.issues}
    return render(
        request,
        "explorer.html.j2",
        entry,
        case=case_section(c),
        issues=c.issues,
        tracks=c.tracks,
        track=tid,
        initial=initial,
        page_data=_page_data({"key": entry.key, **_explorer_data(c)}),
    )


def _forecast_page(request: Request, entry: CaseEntry, results: Any) -> HTMLResponse:
    figs = Figures()
    return render(
        request,
        "forecast.html.j2",
        entry,
        case=case_section(entry.case),
        forecasts=forecast_section(entry.case, figs, results),
        figs=figs,
    )


@router.get("/forecast", response_class=HTMLResponse)
async def forecast(request: Request, case: str | None = None) -> HTMLResponse:
    """Forecasts per issue and model, with trajectories."""
    entry = entry_of(request, case)
    from accord.report.sections import FORECAST_MODELS

    try:
        job = analyses.forecasts_job(state_of(request), entry, FORECAST_MODELS)
    except AnalysisError as exc:
        raise HTTPException(status_code=422, detail=str(exc)) from None
    results = await run_job(request, job)
    return await run_in_threadpool(_forecast_page, request, entry, results)


@router.get("/guarantees", response_class=HTMLResponse)
async def guarantees(request: Request, case: str | None = None) -> HTMLResponse:
    """Architectures compared, the model's validation, and a comparer with what-if credibilities."""
    entry = entry_of(request, case)
    inputs = await run_job(request, analyses.report_job(entry))
    return await run_in_threadpool(_guarantees_page, request, entry, inputs)


def _guarantees_page(request: Request, entry: CaseEntry, inputs: Any) -> HTMLResponse:
    c = entry.case
    figs = Figures()
    assessed: dict[str, list[float]] = {}
    threats: set[str] = set()
    for gid, r in (inputs.guarantees or {}).items():
        if gid == NONE:
            continue
        for row in r.guarantors:
            cred = row.credibility
            if cred.is_threat or cred.ex_ante is None:
                threats.add(cred.guarantor)
            else:
                assessed.setdefault(cred.guarantor, []).append(round(cred.ex_ante.mean, 2))
    everyone = sorted({a for g in c.guarantees for a in g.guarantors})
    guarantors = [a for a in everyone if a in assessed or a not in threats]
    section = guarantees_section(c, figs, inputs.guarantees, inputs.seed)
    return render(
        request,
        "guarantees.html.j2",
        entry,
        case=case_section(c),
        guarantees=section,
        validation=validation_section(figs),
        guarantors=[{"id": a, "assessed": assessed.get(a, [])} for a in guarantors],
        threats=sorted(threats - set(assessed)),
        draws=analyses.REPORT_DRAWS,
        max_draws=analyses.MAX_DRAWS,
        page_data=_page_data({"key": entry.key, "guarantors": guarantors, "draws": analyses.REPORT_DRAWS}),
        figs=figs,
    )


@router.get("/claims", response_class=HTMLResponse)
def claims(request: Request, case: str | None = None) -> HTMLResponse:
    """Every source with its claims (the anchors numbers link to) and conflicting claims."""
    entry = entry_of(request, case)
    return render(
        request,
        "claims.html.j2",
        entry,
        case=case_section(entry.case),
        conflicts=conflicts_section(entry.case),
        claim_ids={cl.id for cl in entry.case.claims},
    )


@router.get("/evidence", response_class=HTMLResponse)
def evidence(request: Request, case: str | None = None) -> HTMLResponse:
    """The ingested articles' timeline and the claims that disagree across sources."""
    entry = entry_of(request, case)
    figs = Figures()
    return render(
        request,
        "evidence.html.j2",
        entry,
        evidence=evidence_section(figs, analyses.evidence(state_of(request))),
        figs=figs,
    )


@router.get("/upload", response_class=HTMLResponse)
def upload_form(request: Request, case: str | None = None) -> HTMLResponse:
    """A form to upload a case file."""
    entry = entry_of(request, case)
    return render(request, "upload.html.j2", entry, problems=[], limit=MAX_UPLOAD_BYTES)


@router.post("/upload", response_model=None)
async def upload(request: Request) -> Response:
    """Validate an uploaded case; show its located problems (422) or open it."""
    declared = request.headers.get("content-length")
    if declared is None or not declared.isdigit():
        raise HTTPException(status_code=411, detail="an upload must state its length (Content-Length)")
    if int(declared) > MAX_UPLOAD_BYTES + 10_000:  # the limit is on the file; allow for the form's framing
        entry = entry_of(request, None)
        problems = [f"the upload is larger than {MAX_UPLOAD_BYTES:,} bytes"]
        return render(request, "upload.html.j2", entry, status=413, problems=problems, limit=MAX_UPLOAD_BYTES)
    entry = entry_of(request, None)
    async with request.form(max_files=1, max_fields=5) as form:
        item = form.get("file")
        if item is None or isinstance(item, str):
            return render(
                request,
                "upload.html.j2",
                entry,
                status=422,
                problems=["choose a YAML file"],
                limit=MAX_UPLOAD_BYTES,
            )
        raw = await item.read(MAX_UPLOAD_BYTES + 1)
    if len(raw) > MAX_UPLOAD_BYTES:
        problems = [f"the upload is larger than {MAX_UPLOAD_BYTES:,} bytes"]
        return render(request, "upload.html.j2", entry, status=413, problems=problems, limit=MAX_UPLOAD_BYTES)
    name = (item.filename or "upload.yaml").replace("\\", "/").rsplit("/", 1)[-1][:100] or "upload.yaml"
    parsed, text, found = await validate_on_pool(request, raw, name)
    if parsed is None:
        return render(
            request,
            "upload.html.j2",
            entry,
            status=422,
            problems=[str(p) for p in found],
            limit=MAX_UPLOAD_BYTES,
        )
    new = state_of(request).add_upload(parsed, text)
    return RedirectResponse(f"/?case={new.key}", status_code=303)
