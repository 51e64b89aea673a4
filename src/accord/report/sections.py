"""The report's sections as template data: one function per view, shared by the report and the web app.

Every function returns plain dicts of strings and numbers for a Jinja2 template (which
autoescapes them) and adds its plotly figures to a :class:`Figures` collection, serialised
later with :func:`script_json` into a ``<script type="application/json">`` block.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import plotly.graph_objects as go
from markupsafe import Markup

from accord.case import Case
from accord.case.evidence_basis import estimated_positions
from accord.deals import DealAnalysis, DealSpace, PackageReport, analyse_deals, default_track
from accord.deals.scan import ProgressFn
from accord.deals.ties import RANK_DIGITS
from accord.errors import AnalysisError
from accord.evidence.store import EvidenceStore, StoredClaim, TimelineEntry
from accord.forecast.case_forecast import CaseForecast, forecast_case
from accord.forecast.registry import get_model
from accord.forecast.validated import PROXY_CAVEAT, best_for_cases, figures_line
from accord.guarantees.durability import durability_of
from accord.guarantees.export import architecture_name
from accord.guarantees.simulation import DEFAULT_DRAWS, NONE, simulate
from accord.guarantees.types import ArchitectureResult, Estimate
from accord.report.labels import Labels
from accord.report.pareto_chart import pareto_figure, top_rows
from accord.report.risk_chart import indistinguishable, risk_figure
from accord.report.settlement import SettlementCheck, settlement_check

__all__ = [
    "FORECAST_MODELS",
    "PARETO_POINTS",
    "REPORT_DRAWS",
    "EvidenceInputs",
    "Figures",
    "ReportInputs",
    "case_section",
    "compute_inputs",
    "conflicts_section",
    "deals_section",
    "evidence_inputs",
    "evidence_section",
    "forecast_section",
    "guarantees_section",
    "plot_text",
    "positions_section",
    "script_json",
    "table_tracks",
    "validation_section",
]

FORECAST_MODELS = tuple(dict.fromkeys((best_for_cases(), "compromise", "eu", "smp")))
"""Forecasting models the report compares: first the default of ``accord forecast`` (the best
validated model that transfers to a case), whose package the settlement check scores."""

PARETO_POINTS = 200
"""Frontier packages of the main track plotted in the Pareto chart."""

REPORT_DRAWS = min(5000, DEFAULT_DRAWS)
"""Parameter draws of the guarantee comparison in the report and the dashboard's pages
(Monte Carlo error of a mean P(war) at most about 0.002; each draw costs about 0.1 ms)."""

_SOLUTIONS = (
    ("nash", "Nash bargaining"),
    ("ks", "Kalai-Smorodinsky"),
    ("egalitarian", "Egalitarian"),
)


@dataclass
class Figures:
    """Plotly figures collected while building a page, keyed by their div id."""

    items: dict[str, dict[str, Any]] = field(default_factory=dict)

    def add(self, div_id: str, fig: go.Figure) -> str:
        """Add ``fig`` under ``div_id`` and return the id."""
        self.items[div_id] = fig.to_plotly_json()
        return div_id


def plot_text(value: str) -> str:
    """Escape text shown inside a plotly figure (plotly renders a subset of HTML in labels)."""
    return html.escape(value, quote=True)


def script_json(data: Any) -> Markup:
    """Serialise ``data`` as JSON that cannot end or open a ``<script>`` element or an HTML comment."""
    text = json.dumps(data, ensure_ascii=False, default=_json_default, allow_nan=False)
    text = (
        text.replace("&", "\\u0026")
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )
    return Markup(text)  # every character that could end the element is escaped above


def _json_default(value: Any) -> Any:
    tolist = getattr(value, "tolist", None)
    if callable(tolist):
        return tolist()
    raise TypeError(f"cannot serialise {type(value).__name__}")


def _is_http(url: str | None) -> bool:
    return bool(url) and str(url).strip().lower().startswith(("http://", "https://"))


def _position_claims(case: Case, actor: str, issue: str) -> list[str]:
    pos = case.position(actor, issue)
    return list(pos.claims) if pos else []


def _issue_claims(case: Case, issue: str) -> list[str]:
    out: list[str] = []
    for pos in case.positions:
        if pos.issue == issue:
            out.extend(c for c in pos.claims if c not in out)
    return out


def _actors_claims(case: Case, actors: tuple[str, ...] | list[str]) -> list[str]:
    out: list[str] = []
    for pos in case.positions:
        if pos.actor in actors:
            out.extend(c for c in pos.claims if c not in out)
    return out


def case_section(case: Case) -> dict[str, Any]:
    """Return the case header, actors and sources with their claims."""
    sources = []
    for s in case.sources:
        sources.append(
            {
                "id": s.id,
                "title": s.title,
                "publisher": s.publisher,
                "url": s.url if _is_http(s.url) else None,
                "date": s.date.isoformat() if s.date else "undated",
                "kind": s.kind,
                "reliability": s.reliability,
                "notes": s.notes,
                "claims": [
                    {
                        "id": c.id,
                        "actor": c.actor,
                        "issue": c.issue,
                        "date": c.date.isoformat() if c.date else None,
                        "text": c.text,
                        "quote": c.quote,
                        "credibility": c.credibility,
                    }
                    for c in case.claims_for_source(s.id)
                ],
            }
        )
    return {
        "id": case.id,
        "title": case.title,
        "as_of": case.as_of.isoformat(),
        "description": case.description,
        "actors": [{"id": a.id, "name": a.name, "kind": a.kind} for a in case.actors],
        "sources": sources,
    }


def _heat(ideal: float) -> int:
    """The colour step (0-10) of an ideal point: its tenth of the 0-100 scale, rounded."""
    return max(0, min(10, round(ideal / 10)))


def positions_section(case: Case, figs: Figures) -> dict[str, Any]:
    """Return the position map: issues by rows, actors by columns, cells coloured by the ideal point.

    The table is the heatmap (colour steps ``heat-0`` to ``heat-10`` in the stylesheet), so it
    needs no chart. A cell resting on analyst estimates only (no claim, or claims from
    ``analyst_estimate`` sources: :mod:`accord.case.evidence_basis`) is flagged ``estimate``
    and drawn hatched. ``figs`` is kept for the callers' uniform signature; nothing is added.
    """
    del figs
    labels = Labels.of(case)
    estimates = estimated_positions(case, case.positions)
    rows = []
    for issue in case.issues:
        cells: list[dict[str, Any] | None] = []
        for actor in case.actors:
            pos = case.position(actor.id, issue.id)
            if pos is None:
                cells.append(None)
                continue
            option = min(issue.options, key=lambda o: abs(o.position - pos.ideal))
            cells.append(
                {
                    "actor": actor.id,
                    "ideal": f"{pos.ideal:g}",
                    "heat": _heat(pos.ideal),
                    "near": option.label,
                    "salience": f"{pos.salience:.2f}",
                    "red_line": [labels.option(issue.id, o) for o in case.red_line(actor.id, issue.id)],
                    "claims": list(pos.claims),
                    "estimate": (actor.id, issue.id) in estimates,
                }
            )
        rows.append({"id": issue.id, "name": issue.name, "cells": cells})
    return {
        "actors": [{"id": a.id, "name": a.name} for a in case.actors],
        "rows": rows,
        "estimates": len(estimates),
        "total": len(case.positions),
    }


def _package(case: Case, report: PackageReport | None) -> dict[str, Any] | None:
    if report is None:
        return None
    labels = Labels.of(case)
    return {
        "options": [
            {
                "issue": issue,
                "issue_name": labels.issue(issue),
                "option": option,
                "label": labels.option(issue, option),
                "claims": _issue_claims(case, issue),
            }
            for issue, option in report.options.items()
        ],
        "actors": [
            {
                "actor": actor,
                "name": labels.actor(actor),
                "utility": f"{o.utility:.3f}",
                "gain": f"{o.gain:+.3f}",
                "acceptable": o.acceptable,
                "claims": [c for c in _actors_claims(case, [actor])],
                "concessions": [
                    {
                        "issue": c.issue,
                        "issue_name": labels.issue(c.issue),
                        "option": c.option,
                        "label": labels.option(c.issue, c.option),
                        "preferred": c.preferred,
                        "preferred_label": labels.option(c.issue, c.preferred),
                        "cost": f"{c.cost:.3f}",
                        "claims": _position_claims(case, actor, c.issue),
                    }
                    for c in o.concessions
                ],
            }
            for actor, o in report.actors.items()
        ],
    }


def table_tracks(case: Case) -> tuple[list[tuple[str, str, tuple[str, ...], list[str]]], str]:
    """The tracks the report analyses, and the main one's id."""
    if case.tracks:
        return [(t.id, t.name, tuple(t.actors), list(t.claims)) for t in case.tracks], default_track(case).id
    return [("all", "Every modelled actor", tuple(a.id for a in case.actors), [])], "all"


