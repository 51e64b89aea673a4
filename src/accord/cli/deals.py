"""Deal commands: ``deals`` (acceptable set, frontier, solutions), ``demo`` and ``report``."""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, cast

import typer
from rich.text import Text

from accord.case import Case, Track, load_case
from accord.cli.app import (
    CaseArg,
    CsvOpt,
    JsonOpt,
    XlsxOpt,
    app,
    err_console,
    export_tables,
    handle_errors,
    note_age,
    out_console,
    print_json,
)
from accord.cli.defaults import GUARANTEE_DRAWS, REPORT_DRAWS, SOLUTION_NAMES
from accord.errors import AnalysisError

if TYPE_CHECKING:
    from rich.progress import Progress

    from accord.report.sections import EvidenceInputs

__all__ = ["deals_cmd", "default_report_path", "demo_cmd", "report_cmd"]

DEMO_DRAWS = GUARANTEE_DRAWS
"""Parameter draws of the guarantee model in the demo."""

DEMO_TOP = 3
"""Frontier packages the demo lists in the terminal."""

PROGRESS_THRESHOLD = 1_000_000
"""Deal spaces larger than this show a progress bar."""


def find_track(case: Case, track_id: str) -> Track:
    """Return the case's track ``track_id`` or raise an ``AnalysisError`` naming the known ones."""
    try:
        return case.track(track_id)
    except KeyError:
        known = ", ".join(t.id for t in case.tracks) or "none defined in this case"
        raise AnalysisError(f"unknown track {track_id!r} (known: {known})") from None


def _parse_fix(values: list[str]) -> dict[str, str]:
    fixed: dict[str, str] = {}
    for v in values:
        issue, sep, option = v.partition("=")
        if not sep or not issue.strip() or not option.strip():
            raise AnalysisError(f"--fix takes ISSUE=OPTION (got {v!r})")
        fixed[issue.strip()] = option.strip()
    return fixed


SCAN_AFTER = "merging frontiers, solving"
"""What a deal scan's bar says after the last package: the final frontier merge and the solutions."""


def scan_progress(label: str) -> tuple[Progress, Callable[[int, int], None]]:
    """A transient progress bar on stderr and its ``update(done, total)``."""
    from accord.cli.progress import progress_bar

    return progress_bar(label, err_console(), after=SCAN_AFTER)


@app.command("deals")
@handle_errors
def deals_cmd(
    case: CaseArg,
    actors: Annotated[
        str | None, typer.Option("--actors", help="Comma-separated actor ids at the table (default: all).")
    ] = None,
    track: Annotated[
        str | None,
        typer.Option("--track", help="A negotiating track of the case: its actors are at the table."),
    ] = None,
    fix: Annotated[
        list[str] | None,
        typer.Option("--fix", help="Hold an issue at one option: ISSUE=OPTION (repeatable)."),
    ] = None,
    solution: Annotated[
        str, typer.Option("--solution", help="nash, ks, egalitarian, utilitarian or all.")
    ] = "all",
    top: Annotated[int, typer.Option("--top", min=0, help="List this many frontier packages.")] = 5,
    proposal: Annotated[
        Path | None, typer.Option("--proposal", help="A proposal YAML: find the closest acceptable deal.")
    ] = None,
    method: Annotated[
        str, typer.Option("--method", help="auto, enumerate or exact (integer programming).")
    ] = "auto",
    shape: Annotated[
        str, typer.Option("--shape", help="Utility of distance: linear or quadratic.")
    ] = "linear",
    security_threshold: Annotated[
        float | None,
        typer.Option(
            "--security-threshold", help="Flag packages where one side's security gain is another's loss."
        ),
    ] = None,
    price_guarantees: Annotated[
        bool,
        typer.Option(
            "--price-guarantees",
            help="Value options naming a guarantee, for its beneficiary, by the simulated protection.",
        ),
    ] = False,
    json_out: JsonOpt = False,
    csv_dir: CsvOpt = None,
    xlsx: XlsxOpt = None,
) -> None:
    """Score every package for the actors at the table: acceptable set, frontier, bargaining solutions."""
    loaded = load_case(case)
    note_age(loaded)
    actor_list = [a.strip() for a in actors.split(",") if a.strip()] if actors else None
    if track is not None:
        if actor_list is not None:
            raise AnalysisError("give --actors or --track, not both")
        actor_list = list(find_track(loaded, track).actors)
    if shape not in ("linear", "quadratic"):
        raise AnalysisError(f"unknown --shape {shape!r} (known: linear, quadratic)")
    if method not in ("auto", "enumerate", "exact"):
        raise AnalysisError(f"unknown --method {method!r} (known: auto, enumerate, exact)")
    names = list(SOLUTION_NAMES) if solution == "all" else [s.strip() for s in solution.split(",")]
    for n in names:
        if n not in SOLUTION_NAMES:
            raise AnalysisError(f"unknown --solution {n!r} (known: {', '.join(SOLUTION_NAMES)}, all)")

    from accord.cli.render.deals import render_affected, render_analysis, render_closest
    from accord.deals import DealSpace, analyse_deals, closest_acceptable, load_proposal
    from accord.deals.analysis import Method, closest_to_dict
    from accord.deals.plans import affected_verdicts
    from accord.deals.solutions import SolutionName
    from accord.deals.utility import Shape

    space = DealSpace.from_case(
        loaded,
        actors=actor_list,
        fixed=_parse_fix(fix or []),
        shape=cast(Shape, shape),
        price_guarantees=price_guarantees,
    )
    if proposal is not None:
        prop = load_proposal(proposal, loaded)
        closest = closest_acceptable(space, prop.options)
        bound = affected_verdicts(loaded, find_track(loaded, track), prop.options, {}) if track else []
        if json_out:
            print_json(
                {
                    **closest_to_dict(closest, space, prop.name),
                    "affected": {v.actor: v.to_dict() for v in bound},
                }
            )
        else:
            render_closest(closest, space, prop.name, out_console())
            render_affected(bound, out_console())
        return
    use_bar = space.size > PROGRESS_THRESHOLD and method != "exact"
    bar, update = scan_progress("scoring packages")
    with bar if use_bar else contextlib.nullcontext():
        result = analyse_deals(
            space,
            solutions=cast(list[SolutionName], names),
            top=top,
            method=cast(Method, method),
            security_threshold=security_threshold,
            progress=update if use_bar else None,
        )
    if json_out:
        print_json(result.to_dict())
    else:
        render_analysis(result, space, out_console())
    from accord.api.deal_tables import deal_tables

    export_tables(lambda: deal_tables(result, loaded), csv_dir, xlsx)


