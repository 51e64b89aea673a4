"""Run the web app with uvicorn (``accord serve``)."""

from __future__ import annotations

import contextlib
import ipaddress
import threading
from pathlib import Path

from accord.case import Case, builtin_case_names
from accord.web import analyses
from accord.web.app import create_app
from accord.web.state import CaseEntry

__all__ = ["DEFAULT_HOST", "DEFAULT_PORT", "entry_for", "is_loopback", "serve"]

DEFAULT_HOST = "127.0.0.1"
"""Loopback only: the dashboard is for the person at this machine unless they say otherwise."""

DEFAULT_PORT = 8000


def is_loopback(host: str) -> bool:
    """Return whether ``host`` only accepts connections from this machine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def entry_for(name: str, case: Case) -> CaseEntry:
    """Return the entry of the case given on the command line (built-in name or file)."""
    if name in builtin_case_names():
        return CaseEntry(name, case, "builtin")
    return CaseEntry(f"{case.id}-file", case, "file")


def serve(
    entry: CaseEntry | None, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, db: Path | None = None
) -> None:
    """Serve the app until interrupted; the default case's analyses start computing at once."""
    import uvicorn

    app = create_app(entry, db=db)
    state = app.state.accord

    def warm() -> None:
        # a failed warm-up is retried, and its error reported, by the first request that needs it
        with contextlib.suppress(Exception):
            analyses.report_inputs(state, state.get(None))

    threading.Thread(target=warm, name="accord-warm-up", daemon=True).start()
    uvicorn.run(app, host=host, port=port, log_level="info")