@dataclass(frozen=True)
class ReportInputs:
    """The analyses a report shows, computed once (the demo prints them and reports them).

    Attributes:
        deals: Per track id, its deal analysis (the main track with the frontier for the chart).
        spaces: Per track id, its deal space.
        forecasts: One forecast per model of :data:`FORECAST_MODELS`.
        guarantees: Per architecture, the simulation result (``None`` without guarantees).
        seed: Seed of the guarantee simulation.
        main: Id of the main track (``"all"`` when the case defines no tracks).
    """

    deals: dict[str, DealAnalysis]
    spaces: dict[str, DealSpace]
    forecasts: list[CaseForecast]
    guarantees: dict[str, ArchitectureResult] | None
    seed: int
    main: str


def compute_inputs(
    case: Case,
    *,
    draws: int = REPORT_DRAWS,
    seed: int = 0,
    progress: Callable[[str], ProgressFn | None] | None = None,
) -> ReportInputs:
    """Run every analysis the report shows.

    Args:
        case: The case.
        draws: Parameter draws of the guarantee comparison (common to every architecture).
        seed: Seed of the guarantee simulation.
        progress: Given a track id, returns the progress callback for its scan.

    Raises:
        AnalysisError: If ``draws`` is not positive or an engine rejects the case.
    """
    if draws < 1:
        raise AnalysisError(f"draws must be at least 1 (got {draws!r})")
    tracks, main_id = table_tracks(case)
    deals: dict[str, DealAnalysis] = {}
    spaces: dict[str, DealSpace] = {}
    for tid, _name, actors, _claims in tracks:
        spaces[tid] = DealSpace.from_case(case, actors=actors)
        deals[tid] = analyse_deals(
            spaces[tid],
            top=PARETO_POINTS if tid == main_id else 0,
            progress=progress(tid) if progress else None,
        )
    forecasts = [forecast_case(case, get_model(m)) for m in FORECAST_MODELS]
    guarantees = simulate(case, draws=draws, seed=seed) if case.guarantees else None
    return ReportInputs(deals, spaces, forecasts, guarantees, seed, main_id)


