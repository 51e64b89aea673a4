"""The published plans in the dashboard: the page ``/plans`` and the JSON ``/api/plans``.

Both are computed on the worker pool and cached per case and track.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool

from accord.deals.plans import score_plans
from accord.report.plans_section import plans_section
from accord.web.analyses import Job
from accord.web.api import CaseKey, entry_of, run_job
from accord.web.pages import render

__all__ = ["api_router", "page_router"]

api_router = APIRouter(prefix="/api", tags=["api"])
page_router = APIRouter(include_in_schema=False)

TrackKey = Annotated[str | None, Query(description="Negotiating track (default: the main track).")]


@api_router.get("/plans", summary="Published plans scored side by side")
async def get_plans(request: Request, case: CaseKey = None, track: TrackKey = None) -> dict[str, Any]:
    """Each plan's verdicts per party (utility range, no-deal threshold, margin), red lines, closest deal."""
    entry = entry_of(request, case)
    if not entry.case.proposals:
        return {"key": entry.key, "plans": []}
    job: Job[dict[str, Any]] = Job(
        (entry.key, "plans-json", track), lambda: score_plans(entry.case, track).to_dict()
    )
    scored: dict[str, Any] = await run_job(request, job)
    return {**scored, "key": entry.key}


@page_router.get("/plans", response_class=HTMLResponse)
async def plans_page(request: Request, case: str | None = None, track: str | None = None) -> HTMLResponse:
    """The plans table of the case, as in the report."""
    entry = entry_of(request, case)
    job = Job((entry.key, "plans-page", track), lambda: plans_section(entry.case, track))
    data = await run_job(request, job)
    return await run_in_threadpool(render, request, "plans.html.j2", entry, plans=data)
