"""Models that use what DEU records about an issue: GDP weights, Council voting power, the status quo.

* ``weighted-mean``: the baseline every model is compared with, the GDP x salience weighted
  mean of every position (Commission and Parliament included), whatever capability the
  data set was read with.
* ``power``: the compromise model with Council voting power as capability (the DEU books'
  convention, Arregui, Stokman & Thomson 2004): each member state's Shapley-Shubik index under
  the rule in force when the proposal was made; the Commission and the Parliament weigh
  ``k`` times the average member, ``k`` learned from the training issues.
* ``reference``: the reference point (no new law); ``commission``: the Commission's proposal.

Without the context a model needs (a case file), each falls back to the compromise model on
the issue's own capabilities, and says so in ``Forecast.notes``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal, Self

import numpy as np
from numpy.typing import NDArray

from accord.errors import AnalysisError
from accord.forecast.base import Forecast, IssueData
from accord.forecast.voting_power import PowerIndex, state_power
from accord.forecast.weighted import weighted_mean

__all__ = [
    "INSTITUTION_GRID",
    "CommissionModel",
    "PowerModel",
    "ReferenceModel",
    "WeightedMeanBaseline",
    "power_capabilities",
    "power_sums",
]

COMMISSION, PARLIAMENT = "com", "ep"
INSTITUTION_GRID = (0.0, 0.5, 1.0, 2.0, 3.0, 4.0, 6.0)
"""Multipliers of the average member's power tried for the Commission and the Parliament."""


def _fallback(name: str, issue: IssueData, why: str) -> Forecast:
    return Forecast(name, weighted_mean(issue.positions, issue.weights), notes={"fallback": why})


@dataclass(frozen=True)
class WeightedMeanBaseline:
    """The GDP x salience weighted mean of all positions: the baseline of every backtest.

    Uses the data set's GDP weight of each actor (``IssueContext.gdp``) whatever capability
    the issues were read with; without GDP weights it is the compromise model.
    """

    name: str = "weighted-mean"

    def predict(self, issue: IssueData) -> Forecast:
        """Return the GDP x salience weighted mean."""
        gdp = issue.context.gdp
        if not gdp:
            return _fallback(self.name, issue, "no GDP weights: capability x salience")
        return Forecast(self.name, weighted_mean(issue.positions, np.asarray(gdp) * issue.saliences))


def power_capabilities(
    issue: IssueData, commission: float, parliament: float, index: PowerIndex = "shapley"
) -> NDArray[np.float64] | None:
    """Council voting power of each actor of a DEU issue, or ``None`` without a date.

    Member states get their power index under the Council rule in force on the proposal's
    date (unanimity when the issue's rule is unanimity); the Commission and the Parliament get
    ``commission`` and ``parliament`` times the average member's power. A state that was not
    a member on that date gets 0.
    """
    ctx = issue.context
    if ctx.date is None or not issue.actors:
        return None
    states, is_c, is_e, mean = _power_layout(ctx.date, ctx.voting or "qmv", index, issue.actors)
    return np.where(is_c, commission * mean, np.where(is_e, parliament * mean, states))


@lru_cache(maxsize=1024)
def _power_layout(
    date: dt.date, voting: Literal["qmv", "unanimity"], index: PowerIndex, actors: tuple[str, ...]
) -> tuple[NDArray[np.float64], NDArray[np.bool_], NDArray[np.bool_], float]:
    """Per actor, its state's power; which actors are the Commission and the Parliament; the mean.

    The institutions and non-members get 0 in the first array; the last value is the average
    member's power. Cached, as DEU issues share their actors and dates.
    """
    power = state_power(date, voting, index)
    labels = np.asarray(actors)
    states = np.asarray([power.get(a, 0.0) for a in actors], dtype=np.float64)
    out = (states, labels == COMMISSION, labels == PARLIAMENT)
    for arr in out:
        arr.setflags(write=False)
    return out[0], out[1], out[2], 1.0 / len(power)


