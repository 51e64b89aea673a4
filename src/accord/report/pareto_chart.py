"""The Pareto chart of a track: every pair of parties in its own panel, so no party is left out.

A two-party track gets one panel; a three-party track three (A vs B, A vs C, B vs C); larger
tables every pair up to :data:`MAX_PANELS`. Each point is one frontier package; hovering it
names the options where it differs from the Nash package, in labels.
"""

from __future__ import annotations

import html
from itertools import combinations
from typing import Any

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from accord.deals import DealAnalysis, DealSpace
from accord.deals.ties import RANK_DIGITS, rounded, tied_ranks
from accord.report.labels import Labels

__all__ = ["MAX_PANELS", "pareto_figure", "top_rows"]

MAX_PANELS = 6
"""Most pairwise panels drawn (four parties make six pairs)."""

_MARKERS = (
    ("nash", "Nash bargaining", "star"),
    ("ks", "Kalai-Smorodinsky", "diamond"),
    ("egalitarian", "Egalitarian", "square"),
)


def _escape(text: str) -> str:
    """Escape text shown in the figure (plotly renders a subset of HTML in labels)."""
    return html.escape(text, quote=True)


def _hover(labels: Labels, options: dict[str, str], nash: dict[str, str] | None) -> str:
    if nash is None:
        return "<br>".join(_escape(f"{labels.issue(i)}: {labels.option(i, o)}") for i, o in options.items())
    diff = [(i, o) for i, o in options.items() if nash.get(i) != o]
    if not diff:
        return "the Nash package"
    return "differs from Nash on<br>" + "<br>".join(
        _escape(f"{labels.issue(i)}: {labels.option(i, o)}") for i, o in diff
    )


def pareto_figure(result: DealAnalysis, space: DealSpace, labels: Labels) -> tuple[go.Figure, list[str]]:
    """Draw the frontier's top packages in one panel per pair of parties.

    Returns:
        The figure and the actor ids it shows.
    """
    actors = list(result.actors)
    pairs = list(combinations(range(len(actors)), 2))[:MAX_PANELS]
    shown = sorted({k for pair in pairs for k in pair})
    cols = min(3, len(pairs))
    rows = -(-len(pairs) // cols)
    names = [labels.actor(a) for a in actors]
    fig = make_subplots(
        rows=rows,
        cols=cols,
        subplot_titles=[_escape(f"{names[i]} vs {names[j]}") for i, j in pairs],
        horizontal_spacing=0.09,
        vertical_spacing=0.18,
    )
    nash_sol = result.solutions.get("nash")
    nash = dict(nash_sol.options) if nash_sol is not None else None
    text = [_hover(labels, dict(p.options), nash) for p in result.top]
    no_deal = [float(v) for v in space.no_deal]
    for n, (i, j) in enumerate(pairs):
        row, col = n // cols + 1, n % cols + 1
        a, b = actors[i], actors[j]
        first = n == 0
        fig.add_trace(
            go.Scatter(
                x=[round(p.actors[a].utility, 4) for p in result.top],
                y=[round(p.actors[b].utility, 4) for p in result.top],
                mode="markers",
                name="frontier packages",
                legendgroup="frontier",
                showlegend=first,
                marker={"color": "#8fa8c8", "size": 6},
                text=text if first else None,
                hovertemplate=f"{_escape(names[i])} %{{x:.3f}}<br>{_escape(names[j])} %{{y:.3f}}"
                + ("<br>%{text}" if first else "")
                + "<extra></extra>",
            ),
            row=row,
            col=col,
        )
        for key, label, symbol in _MARKERS:
            sol = result.solutions.get(key)
            if sol is None:
                continue
            fig.add_trace(
                go.Scatter(
                    x=[sol.actors[a].utility],
                    y=[sol.actors[b].utility],
                    mode="markers",
                    marker={"size": 13, "symbol": symbol},
                    name=label,
                    legendgroup=key,
                    showlegend=first,
                ),
                row=row,
                col=col,
            )
        fig.add_trace(
            go.Scatter(
                x=[no_deal[i]],
                y=[no_deal[j]],
                mode="markers",
                marker={"size": 11, "symbol": "x", "color": "#444"},
                name="no deal",
                legendgroup="nodeal",
                showlegend=first,
            ),
            row=row,
            col=col,
        )
        fig.update_xaxes(title={"text": _escape(f"utility of {names[i]}")}, row=row, col=col)
        fig.update_yaxes(title={"text": _escape(f"utility of {names[j]}")}, row=row, col=col)
    fig.update_layout(
        title={"text": f"Pareto frontier, every pair of parties (top {len(result.top)} by Nash product)"},
        height=380 * rows + 80,
        legend={"orientation": "h", "y": -0.15},
        margin={"t": 80},
    )
    return fig, [actors[k] for k in shown]


def top_rows(result: DealAnalysis, labels: Labels, limit: int = 10) -> list[dict[str, Any]]:
    """The first ``limit`` frontier packages by Nash product, with tied ranks and option labels."""
    top = list(result.top[:limit])
    ranks = tied_ranks([p.nash_product for p in result.top])[:limit]
    return [
        {
            "rank": rank,
            "tied": rank.startswith("="),
            "product": f"{rounded(p.nash_product):.{RANK_DIGITS}g}",
            "exact": f"{p.nash_product:.6g}",
            "options": [
                {"issue": i, "issue_name": labels.issue(i), "option": o, "label": labels.option(i, o)}
                for i, o in p.options.items()
            ],
        }
        for rank, p in zip(ranks, top, strict=True)
    ]
