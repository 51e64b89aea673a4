"""War recurrence between former belligerents: a Weibull proportional-hazards model.

The cumulative hazard of renewed conflict ``t`` years after a war ends is

    H(t | x) = exp(b0 + x . b) * t ** p,

so ``P(renewed conflict by t) = 1 - exp(-H)``. A shape ``p < 1`` makes the hazard fall with
time (most failures come early, as Fortna 2004 finds for cease-fires). The models shipped in
``accord/guarantees/data/war_recurrence.json`` are fitted by ``scripts/derive_war_recurrence.py``
on pairs of states that fought on opposite sides of a Correlates of War inter-state war
(Sarkees & Wayman 2010), for two outcomes: ``"war"`` (a new COW inter-state war between the
pair) and ``"violation"`` (the first fatal militarised dispute between the pair, GML v2.2.1:
Gibler, Miller & Little 2016). The covariance shipped is cluster-robust by war (a sandwich
estimator): pairs from one war are not independent. See ``docs/guarantees.md``.

Everything here is numpy/scipy, vectorised over parameter draws, so a caller can evaluate the
closed form for a million draws at once.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import optimize

from accord.errors import AnalysisError

__all__ = [
    "COVARIATES",
    "OUTCOMES",
    "RecurrenceModel",
    "constant_rate_fit",
    "cumulative_hazard",
    "draw_parameters",
    "fit_weibull",
    "linear_predictor",
    "load_model",
    "prob_between",
    "prob_by",
]

#: Covariate names of the shipped models, in model order.
COVARIATES: tuple[str, ...] = ("decisive", "log_deaths", "parity", "contiguous", "rivalry", "pact_major")

#: Outcomes with a shipped model.
OUTCOMES: tuple[str, ...] = ("war", "violation")

_Z95 = 1.959963984540054
_DATA_FILE = "data/war_recurrence.json"


@dataclass(frozen=True)
class RecurrenceModel:
    """A fitted Weibull proportional-hazards model of renewed conflict.

    Attributes:
        outcome: ``"war"`` or ``"violation"`` (or any label given to :func:`fit_weibull`).
        names: Covariate names, intercept excluded, in the order of ``coef``.
        log_shape: Log of the Weibull shape ``p``.
        intercept: ``b0``, the log scale of the cumulative hazard at all covariates zero.
        coef: Log hazard ratios ``b``, shape ``(k,)``.
        cov: Covariance of ``[log_shape, intercept, *coef]``, shape ``(k + 2, k + 2)``.
        n_spells: Spells the model was fitted on.
        n_events: Events among them.
        n_clusters: Distinct clusters (wars); 0 when the fit was not clustered.
        means: Covariate means over the fitted spells, for default profiles.
        source: Where the data come from (citation).
        cov_type: ``"cluster"`` (sandwich, clustered) or ``"model"`` (inverse observed information).
        log_likelihood: Maximised log-likelihood.
    """

    outcome: str
    names: tuple[str, ...]
    log_shape: float
    intercept: float
    coef: NDArray[np.float64]
    cov: NDArray[np.float64]
    n_spells: int
    n_events: int
    n_clusters: int
    means: dict[str, float]
    source: str
    cov_type: str = "cluster"
    log_likelihood: float = field(default=math.nan)

    @property
    def shape(self) -> float:
        """The Weibull shape ``p`` (below 1: the hazard falls with time)."""
        return math.exp(self.log_shape)

    @property
    def params(self) -> NDArray[np.float64]:
        """``[log_shape, intercept, *coef]``, the vector ``cov`` refers to."""
        return np.concatenate(([self.log_shape, self.intercept], self.coef))

    def summary(self) -> list[dict[str, float | str]]:
        """Per covariate: coefficient, standard error, hazard ratio and its 95% interval.

        Returns:
            One dict per covariate with keys ``name``, ``coef``, ``se``, ``hr``, ``hr_low``,
            ``hr_high``, then one row for the shape (``name == "shape"``: ``hr`` holds ``p``).
        """
        se = np.sqrt(np.diag(self.cov))
        rows: list[dict[str, float | str]] = []
        for i, name in enumerate(self.names):
            b, s = float(self.coef[i]), float(se[i + 2])
            rows.append(
                {
                    "name": name,
                    "coef": b,
                    "se": s,
                    "hr": math.exp(b),
                    "hr_low": math.exp(b - _Z95 * s),
                    "hr_high": math.exp(b + _Z95 * s),
                }
            )
        s = float(se[0])
        rows.append(
            {
                "name": "shape",
                "coef": self.log_shape,
                "se": s,
                "hr": self.shape,
                "hr_low": math.exp(self.log_shape - _Z95 * s),
                "hr_high": math.exp(self.log_shape + _Z95 * s),
            }
        )
        return rows

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict that :meth:`from_dict` reads back."""
        return {
            "outcome": self.outcome,
            "names": list(self.names),
            "log_shape": self.log_shape,
            "intercept": self.intercept,
            "coef": [float(c) for c in self.coef],
            "cov": [[float(v) for v in row] for row in self.cov],
            "n_spells": self.n_spells,
            "n_events": self.n_events,
            "n_clusters": self.n_clusters,
            "means": dict(self.means),
            "source": self.source,
            "cov_type": self.cov_type,
            "log_likelihood": self.log_likelihood,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> RecurrenceModel:
        """Rebuild a model from :meth:`to_dict` output.

        Raises:
            AnalysisError: When a key is missing or the shapes disagree.
        """
        try:
            names = tuple(str(n) for n in data["names"])
            coef = np.asarray(data["coef"], dtype=float)
            cov = np.asarray(data["cov"], dtype=float)
            model = cls(
                outcome=str(data["outcome"]),
                names=names,
                log_shape=float(data["log_shape"]),
                intercept=float(data["intercept"]),
                coef=coef,
                cov=cov,
                n_spells=int(data["n_spells"]),
                n_events=int(data["n_events"]),
                n_clusters=int(data["n_clusters"]),
                means={str(k): float(v) for k, v in data["means"].items()},
                source=str(data["source"]),
                cov_type=str(data.get("cov_type", "cluster")),
                log_likelihood=float(data.get("log_likelihood", math.nan)),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise AnalysisError(f"malformed recurrence model: {exc!r}") from exc
        k = len(names)
        if coef.shape != (k,) or cov.shape != (k + 2, k + 2):
            raise AnalysisError(
                f"malformed recurrence model: {k} names, coef shape {coef.shape}, cov shape {cov.shape}"
            )
        return model


def _check_inputs(
    durations: ArrayLike, events: ArrayLike, X: ArrayLike, names: Sequence[str]
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    t = np.asarray(durations, dtype=float)
    d = np.asarray(events, dtype=float)
    x = np.asarray(X, dtype=float)
    if t.ndim != 1 or t.size == 0:
        raise AnalysisError(f"durations must be a non-empty 1-D array, got shape {t.shape}")
    if x.ndim == 1 and len(names) == 1:
        x = x[:, None]
    if x.ndim != 2 or x.shape[0] != t.size:
        raise AnalysisError(f"X must have shape ({t.size}, {len(names)}), got {x.shape}")
    if x.shape[1] != len(names):
        raise AnalysisError(f"X has {x.shape[1]} columns but {len(names)} names were given: {list(names)!r}")
    if d.shape != t.shape:
        raise AnalysisError(f"events must have the shape of durations {t.shape}, got {d.shape}")
    if not np.all(np.isfinite(t)) or np.any(t <= 0):
        raise AnalysisError("durations must be finite and strictly positive (years)")
    if not np.all((d == 0) | (d == 1)):
        raise AnalysisError("events must be 0 (censored) or 1 (event)")
    if not np.all(np.isfinite(x)):
        raise AnalysisError("X must be finite (drop or impute missing covariates first)")
    if d.sum() < 1:
        raise AnalysisError("no events: a hazard model cannot be fitted")
    return t, d, x


def _loglik_parts(
    theta: NDArray[np.float64], logt: NDArray[np.float64], d: NDArray[np.float64], Z: NDArray[np.float64]
) -> tuple[float, NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    """Log-likelihood, per-spell scores ``(n, k+2)`` and the Hessian of the log-likelihood."""
    log_p = theta[0]
    p = math.exp(log_p)
    eta = Z @ theta[1:]
    log_h = eta + p * logt
    H = np.exp(np.minimum(log_h, 700.0))
    ll = float(np.sum(d * (eta + log_p + (p - 1.0) * logt) - H))
    pu = p * logt
    s_shape = d * (1.0 + pu) - H * pu
    s_eta = d - H
    scores = np.column_stack((s_shape, s_eta[:, None] * Z))
    k = Z.shape[1]
    hess = np.empty((k + 1, k + 1))
    hess[0, 0] = float(np.sum(d * pu - H * (pu + pu * pu)))
    cross = -(H * pu) @ Z
    hess[0, 1:] = cross
    hess[1:, 0] = cross
    hess[1:, 1:] = -(Z * H[:, None]).T @ Z
    return ll, scores, hess, H


def fit_weibull(
    durations: ArrayLike,
    events: ArrayLike,
    X: ArrayLike,
    names: Sequence[str],
    *,
    clusters: ArrayLike | None = None,
    outcome: str = "war",
    source: str = "",
) -> RecurrenceModel:
    """Fit ``H(t | x) = exp(b0 + x . b) * t ** p`` by maximum likelihood.

    Args:
        durations: Time at risk in years, strictly positive, shape ``(n,)``.
        events: 1 when the spell ended in the event, 0 when right-censored.
        X: Covariates, shape ``(n, k)`` (no intercept column).
        names: The ``k`` covariate names.
        clusters: Optional cluster label per spell (the war number). When given and there are
            at least two clusters, ``cov`` is the cluster-robust sandwich
            ``A^-1 (G/(G-1) sum_g s_g s_g') A^-1`` with ``A`` the observed information and
            ``s_g`` the summed scores of cluster ``g``; otherwise the inverse observed information.
        outcome: Label stored on the model.
        source: Citation stored on the model.

    Returns:
        The fitted model.

    Raises:
        AnalysisError: On malformed input, no events, or when the optimiser does not converge
            (for example when a covariate separates events from non-events perfectly).
    """
    names_t = tuple(str(n) for n in names)
    t, d, x = _check_inputs(durations, events, X, names_t)
    n, k = x.shape
    logt = np.log(t)
    Z = np.column_stack((np.ones(n), x))
    theta0 = np.zeros(k + 2)
    theta0[1] = math.log(d.sum() / t.sum())

    def fun(theta: NDArray[np.float64]) -> float:
        return -_loglik_parts(theta, logt, d, Z)[0]

    def jac(theta: NDArray[np.float64]) -> NDArray[np.float64]:
        out: NDArray[np.float64] = -_loglik_parts(theta, logt, d, Z)[1].sum(axis=0)
        return out

    def hess(theta: NDArray[np.float64]) -> NDArray[np.float64]:
        out: NDArray[np.float64] = -_loglik_parts(theta, logt, d, Z)[2]
        return out

    res = optimize.minimize(fun, theta0, jac=jac, hess=hess, method="trust-exact", options={"gtol": 1e-8})
    theta = np.asarray(res.x, dtype=float)
    ll, scores, hmat, _ = _loglik_parts(theta, logt, d, Z)
    grad_norm = float(np.max(np.abs(scores.sum(axis=0))))
    if not np.all(np.isfinite(theta)) or grad_norm > 1e-4 * max(1.0, float(d.sum())):
        raise AnalysisError(f"Weibull fit did not converge ({res.message}); max |score| {grad_norm:.3g}")
    info = -hmat
    try:
        a_inv = np.linalg.inv(info)
    except np.linalg.LinAlgError as exc:
        raise AnalysisError("Weibull fit: singular information matrix (collinear covariates?)") from exc
    if np.any(np.diag(a_inv) <= 0):
        raise AnalysisError("Weibull fit: information matrix not positive definite at the optimum")
    n_clusters = 0
    cov = a_inv
    cov_type = "model"
    if clusters is not None:
        g = np.asarray(clusters)
        if g.shape != (n,):
            raise AnalysisError(f"clusters must have shape ({n},), got {g.shape}")
        labels, inverse = np.unique(g, return_inverse=True)
        n_clusters = int(labels.size)
        if n_clusters >= 2:
            sums = np.zeros((n_clusters, k + 2))
            np.add.at(sums, inverse, scores)
            meat = sums.T @ sums * (n_clusters / (n_clusters - 1))
            cov = a_inv @ meat @ a_inv
            cov = (cov + cov.T) / 2.0
            cov_type = "cluster"
    return RecurrenceModel(
        outcome=outcome,
        names=names_t,
        log_shape=float(theta[0]),
        intercept=float(theta[1]),
        coef=theta[2:].copy(),
        cov=np.asarray(cov, dtype=np.float64),
        n_spells=int(n),
        n_events=int(d.sum()),
        n_clusters=n_clusters,
        means={name: float(x[:, i].mean()) for i, name in enumerate(names_t)},
        source=source,
        cov_type=cov_type,
        log_likelihood=ll,
    )


@cache
def _shipped() -> dict[str, Any]:
    text = resources.files("accord.guarantees").joinpath(_DATA_FILE).read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


@cache
def load_model(outcome: str) -> RecurrenceModel:
    """The shipped model for ``outcome`` (``"war"`` or ``"violation"``), read once.

    Raises:
        AnalysisError: For an unknown outcome; the message lists the valid ones.
    """
    models = _shipped()["models"]
    if outcome not in models:
        raise AnalysisError(f"unknown recurrence outcome {outcome!r}; valid: {', '.join(sorted(models))}")
    return RecurrenceModel.from_dict(models[outcome])


def draw_parameters(
    model: RecurrenceModel, rng: np.random.Generator, n: int, widen: float = 1.0
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    """Draw ``n`` parameter sets from the model's multivariate-normal sampling distribution.

    Args:
        model: The fitted model.
        rng: The random generator (seed it for reproducible results).
        n: Number of draws.
        widen: Multiplies every standard deviation (1 = as estimated; 2 for a transfer to a
            case unlike the sample).

    Returns:
        ``(shape, intercept, coef)`` with shapes ``(n,)``, ``(n,)`` and ``(n, k)``; ``shape`` is
        the Weibull ``p`` (already exponentiated).

    Raises:
        AnalysisError: When ``n < 1`` or ``widen`` is not positive and finite.
    """
    if n < 1:
        raise AnalysisError(f"n must be at least 1, got {n!r}")
    if not (math.isfinite(widen) and widen > 0):
        raise AnalysisError(f"widen must be positive and finite, got {widen!r}")
    cov = model.cov * (widen * widen)
    vals, vecs = np.linalg.eigh((cov + cov.T) / 2.0)
    root = vecs * np.sqrt(np.clip(vals, 0.0, None))
    z = rng.standard_normal((n, cov.shape[0]))
    theta = model.params[None, :] + z @ root.T
    return np.exp(theta[:, 0]), theta[:, 1].copy(), theta[:, 2:].copy()


def linear_predictor(
    model: RecurrenceModel,
    profile: Mapping[str, float],
    intercept: ArrayLike,
    coef: ArrayLike,
) -> NDArray[np.float64]:
    """``b0 + x . b`` for one covariate profile and many parameter draws.

    Args:
        model: Supplies the covariate names and order.
        profile: A value for every covariate of the model, by name.
        intercept: Intercept draws, shape ``(n,)`` (or a scalar).
        coef: Coefficient draws, shape ``(n, k)`` (or ``(k,)`` for one set).

    Returns:
        The linear predictor, shape ``(n,)``.

    Raises:
        AnalysisError: When the profile misses a covariate, names an unknown one, or holds a
            non-finite value.
    """
    missing = [n for n in model.names if n not in profile]
    unknown = [n for n in profile if n not in model.names]
    if missing or unknown:
        parts = []
        if missing:
            parts.append(f"missing {missing!r}")
        if unknown:
            parts.append(f"unknown {unknown!r}")
        raise AnalysisError(f"covariate profile: {'; '.join(parts)}; expected exactly {list(model.names)!r}")
    x = np.array([float(profile[n]) for n in model.names])
    if not np.all(np.isfinite(x)):
        raise AnalysisError(f"covariate profile has a non-finite value: {dict(profile)!r}")
    b = np.asarray(coef, dtype=float)
    b0 = np.asarray(intercept, dtype=float)
    if b.shape[-1] != x.size:
        raise AnalysisError(f"coef has {b.shape[-1]} columns, the model {x.size} covariates")
    out: NDArray[np.float64] = np.atleast_1d(b0 + b @ x)
    return out


def cumulative_hazard(t_years: ArrayLike, shape: ArrayLike, lp: ArrayLike) -> NDArray[np.float64]:
    """``H = exp(lp) * t ** shape`` for every draw and time.

    Args:
        t_years: Times in years, shape ``(T,)``, non-negative.
        shape: Weibull shape per draw, shape ``(n,)``.
        lp: Linear predictor per draw, shape ``(n,)``.

    Returns:
        Cumulative hazard, shape ``(n, T)``.

    Raises:
        AnalysisError: On negative or non-finite times, or mismatched draw arrays.
    """
    t = np.atleast_1d(np.asarray(t_years, dtype=float))
    p = np.atleast_1d(np.asarray(shape, dtype=float))
    eta = np.atleast_1d(np.asarray(lp, dtype=float))
    if t.ndim != 1 or not np.all(np.isfinite(t)) or np.any(t < 0):
        raise AnalysisError("t_years must be a 1-D array of finite, non-negative years")
    if p.shape != eta.shape or p.ndim != 1:
        raise AnalysisError(f"shape and lp must be 1-D arrays of equal length, got {p.shape} and {eta.shape}")
    out: NDArray[np.float64] = np.exp(eta)[:, None] * np.power(t[None, :], p[:, None])
    return out


def prob_by(t_years: ArrayLike, shape: ArrayLike, lp: ArrayLike) -> NDArray[np.float64]:
    """``P(event by t) = 1 - exp(-H(t))``, shape ``(n, T)``."""
    out: NDArray[np.float64] = -np.expm1(-cumulative_hazard(t_years, shape, lp))
    return out


def prob_between(t0: float, t1: ArrayLike, shape: ArrayLike, lp: ArrayLike) -> NDArray[np.float64]:
    """``P(event by t1 | no event by t0) = 1 - exp(-(H(t1) - H(t0)))``, shape ``(n, T)``.

    Raises:
        AnalysisError: When ``t0`` is negative or a ``t1`` precedes it.
    """
    t = np.atleast_1d(np.asarray(t1, dtype=float))
    if not (math.isfinite(t0) and t0 >= 0) or np.any(t < t0):
        raise AnalysisError(f"need 0 <= t0 <= t1, got t0={t0!r}, t1={t.tolist()!r}")
    h1 = cumulative_hazard(t, shape, lp)
    h0 = cumulative_hazard([t0], shape, lp)
    out: NDArray[np.float64] = -np.expm1(-(h1 - h0))
    return out


def constant_rate_fit(durations: ArrayLike, events: ArrayLike) -> float:
    """The exponential, no-covariate baseline: events per year at risk.

    Raises:
        AnalysisError: When the arrays are empty, mismatched, or the total time is not positive.
    """
    t = np.asarray(durations, dtype=float)
    d = np.asarray(events, dtype=float)
    if t.shape != d.shape or t.size == 0:
        raise AnalysisError(
            f"durations and events must be non-empty and equal in shape: {t.shape}, {d.shape}"
        )
    total = float(t.sum())
    if not (math.isfinite(total) and total > 0):
        raise AnalysisError("total time at risk must be positive")
    return float(d.sum()) / total
