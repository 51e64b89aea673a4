"""Case commands: ``cases``, ``validate``, ``show`` and ``sources`` (the case layer only: they start fast)."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from accord.case import builtin_case_names, load_case
from accord.cli.app import (
    CaseArg,
    JsonOpt,
    app,
    err_console,
    handle_errors,
    note_age,
    out_console,
    print_json,
)

__all__ = ["cases_cmd", "show_cmd", "sources_cmd", "validate_cmd"]


@app.command("cases")
@handle_errors
def cases_cmd(json_out: JsonOpt = False) -> None:
    """List the built-in cases."""
    loaded = [(name, load_case(name)) for name in builtin_case_names()]
    if json_out:
        print_json(
            [
                {
                    "name": name,
                    "title": case.title,
                    "as_of": case.as_of.isoformat(),
                    "actors": len(case.actors),
                    "issues": len(case.issues),
                }
                for name, case in loaded
            ]
        )
        return
    table = Table(title="Built-in cases")
    for col in ("name", "title", "as of", "actors", "issues"):
        table.add_column(col)
    for name, case in loaded:
        table.add_row(
            Text(name), Text(case.title), case.as_of.isoformat(), str(len(case.actors)), str(len(case.issues))
        )
    out_console().print(table)


@app.command("validate")
@handle_errors
def validate_cmd(
    path: Annotated[str, typer.Argument(help="Case file (or built-in name) to check.")],
    strict: Annotated[bool, typer.Option("--strict", help="Treat warnings as errors (exit 2).")] = False,
) -> None:
    """Check a case file: schema, ranges and every cross-reference. Exit 2 on the first bad file."""
    from accord.case.lint import case_warnings

    case = load_case(path)
    warnings = case_warnings(case)
    console = out_console()
    console.print(
        Text(
            no_wrap=True,
            text=f"ok: {path}: {len(case.actors)} actors, {len(case.issues)} issues, "
            f"{len(case.positions)} positions, "
            f"{len(case.guarantees)} guarantees, {len(case.sources)} sources, {len(case.claims)} claims",
        )
    )
    for w in warnings:
        err_console().print(Text(f"warning: {w}"))
    if strict and warnings:
        raise typer.Exit(2)


@app.command("show")
@handle_errors
def show_cmd(case: CaseArg, json_out: JsonOpt = False) -> None:
    """Show a case: actors, issues and the position matrix with salience."""
    from accord.cli.render.case import render_case_summary

    loaded = load_case(case)
    note_age(loaded)
    if json_out:
        print_json(loaded.model_dump(mode="json"))
        return
    render_case_summary(loaded, out_console())


@app.command("sources")
@handle_errors
def sources_cmd(case: CaseArg, json_out: JsonOpt = False) -> None:
    """List each source with the claims resting on it, and the claims that conflict."""
    from accord.cli.render.sources import render_sources, sources_to_dict

    loaded = load_case(case)
    if json_out:
        print_json(sources_to_dict(loaded))
        return
    render_sources(loaded, out_console())