def deals_section(case: Case, figs: Figures, inputs: ReportInputs) -> dict[str, Any]:
    """Return the per-track counts, the main track's solutions and concessions, and the Pareto chart."""
    tracks, main_id = table_tracks(case)
    labels = Labels.of(case)
    rows = []
    main: DealAnalysis | None = None
    main_space: DealSpace | None = None
    main_name = ""
    for tid, name, actors, claims in tracks:
        space, result = inputs.spaces[tid], inputs.deals[tid]
        if tid == main_id:
            main, main_space, main_name = result, space, name
        nash = result.solutions.get("nash")
        smallest = None
        if nash is not None:
            who, outcome = min(nash.actors.items(), key=lambda kv: kv[1].gain)
            smallest = f"{outcome.gain:+.3f} ({labels.actor(who)})"
        rows.append(
            {
                "id": tid,
                "name": name,
                "actors": list(actors),
                "actor_names": [labels.actor(a) for a in actors],
                "packages": f"{result.packages:,}",
                "acceptable": "-" if result.acceptable is None else f"{result.acceptable:,}",
                "pareto": "-" if result.pareto is None else f"{result.pareto:,}",
                "smallest": smallest,
                "claims": claims or _actors_claims(case, actors),
                "acceptable_to": [
                    {
                        "actor": a,
                        "name": labels.actor(a),
                        "count": f"{n:,}",
                        "claims": _actors_claims(case, [a]),
                    }
                    for a, n in (result.acceptable_to or {}).items()
                ],
            }
        )
    if main is None or main_space is None:  # pragma: no cover - main_id is always one of the tracks
        raise AnalysisError(f"track {main_id!r} was not analysed")
    solutions = [
        {"key": key, "label": label, "package": _package(case, main.solutions.get(key))}
        for key, label in _SOLUTIONS
    ]
    pareto = None
    if len(main.actors) >= 2 and main.top:
        fig, shown = pareto_figure(main, main_space, labels)
        pareto = {
            "figure": figs.add("fig-pareto", fig),
            "actors": [labels.actor(a) for a in shown],
            "claims": _actors_claims(case, shown),
        }
    return {
        "tracks": rows,
        "main": {
            "id": main_id,
            "name": main_name,
            "actors": list(main.actors),
            "actor_names": [labels.actor(a) for a in main.actors],
        },
        "solutions": solutions,
        "pareto": pareto,
        "top": top_rows(main, labels),
        "rank_digits": RANK_DIGITS,
    }


