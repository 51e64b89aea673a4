"""A self-contained HTML report of a case: sources, positions, deals, forecasts, guarantees, validation.

The report is one HTML file that needs nothing from the internet: plotly.js (its basic bundle,
:mod:`accord.report.bundle`) is inlined once, figures are embedded as JSON in a
``<script type="application/json">`` block with their shared layout template once beside them,
and every piece of case text goes through Jinja2 autoescaping. It opens with a one-screen
summary (:mod:`accord.report.summary`).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from accord._io import atomic_write_text
from accord.case import Case
from accord.errors import AnalysisError
from accord.report.bundle import plotly_bundle, split_template
from accord.report.plans_section import age_section, plans_section
from accord.report.sections import (
    FORECAST_MODELS,
    PARETO_POINTS,
    REPORT_DRAWS,
    EvidenceInputs,
    Figures,
    ReportInputs,
    case_section,
    compute_inputs,
    conflicts_section,
    deals_section,
    evidence_section,
    forecast_section,
    guarantees_section,
    positions_section,
    script_json,
    validation_section,
)
from accord.report.summary import summary_section

__all__ = [
    "FORECAST_MODELS",
    "PARETO_POINTS",
    "REPORT_DRAWS",
    "ReportInputs",
    "build_report",
    "compute_inputs",
    "write_report",
]


def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("accord.report"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def build_report(
    case: Case,
    *,
    draws: int = REPORT_DRAWS,
    seed: int = 0,
    inputs: ReportInputs | None = None,
    evidence: EvidenceInputs | None = None,
) -> str:
    """Render the HTML report of ``case``.

    Args:
        case: The case.
        draws: Parameter draws of the guarantee comparison (common to every architecture).
        seed: Seed of the guarantee simulation.
        inputs: Analyses already computed with :func:`compute_inputs` (else computed here).
        evidence: The evidence store's timeline and conflicts (:func:`evidence_inputs`), if any.

    Returns:
        One self-contained HTML document (plotly.js inlined, no external references).

    Raises:
        AnalysisError: If ``draws`` is not positive or an engine rejects the case.
    """
    if inputs is None:
        inputs = compute_inputs(case, draws=draws, seed=seed)
    figs = Figures()
    deals = deals_section(case, figs, inputs)
    plans = plans_section(case)
    context = {
        "summary": summary_section(case, deals=deals, guarantees=inputs.guarantees, plans=plans),
        "case": case_section(case),
        "positions": positions_section(case, figs),
        "deals": deals,
        "forecasts": forecast_section(case, figs, inputs.forecasts),
        "guarantees": guarantees_section(case, figs, inputs.guarantees, inputs.seed),
        "validation": validation_section(figs),
        "conflicts": conflicts_section(case),
        "evidence": evidence_section(figs, evidence),
        "claim_ids": {c.id for c in case.claims},
        "plans": plans,
        "age_note": age_section(case),
    }
    figures, plot_template = split_template(figs.items)
    template = _environment().get_template("report.html.j2")
    return template.render(
        **context,
        claim_base="",
        plotly_js=Markup(plotly_bundle()),  # the vendored basic bundle, script ends escaped
        figures_json=script_json(figures),
        template_json=script_json(plot_template),
    )


def write_report(case: Case, path: str | os.PathLike[str], **kw: Any) -> Path:
    """Build the report of ``case`` and write it atomically to ``path``.

    Args:
        case: The case.
        path: Destination HTML file; its folder must exist.
        **kw: Passed to :func:`build_report` (``draws``, ``seed``).

    Returns:
        The path written.

    Raises:
        AnalysisError: If the file cannot be written (the message names the path and why).
    """
    text = build_report(case, **kw)
    dest = Path(path)
    try:
        written = atomic_write_text(dest, text)
        written.chmod(0o644)  # a report is for reading and sharing; the temporary file was private
        return written
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise AnalysisError(f"cannot write the report to {str(dest)!r}: {reason}") from exc
