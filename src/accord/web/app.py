"""The FastAPI application: pages, JSON API, bundled static files, security headers and limits.

Every request body is read under a size limit (:mod:`accord.web.limits`); request
validation errors are answered 422 with a JSON body that is always valid (non-finite numbers
and lone surrogates echoed as strings); a full worker pool or an analysis outlasting its time
limit is answered 503 with a message (:mod:`accord.web.workers`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from plotly.offline import get_plotlyjs
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from accord import __version__
from accord.web import api, pages
from accord.web import plans as plan_views
from accord.web.limits import MAX_JSON_BYTES, BodyLimit
from accord.web.state import AppState, CaseEntry
from accord.web.workers import PoolBusyError, PoolLimits, PoolTimeoutError, retry_after

__all__ = ["CSP", "FORM_ALLOWANCE", "body_limit", "create_app", "json_safe"]

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'; connect-src 'self'"
)
"""Content-Security-Policy of every answer: no inline or remote script can run."""


FORM_ALLOWANCE = 10_000
"""Bytes the upload form's framing may add to the file's limit."""

SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


class _SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, with_headers)


def body_limit(path: str) -> int:
    """Return the largest request body ``path`` accepts (bytes): uploads 1 MB, JSON 64 KiB."""
    if path == "/api/cases":
        return api.MAX_UPLOAD_BYTES
    if path == "/upload":
        return api.MAX_UPLOAD_BYTES + FORM_ALLOWANCE
    return MAX_JSON_BYTES


def json_safe(value: Any) -> Any:
    """Return ``value`` writable as strict UTF-8 JSON, for echoing untrusted input.

    Non-finite floats become their JSON spelling as a string (``"Infinity"``); strings with
    lone surrogates (a JSON escape such as backslash-u-d800 reads as one) get them
    backslash-escaped.
    """
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    if isinstance(value, str):
        return value.encode("utf-8", "backslashreplace").decode("utf-8")
    if isinstance(value, dict):
        return {json_safe(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_safe(v) for v in value]
    return value


def _answer(path: str, status: int, detail: Any, headers: Mapping[str, str] | None = None) -> Response:
    if path.startswith(("/api", "/static")):
        return JSONResponse({"detail": detail}, status_code=status, headers=headers)
    text = detail if isinstance(detail, str) else "the request could not be served"
    html = pages.environment().get_template("error.html.j2").render(status=status, detail=text)
    return HTMLResponse(html, status_code=status, headers=headers)


@cache
def _static(name: str) -> bytes:
    if name == "plotly.js":
        text: str = get_plotlyjs()
        return text.encode("utf-8")
    return files("accord.web").joinpath("static", name).read_bytes()


def create_app(
    default: CaseEntry | None = None,
    *,
    state: AppState | None = None,
    db: Path | None = None,
    limits: PoolLimits | None = None,
) -> FastAPI:
    """Build the app serving ``default`` (or ukraine-2025) and the built-in cases.

    Args:
        default: The case to open by default (``accord serve CASE``).
        state: An existing state (tests share one between apps).
        db: The evidence store the evidence views read.
        limits: Worker pool size, queue and time limit (ignored with ``state``).
    """
    app = FastAPI(
        title="accord",
        version=__version__,
        description="Deals, forecasts, guarantees and claims of a negotiation case, as JSON.",
        docs_url=None,  # Swagger UI and ReDoc load their scripts from a CDN: nothing may come from outside
        redoc_url=None,
    )
    app.state.accord = state or AppState(default, db=db, limits=limits)
    app.add_middleware(
        BodyLimit, limit_for=body_limit, refuse=lambda scope, st, msg: _answer(scope["path"], st, msg)
    )
    app.add_middleware(_SecurityHeaders)  # outermost: refusals carry the headers too
    app.include_router(api.router)
    app.include_router(pages.router)
    app.include_router(plan_views.api_router)
    app.include_router(plan_views.page_router)

    @app.get("/static/{name}", include_in_schema=False)
    def static(name: str) -> Response:
        if name not in ("app.js", "style.css", "plotly.js"):
            raise HTTPException(status_code=404, detail="not found")
        media = "text/css" if name.endswith(".css") else "text/javascript"
        return Response(_static(name), media_type=media, headers={"Cache-Control": "max-age=3600"})

    @app.exception_handler(HTTPException)
    async def _errors(request: Request, exc: HTTPException) -> Response:
        return _answer(request.url.path, exc.status_code, json_safe(exc.detail), exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        # the echoed input may hold NaN, infinities or lone surrogates (json.loads reads them all)
        return JSONResponse({"detail": json_safe(jsonable_encoder(exc.errors()))}, status_code=422)

    @app.exception_handler(PoolBusyError)
    async def _busy(request: Request, exc: PoolBusyError) -> Response:
        return _answer(request.url.path, 503, str(exc), {"Retry-After": "5"})

    @app.exception_handler(PoolTimeoutError)
    async def _slow(request: Request, exc: PoolTimeoutError) -> Response:
        state: AppState = request.app.state.accord
        after = retry_after(state.pool.limits.timeout)
        return _answer(request.url.path, 503, str(exc), {"Retry-After": str(after)})

    return app