_ACCEPTS = {"yes": "accepts", "no": "rejects", "depends": "may reject (open issues)"}


def _settlement(case: Case, check: SettlementCheck) -> dict[str, Any]:
    """The settlement check as display rows: every party's verdict, shortfall and red lines."""
    labels = Labels.of(case)
    rows = []
    for v in check.verdicts:
        utility = f"{v.low:.3f}" if abs(v.high - v.low) < 5e-4 else f"{v.low:.3f}-{v.high:.3f}"
        short = v.no_deal - v.low
        rows.append(
            {
                "actor": v.actor,
                "name": labels.actor(v.actor),
                "accepts": v.accepts,
                "word": _ACCEPTS[v.accepts],
                "utility": utility,
                "no_deal": f"{v.no_deal:.3f}",
                "shortfall": f"{short:.3f}" if short > 1e-9 else "-",
                "red_lines": [
                    {
                        "issue": r.issue,
                        "option": r.option,
                        "text": f"{labels.issue(r.issue)}: {labels.option(r.issue, r.option)}",
                        "sure": r.sure,
                        "claims": list(r.claims),
                    }
                    for r in v.red_lines
                ],
                "claims": _actors_claims(case, [v.actor]),
            }
        )
    return {
        "model": check.model,
        "settles": check.settles,
        "rejecting": [labels.actor(v.actor) for v in check.rejecting],
        "package": [
            {"issue": i, "option": o, "text": f"{labels.issue(i)}: {labels.option(i, o)}"}
            for i, o in check.package.items()
        ],
        "rows": rows,
    }


