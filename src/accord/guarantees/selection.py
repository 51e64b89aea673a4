"""Credibility with selection: ex-ante resolve versus the honour rate seen when pacts are invoked.

Reliable commitments deter and are therefore rarely tested (Smith 1995, "Alliance Formation
and War", International Studies Quarterly 39(4); Smith 1996, 1998), so the share of invoked
commitments that were honoured understates how likely a guarantor is, before any attack, to
honour. The model (docs/guarantees.md, "Credibility with selection"):

- a guarantor's resolve ``theta`` (its probability of honouring if attacked) varies across
  pacts as ``Beta(mu * n, (1 - mu) * n)``;
- a challenger attacks at a rate that falls with resolve, ``a(theta) = a0 (1 - k theta)``;
- so the average pact lowers the rate of challenges by ``d = k mu`` (the published deterrent
  effect of defence pacts), and the honour rate among invoked pacts is
  ``h = E[theta a(theta)] / E[a(theta)] = (mu - k E[theta^2]) / (1 - k mu)``,
  with ``E[theta^2] = mu (1 - mu) / (n + 1) + mu^2``, which is below ``mu`` whenever ``k > 0``.

Given ``h`` (Berkemeier and Fuhrmann 2018), ``d`` (Benson 2011) and ``n`` (a prior), the
ex-ante mean resolve has the closed form of :func:`ex_ante_mean`. :func:`draw_selection`
propagates the uncertainty of all three.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from accord.guarantees.assumptions import Assumptions

__all__ = [
    "HonourFigure",
    "SelectionDraws",
    "draw_selection",
    "ex_ante_mean",
    "honour_figure",
    "invoked_rate",
]

F64 = NDArray[np.float64]


def invoked_rate(mu: ArrayLike, n: ArrayLike, k: ArrayLike) -> F64:
    """Return the honour rate among invoked pacts, ``(mu - k E[theta^2]) / (1 - k mu)``.

    Args:
        mu: Mean resolve (ex-ante probability of honouring), in (0, 1).
        n: Concentration of the Beta distribution of resolve (> 0).
        k: Largest share of challenges a fully resolved guarantor deters, in [0, 1].
    """
    m = np.asarray(mu, dtype=np.float64)
    c = np.asarray(n, dtype=np.float64)
    kk = np.asarray(k, dtype=np.float64)
    second = m * (1.0 - m) / (c + 1.0) + m * m
    return np.asarray((m - kk * second) / (1.0 - kk * m), dtype=np.float64)


def ex_ante_mean(h: ArrayLike, d: ArrayLike, n: ArrayLike) -> F64:
    """Return the mean resolve ``mu`` that yields invoked honour rate ``h`` and deterrence ``d``.

    Solves ``h = invoked_rate(mu, n, d / mu)``:
    ``mu = (h (1 - d) + d / (n + 1)) / (1 - d + d / (n + 1))``. With ``d = 0`` it returns
    ``h`` (no deterrence, no selection).
    """
    hh = np.asarray(h, dtype=np.float64)
    dd = np.asarray(d, dtype=np.float64)
    q = dd / (np.asarray(n, dtype=np.float64) + 1.0)
    return np.asarray((hh * (1.0 - dd) + q) / (1.0 - dd + q), dtype=np.float64)


@dataclass(frozen=True)
class HonourFigure:
    """An honour rate among invoked pacts with its effective sample size.

    Attributes:
        key: Figure key (``defence.all``).
        rate: Share honoured.
        honoured: Number honoured.
        n: Invocations.
        n_eff: Effective number of independent invocations (``n`` over the design effect of
            clustering by war); sets the spread of the rate's Beta distribution.
        source: Citation and construction.
    """

    key: str
    rate: float
    honoured: int
    n: int
    n_eff: float
    source: str


@cache
def _load(name: str) -> dict[str, Any]:
    text = resources.files("accord.guarantees").joinpath("data", name).read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def honour_figure(post1945_only: bool = False) -> HonourFigure:
    """Return the defence-pact honour rate the selection model is fitted to.

    Uses the war-clustered figures of ``honour_rates.json`` (``scripts/derive_honour_rates.py``),
    leaving out wars fought between members of the invoked alliance (a guarantee is a promise
    against an outsider), when shipped; else the plain counts of ``base_rates.json``.
    """
    key = "defence.post1945" if post1945_only else "defence.all"
    try:
        figures = _load("honour_rates.json")["figures"]
        # wars with members of the invoked alliance on both sides test a different promise
        key = f"{key}.excluding_intra_alliance" if f"{key}.excluding_intra_alliance" in figures else key
        f = figures[key]
        honoured, n = int(f["honoured"]), int(f["n"])
        n_eff = float(f.get("n_eff", n))
        source = str(_load("honour_rates.json").get("source", "Berkemeier and Fuhrmann (2018)"))
    except (FileNotFoundError, KeyError):
        base = _load("base_rates.json")["figures"][key]
        honoured, n = int(base["honoured"]), int(base["n"])
        n_eff = float(n)
        source = "Berkemeier and Fuhrmann (2018), Reassessing the fulfillment of alliance commitments in war"
    return HonourFigure(key, honoured / n, honoured, n, min(n_eff, float(n)), source)


@dataclass(frozen=True)
class SelectionDraws:
    """Draws of the selection model's parameters, one per Monte Carlo draw.

    Attributes:
        h: Invoked honour rate of defence pacts.
        d: Deterrent effect of an average defence pact (share of challenges removed).
        n: Concentration of resolve.
        mu: Ex-ante mean resolve of an average defence pact.
        k: Share of challenges a fully resolved average ally deters (``d / mu``, at most 1).
    """

    h: F64
    d: F64
    n: F64
    mu: F64
    k: F64


def draw_selection(rng: np.random.Generator, draws: int, assumptions: Assumptions) -> SelectionDraws:
    """Draw the selection model's parameters and solve each draw for ex-ante resolve.

    ``h ~ Beta(h n_eff, (1 - h) n_eff)`` from the honour figure; ``d`` log-normal around
    ``guarantees.deterrence_effect`` with log-sd ``guarantees.deterrence_effect_log_sd``
    (capped at 0.95); ``n`` log-uniform between ``resolve_concentration_low`` and ``_high``.
    """
    fig = honour_figure(assumptions.value("honour_post1945_only") >= 0.5)
    a = max(fig.rate * fig.n_eff, 0.5)
    b = max((1.0 - fig.rate) * fig.n_eff, 0.5)
    h = rng.beta(a, b, size=draws)
    d0 = assumptions.value("deterrence_effect")
    sd = assumptions.value("deterrence_effect_log_sd")
    d = np.minimum(d0 * np.exp(sd * rng.standard_normal(draws)), 0.95)
    lo = assumptions.value("resolve_concentration_low")
    hi = max(assumptions.value("resolve_concentration_high"), lo)
    n = np.exp(rng.uniform(np.log(lo), np.log(hi), size=draws))
    mu = np.clip(ex_ante_mean(h, d, n), 1e-6, 1.0 - 1e-6)
    k = np.minimum(d / mu, 1.0)
    return SelectionDraws(h=h, d=d, n=n, mu=mu, k=k)
