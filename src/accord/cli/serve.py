"""The ``serve`` command: the local web dashboard (loopback by default)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from accord.case import load_case
from accord.cli.app import app, err_console, handle_errors
from accord.errors import AnalysisError

__all__ = ["serve_cmd"]


@app.command("serve")
@handle_errors
def serve_cmd(
    case: Annotated[
        str | None,
        typer.Argument(help="Case to open first: a built-in name or a YAML file (default: ukraine-2025)."),
    ] = None,
    host: Annotated[
        str, typer.Option("--host", help="Address to listen on (default: loopback only).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port to listen on.")] = 8000,
    db: Annotated[
        Path | None,
        typer.Option("--db", help="Evidence store for the evidence views (default: the user's store)."),
    ] = None,
) -> None:
    """Serve the local web dashboard: the report's views, a deal explorer, a guarantee comparer, /api/."""
    try:
        from accord.web.server import entry_for, is_loopback, serve
    except ImportError as exc:
        raise AnalysisError(
            f"the web dashboard needs the 'web' extra: pip install 'accord[web]' ({exc.name} is missing)"
        ) from None
    from accord.evidence.store import default_db_path

    entry = entry_for(case, load_case(case)) if case else None
    if not is_loopback(host):
        err_console().print(
            Text(f"warning: listening on {host}: anyone who can reach this machine can use the dashboard")
        )
    err_console().print(
        Text(f"accord dashboard on http://{'127.0.0.1' if host == '0.0.0.0' else host}:{port}/")
    )
    serve(entry, host=host, port=port, db=db if db is not None else default_db_path())