def forecast_section(case: Case, figs: Figures, forecasts: list[CaseForecast]) -> dict[str, Any]:
    """Return each issue's forecast per model, its trajectory chart, and how to read them.

    Beside the forecasts: every model's validation figures on DEU III, why they are a weak
    proxy for a war settlement, and the settlement check of the first model's forecast (the
    default of ``accord forecast``) by the deal engine.
    """
    issues: list[dict[str, Any]] = []
    for issue in case.issues:
        per_model = []
        traj_fig = go.Figure()
        for fc in forecasts:
            found = next((f for f in fc.issues if f.issue == issue.id), None)
            if found is None:
                continue
            spans = " ".join(f"[{100 * iv.level:g}%: {iv.low:.0f}-{iv.high:.0f}]" for iv in found.intervals)
            per_model.append(
                {
                    "model": fc.model,
                    "predicted": f"{found.predicted:.1f}",
                    "option": found.option,
                    "label": f"{Labels.of(case).option(issue.id, found.option)} {spans}".strip(),
                }
            )
            if found.trajectory:
                traj_fig.add_trace(
                    go.Scatter(
                        x=list(range(len(found.trajectory))),
                        y=list(found.trajectory),
                        mode="lines+markers",
                        name=plot_text(fc.model),
                    )
                )
        if not per_model:
            continue
        figure = None
        if traj_fig.data:
            traj_fig.update_layout(
                title={"text": f"Trajectory: {plot_text(issue.name)}"},
                xaxis={"title": {"text": "round"}},
                yaxis={"title": {"text": "weighted median (0-100)"}, "range": [0, 100]},
                height=320,
            )
            figure = figs.add(f"fig-forecast-{issue.id}", traj_fig)
        issues.append(
            {
                "id": issue.id,
                "name": issue.name,
                "models": per_model,
                "claims": _issue_claims(case, issue.id),
                "figure": figure,
            }
        )
    settlement: dict[str, Any] | None = None
    unchecked = ""
    if forecasts:
        try:
            settlement = _settlement(case, settlement_check(case, forecasts[0]))
        except AnalysisError as exc:
            unchecked = str(exc)
    return {
        "models": [fc.model for fc in forecasts],
        "default": forecasts[0].model if forecasts else None,
        "issues": issues,
        "validation": [{"model": fc.model, "line": figures_line(fc.model)} for fc in forecasts],
        "caveat": PROXY_CAVEAT,
        "settlement": settlement,
        "unchecked": unchecked,
    }


def _p(value: float, digits: int = 3, signed: bool = False) -> str:
    """Format a probability (``-0`` shown as ``0``, as the dashboard's script does)."""
    return f"{value + 0.0:{'+' if signed else ''}.{digits}f}"


def _estimate(e: Estimate | None, digits: int = 3, signed: bool = False) -> dict[str, str] | None:
    """Mean, 80% and 95% intervals of an estimate as display strings."""
    if e is None:
        return None
    return {
        "mean": _p(e.mean, digits, signed),
        "i80": f"[{_p(e.low80, digits, signed)}, {_p(e.high80, digits, signed)}]",
        "i95": f"[{_p(e.low95, digits, signed)}, {_p(e.high95, digits, signed)}]",
        "se": f"{e.se:.4f}",
    }


def _contribution_label(key: str) -> str:
    if key == "forces":
        return "forces on the ground"
    if key.startswith("mechanism:"):
        return f"mechanism: {key.removeprefix('mechanism:')}"
    return key


def _years(months: int) -> str:
    return f"{months / 12:g}"


def _guarantors(r: ArchitectureResult) -> list[dict[str, Any]]:
    rows = []
    for g in r.guarantors:
        c = g.credibility
        threat = c.is_threat or c.ex_ante is None
        rows.append(
            {
                "id": c.guarantor,
                "is_threat": threat,
                "ex_ante": None if threat else _estimate(c.ex_ante, 2),
                "invoked": None if threat else _estimate(c.invoked, 2),
                "share": "-" if threat else f"{g.capacity_share:.2f}",
                "contribution": None
                if c.guarantor not in r.contributions
                else _p(r.contributions[c.guarantor], 3, True),
            }
        )
    return rows


def _risk_figure(figs: Figures, names: dict[str, str], results: dict[str, ArchitectureResult]) -> str:
    """Small multiples of the risk curves, one panel per architecture (:mod:`accord.report.risk_chart`)."""
    return figs.add("fig-guarantees", risk_figure(names, results))


