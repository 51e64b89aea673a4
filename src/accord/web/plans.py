"""The published plans in the dashboard: the page ``/plans`` and the JSON ``/api/plans``."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse

from accord.deals.plans import score_plans
from accord.errors import AnalysisError
from accord.report.plans_section import plans_section
from accord.web.api import CaseKey, entry_of, unprocessable
from accord.web.pages import render

__all__ = ["api_router", "page_router"]

api_router = APIRouter(prefix="/api", tags=["api"])
page_router = APIRouter(include_in_schema=False)

TrackKey = Annotated[str | None, Query(description="Negotiating track (default: the main track).")]


@api_router.get("/plans", summary="Published plans scored side by side")
def get_plans(request: Request, case: CaseKey = None, track: TrackKey = None) -> dict[str, Any]:
    """Each plan's verdicts per party (utility range, no-deal threshold, margin), red lines, closest deal."""
    entry = entry_of(request, case)
    if not entry.case.proposals:
        return {"key": entry.key, "plans": []}
    try:
        out = score_plans(entry.case, track).to_dict()
    except AnalysisError as exc:
        raise unprocessable(exc) from None
    out["key"] = entry.key
    return out


@page_router.get("/plans", response_class=HTMLResponse)
def plans_page(request: Request, case: str | None = None, track: str | None = None) -> HTMLResponse:
    """The plans table of the case, as in the report."""
    entry = entry_of(request, case)
    try:
        data = plans_section(entry.case, track)
    except AnalysisError as exc:
        raise HTTPException(status_code=422, detail=str(exc)) from None
    return render(request, "plans.html.j2", entry, plans=data)
