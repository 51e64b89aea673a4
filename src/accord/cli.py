"""The ``accord`` command line: a thin shell over the library that sets exit codes.

Exit codes: 0 success, 1 an analysis found nothing to report, 2 bad input (a message, never a traceback).
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, ParamSpec, TypeVar, cast

import typer
from rich.console import Console
from rich.progress import Progress
from rich.table import Table
from rich.text import Text

from accord import __version__
from accord._cli_diff import register as register_diff
from accord._cli_evidence import register as register_evidence
from accord._cli_plans import register as register_plans
from accord._cli_sweep import register as register_sweep
from accord._cli_validate import register as register_validate
from accord._json import strict_dumps
from accord._progress import progress_bar
from accord._render_case import render_case_summary
from accord._render_deals import render_affected, render_analysis, render_closest, render_tracks
from accord._render_forecast import render_backtest, render_forecast, render_forecast_comparison
from accord._render_guarantees import guarantees_to_dict, render_guarantees, render_target, target_to_dict
from accord.case import Case, Track, builtin_case_names, load_case
from accord.case.age import age_note
from accord.case.lint import case_warnings
from accord.deals import DealSpace, analyse_deals, closest_acceptable, load_proposal
from accord.deals.analysis import Method, closest_to_dict
from accord.deals.plans import affected_verdicts
from accord.deals.solutions import SOLUTIONS, SolutionName
from accord.deals.utility import Shape
from accord.errors import AccordError, AnalysisError, CaseFormatError, CaseValidationError
from accord.evidence.store import EvidenceStore, default_db_path
from accord.forecast.backtest import backtest
from accord.forecast.case_forecast import forecast_case
from accord.forecast.deu import Capability, read_deu
from accord.forecast.registry import MODELS, get_model
from accord.guarantees.inverse import break_even, parse_target, solve_target
from accord.guarantees.simulation import DEFAULT_DRAWS, NONE, simulate
from accord.report import REPORT_DRAWS, compute_inputs, write_report
from accord.report.sections import EvidenceInputs, evidence_inputs

DEMO_DRAWS = DEFAULT_DRAWS
"""Parameter draws of the guarantee model in the demo."""

DEMO_TOP = 3
"""Frontier packages the demo lists in the terminal."""

PROGRESS_THRESHOLD = 1_000_000
"""Deal spaces larger than this show a progress bar."""

GUARANTEE_PROGRESS_THRESHOLD = 200_000
"""Guarantee simulations with more draws than this show a progress bar (on a terminal)."""

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


def _out() -> Console:
    # Piped output gets a fixed, generous width so tables do not squash to 80 columns.
    width = None if sys.stdout.isatty() else 150
    return Console(highlight=False, width=width)


def _err() -> Console:
    return Console(stderr=True, highlight=False, soft_wrap=True)


def handle_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Turn any ``AccordError`` into one clear message on stderr and exit code 2."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except (CaseFormatError, CaseValidationError) as exc:
            # located problems read like compiler errors: file:line:column: field: message
            console = _err()
            for line in str(exc).splitlines():
                console.print(Text(line))
            raise typer.Exit(2) from None
        except AccordError as exc:
            _err().print(Text(f"error: {exc}"))
            raise typer.Exit(2) from None
        except KeyboardInterrupt:
            _err().print(Text("interrupted"))
            raise typer.Exit(130) from None

    return wrapper


def _note_age(case: Case) -> None:
    """Say on stderr how old a case is when it is more than 90 days old (stdout stays clean for JSON)."""
    note = age_note(case)
    if note:
        _err().print(Text(note))


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
    _out().print(table)


@app.command("validate")
@handle_errors
def validate_cmd(
    path: Annotated[str, typer.Argument(help="Case file (or built-in name) to check.")],
    strict: Annotated[bool, typer.Option("--strict", help="Treat warnings as errors (exit 2).")] = False,
) -> None:
    """Check a case file: schema, ranges and every cross-reference. Exit 2 on the first bad file."""
    case = load_case(path)
    warnings = case_warnings(case)
    console = _out()
    console.print(
        Text(
            no_wrap=True,
            text=f"ok: {path}: {len(case.actors)} actors, {len(case.issues)} issues, "
            f"{len(case.positions)} positions, "
            f"{len(case.guarantees)} guarantees, {len(case.sources)} sources, {len(case.claims)} claims",
        )
    )
    for w in warnings:
        _err().print(Text(f"warning: {w}"))
    if strict and warnings:
        raise typer.Exit(2)


@app.command("show")
@handle_errors
def show_cmd(case: CaseArg, json_out: JsonOpt = False) -> None:
    """Show a case: actors, issues and the position matrix with salience."""
    loaded = load_case(case)
    _note_age(loaded)
    if json_out:
        print_json(loaded.model_dump(mode="json"))
        return
    render_case_summary(loaded, _out())


@app.command("sources")
@handle_errors
def sources_cmd(case: CaseArg, json_out: JsonOpt = False) -> None:
    """List each source with the claims resting on it, and the claims that conflict."""
    loaded = load_case(case)
    if json_out:
        print_json(
            {
                "sources": [
                    {
                        **s.model_dump(mode="json"),
                        "claims": [c.model_dump(mode="json") for c in loaded.claims_for_source(s.id)],
                    }
                    for s in loaded.sources
                ],
                "conflicts": [[a.id, b.id] for a, b in loaded.conflicts()],
            }
        )
        return
    console = _out()
    for s in loaded.sources:
        head = Text(f"{s.id} ", style="bold")
        head.append(
            f"[{s.kind}, reliability {s.reliability}, {s.date.isoformat() if s.date else 'undated'}] "
        )
        head.append(s.title)
        if s.publisher:
            head.append(f" — {s.publisher}")
        console.print(head)
        if s.url:
            console.print(Text(f"  {s.url}"))
        claims = loaded.claims_for_source(s.id)
        if not claims:
            console.print(Text("  (no claims)"))
        for c in claims:
            line = Text(
                f"  - {c.id} [{c.actor}{'/' + c.issue if c.issue else ''}, credibility {c.credibility}] "
            )
            line.append(f"\u201c{c.text}\u201d" if c.quote else c.text)
            console.print(line)
    conflicts = loaded.conflicts()
    if conflicts:
        console.print(Text("Conflicting claims", style="bold"))
        for a, b in conflicts:
            console.print(Text(f"  {a.id} ({a.source}) <-> {b.id} ({b.source})"))


def _find_track(case: Case, track_id: str) -> Track:
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
) -> None:
    """Score every package for the actors at the table: acceptable set, frontier, bargaining solutions."""
    loaded = load_case(case)
    _note_age(loaded)
    actor_list = [a.strip() for a in actors.split(",") if a.strip()] if actors else None
    if track is not None:
        if actor_list is not None:
            raise AnalysisError("give --actors or --track, not both")
        actor_list = list(_find_track(loaded, track).actors)
    if shape not in ("linear", "quadratic"):
        raise AnalysisError(f"unknown --shape {shape!r} (known: linear, quadratic)")
    if method not in ("auto", "enumerate", "exact"):
        raise AnalysisError(f"unknown --method {method!r} (known: auto, enumerate, exact)")
    names = list(SOLUTIONS) if solution == "all" else [s.strip() for s in solution.split(",")]
    for n in names:
        if n not in SOLUTIONS:
            raise AnalysisError(f"unknown --solution {n!r} (known: {', '.join(SOLUTIONS)}, all)")
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
        bound = affected_verdicts(loaded, _find_track(loaded, track), prop.options, {}) if track else []
        if json_out:
            print_json(
                {
                    **closest_to_dict(closest, space, prop.name),
                    "affected": {v.actor: v.to_dict() for v in bound},
                }
            )
        else:
            render_closest(closest, space, prop.name, _out())
            render_affected(bound, _out())
        return
    use_bar = space.size > PROGRESS_THRESHOLD and method != "exact"
    bar, update = _scan_progress("scoring packages")
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
        render_analysis(result, space, _out())


def _scan_progress(label: str) -> tuple[Progress, Callable[[int, int], None]]:
    return progress_bar(label, _err())


@app.command("demo")
@handle_errors
def demo_cmd(
    case: Annotated[str, typer.Argument(help="Case to analyse.")] = "ukraine-2025",
) -> None:
    """Run the main analysis of a case (the built-in ukraine-2025 by default)."""
    loaded = load_case(case)
    _note_age(loaded)
    console = _out()
    render_case_summary(loaded, console)
    bars: list[Progress] = []

    def progress(track_id: str) -> Callable[[int, int], None]:
        for done in bars:  # one live display at a time
            done.stop()
        bar, update = _scan_progress(f"track {track_id}")
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
    evidence = _report_evidence(None)
    written = write_report(loaded, default_report_path(loaded), inputs=inputs, evidence=evidence)
    console.print()
    if evidence is None:
        console.print(
            Text("no evidence store yet: `accord ingest ARTICLES...` adds a timeline to the report")
        )
    console.print(Text(f"report written to {written}"))


def _report_evidence(db: Path | None) -> EvidenceInputs | None:
    """Return the evidence for a report: from ``db`` (which must exist) or the default store if any."""
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
    loaded = load_case(case)
    _note_age(loaded)
    written = write_report(
        loaded,
        out if out is not None else default_report_path(loaded),
        draws=draws,
        seed=seed,
        evidence=_report_evidence(db),
    )
    typer.echo(str(written))


# ---- guarantees ---------------------------------------------------------------------------------


@app.command("guarantees")
@handle_errors
def guarantees_cmd(
    case: CaseArg,
    architecture: Annotated[
        list[str] | None,
        typer.Option(
            "--architecture",
            help=f"A guarantee id of the case, or {NONE!r} (repeatable; default: every guarantee and none).",
        ),
    ] = None,
    draws: Annotated[
        int, typer.Option("--draws", min=1, help="Parameter draws (each solved in closed form).")
    ] = DEFAULT_DRAWS,
    horizon: Annotated[
        float, typer.Option("--horizon", min=1 / 12, help="Horizon in years (monthly steps).")
    ] = 10.0,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the random generator.")] = 0,
    target: Annotated[
        str | None,
        typer.Option(
            "--target",
            help="Inverse question, e.g. 'war10<0.2': what credibility, forces or mechanisms reach it.",
        ),
    ] = None,
    versus: Annotated[
        str | None,
        typer.Option(
            "--versus", help="With --target: the credibility at which each architecture equals this one."
        ),
    ] = None,
    json_out: JsonOpt = False,
) -> None:
    """Compare guarantee architectures: P(renewed war) and P(any violation) with intervals, vs none."""
    loaded = load_case(case)
    _note_age(loaded)
    if target is not None:
        _guarantees_target(loaded, target, versus, architecture or None, seed, json_out)
        return
    if versus is not None:
        raise AnalysisError("--versus needs --target (the metric and horizon to compare on)")
    bar, update = _scan_progress("simulating")
    use_bar = draws > GUARANTEE_PROGRESS_THRESHOLD and _err().is_terminal
    with bar if use_bar else contextlib.nullcontext():
        results = simulate(
            loaded,
            architecture or None,
            draws=draws,
            horizon_years=horizon,
            seed=seed,
            progress=(lambda _arch, done, total: update(done, total)) if use_bar else None,
        )
    if json_out:
        print_json(guarantees_to_dict(loaded, results, draws=draws, horizon_years=horizon, seed=seed))
    else:
        render_guarantees(loaded, results, _out())


def _guarantees_target(
    loaded: Case, target: str, versus: str | None, ids: list[str] | None, seed: int, json_out: bool
) -> None:
    """Answer ``accord guarantees --target``: what reaches the target, and break-even credibilities."""
    goal = parse_target(target)
    answers = solve_target(loaded, goal, ids, seed=seed)
    even = break_even(loaded, goal, versus, ids, seed=seed) if versus is not None else []
    if json_out:
        print_json(target_to_dict(loaded, goal, answers, even))
    else:
        render_target(loaded, goal, answers, even, _out())


# ---- forecasts ----------------------------------------------------------------------------------

backtest_app = typer.Typer(
    name="backtest",
    help="Score the forecasting models against the outcomes of real decisions.",
    no_args_is_help=True,
)
app.add_typer(backtest_app, name="backtest")

ModelOpt = Annotated[str, typer.Option("--model", help=f"A forecasting model: {', '.join(MODELS)}.")]


@app.command("forecast")
@handle_errors
def forecast_cmd(case: CaseArg, model: ModelOpt = "compromise", json_out: JsonOpt = False) -> None:
    """Predict where the parties settle on each issue, and the option nearest that point."""
    loaded = load_case(case)
    _note_age(loaded)
    result = forecast_case(loaded, get_model(model))
    if json_out:
        print_json(result.to_dict())
    else:
        render_forecast(result, loaded, _out())


@backtest_app.command("deu")
@handle_errors
def backtest_deu_cmd(
    path: Annotated[Path, typer.Argument(help="A DEU-format TSV file (the DEU III layout).")],
    model: Annotated[
        str, typer.Option("--model", help=f"A model ({', '.join(MODELS)}), a comma-separated list, or all.")
    ] = "all",
    fit: Annotated[
        Path | None,
        typer.Option("--fit", help="Fit learned models on this DEU file instead of cross-validating."),
    ] = None,
    folds: Annotated[int, typer.Option("--folds", min=2, help="Cross-validation folds (by proposal).")] = 10,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the fold assignment.")] = 0,
    capability: Annotated[
        str, typer.Option("--capability", help="Actor capability: equal, or gdp (row 2 of the file).")
    ] = "equal",
    states_only: Annotated[
        bool, typer.Option("--states-only", help="Leave out the Commission and Parliament.")
    ] = False,
    json_out: JsonOpt = False,
) -> None:
    """Mean absolute error of each model on a DEU dataset; learned models out of sample."""
    if capability not in ("equal", "gdp"):
        raise AnalysisError(f"unknown --capability {capability!r} (known: equal, gdp)")
    names = list(MODELS) if model == "all" else [m.strip() for m in model.split(",") if m.strip()]
    models = [get_model(n) for n in names]
    if not models:
        raise AnalysisError("--model names no model")
    cap = cast(Capability, capability)
    dataset = read_deu(path, capability=cap, institutions=not states_only)
    train = None if fit is None else read_deu(fit, capability=cap, institutions=not states_only)
    if train is not None and (shared := set(dataset.proposals) & set(train.proposals)):
        _err().print(
            Text(
                f"warning: {len(shared)} of the {len(dataset.proposals)} proposals scored are also in "
                f"{fit}: the learned models' error on them is not out of sample"
            )
        )
    bar, update = _scan_progress("backtest")
    use_bar = _err().is_terminal
    with bar if use_bar else contextlib.nullcontext():
        result = backtest(
            models, dataset, folds=folds, seed=seed, train=train, progress=update if use_bar else None
        )
    if json_out:
        print_json(result.to_dict())
    else:
        render_backtest(result, capability, _out())


# ---- serve ---------------------------------------------------------------------------------------


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
    entry = entry_for(case, load_case(case)) if case else None
    if not is_loopback(host):
        _err().print(
            Text(f"warning: listening on {host}: anyone who can reach this machine can use the dashboard")
        )
    _err().print(Text(f"accord dashboard on http://{'127.0.0.1' if host == '0.0.0.0' else host}:{port}/"))
    serve(entry, host=host, port=port, db=db if db is not None else default_db_path())


register_evidence(app, handle_errors, print_json, _out, _err)
register_sweep(app, handle_errors, print_json, _out, _err)
register_validate(app, handle_errors, print_json, _out, _err)
register_plans(app, handle_errors, print_json, _out, _err)
register_diff(app, handle_errors, print_json, _out, _err)


def main() -> None:
    """Entry point of the ``accord`` console script."""
    app()


if __name__ == "__main__":
    main()