def guarantees_section(
    case: Case, figs: Figures, results: dict[str, ArchitectureResult] | None, seed: int
) -> dict[str, Any] | None:
    """Return the architectures compared: risk by horizon with intervals, credibility, contributions.

    Rows hold display strings only (the dashboard's comparer formats the JSON the same way):
    P(renewed war) per horizon and P(any violation) at the horizon (mean, 80% and 95% intervals),
    the difference from no guarantee (95% interval), per guarantor its ex-ante credibility and
    P(honour | attacked) (the threat itself has none), P(effective response), the Shapley
    contributions as changes in P(war), warnings, and PA-X durability as a secondary association.
    """
    if not results:
        return None
    first = next(iter(results.values()))
    draws, horizon = first.draws, first.horizon_months
    months = list(first.war)
    names = {gid: architecture_name(case, gid) for gid in results}
    claims = {g.id: list(g.claims) for g in case.guarantees}
    rows = []
    for gid, r in results.items():
        est = durability_of(case, None if gid == NONE else gid)
        contributions = [
            {"key": k, "label": _contribution_label(k), "value": _p(v, 3, True)}
            for k, v in r.contributions.items()
        ]
        rows.append(
            {
                "id": gid,
                "name": names[gid],
                "is_none": gid == NONE,
                "war": [_estimate(r.war[m]) for m in months],
                "violation": _estimate(r.violation[horizon]),
                "diff": None if gid == NONE else _estimate(r.diff_none[horizon], signed=True),
                "diff_violation": None
                if gid == NONE
                else _estimate(r.diff_none_violation[horizon], signed=True),
                "guarantors": _guarantors(r),
                "protection": _estimate(r.protection, 2),
                "multiplier": _estimate(r.multiplier, 2),
                "contributions": contributions,
                "mechanisms": list(r.mechanisms),
                "warnings": list(r.warnings),
                "durability": f"{est.probability:.2f} [{est.low:.2f}-{est.high:.2f}]",
                "window": f"{est.window_years:g}",
                "claims": claims.get(gid, []),
            }
        )
    se = max(r.war[horizon].se for r in results.values())
    ties = indistinguishable(results, horizon)
    for row in rows:
        row["ties"] = [names[g] for g in ties[str(row["id"])]]
    return {
        "figure": _risk_figure(figs, names, results),
        "rows": rows,
        "horizons": [_years(m) for m in months],
        "horizon": _years(horizon),
        "draws": f"{draws:,}",
        "seed": seed,
        "max_se": f"{se:.4f}",
        "attributed": any(r.contributions for r in results.values()),
    }


def _calibration_figure(figs: Figures, backtest: dict[str, Any]) -> str | None:
    fig = go.Figure()
    top = 0.0
    labels = {"war": "renewed major war", "violation": "any violation"}
    for outcome, label in labels.items():
        rows = (backtest.get(outcome) or {}).get("calibration") or []
        if not rows:
            continue
        xs = [float(r["predicted"]) for r in rows]
        ys = [float(r["observed_km"]) for r in rows]
        top = max(top, *xs, *ys)
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines+markers",
                name=plot_text(label),
                customdata=[[int(r["n"]), int(r["events_by_horizon"])] for r in rows],
                hovertemplate="predicted %{x:.3f}<br>observed (Kaplan-Meier) %{y:.3f}<br>"
                "spells %{customdata[0]}, events %{customdata[1]}<extra>%{fullData.name}</extra>",
            )
        )
    if not fig.data:
        return None
    edge = min(1.0, top * 1.1 + 0.02)
    fig.add_trace(
        go.Scatter(
            x=[0, edge],
            y=[0, edge],
            mode="lines",
            name="perfect calibration (45°)",
            line={"color": "#888", "dash": "dash"},
            hoverinfo="skip",
        )
    )
    fig.update_layout(
        title={"text": "Calibration, leave one war out: predicted vs observed P(event within 10 years)"},
        xaxis={
            "title": {"text": "mean predicted probability (quintile of held-out predictions)"},
            "range": [0, edge],
        },
        yaxis={"title": {"text": "observed (Kaplan-Meier)"}, "range": [0, edge]},
        height=440,
    )
    return figs.add("fig-calibration", fig)


def _interval(low: float, high: float, digits: int = 3) -> str:
    return f"[{low:.{digits}f}, {high:.{digits}f}]"


def _hr(row: dict[str, Any]) -> str:
    return f"{float(row['hr']):.2f} [{float(row['low']):.2f}-{float(row['high']):.2f}]"


