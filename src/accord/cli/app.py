"""The Typer application and what every command shares: consoles, JSON output, error handling.

This module and every command module import only Typer, Rich and the case layer at import
time; the engines (deals, forecasts, guarantees, evidence, sweeps, the report and the web
dashboard) load inside the command that uses them, so ``accord --help`` and the case commands
start quickly.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, ParamSpec, TypeVar

import typer
from rich.console import Console
from rich.text import Text

from accord import __version__
from accord._json import strict_dumps
from accord.errors import AccordError, CaseFormatError, CaseValidationError

if TYPE_CHECKING:
    from accord.api.tabular import Tables
    from accord.case import Case

__all__ = [
    "CaseArg",
    "CsvOpt",
    "JsonOpt",
    "XlsxOpt",
    "app",
    "err_console",
    "export_tables",
    "handle_errors",
    "note_age",
    "out_console",
    "print_json",
]

P = ParamSpec("P")
R = TypeVar("R")

app = typer.Typer(
    name="accord",
    help="Model multi-party peace negotiations and the security guarantees meant to make them hold.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

CaseArg = Annotated[
    str,
    typer.Argument(help="A built-in case name (see `accord cases`) or a path to a case YAML file."),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON instead of tables.")]


def _csv_dir(value: Path | None) -> Path | None:
    if value is not None and value.exists() and not value.is_dir():
        raise typer.BadParameter(f"{str(value)!r} is a file; --csv needs a folder (created if missing)")
    return value


def _xlsx_file(value: Path | None) -> Path | None:
    if value is not None and value.suffix.lower() != ".xlsx":
        raise typer.BadParameter(f"needs a file name ending in .xlsx (got {str(value)!r})")
    if value is not None and not value.parent.is_dir():
        raise typer.BadParameter(f"the folder {str(value.parent)!r} does not exist")
    return value


CsvOpt = Annotated[
    Path | None,
    typer.Option("--csv", help="Also write each table as a CSV file into this folder.", callback=_csv_dir),
]
XlsxOpt = Annotated[
    Path | None,
    typer.Option(
        "--xlsx", help="Also write every table into this Excel workbook (.xlsx).", callback=_xlsx_file
    ),
]


def out_console() -> Console:
    """The console of results (stdout); piped output gets a fixed, generous width."""
    width = None if sys.stdout.isatty() else 150
    return Console(highlight=False, width=width)


def err_console() -> Console:
    """The console of messages, warnings and progress (stderr)."""
    return Console(stderr=True, highlight=False, soft_wrap=True)


def handle_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Turn any ``AccordError`` into one clear message on stderr and exit code 2."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except (CaseFormatError, CaseValidationError) as exc:
            # located problems read like compiler errors: file:line:column: field: message
            console = err_console()
            for line in str(exc).splitlines():
                console.print(Text(line))
            raise typer.Exit(2) from None
        except AccordError as exc:
            err_console().print(Text(f"error: {exc}"))
            raise typer.Exit(2) from None
        except KeyboardInterrupt:
            err_console().print(Text("interrupted"))
            raise typer.Exit(130) from None

    return wrapper


def note_age(case: Case) -> None:
    """Say on stderr how old a case is when it is more than 90 days old (stdout stays clean for JSON)."""
    from accord.case.age import age_note

    note = age_note(case)
    if note:
        err_console().print(Text(note))


def print_json(data: Any) -> None:
    """Write ``data`` as indented, valid JSON to stdout (a non-finite number becomes null, noted)."""
    sys.stdout.write(strict_dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")


@app.callback(invoke_without_command=True)
def _root(
    version: Annotated[bool, typer.Option("--version", help="Print the version and exit.")] = False,
) -> None:
    if version:
        typer.echo(f"accord {__version__}")
        raise typer.Exit(0)


def export_tables(tables: Callable[[], Tables], csv_dir: Path | None, xlsx: Path | None) -> None:
    """Write the result's tables as CSV files and/or a workbook when asked, and say where on stderr."""
    if csv_dir is None and xlsx is None:
        return
    built = tables()
    if csv_dir is not None:
        written = built.write_csv(csv_dir)
        err_console().print(
            Text(f"wrote {len(written)} CSV files to {csv_dir}: {', '.join(p.name for p in written)}")
        )
    if xlsx is not None:
        err_console().print(Text(f"wrote {built.write_xlsx(xlsx)} ({len(built)} sheets)"))