@dataclass(frozen=True)
class PowerModel:
    """The compromise model with Council voting power as capability; institutions' weight learned.

    Attributes:
        name: The model's name.
        commission: The Commission's weight, in multiples of the average member's power.
        parliament: The Parliament's weight under co-decision, likewise.
        parliament_consultation: The Parliament's weight under consultation.
        index: ``"shapley"`` (Shapley-Shubik) or ``"banzhaf"``.
        tuned: Whether :meth:`fit` chose the multipliers (the defaults are usable as they are).
    """

    name: str = "power"
    commission: float = 1.0
    parliament: float = 1.0
    parliament_consultation: float = 1.0
    index: PowerIndex = "shapley"
    tuned: bool = False

    def capabilities(self, issue: IssueData) -> NDArray[np.float64] | None:
        """Each actor's capability on this issue, or ``None`` without the context to set it."""
        ep = self.parliament if issue.context.procedure != "consultation" else self.parliament_consultation
        return power_capabilities(issue, self.commission, ep, self.index)

    def predict(self, issue: IssueData) -> Forecast:
        """Return the power x salience weighted mean (the compromise model without a date)."""
        caps = self.capabilities(issue)
        if caps is None:
            return _fallback(self.name, issue, "no proposal date: capability x salience")
        return Forecast(self.name, weighted_mean(issue.positions, caps * issue.saliences))

    def fit(self, issues: Sequence[IssueData], outcomes: Sequence[float]) -> Self:
        """Return a copy with the institution multipliers that minimise the training MAE.

        Every combination of :data:`INSTITUTION_GRID` for the Commission, the Parliament
        under co-decision and under consultation is tried; ties go to the smaller multipliers.

        Raises:
            AnalysisError: No issue, or a count mismatch.
        """
        if len(issues) != len(outcomes) or not issues:
            raise AnalysisError(
                f"model {self.name!r} needs issues with outcomes ({len(issues)}, {len(outcomes)})"
            )
        y = np.asarray(outcomes, dtype=np.float64)
        grid = np.asarray(INSTITUTION_GRID)
        # prediction = (a + kc*c1 + ke*e1) / (b + kc*c0 + ke*e0) per issue, ke the Parliament's
        # multiplier under the issue's procedure. The per-issue sums are computed once per issue
        # object and reused by every fit; the loss splits by procedure, so each half is a 7 x 7
        # grid over its issues and the 7 x 7 x 7 total is their broadcast sum.
        sums = power_sums(issues, self.index)
        cod = sums[:, 6] > 0
        kc = grid[:, None, None]
        ke = grid[None, :, None]

        def grid_loss(rows: NDArray[np.float64], target: NDArray[np.float64]) -> NDArray[np.float64]:
            a, b, c1, c0, e1, e0, _, plain = rows.T
            num = a + kc * c1 + ke * e1
            den = b + kc * c0 + ke * e0
            pred = np.where(den > 0, num / np.where(den > 0, den, 1.0), plain)
            return np.asarray(np.abs(pred - target).sum(axis=-1), dtype=np.float64)

        loss_cod = grid_loss(sums[cod], y[cod])  # (commission, parliament under co-decision)
        loss_con = grid_loss(sums[~cod], y[~cod])  # (commission, parliament under consultation)
        loss = (loss_cod[:, :, None] + loss_con[:, None, :]) / y.size
        best = np.unravel_index(int(np.argmin(loss)), loss.shape)
        return dataclasses.replace(
            self,
            commission=float(grid[best[0]]),
            parliament=float(grid[best[1]]),
            parliament_consultation=float(grid[best[2]]),
            tuned=True,
        )


_SUMS_LIMIT = 20_000
"""Most issues whose grid-search sums :func:`power_sums` keeps (the cache is emptied when full)."""

_sums_cache: dict[tuple[int, PowerIndex], tuple[IssueData, tuple[float, ...]]] = {}
_sums_lock = threading.Lock()


def _sums(index: PowerIndex, issue: IssueData) -> tuple[float, ...]:
    """Weighted sums of the states, the Commission and the Parliament, for the grid search."""
    caps = power_capabilities(issue, 1.0, 1.0, index)
    x, s = issue.positions, issue.saliences
    plain = weighted_mean(x, issue.weights)
    if caps is None:
        w = issue.weights
        return float((w * x).sum()), float(w.sum()), 0.0, 0.0, 0.0, 0.0, 1.0, plain
    labels = np.asarray(issue.actors)
    w = caps * s
    is_c, is_e = labels == COMMISSION, labels == PARLIAMENT
    st = ~(is_c | is_e)
    return (
        float((w * x)[st].sum()),
        float(w[st].sum()),
        float((w * x)[is_c].sum()),
        float(w[is_c].sum()),
        float((w * x)[is_e].sum()),
        float(w[is_e].sum()),
        float(issue.context.procedure != "consultation"),
        plain,
    )


def power_sums(issues: Sequence[IssueData], index: PowerIndex = "shapley") -> NDArray[np.float64]:
    """Per issue, the sums :meth:`PowerModel.fit` searches its grid with: shape ``(n, 8)``.

    Columns: the power x salience weighted sum of the member states' positions and their total
    weight; the same two for the Commission and for the Parliament (at multiplier 1); 1 under
    co-decision (0 under consultation); and the issue's plain weighted mean (the prediction
    when every weight is 0). An issue without a date has its capability x salience sums as
    the states' and nothing for the institutions.

    The sums depend on the issue only, so each issue object's are computed once and kept
    (by identity, holding the issue so its id is not reused): a cross-validation refits on
    overlapping subsets of the same issues, and this is where its time went.
    """
    rows: list[tuple[float, ...]] = []
    for issue in issues:
        key = (id(issue), index)
        hit = _sums_cache.get(key)
        if hit is not None and hit[0] is issue:
            rows.append(hit[1])
            continue
        row = _sums(index, issue)
        with _sums_lock:
            if len(_sums_cache) >= _SUMS_LIMIT:
                _sums_cache.clear()
            _sums_cache[key] = (issue, row)
        rows.append(row)
    return np.asarray(rows, dtype=np.float64).reshape(len(rows), 8)


@dataclass(frozen=True)
class ReferenceModel:
    """Predicts the reference point: the policy that holds if no law is adopted."""

    name: str = "reference"

    def predict(self, issue: IssueData) -> Forecast:
        """Return the reference point (the compromise model when it is unknown)."""
        if issue.context.reference is None:
            return _fallback(self.name, issue, "no reference point: capability x salience")
        return Forecast(self.name, float(issue.context.reference))


@dataclass(frozen=True)
class CommissionModel:
    """Predicts the Commission's proposal: the outcome if the agenda setter had its way."""

    name: str = "commission"

    def predict(self, issue: IssueData) -> Forecast:
        """Return the Commission's position (the compromise model when it has none)."""
        if COMMISSION not in issue.actors:
            return _fallback(self.name, issue, "no Commission position: capability x salience")
        return Forecast(self.name, float(issue.positions[issue.actors.index(COMMISSION)]))