def validation_section(figs: Figures) -> dict[str, Any]:
    """Return the war-recurrence model's validation: backtest, calibration, Fortna's check, retrodictions.

    Reads the figures shipped with the package (:func:`accord.guarantees.validation.shipped_validation`);
    when they are missing or unreadable, ``available`` is False and ``reason`` says why.
    """
    try:
        from accord.guarantees.validation import shipped_validation

        report = shipped_validation()
    except (ImportError, OSError, ValueError, AnalysisError) as exc:
        return {"available": False, "reason": f"validation figures not shipped ({exc})"}
    backtest = report.backtest
    outcomes = []
    for outcome, label in (("war", "renewed major war"), ("violation", "any violation")):
        b = backtest.get(outcome)
        if not b:
            continue
        c = b.get("c_index", {})
        outcomes.append(
            {
                "key": outcome,
                "label": label,
                "spells": f"{int(b['n_spells']):,}",
                "events": f"{int(b['n_events']):,}",
                "wars": f"{int(b['n_wars']):,}",
                "brier": [
                    {
                        "years": years,
                        "weibull": f"{float(v['weibull']):.4f}",
                        "constant": f"{float(v['constant_rate']):.4f}",
                        "skill": f"{float(v['skill']):+.1%}",
                        "informative": f"{int(v['n_informative']):,}",
                        "events": f"{int(v['events_by_horizon']):,}",
                    }
                    for years, v in sorted(b.get("brier", {}).items(), key=lambda kv: float(kv[0]))
                ],
                "c_weibull": f"{float(c['weibull']):.3f}" if "weibull" in c else "-",
                "c_constant": f"{float(c['constant_rate']):.3f}" if "constant_rate" in c else "-",
                "c_in_sample": f"{float(c['weibull_in_sample']):.3f}" if "weibull_in_sample" in c else "-",
                "c_pooled": f"{float(c['constant_rate_pooled_folds']):.3f}"
                if "constant_rate_pooled_folds" in c
                else "-",
                "failed": list(b.get("folds_failed", [])),
                "calibration": [
                    {
                        "group": int(r["group"]),
                        "n": int(r["n"]),
                        "predicted": f"{float(r['predicted']):.3f}",
                        "observed": f"{float(r['observed_km']):.3f}",
                        "events": int(r["events_by_horizon"]),
                    }
                    for r in b.get("calibration", [])
                ],
            }
        )
    fortna = None
    if report.fortna is not None:
        f = report.fortna
        adjusted = f.get("adjusted", {})
        fortna = {
            "sample": str(f.get("sample", "")),
            "n": f"{int(f['n']):,}",
            "n_pk": f"{int(f['n_with_pk']):,}",
            "n_no_pk": f"{int(f['n_without_pk']):,}",
            "held_pk": f"{float(f['share_held_with_pk']):.0%}",
            "held_no_pk": f"{float(f['share_held_without_pk']):.0%}",
            "naive": _hr(f["naive"]),
            "adjusted": [{"name": k, "hr": _hr(v)} for k, v in adjusted.items()],
            "n_adjusted": f"{int(f['n_adjusted']):,}",
            "target": {str(k): str(v) for k, v in (f.get("brief_target") or {}).items()},
        }
    retro = []
    for r in report.retrodictions:
        variants = []
        for name, v in r.get("results", {}).items():
            variants.append(
                {
                    "name": name,
                    "outcome": "renewed major war" if v.get("outcome") == "war" else "any violation",
                    "median": f"{float(v['p_median']):.3f}",
                    "i90": _interval(*v["p_90"]),
                    "i95": _interval(*v["p_95"]),
                    "point": f"{float(v['p_point']):.3f}",
                    "fit": f"{int(v['fit']['n_spells']):,} spells, {int(v['fit']['n_events']):,} events",
                }
            )
        retro.append(
            {
                "key": str(r.get("key", "")),
                "title": str(r.get("title", "")),
                "forecast_year": f"{float(r['forecast_year']):g}",
                "window": f"{float(r['t0']):g}-{float(r['horizon']):g} years after the origin",
                "happened": str(r.get("happened", "")),
                "justification": [
                    {"what": str(k), "why": str(v)} for k, v in r.get("justification", {}).items()
                ],
                "variants": variants,
            }
        )
    meta = report.meta
    return {
        "available": True,
        "outcomes": outcomes,
        "figure": _calibration_figure(figs, backtest),
        "fortna": fortna,
        "fortna_status": report.fortna_status,
        "retrodictions": retro,
        "brier_note": str(meta.get("brier", "")),
        "c_note": str(meta.get("c_index", "")),
        "spells": str(meta.get("spells", "")),
        "risk_horizon": f"{float(meta.get('risk_horizon', 10.0)):g}",
    }


