"""The ``accord plans`` command: every published plan side by side (CLI layer only)."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.text import Text

from accord.case import load_case
from accord.case.age import age_note
from accord.cli.app import (
    CsvOpt,
    XlsxOpt,
    app,
    err_console,
    export_tables,
    handle_errors,
    out_console,
    print_json,
)

__all__ = ["plans_cmd"]


@app.command("plans")
@handle_errors
def plans_cmd(
    case: Annotated[str, typer.Argument(help="A built-in case name or a path to a case YAML file.")],
    track: Annotated[
        str | None,
        typer.Option("--track", help="The track whose actors are at the table (default: trilateral)."),
    ] = None,
    json_out: Annotated[
        bool, typer.Option("--json", help="Print machine-readable JSON instead of tables.")
    ] = False,
    csv_dir: CsvOpt = None,
    xlsx: XlsxOpt = None,
) -> None:
    """Every published plan of a case side by side: who accepts it, its red lines, the closest deal."""
    from accord.cli.render.plans import render_plans
    from accord.deals.plans import score_plans

    loaded = load_case(case)
    result = score_plans(loaded, track)
    note = age_note(loaded)
    from accord.api.plan_tables import plan_tables

    if json_out:
        print_json({**result.to_dict(), "as_of": loaded.as_of.isoformat(), "age_note": note})
    else:
        if note:
            err_console().print(Text(note))
        render_plans(result, out_console())
    export_tables(lambda: plan_tables(result, loaded), csv_dir, xlsx)
