"""Risk curves a reader can tell apart: one small panel per guarantee architecture.

Each panel draws that architecture's P(renewed major war) (solid) and P(any violation) (dotted)
by month against the same two curves without a guarantee (grey), on a common scale, so eight
architectures are eight readable comparisons rather than sixteen tangled lines.
"""

from __future__ import annotations

import html

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from accord.deals.ties import overlapping
from accord.guarantees.simulation import NONE
from accord.guarantees.types import ArchitectureResult

__all__ = ["COLUMNS", "indistinguishable", "risk_figure"]

COLUMNS = 4
"""Panels per row."""

_COLOUR = "#c0392b"
_GREY = "#9a9a9a"


def _curve(values: object) -> list[float]:
    return [round(float(v), 4) for v in values]  # type: ignore[attr-defined]


def risk_figure(names: dict[str, str], results: dict[str, ArchitectureResult]) -> go.Figure:
    """Small multiples of P(renewed war) and P(any violation) by month, each against no guarantee."""
    none = results.get(NONE)
    shown = [gid for gid in results if gid != NONE] or list(results)
    cols = min(COLUMNS, len(shown))
    rows = -(-len(shown) // cols)
    fig = make_subplots(
        rows=rows,
        cols=cols,
        subplot_titles=[html.escape(names[g], quote=True) for g in shown],
        shared_yaxes=True,
        horizontal_spacing=0.04,
        vertical_spacing=0.5 / rows if rows > 1 else 0.1,
    )
    top = 0.0
    for n, gid in enumerate(shown):
        row, col = n // cols + 1, n % cols + 1
        first = n == 0
        lines = [(results[gid], _COLOUR, "this architecture")]
        if none is not None and gid != NONE:
            lines.insert(0, (none, _GREY, "no guarantee"))
        for r, colour, label in lines:
            violation = [1.0 - v for v in _curve(r.survival)]
            war = _curve(r.war_curve)
            top = max(top, *war, *violation)
            for ys, dash, what in ((war, "solid", "P(renewed war)"), (violation, "dot", "P(any violation)")):
                fig.add_trace(
                    go.Scatter(
                        x=list(range(len(ys))),
                        y=[round(y, 4) for y in ys],
                        mode="lines",
                        name=f"{label}: {what}",
                        legendgroup=f"{label}-{what}",
                        showlegend=first,
                        line={"color": colour, "dash": dash, "width": 2 if colour == _COLOUR else 1.5},
                        hovertemplate=f"month %{{x}}<br>{what} %{{y:.3f}}<extra>{html.escape(label)}</extra>",
                    ),
                    row=row,
                    col=col,
                )
    fig.update_yaxes(range=[0, min(1.0, top * 1.05 + 0.01)])
    fig.update_yaxes(title={"text": "probability"}, col=1)
    fig.update_xaxes(title={"text": "months"}, row=rows)
    fig.update_layout(
        title={
            "text": "Risk by month after the agreement: each architecture (red) against no guarantee (grey)"
        },
        height=260 * rows + 140,
        legend={"orientation": "h", "y": -0.12 if rows > 1 else -0.3},
        margin={"t": 90},
    )
    return fig


def indistinguishable(results: dict[str, ArchitectureResult], horizon: int) -> dict[str, list[str]]:
    """Per architecture, the others whose P(renewed war) at ``horizon`` it cannot be told apart from.

    Two estimates are indistinguishable when each mean lies inside the other's 80% interval
    over the parameter draws (:func:`accord.deals.ties.overlapping`).
    """
    est = {g: r.war[horizon] for g, r in results.items()}
    box = {g: (e.mean, e.low80, e.high80) for g, e in est.items()}
    return {g: [h for h in box if h != g and overlapping(box[g], box[h])] for g in box}
