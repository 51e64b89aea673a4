"""Run the web app with uvicorn (``accord serve``)."""

from __future__ import annotations

import contextlib
import copy
import functools
import ipaddress
import sys
from pathlib import Path
from typing import Any

from accord.case import Case, builtin_case_names
from accord.web import analyses
from accord.web.app import create_app
from accord.web.pages import overview_job
from accord.web.state import CaseEntry
from accord.web.workers import PoolBusyError

__all__ = ["DEFAULT_HOST", "DEFAULT_PORT", "entry_for", "is_loopback", "serve"]

DEFAULT_HOST = "127.0.0.1"
"""Loopback only: the dashboard is for the person at this machine unless they say otherwise."""

DEFAULT_PORT = 8000

SWITCH_INTERVAL = 0.001
"""Seconds a thread may hold the GIL before the event loop's thread may take it (Python: 0.005)."""


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


def log_config() -> dict[str, Any]:
    """Return uvicorn's logging configuration with the ``accord`` loggers' INFO lines shown."""
    from uvicorn.config import LOGGING_CONFIG

    config: dict[str, Any] = copy.deepcopy(LOGGING_CONFIG)
    config["loggers"]["accord"] = {"handlers": ["default"], "level": "INFO", "propagate": False}
    return config


def serve(
    entry: CaseEntry | None, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, db: Path | None = None
) -> None:
    """Serve the app until interrupted; the default case's analyses start computing at once.

    The warm-up runs on the worker pool like any analysis, so a request for the same analysis
    joins it instead of starting another.
    """
    import uvicorn

    # hand the GIL to the event loop every millisecond (default 5 ms): a worker running pure
    # Python (upload validation) then delays a cheap request by far less
    sys.setswitchinterval(SWITCH_INTERVAL)
    app = create_app(entry, db=db)
    state = app.state.accord
    # a failed warm-up is retried, and its error reported, by the first request that needs it
    for job in (overview_job(state.get(None)), analyses.report_job(state.get(None))):
        with contextlib.suppress(PoolBusyError):
            state.pool.submit(job.key, functools.partial(job.run, state))
    try:
        uvicorn.run(app, host=host, port=port, log_level="info", log_config=log_config())
    finally:
        state.pool.shutdown()
