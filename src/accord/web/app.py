"""The FastAPI application: pages, JSON API, bundled static files and security headers."""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from pathlib import Path

from fastapi import FastAPI, HTTPException, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.responses import HTMLResponse, Response
from plotly.offline import get_plotlyjs
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint

from accord import __version__
from accord.web import api, pages
from accord.web import plans as plan_views
from accord.web.state import AppState, CaseEntry

__all__ = ["CSP", "create_app"]

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'; connect-src 'self'"
)
"""Content-Security-Policy of every answer: no inline or remote script can run."""


class _SecurityHeaders(BaseHTTPMiddleware):
    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        response.headers.setdefault("X-Frame-Options", "DENY")
        return response


@cache
def _static(name: str) -> bytes:
    if name == "plotly.js":
        text: str = get_plotlyjs()
        return text.encode("utf-8")
    return files("accord.web").joinpath("static", name).read_bytes()


def create_app(
    default: CaseEntry | None = None, *, state: AppState | None = None, db: Path | None = None
) -> FastAPI:
    """Build the app serving ``default`` (or ukraine-2025) and the built-in cases.

    Args:
        default: The case to open by default (``accord serve CASE``).
        state: An existing state (tests share one between apps).
        db: The evidence store the evidence views read.
    """
    app = FastAPI(
        title="accord",
        version=__version__,
        description="Deals, forecasts, guarantees and claims of a negotiation case, as JSON.",
        docs_url=None,  # Swagger UI and ReDoc load their scripts from a CDN: nothing may come from outside
        redoc_url=None,
    )
    app.state.accord = state or AppState(default, db=db)
    app.add_middleware(_SecurityHeaders)
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
        if request.url.path.startswith("/api") or request.url.path.startswith("/static"):
            return await http_exception_handler(request, exc)
        detail = exc.detail if isinstance(exc.detail, str) else "the request could not be served"
        html = pages.environment().get_template("error.html.j2").render(status=exc.status_code, detail=detail)
        return HTMLResponse(html, status_code=exc.status_code)

    return app
