"""The one-screen summary at the top of the report and of the dashboard's overview page.

What an analyst briefs from first: how old the case is, the tracks and how many packages each
leaves acceptable to everyone at its table, the Nash package of the main track (in option
labels), the most protective guarantee (the lowest P(renewed war) at 10 years, with the
architectures it cannot be told apart from), the plans' verdicts when the case has plans, and
the three inputs that matter most.

The three inputs are *not* a sensitivity analysis (the report does not run a sweep): they are
the issues of the main track whose positions are most salient and most contested, scored as
the salience-weighted spread of the ideal points of the actors at the table,
``sum(salience * |ideal - mean ideal|)`` over those actors. A position moved on such an issue
moves the bargaining solutions most; the two actors furthest apart are named, and whether
either position is an analyst estimate. It is cheap (no engine runs) and says what it is.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from accord.case import Case
from accord.case.evidence_basis import estimated_positions
from accord.deals import default_track
from accord.guarantees.export import architecture_name
from accord.guarantees.simulation import NONE
from accord.guarantees.types import ArchitectureResult
from accord.report.labels import Labels
from accord.report.risk_chart import indistinguishable

__all__ = ["KEY_INPUTS", "RISK_YEARS", "key_inputs", "summary_section"]

KEY_INPUTS = 3
"""How many inputs the summary names."""

RISK_YEARS = 10
"""Horizon, in years, at which the summary compares guarantee architectures."""


def _table(case: Case) -> tuple[str, list[str]]:
    if case.tracks:
        t = default_track(case)
        return t.id, list(t.actors)
    return "all", [a.id for a in case.actors]


def key_inputs(case: Case, limit: int = KEY_INPUTS) -> list[dict[str, Any]]:
    """The most salient contested issues of the main track (see the module's docstring)."""
    labels = Labels.of(case)
    _tid, actors = _table(case)
    estimates = estimated_positions(case, case.positions)
    scored: list[tuple[float, dict[str, Any]]] = []
    for issue in case.issues:
        held = [p for a in actors if (p := case.position(a, issue.id)) is not None]
        if len(held) < 2:
            continue
        mean = sum(p.ideal for p in held) / len(held)
        score = sum(p.salience * abs(p.ideal - mean) for p in held)
        low = min(held, key=lambda p: p.ideal)
        high = max(held, key=lambda p: p.ideal)
        if high.ideal == low.ideal:
            continue
        scored.append(
            (
                score,
                {
                    "issue": issue.id,
                    "name": issue.name,
                    "shown": f"{score:.0f}",
                    "ends": [
                        {
                            "actor": p.actor,
                            "name": labels.actor(p.actor),
                            "ideal": f"{p.ideal:g}",
                            "estimate": (p.actor, p.issue) in estimates,
                        }
                        for p in (low, high)
                    ],
                },
            )
        )
    scored.sort(key=lambda r: -r[0])
    return [row for _score, row in scored[:limit]]


def _guarantee(case: Case, results: dict[str, ArchitectureResult] | None) -> dict[str, Any] | None:
    if not results:
        return None
    first = next(iter(results.values()))
    months = RISK_YEARS * 12 if RISK_YEARS * 12 in first.war else max(first.war)
    candidates = {g: r for g, r in results.items() if g != NONE} or results
    best = min(candidates, key=lambda g: candidates[g].war[months].mean)
    est = results[best].war[months]
    ties = indistinguishable(results, months)[best]
    none = results.get(NONE)
    diff = results[best].diff_none.get(months)
    return {
        "diff": None if diff is None or best == NONE else f"{diff.mean + 0.0:+.3f}",
        "diff_i95": None if diff is None else f"[{diff.low95 + 0.0:+.3f}, {diff.high95 + 0.0:+.3f}]",
        "id": best,
        "name": architecture_name(case, best),
        "years": f"{months / 12:g}",
        "mean": f"{est.mean:.3f}",
        "i80": f"[{est.low80:.3f}, {est.high80:.3f}]",
        "none": None if none is None else f"{none.war[months].mean:.3f}",
        "ties": [architecture_name(case, g) for g in ties],
    }


def summary_section(
    case: Case,
    *,
    deals: dict[str, Any] | None = None,
    guarantees: dict[str, ArchitectureResult] | None = None,
    plans: dict[str, Any] | None = None,
    today: dt.date | None = None,
) -> dict[str, Any]:
    """Return the summary as template data.

    Args:
        case: The case.
        deals: The deal section (:func:`accord.report.sections.deals_section`); ``None`` when
            not computed yet (the dashboard fills the counts and the Nash package in).
        guarantees: The guarantee results; ``None`` when not computed yet or the case has none.
        plans: The plans section (:func:`accord.report.plans_section.plans_section`), if any.
        today: The date the age is measured from (default: today).
    """
    today = today or dt.date.today()
    days = (today - case.as_of).days
    main_id, _actors = _table(case)
    tracks = (
        [{"id": t.id, "name": t.name, "acceptable": None} for t in case.tracks]
        if case.tracks
        else [{"id": "all", "name": "Every modelled actor", "acceptable": None}]
    )
    nash = None
    if deals is not None:
        counts = {t["id"]: t["acceptable"] for t in deals["tracks"]}
        for t in tracks:
            t["acceptable"] = counts.get(t["id"])
        sol = next((s for s in deals["solutions"] if s["key"] == "nash"), None)
        if sol is not None and sol["package"] is not None:
            nash = [
                {
                    "issue": o["issue"],
                    "issue_name": o["issue_name"],
                    "option": o["option"],
                    "label": o["label"],
                }
                for o in sol["package"]["options"]
            ]
    main_name = next((t["name"] for t in tracks if t["id"] == main_id), main_id)
    verdicts = None
    if plans:
        verdicts = {
            "actors": [plans["actor_names"][a] for a in plans["actors"]],
            "rows": [
                {
                    "name": p["name"],
                    "words": [v["word"] for v in p["verdicts"][: len(plans["actors"])]],
                    "all": p["word"],
                }
                for p in plans["plans"]
            ],
        }
    return {
        "as_of": case.as_of.isoformat(),
        "days": days,
        "age": f"{days} day{'s' if days != 1 else ''} old" if days >= 0 else "dated in the future",
        "stale": days > 90,
        "tracks": tracks,
        "main": {"id": main_id, "name": main_name},
        "nash": nash,
        "computed": deals is not None,
        "guarantee": _guarantee(case, guarantees),
        "has_guarantees": bool(case.guarantees),
        "plans": verdicts,
        "inputs": key_inputs(case),
    }