def conflicts_section(case: Case) -> list[dict[str, str]]:
    """Return the pairs of conflicting claims, side by side."""
    return [
        {"a": a.id, "a_source": a.source, "b": b.id, "b_source": b.source, "a_text": a.text, "b_text": b.text}
        for a, b in case.conflicts()
    ]


@dataclass(frozen=True)
class EvidenceInputs:
    """What the evidence store holds, for the timeline and conflicts views.

    Attributes:
        timeline: Dated entries (:meth:`accord.evidence.store.EvidenceStore.timeline`).
        conflicts: Conflicting claim pairs (:meth:`accord.evidence.store.EvidenceStore.conflicts`).
        documents: Number of documents ingested.
        claims: Number of claims extracted.
        where: Where the store is (shown to the reader).
    """

    timeline: list[TimelineEntry]
    conflicts: list[tuple[StoredClaim, StoredClaim]]
    documents: int
    claims: int
    where: str


TIMELINE_ROWS = 300
"""Most timeline entries a page lists (the chart shows them all)."""


def evidence_inputs(store: EvidenceStore) -> EvidenceInputs:
    """Read the timeline and conflicts from an open evidence store."""
    stats = store.stats()
    return EvidenceInputs(
        store.timeline(), store.conflicts(), stats.documents, stats.items.get("claims", 0), str(store.path)
    )


def _stored_claim_row(sc: StoredClaim) -> dict[str, Any]:
    return {
        "actor": sc.claim.actor,
        "issue": sc.claim.issue,
        "stance": sc.claim.stance,
        "option": sc.claim.option,
        "text": sc.claim.text,
        "source": sc.publisher or sc.url or sc.title or f"document {sc.document_id}",
        "url": sc.url if _is_http(sc.url) else None,
        "date": sc.date or "undated",
        "reliability": sc.reliability,
    }


def evidence_section(figs: Figures, evidence: EvidenceInputs | None) -> dict[str, Any] | None:
    """Return the evidence timeline (chart and table) and the conflicting claims, or ``None``."""
    if evidence is None:
        return None
    kinds = ("published", "mentioned", "due")
    fig = go.Figure()
    for kind in kinds:
        entries = [e for e in evidence.timeline if e.kind == kind]
        if entries:
            fig.add_trace(
                go.Scatter(
                    x=[e.date for e in entries],
                    y=[kind] * len(entries),
                    mode="markers",
                    name=kind,
                    text=[plot_text(e.text[:120]) for e in entries],
                    hovertemplate="%{x}<br>%{text}<extra></extra>",
                )
            )
    figure = None
    if fig.data:
        fig.update_layout(title={"text": "Evidence timeline"}, height=300, xaxis={"type": "date"})
        figure = figs.add("fig-timeline", fig)
    rows = [
        {
            "date": e.date,
            "kind": e.kind,
            "actor": e.actor,
            "text": e.text,
            "context": e.context if e.kind != "published" else "",
            "source": e.title or e.url or f"document {e.document_id}",
            "url": e.url if _is_http(e.url) else None,
        }
        for e in evidence.timeline[:TIMELINE_ROWS]
    ]
    return {
        "figure": figure,
        "rows": rows,
        "more": max(0, len(evidence.timeline) - TIMELINE_ROWS),
        "conflicts": [[_stored_claim_row(a), _stored_claim_row(b)] for a, b in evidence.conflicts],
        "documents": evidence.documents,
        "claims": evidence.claims,
        "where": evidence.where,
    }
