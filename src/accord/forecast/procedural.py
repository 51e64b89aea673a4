"""Procedural models of EU legislation in one dimension (see docs/forecast.md for the sources).

Actors are points on the issue's line with symmetric single-peaked preferences; an actor
prefers ``y`` to the reference point ``rp`` when ``y`` is at least as close to its ideal.
The Council accepts ``y`` over ``rp`` when the members who prefer it (plus the members with
no position on the issue, who go along) form a winning coalition under the rule in force on
the proposal's date (:func:`accord.forecast.voting_power.council_rule`). On one side of
``rp`` those members are the ones beyond the midpoint of ``y`` and ``rp``, so the Council
accepts every ``y`` up to ``2p - rp``, where ``p`` is the position of the *pivotal* member
on that side.

* ``agenda`` -- conditional agenda setting (Tsebelis 1994; Steunenberg 1994; Crombez 1996):
  the Commission proposes the point nearest its ideal that the Council (and under
  co-decision the Parliament) prefers to ``rp``.
* ``codecision`` -- under co-decision the Commission loses its agenda power and the Council
  and Parliament bargain as equals (Tsebelis & Garrett 2000; Crombez 2001): the outcome is
  halfway between the Parliament's ideal and the nearest point of the Council's core, kept
  within what both prefer to ``rp``. Under consultation it is the ``agenda`` model.

Both need the reference point, the procedure and the Council rule; without them (a case
file) they fall back to the compromise model and say so in ``Forecast.notes``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from accord.forecast.base import Forecast, IssueData
from accord.forecast.voting_power import VotingRule, council_rule
from accord.forecast.weighted import weighted_mean

__all__ = ["AgendaModel", "CodecisionModel", "council_bounds", "council_core"]

COMMISSION, PARLIAMENT = "com", "ep"


def _members(issue: IssueData, rule: VotingRule) -> tuple[NDArray[np.float64], NDArray[np.int64], int, int]:
    """Positions and weights of the members with a position, and the weight and count of the rest."""
    index = {m: k for k, m in enumerate(rule.members)}
    xs: list[float] = []
    ws: list[int] = []
    for a, x in zip(issue.actors, issue.positions, strict=True):
        if a in index:
            xs.append(float(x))
            ws.append(rule.weights[index[a]])
    idle_w = sum(rule.weights) - sum(ws)
    idle_n = len(rule.members) - len(ws)
    return np.asarray(xs), np.asarray(ws, dtype=np.int64), idle_w, idle_n


def _pivot(
    xs: NDArray[np.float64], ws: NDArray[np.int64], idle_w: int, idle_n: int, rule: VotingRule
) -> float | None:
    """Walking from the first member in ``xs`` order, the position at which the coalition wins."""
    weight, size = idle_w, idle_n
    if rule.wins(weight, size):
        return None  # the idle members alone win: no member's position binds
    for x, w in zip(xs, ws, strict=True):
        weight += int(w)
        size += 1
        if rule.wins(weight, size):
            return float(x)
    return float("nan")  # never wins


def council_bounds(issue: IssueData, rule: VotingRule, reference: float) -> tuple[float, float]:
    """The interval of points the Council accepts over ``reference`` (``reference`` alone if none)."""
    xs, ws, idle_w, idle_n = _members(issue, rule)
    low, high = issue.scale
    bounds: list[float] = []
    for side in (-1.0, 1.0):
        beyond = side * (xs - reference) > 0
        order = np.argsort(-side * xs[beyond], kind="stable")
        pivot = _pivot(xs[beyond][order], ws[beyond][order], idle_w, idle_n, rule)
        if pivot is None:
            bounds.append(low if side < 0 else high)
        elif np.isnan(pivot):
            bounds.append(reference)
        else:
            bounds.append(float(np.clip(2.0 * pivot - reference, low, high)))
    return bounds[0], bounds[1]


def council_core(issue: IssueData, rule: VotingRule) -> tuple[float, float] | None:
    """The Council's core: the points no winning coalition would leave; ``None`` without members."""
    xs, ws, idle_w, idle_n = _members(issue, rule)
    if xs.size == 0:
        return None
    ends: list[float] = []
    for side in (-1.0, 1.0):
        order = np.argsort(-side * xs, kind="stable")
        pivot = _pivot(xs[order], ws[order], idle_w, idle_n, rule)
        ends.append(float(xs[order][-1]) if pivot is None or np.isnan(pivot) else pivot)
    low, high = min(ends), max(ends)
    return low, high


