"""Forecast commands: ``forecast`` a case and ``backtest deu`` the models on real decisions."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Annotated, cast

import typer
from rich.text import Text

from accord.case import load_case
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
from accord.cli.deals import scan_progress
from accord.cli.defaults import MODEL_NAMES
from accord.errors import AnalysisError

__all__ = ["backtest_deu_cmd", "forecast_cmd"]

backtest_app = typer.Typer(
    name="backtest",
    help="Score the forecasting models against the outcomes of real decisions.",
    no_args_is_help=True,
)
app.add_typer(backtest_app, name="backtest")

ModelOpt = Annotated[
    str,
    typer.Option(
        "--model",
        help=f"A forecasting model ({', '.join(MODEL_NAMES)}), or auto: the best on DEU III for a case.",
    ),
]


@app.command("forecast")
@handle_errors
def forecast_cmd(
    case: CaseArg,
    model: ModelOpt = "auto",
    json_out: JsonOpt = False,
    csv_dir: CsvOpt = None,
    xlsx: XlsxOpt = None,
) -> None:
    """Predict where the parties settle on each issue, with 80%/95% intervals, and check the settlement."""
    from accord.cli.render.forecast import render_forecast
    from accord.forecast.case_forecast import forecast_case
    from accord.forecast.registry import get_model
    from accord.forecast.validated import best_for_cases
    from accord.report.settlement import settlement_check

    loaded = load_case(case)
    note_age(loaded)
    result = forecast_case(loaded, get_model(best_for_cases() if model == "auto" else model))
    check = settlement_check(loaded, result)
    if json_out:
        print_json(result.to_dict() | {"settlement": check.to_dict()})
    else:
        render_forecast(result, loaded, out_console(), check)
    from accord.api.forecast_tables import forecast_tables

    export_tables(lambda: forecast_tables(result), csv_dir, xlsx)


@backtest_app.command("deu")
@handle_errors
def backtest_deu_cmd(
    path: Annotated[Path, typer.Argument(help="A DEU-format TSV file (the DEU III layout).")],
    model: Annotated[
        str,
        typer.Option("--model", help=f"A model ({', '.join(MODEL_NAMES)}), a comma-separated list, or all."),
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
    intervals: Annotated[
        str,
        typer.Option(
            "--intervals", help="Prediction intervals: absolute (one width), or scaled by disagreement."
        ),
    ] = "absolute",
    json_out: JsonOpt = False,
) -> None:
    """Each model's MAE on a DEU dataset with bootstrap intervals, versus the weighted mean, and coverage."""
    from accord.cli.render.forecast import render_backtest
    from accord.forecast.backtest import backtest
    from accord.forecast.deu import Capability, read_deu
    from accord.forecast.intervals import IntervalMethod
    from accord.forecast.registry import MODELS, get_model

    if capability not in ("equal", "gdp"):
        raise AnalysisError(f"unknown --capability {capability!r} (known: equal, gdp)")
    if intervals not in ("absolute", "scaled"):
        raise AnalysisError(f"unknown --intervals {intervals!r} (known: absolute, scaled)")
    names = list(MODELS) if model == "all" else [m.strip() for m in model.split(",") if m.strip()]
    models = [get_model(n) for n in names]
    if not models:
        raise AnalysisError("--model names no model")
    cap = cast(Capability, capability)
    dataset = read_deu(path, capability=cap, institutions=not states_only)
    train = None if fit is None else read_deu(fit, capability=cap, institutions=not states_only)
    if train is not None and (shared := set(dataset.proposals) & set(train.proposals)):
        err_console().print(
            Text(
                f"warning: {len(shared)} of the {len(dataset.proposals)} proposals scored are also in "
                f"{fit}: the learned models' error on them is not out of sample"
            )
        )
    bar, update = scan_progress("backtest")
    use_bar = err_console().is_terminal
    with bar if use_bar else contextlib.nullcontext():
        result = backtest(
            models,
            dataset,
            folds=folds,
            seed=seed,
            train=train,
            progress=update if use_bar else None,
            intervals=cast(IntervalMethod, intervals),
        )
    if json_out:
        print_json(result.to_dict())
    else:
        render_backtest(result, capability, out_console())
