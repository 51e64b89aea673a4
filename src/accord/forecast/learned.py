"""accord's own model: the compromise model with capabilities learned from past outcomes.

The compromise model (Achen 2006) predicts the capability x salience weighted mean of the
positions, with capabilities fixed in advance (Shapley-Shubik voting power in the DEU books,
equal or GDP weights in :mod:`accord.forecast.deu`). This model keeps that formula and learns
one multiplier per actor from issues with known outcomes::

    predicted = sum_i m_i c_i s_i x_i / sum_i m_i c_i s_i,    m_i = exp(theta_i)

``theta`` minimises the mean Huber loss of the prediction error (close to the absolute
error the backtest scores, but smooth) plus a ridge penalty ``ridge * sum(theta**2)`` that
shrinks every multiplier towards 1, that is towards the plain compromise model. Positions and
outcomes are rescaled to 0-1 by the issue's scale for fitting, so the two hyperparameters do
not depend on the scale. An actor never seen in training keeps multiplier 1; the unfitted
model is the compromise model.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Self

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import minimize

from accord.errors import AnalysisError
from accord.forecast.base import Forecast, IssueData
from accord.forecast.weighted import weighted_mean

__all__ = ["LearnedCapabilityModel"]

MAX_LOG_MULTIPLIER = 5.0
"""Bound on ``|theta|``: a learned multiplier stays within exp(+-5), about 0.007 to 148."""


@dataclass(frozen=True)
class LearnedCapabilityModel:
    """The compromise model with a capability multiplier per actor, learned by penalised Huber loss.

    Attributes:
        name: The model's name.
        ridge: Weight of the penalty ``sum(theta**2)`` that shrinks the log multipliers to 0.
        huber: Huber threshold on the 0-1 scale: errors below it count quadratically.
        log_multipliers: ``(actor, theta)`` pairs learned by :meth:`fit` (empty until fitted).
        fitted: Whether :meth:`fit` produced this model.
    """

    name: str = "learned"
    ridge: float = 0.0003
    huber: float = 0.05
    log_multipliers: tuple[tuple[str, float], ...] = ()
    fitted: bool = False

    @property
    def multipliers(self) -> dict[str, float]:
        """Each trained actor's capability multiplier ``exp(theta)``."""
        return {actor: math.exp(theta) for actor, theta in self.log_multipliers}

    def predict(self, issue: IssueData) -> Forecast:
        """Return the weighted mean with learned multipliers (1 for unknown actors)."""
        theta = dict(self.log_multipliers)
        logs = [theta.get(a) for a in issue.actors]
        mult = np.exp([0.0 if t is None else t for t in logs]) if logs else np.ones(issue.positions.size)
        outcome = weighted_mean(issue.positions, issue.weights * mult)
        return Forecast(self.name, outcome, notes={"known_actors": sum(t is not None for t in logs)})

    def fit(self, issues: Sequence[IssueData], outcomes: Sequence[float]) -> Self:
        """Return a copy with multipliers fitted on these issues.

        Args:
            issues: Training issues; each must carry actor labels.
            outcomes: The known outcome of each issue, on its scale.

        Raises:
            AnalysisError: No issue, a count mismatch, an outcome that is not finite, an issue
                without actor labels, or hyperparameters out of range.
        """
        if not (self.ridge >= 0 and self.huber > 0):
            raise AnalysisError(f"ridge must be >= 0 and huber > 0 (got {self.ridge}, {self.huber})")
        if len(issues) != len(outcomes):
            raise AnalysisError(f"{len(issues)} issues but {len(outcomes)} outcomes")
        if not issues:
            raise AnalysisError(f"model {self.name!r} needs at least one issue with an outcome to fit")
        y = np.asarray(outcomes, dtype=np.float64)
        if not np.all(np.isfinite(y)):
            raise AnalysisError("every training outcome must be a finite number")
        unlabelled = [i.key or f"#{n}" for n, i in enumerate(issues) if not i.actors]
        if unlabelled:
            raise AnalysisError(
                f"model {self.name!r} learns per-actor multipliers, so training issues need actor "
                f"labels (none on {', '.join(unlabelled[:3])})"
            )
        # an issue whose weights are all 0 predicts the plain mean, which no multiplier moves
        live = [n for n, i in enumerate(issues) if float(i.weights.sum()) > 0]
        actors = sorted({a for n in live for a in issues[n].actors})
        if not actors:
            return dataclasses.replace(self, log_multipliers=(), fitted=True)
        positions, base, target = _design([issues[n] for n in live], y[live], actors)
        res = minimize(
            _objective,
            np.zeros(len(actors)),
            args=(positions, base, target, self.huber, self.ridge),
            jac=True,
            method="L-BFGS-B",
            bounds=[(-MAX_LOG_MULTIPLIER, MAX_LOG_MULTIPLIER)] * len(actors),
        )
        theta = tuple((a, float(t)) for a, t in zip(actors, res.x, strict=True))
        return dataclasses.replace(self, log_multipliers=theta, fitted=True)


def _design(
    issues: Sequence[IssueData], outcomes: NDArray[np.float64], actors: Sequence[str]
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    """Issue x actor matrices of 0-1 positions and base weights (0 where absent), and 0-1 outcomes.

    Every issue must have a positive total weight.
    """
    index = {a: j for j, a in enumerate(actors)}
    positions = np.zeros((len(issues), len(actors)))
    base = np.zeros_like(positions)
    target = np.empty(len(issues))
    for r, issue in enumerate(issues):
        low, high = issue.scale
        cols = [index[a] for a in issue.actors]
        positions[r, cols] = (issue.positions - low) / (high - low)
        base[r, cols] = issue.weights
        target[r] = (outcomes[r] - low) / (high - low)
    return positions, base, target


def _objective(
    theta: NDArray[np.float64],
    positions: NDArray[np.float64],
    base: NDArray[np.float64],
    target: NDArray[np.float64],
    delta: float,
    ridge: float,
) -> tuple[float, NDArray[np.float64]]:
    """Mean Huber loss plus ridge penalty, and its gradient in ``theta``."""
    w = base * np.exp(theta)
    total = w.sum(axis=1)
    pred = (w * positions).sum(axis=1) / total
    err = pred - target
    small = np.abs(err) < delta
    loss = np.where(small, 0.5 * err * err / delta, np.abs(err) - 0.5 * delta)
    slope = np.clip(err / delta, -1.0, 1.0)
    grad = (slope[:, None] * w * (positions - pred[:, None]) / total[:, None]).sum(axis=0) / target.size
    value = float(loss.mean() + ridge * float(theta @ theta))
    return value, grad + 2.0 * ridge * theta