def _actor(issue: IssueData, code: str) -> float | None:
    return float(issue.positions[issue.actors.index(code)]) if code in issue.actors else None


def _accepts(ideal: float | None, reference: float, y: float) -> bool:
    return ideal is None or abs(ideal - y) <= abs(ideal - reference) + 1e-9


def _toward(target: float, reference: float, lo: float, hi: float, ideal: float | None) -> float:
    """The point nearest ``target`` in ``[lo, hi]`` that an actor at ``ideal`` prefers to ``reference``."""
    y = float(np.clip(target, lo, hi))
    if ideal is not None and not _accepts(ideal, reference, y):
        # the actor accepts the points between reference and 2*ideal - reference
        other = 2.0 * ideal - reference
        y = float(np.clip(y, min(reference, other), max(reference, other)))
    return y


def _fallback(name: str, issue: IssueData, why: str) -> Forecast:
    return Forecast(name, weighted_mean(issue.positions, issue.weights), notes={"fallback": why})


def _rule(issue: IssueData) -> VotingRule | None:
    ctx = issue.context
    if ctx.date is None:
        return None
    return council_rule(ctx.date, ctx.voting or "qmv")


@dataclass(frozen=True)
class AgendaModel:
    """Conditional agenda setting: the Commission's best proposal the Council (and Parliament) accept."""

    name: str = "agenda"

    def predict(self, issue: IssueData) -> Forecast:
        """Return the Commission's best acceptable proposal, or the reference point."""
        rp = issue.context.reference
        rule = _rule(issue)
        com = _actor(issue, COMMISSION)
        if rp is None or rule is None or com is None:
            return _fallback(
                self.name, issue, "needs reference point, date and Commission: capability x salience"
            )
        lo, hi = council_bounds(issue, rule, rp)
        ep = _actor(issue, PARLIAMENT) if issue.context.procedure == "codecision" else None
        y = _toward(com, rp, lo, hi, ep)
        if not (lo - 1e-9 <= y <= hi + 1e-9 and _accepts(ep, rp, y)):
            y = rp
        return Forecast(self.name, y, notes={"council_low": lo, "council_high": hi})


@dataclass(frozen=True)
class CodecisionModel:
    """Co-decision as bargaining between equals: halfway between the Parliament and the Council's core."""

    name: str = "codecision"

    def predict(self, issue: IssueData) -> Forecast:
        """Return the co-decision bargain (the agenda model under consultation)."""
        if issue.context.procedure != "codecision":
            forecast = AgendaModel().predict(issue)
            return Forecast(self.name, forecast.outcome, notes=forecast.notes)
        rp = issue.context.reference
        rule = _rule(issue)
        ep = _actor(issue, PARLIAMENT)
        if rp is None or rule is None:
            return _fallback(self.name, issue, "needs reference point and date: capability x salience")
        core = council_core(issue, rule)
        lo, hi = council_bounds(issue, rule, rp)
        if core is None:
            return _fallback(self.name, issue, "no member state has a position: capability x salience")
        if ep is None:
            y = float(np.clip(rp, *core))
        else:
            council = float(np.clip(ep, *core))
            y = _toward(0.5 * (ep + council), rp, lo, hi, ep)
        if not (lo - 1e-9 <= y <= hi + 1e-9 and _accepts(ep, rp, y)):
            y = rp
        return Forecast(self.name, y, notes={"core_low": core[0], "core_high": core[1]})
