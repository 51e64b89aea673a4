"""The power model's vectorised fit equals the per-issue implementation it replaced.

``_reference_fit`` and ``_reference_predict`` are the code of ``PowerModel.fit`` and
``PowerModel.predict`` before the fit's per-issue sums were precomputed once and cached
(``accord.forecast.institutional``): a Python pass over every issue at every fit. They are
kept here, slow, so the fast fit can be checked against them on the DEU III dev split.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from accord.forecast.backtest import grouped_folds
from accord.forecast.base import IssueContext, IssueData
from accord.forecast.deu import read_deu
from accord.forecast.institutional import (
    COMMISSION,
    INSTITUTION_GRID,
    PARLIAMENT,
    PowerModel,
    power_capabilities,
)
from accord.forecast.voting_power import state_power
from accord.forecast.weighted import weighted_mean

FIXTURE = Path(__file__).parent / "data" / "deu3-dev.tsv"


def _reference_sums(
    model: PowerModel, issue: IssueData
) -> tuple[float, float, float, float, float, float, bool, float]:
    caps = power_capabilities(issue, 1.0, 1.0, model.index)
    x, s = issue.positions, issue.saliences
    plain = weighted_mean(x, issue.weights)
    if caps is None:
        w = issue.weights
        return float((w * x).sum()), float(w.sum()), 0.0, 0.0, 0.0, 0.0, True, plain
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
        issue.context.procedure != "consultation",
        plain,
    )


def _reference_fit(model: PowerModel, issues: Sequence[IssueData], outcomes: Sequence[float]) -> PowerModel:
    y = np.asarray(outcomes, dtype=np.float64)
    grid = np.asarray(INSTITUTION_GRID)
    rows = [_reference_sums(model, i) for i in issues]
    a, b, c1, c0, e1, e0, cod, plain = (np.asarray(v) for v in zip(*rows, strict=True))
    kc = grid[:, None, None, None]
    kp = grid[None, :, None, None]
    kn = grid[None, None, :, None]
    ke = np.where(cod, kp, kn)
    num = a + kc * c1 + ke * e1
    den = b + kc * c0 + ke * e0
    pred = np.where(den > 0, num / np.where(den > 0, den, 1.0), plain)
    loss = np.abs(pred - y).mean(axis=-1)
    best = np.unravel_index(int(np.argmin(loss)), loss.shape)
    return dataclasses.replace(
        model,
        commission=float(grid[best[0]]),
        parliament=float(grid[best[1]]),
        parliament_consultation=float(grid[best[2]]),
        tuned=True,
    )


def _reference_predict(model: PowerModel, issue: IssueData) -> float:
    ep = model.parliament if issue.context.procedure != "consultation" else model.parliament_consultation
    ctx = issue.context
    if ctx.date is None:
        return weighted_mean(issue.positions, issue.weights)
    power = state_power(ctx.date, ctx.voting or "qmv", model.index)
    com, ep = model.commission / len(power), ep / len(power)
    caps = np.asarray(
        [com if a == COMMISSION else ep if a == PARLIAMENT else power.get(a, 0.0) for a in issue.actors]
    )
    return weighted_mean(issue.positions, caps * issue.saliences)


def _params(m: PowerModel) -> tuple[float, float, float, bool]:
    return (m.commission, m.parliament, m.parliament_consultation, m.tuned)


@pytest.mark.parametrize("capability", ["equal", "gdp"])
@pytest.mark.parametrize("index", ["shapley", "banzhaf"])
def test_fit_and_predictions_equal_the_reference_on_the_dev_split(capability: str, index: str) -> None:
    data = read_deu(FIXTURE, capability=capability)  # type: ignore[arg-type]
    scored = data.scored
    issues = [i.data for i in scored]
    y = [float(i.outcome) for i in scored if i.outcome is not None]
    model = PowerModel(index=index)  # type: ignore[arg-type]
    folds = np.asarray(grouped_folds([i.proposal for i in scored], 5, seed=0))
    fits = 0
    # the whole split, then each training split of a 5-fold CV: the fast fit reuses cached sums
    for keep in [np.ones(len(issues), dtype=bool), *(folds != f for f in range(5))]:
        train = [d for d, k in zip(issues, keep, strict=True) if k]
        y_train = [v for v, k in zip(y, keep, strict=True) if k]
        fast = model.fit(train, y_train)
        slow = _reference_fit(model, train, y_train)
        assert _params(fast) == _params(slow)
        fits += fast.commission != 1.0 or fast.parliament != 1.0 or fast.parliament_consultation != 1.0
        for d in issues:
            assert fast.predict(d).outcome == pytest.approx(_reference_predict(slow, d), abs=1e-9)
    assert fits  # the grid search moved off the defaults at least once


def test_fit_without_dates_and_with_zero_weights_equals_the_reference() -> None:
    rng = np.random.default_rng(3)
    actors = ["com", "ep", "de", "fr", "uk", "it", "es"]
    issues, y = [], []
    for n in range(40):
        x = rng.choice([0.0, 30.0, 70.0, 100.0], len(actors))
        s = rng.uniform(0.0, 1.0, len(actors))
        if n % 7 == 0:
            s[2:] = 0.0  # the states carry no weight: the institutions decide, or the plain mean
        ctx = IssueContext(
            procedure="codecision" if n % 3 else "consultation",
            voting="unanimity" if n % 5 == 0 else "qmv",
            date=None if n % 4 == 0 else dt.date(1996 + n % 20, 6, 1),
        )
        issues.append(IssueData.of(x, s, rng.uniform(0.0, 2.0, len(actors)), actors=actors, context=ctx))
        y.append(float(rng.uniform(0.0, 100.0)))
    fast = PowerModel().fit(issues, y)
    slow = _reference_fit(PowerModel(), issues, y)
    assert _params(fast) == _params(slow)
    for d in issues:
        assert fast.predict(d).outcome == pytest.approx(_reference_predict(slow, d), abs=1e-9)
    # a fit on issues that are equal but not the same objects gives the same answer
    copies = [dataclasses.replace(d) for d in issues]
    assert _params(PowerModel().fit(copies, y)) == _params(fast)
