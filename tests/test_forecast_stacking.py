"""``learned-stack``: the convex median regression, its bases, and the structure its inner CV picks."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from accord.errors import AnalysisError
from accord.forecast.base import IssueContext, IssueData
from accord.forecast.stacking import LearnedStackModel, base_forecasts, l1_convex_weights


def test_l1_weights_recover_a_convex_combination_despite_outliers() -> None:
    rng = np.random.default_rng(0)
    features = rng.uniform(0.0, 100.0, (60, 3))
    truth = np.asarray([0.2, 0.0, 0.8])
    y = features @ truth
    y[:5] += 80.0  # gross errors: least squares would be pulled, the median regression is not
    b = l1_convex_weights(features, y)
    assert b.sum() == pytest.approx(1.0)
    assert np.all(b >= 0)
    assert b == pytest.approx(truth, abs=1e-6)


def test_l1_weights_need_rows() -> None:
    with pytest.raises(AnalysisError, match="at least one issue"):
        l1_convex_weights(np.zeros((0, 2)), np.zeros(0))


def _issue(n: int, rng: np.random.Generator, procedure: str) -> tuple[IssueData, float]:
    actors = ["com", "ep", "de", "fr", "it"]
    x = rng.choice([0.0, 20.0, 50.0, 80.0, 100.0], len(actors))
    ctx = IssueContext(
        procedure=procedure,  # type: ignore[arg-type]
        reference=float(rng.choice([0.0, 100.0])),
        date=dt.date(2000, 1, 1),
        gdp=(0.0, 0.0, 3.0, 2.0, 2.0),
        group=f"p{n // 2}",
    )
    data = IssueData.of(x, rng.uniform(0.2, 1.0, 5), np.ones(5), actors=actors, key=f"i{n}", context=ctx)
    # under co-decision the outcome is the Parliament's position; under consultation the Commission's
    return data, float(x[1] if procedure == "codecision" else x[0])


def test_bases_and_the_missing_ones() -> None:
    ctx = IssueContext(reference=None, gdp=(1.0, 3.0))
    issue = IssueData.of([10.0, 90.0], [1.0, 1.0], [1.0, 1.0], actors=["de", "fr"], context=ctx)
    mean, median, ref, com, ep = base_forecasts(issue)
    assert mean == pytest.approx(70.0)
    assert median == 90.0
    assert ref == com == ep == mean  # no rp, no Commission, no Parliament: the weighted mean


def test_inner_cv_picks_the_procedure_structure_when_roles_differ() -> None:
    rng = np.random.default_rng(1)
    rows = [_issue(n, rng, "codecision" if n % 2 else "consultation") for n in range(80)]
    issues, y = [d for d, _ in rows], [v for _, v in rows]
    model = LearnedStackModel().fit(issues, y)
    assert model.fitted
    assert model.structure == "procedure"
    cod, con = model.weights
    assert cod[4] == pytest.approx(1.0, abs=1e-6)  # co-decision: the Parliament's position
    assert con[3] == pytest.approx(1.0, abs=1e-6)  # consultation: the Commission's
    assert dict(model.inner_mae)["procedure"] < dict(model.inner_mae)["baseline"]
    assert len(model.oof_errors) == len(issues)
    for d, v in rows:
        assert model.predict(d).outcome == pytest.approx(v, abs=1e-6)


def test_inner_cv_keeps_the_baseline_on_noise_and_unfitted_is_the_weighted_mean() -> None:
    rng = np.random.default_rng(2)
    rows = [_issue(n, rng, "codecision") for n in range(40)]
    issues = [d for d, _ in rows]
    mean_of = [float(base_forecasts(d)[0]) for d in issues]
    assert [LearnedStackModel().predict(d).outcome for d in issues] == pytest.approx(mean_of)
    y = [m for m in mean_of]  # the outcome is the weighted mean itself: nothing to gain by stacking
    model = LearnedStackModel().fit(issues, y)
    assert model.structure == "baseline"


def test_fit_needs_two_proposals() -> None:
    rng = np.random.default_rng(3)
    d, v = _issue(0, rng, "codecision")
    with pytest.raises(AnalysisError, match="at least two proposals"):
        LearnedStackModel().fit([d, d], [v, v])
    with pytest.raises(AnalysisError, match="needs issues with outcomes"):
        LearnedStackModel().fit([d], [])
