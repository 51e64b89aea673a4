"""The ``accord`` command line: a thin shell over the library that sets exit codes.

Exit codes: 0 success, 1 an analysis found nothing to report, 2 bad input (a message, never a
traceback), 130 interrupted. One module per command group registers its commands on
:data:`accord.cli.app.app`; one module per result type under :mod:`accord.cli.render` draws it.
"""

from __future__ import annotations

from accord.cli import (  # noqa: F401  (importing a command module registers its commands)
    case,
    deals,
    diff,
    evidence,
    forecast,
    guarantees,
    plans,
    serve,
    sweep,
    validate_model,
)
from accord.cli.app import app

__all__ = ["app", "main"]


def main() -> None:
    """Entry point of the ``accord`` console script."""
    app()
