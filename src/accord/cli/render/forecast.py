"""Rich tables for forecasts and backtests (CLI layer only)."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from accord.case import Case
from accord.forecast.backtest import BacktestResult
from accord.forecast.case_forecast import CaseForecast
from accord.forecast.validated import PROXY_CAVEAT
from accord.report.settlement import SettlementCheck

__all__ = ["render_backtest", "render_forecast", "render_forecast_comparison"]


def _trajectory_text(values: tuple[float, ...], keep: int = 6) -> str:
    shown = [f"{v:.1f}" for v in values]
    if len(shown) > keep:
        shown = [*shown[: keep // 2], "...", *shown[-(keep // 2) :]]
    return " -> ".join(shown)


def render_forecast(
    result: CaseForecast, case: Case, console: Console, check: SettlementCheck | None = None
) -> None:
    """Print a case forecast: prediction, intervals, nearest option and trajectory; figures; the check."""
    table = Table(title=Text(f"Forecast of {case.title} ({result.model} model)"), title_justify="left")
    table.add_column("issue")
    table.add_column("actors", justify="right")
    table.add_column("predicted", justify="right")
    shown = any(i.intervals for i in result.issues)
    if shown:
        table.add_column("80% interval", justify="right")
        table.add_column("95% interval", justify="right")
    table.add_column("nearest option")
    dynamic = any(i.trajectory for i in result.issues)
    if dynamic:
        table.add_column("median by round")
    for i in result.issues:
        row: list[Text | str] = [Text(i.issue), str(i.actors), f"{i.predicted:.1f}"]
        if shown:
            row.extend(f"{v.low:.0f}-{v.high:.0f}" for v in i.intervals[:2])
            row.extend([""] * (2 - len(i.intervals[:2])))
        row.append(Text(f"{i.option_label} ({i.option})"))
        if dynamic:
            row.append(_trajectory_text(i.trajectory))
        table.add_row(*row)
    console.print(table)
    if result.skipped:
        console.print(Text(f"No positions, not forecast: {', '.join(result.skipped)}"))
    if result.validation:
        console.print(Text(f"Validation: {result.validation}."))
    console.print(Text(PROXY_CAVEAT))
    if check is not None:
        console.print(Text("Settlement check (the package of nearest options, scored by the deal engine):"))
        for line in check.lines():
            console.print(Text(f"  {line}"))


def render_backtest(result: BacktestResult, capability: str, console: Console) -> None:
    """Print each model's MAE with its interval, the paired difference to the baseline, and coverage."""
    method = result.results[0].interval_method if result.results else "absolute"
    table = Table(
        title=Text(f"Backtest on {result.dataset} (capability: {capability})"),
        title_justify="left",
        caption=(
            "MAE: mean absolute error over the issues with an outcome (0-100 scale), with a 95% bootstrap "
            f"interval over proposals. vs {result.baseline}: MAE difference on the same issues (negative = "
            f"better), paired bootstrap 95% interval. 80%/95%: share of outcomes inside the {method} "
            "prediction intervals (calibrated on other proposals) and their mean width."
        ),
        caption_justify="left",
    )
    table.add_column("model")
    table.add_column("validation")
    table.add_column("issues", justify="right")
    table.add_column("MAE [95%]", justify="right")
    table.add_column(Text(f"vs {result.baseline} [95%]"), justify="right")
    table.add_column("80%: cover, width", justify="right")
    table.add_column("95%: cover, width", justify="right")
    for r in result.results:
        how = "direct (nothing learned)"
        if r.folds is not None:
            how = f"{r.folds}-fold CV by proposal, seed {r.seed}"
        elif r.train is not None:
            how = f"fitted on {r.train}"
        mae = f"{r.mae:.2f}"
        if r.mae_ci is not None:
            mae += f" [{r.mae_ci.low:.1f}, {r.mae_ci.high:.1f}]"
        diff = "baseline"
        if r.versus_baseline is not None:
            d = r.versus_baseline
            diff = f"{d.value:+.2f} [{d.low:+.1f}, {d.high:+.1f}]"
        cover = [f"{100 * s.coverage:.0f}%, {s.width:.0f}" for s in r.interval_scores] or ["-", "-"]
        table.add_row(Text(r.model), Text(how), str(r.issues), mae, diff, *cover[:2])
    console.print(table)


def render_forecast_comparison(results: list[CaseForecast], console: Console) -> None:
    """Print one row per issue and one column per model: predicted point and nearest option."""
    if not results:
        return
    table = Table(
        title="Forecasts: predicted settlement (0-100) and nearest option, by model", title_justify="left"
    )
    table.add_column("issue", no_wrap=True)
    for result in results:
        table.add_column(Text(result.model), overflow="fold")
    by_model = [{f.issue: f for f in r.issues} for r in results]
    for issue in results[0].issues:
        cells = [Text(issue.issue)]
        for forecasts in by_model:
            f = forecasts.get(issue.issue)
            cells.append(Text("" if f is None else f"{f.predicted:.1f} {f.option}"))
        table.add_row(*cells)
    console.print(table)