@app.command("demo")
@handle_errors
def demo_cmd(
    case: Annotated[str, typer.Argument(help="Case to analyse.")] = "ukraine-2025",
) -> None:
    """Run the main analysis of a case (the built-in ukraine-2025 by default)."""
    from accord.cli.render.case import render_case_summary
    from accord.cli.render.deals import render_analysis, render_tracks
    from accord.cli.render.forecast import render_forecast_comparison
    from accord.cli.render.guarantees import render_guarantees
    from accord.report import compute_inputs, write_report

    loaded = load_case(case)
    note_age(loaded)
    console = out_console()
    render_case_summary(loaded, console)
    bars: list[Progress] = []

    def progress(track_id: str) -> Callable[[int, int], None]:
        for done in bars:  # one live display at a time
            done.stop()
        bar, update = scan_progress(f"track {track_id}")
        bar.start()
        bars.append(bar)
        return update

    try:
        inputs = compute_inputs(loaded, draws=DEMO_DRAWS, seed=0, progress=progress)
    finally:
        for bar in bars:
            bar.stop()
    main_id = inputs.main
    if loaded.tracks:
        render_tracks(loaded, inputs.deals, console)
        console.print(Text(f"\nDeal analysis of the track {loaded.track(main_id).name!r}", style="bold"))
    # the report plots the main track's frontier; the terminal lists only its first packages
    main = dataclasses.replace(inputs.deals[main_id], top=inputs.deals[main_id].top[:DEMO_TOP])
    render_analysis(main, inputs.spaces[main_id], console)
    console.print()
    render_forecast_comparison(inputs.forecasts, console)
    if inputs.guarantees is not None:
        console.print()
        render_guarantees(loaded, inputs.guarantees, console)
    evidence = report_evidence(None)
    written = write_report(loaded, default_report_path(loaded), inputs=inputs, evidence=evidence)
    console.print()
    if evidence is None:
        console.print(
            Text("no evidence store yet: `accord ingest ARTICLES...` adds a timeline to the report")
        )
    console.print(Text(f"report written to {written}"))


def report_evidence(db: Path | None) -> EvidenceInputs | None:
    """Return the evidence for a report: from ``db`` (which must exist) or the default store if any."""
    from accord.evidence.store import EvidenceStore, default_db_path
    from accord.report.sections import evidence_inputs

    path = db if db is not None else default_db_path()
    if not path.exists():
        if db is not None:
            raise AnalysisError(f"no evidence store at {str(db)!r} (create one with `accord ingest --db`)")
        return None
    with EvidenceStore.open(path) as store:
        return evidence_inputs(store)


def default_report_path(case: Case) -> Path:
    """Return where a report is written when no path is given: ``accord-report-<case id>.html`` here."""
    return Path(f"accord-report-{case.id}.html")


@app.command("report")
@handle_errors
def report_cmd(
    case: CaseArg,
    out: Annotated[
        Path | None,
        typer.Option("--out", help="HTML file to write (default: accord-report-<case id>.html here)."),
    ] = None,
    draws: Annotated[
        int, typer.Option("--draws", min=1, help="Parameter draws of the guarantee model.")
    ] = REPORT_DRAWS,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the guarantee model's draws.")] = 0,
    db: Annotated[
        Path | None,
        typer.Option("--db", help="Evidence store for the timeline (default: the user's store, if any)."),
    ] = None,
) -> None:
    """Write one self-contained HTML report of a case (viewable offline; charts inline)."""
    from accord.report import write_report

    loaded = load_case(case)
    note_age(loaded)
    written = write_report(
        loaded,
        out if out is not None else default_report_path(loaded),
        draws=draws,
        seed=seed,
        evidence=report_evidence(db),
    )
    typer.echo(str(written))
