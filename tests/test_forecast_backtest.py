"""Backtests: grouped folds, out-of-fold scoring, fitting on one file and scoring another, JSON shape.

Also the learned model and the model registry.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Self

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from accord.errors import AnalysisError
from accord.forecast.backtest import backtest, evaluate, grouped_folds
from accord.forecast.base import FittableModel, Forecast, IssueData
from accord.forecast.compromise import CompromiseModel, MedianModel
from accord.forecast.deu import DeuDataset, read_deu
from accord.forecast.learned import LearnedCapabilityModel
from accord.forecast.registry import MODELS, get_model

FIXTURE = Path(__file__).parent / "data" / "deu3-dev.tsv"

# Measured: the learned model's out-of-fold MAE (10 folds by proposal, seed 0, equal capability)
# against the compromise model's 23.27 on the same issues.
LEARNED_CV_MAE = 21.95


@pytest.fixture(scope="module")
def dev() -> DeuDataset:
    return read_deu(FIXTURE)


# ---- grouped folds ----------------------------------------------------------------------------------


@given(
    groups=st.lists(st.sampled_from("abcdefghijklmnop"), min_size=4, max_size=60),
    k=st.integers(2, 6),
    seed=st.integers(0, 2**32 - 1),
)
def test_grouped_folds_never_split_a_group(groups: list[str], k: int, seed: int) -> None:
    distinct = set(groups)
    if k > len(distinct):
        with pytest.raises(AnalysisError, match="folds must be between 2 and the number of proposals"):
            grouped_folds(groups, k, seed)
        return
    folds = grouped_folds(groups, k, seed)
    fold_of: dict[str, int] = {}
    for g, f in zip(groups, folds, strict=True):
        assert fold_of.setdefault(g, f) == f
    counts = np.bincount(list(fold_of.values()), minlength=k)
    assert counts.max() - counts.min() <= 1  # groups dealt evenly, so no fold is empty
    assert grouped_folds(list(reversed(groups)), k, seed) == tuple(reversed(folds))


def test_grouped_folds_on_the_fixture(dev: DeuDataset) -> None:
    proposals = [i.proposal for i in dev.issues]
    folds = grouped_folds(proposals, 10, 0)
    assert folds == grouped_folds(proposals, 10, 0)
    assert folds != grouped_folds(proposals, 10, 1)
    for proposal in dev.proposals:
        assert len({f for p, f in zip(proposals, folds, strict=True) if p == proposal}) == 1


@pytest.mark.parametrize("k", [0, 1, 97])
def test_grouped_folds_rejects_bad_k(dev: DeuDataset, k: int) -> None:
    with pytest.raises(AnalysisError) as info:
        grouped_folds([i.proposal for i in dev.issues], k, 0)
    assert str(info.value) == f"folds must be between 2 and the number of proposals (96); got {k}"


# ---- out-of-fold scoring ----------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Spy:
    """A fittable model that records what it was fitted on and predicts the compromise."""

    seen: list[tuple[frozenset[str], str]]
    trained: frozenset[str] = frozenset()
    name: str = "spy"

    def fit(self, issues: Sequence[IssueData], outcomes: Sequence[float]) -> Self:
        assert len(issues) == len(outcomes)
        return dataclasses.replace(self, trained=frozenset(i.key for i in issues))

    def predict(self, issue: IssueData) -> Forecast:
        self.seen.append((self.trained, issue.key))
        return CompromiseModel().predict(issue)


def test_cross_validation_never_scores_a_proposal_it_was_fitted_on(dev: DeuDataset) -> None:
    seen: list[tuple[frozenset[str], str]] = []
    spy = Spy(seen)
    assert isinstance(spy, FittableModel)
    result = evaluate(spy, dev.issues, folds=5, seed=3)
    proposal_of = {i.issue: i.proposal for i in dev.issues}
    # every issue is predicted out of fold (the inner fits that calibrate intervals predict more)
    assert {key for _, key in seen} == set(proposal_of)
    assert [p.issue for p in result.predictions] == [i.issue for i in dev.issues]
    for trained, key in seen:  # outer and inner (interval calibration) predictions alike
        assert trained  # fitted on something
        assert proposal_of[key] not in {proposal_of[k] for k in trained}
    # issues without an outcome are never fitted on
    unscored = {i.issue for i in dev.issues if i.outcome is None}
    assert all(not (trained & unscored) for trained, _ in seen)
    assert result.validation == "cross-validation"
    assert (result.folds, result.seed) == (5, 3)
    # the spy predicts the compromise, so its out-of-fold error is the compromise model's
    assert result.mae == pytest.approx(evaluate(CompromiseModel(), dev.issues).mae)


def test_learned_model_beats_the_compromise_out_of_fold(dev: DeuDataset) -> None:
    result = backtest([CompromiseModel(), LearnedCapabilityModel()], dev, folds=10, seed=0)
    compromise, learned = result.results
    assert compromise.validation == "direct"
    assert learned.validation == "cross-validation"
    assert compromise.issues == learned.issues == 230
    assert learned.mae == pytest.approx(LEARNED_CV_MAE, abs=0.1)
    assert learned.mae < compromise.mae - 1.0


def split_fixture(tmp_path: Path) -> tuple[Path, Path, set[str]]:
    """Write the fixture's first 48 proposals to a.tsv and the rest to b.tsv."""
    lines = FIXTURE.read_text(encoding="utf-8").splitlines(keepends=True)
    header, weights, rows = lines[0], lines[1], lines[2:]
    column = header.rstrip("\n").split("\t").index("prnr")
    proposals = list(dict.fromkeys(r.split("\t")[column] for r in rows))
    first = set(proposals[:48])
    a = tmp_path / "a.tsv"
    b = tmp_path / "b.tsv"
    a.write_text(
        header + weights + "".join(r for r in rows if r.split("\t")[column] in first), encoding="utf-8"
    )
    b.write_text(
        header + weights + "".join(r for r in rows if r.split("\t")[column] not in first), encoding="utf-8"
    )
    return a, b, first


def test_fit_on_one_file_and_score_on_another(tmp_path: Path) -> None:
    a_path, b_path, first = split_fixture(tmp_path)
    a, b = read_deu(a_path), read_deu(b_path)
    assert not set(a.proposals) & set(b.proposals)
    result = backtest([CompromiseModel(), LearnedCapabilityModel()], b, train=a)
    compromise, learned = result.results
    assert compromise.validation == "direct"
    assert (learned.validation, learned.train, learned.folds) == ("train-set", str(a_path), None)
    assert [p.issue for p in learned.predictions] == [i.issue for i in b.issues]
    assert not {p.proposal for p in learned.predictions} & first
    # the same as fitting by hand on every scored issue of A
    fitted = LearnedCapabilityModel().fit([i.data for i in a.scored], [i.outcome or 0.0 for i in a.scored])
    by_hand = [fitted.predict(i.data).outcome for i in b.issues]
    assert [p.predicted for p in learned.predictions] == pytest.approx(by_hand)
    assert result.to_dict()["results"][1]["validation"] == {"method": "train-set", "train": str(a_path)}


# ---- result shape -----------------------------------------------------------------------------------


def test_json_shape(dev: DeuDataset) -> None:
    result = backtest([CompromiseModel(), MedianModel(), LearnedCapabilityModel()], dev, folds=4, seed=1)
    data = json.loads(json.dumps(result.to_dict()))
    assert list(data) == ["results"]
    assert [r["model"] for r in data["results"]] == ["compromise", "median", "learned"]
    for entry in data["results"]:
        assert set(entry) >= {
            "model",
            "issues",
            "mae",
            "validation",
            "predictions",
            "mae_interval",
            "intervals",
        }
        assert entry["issues"] == 230
        assert len(entry["predictions"]) == 238
        low, high = entry["mae_interval"]["low"], entry["mae_interval"]["high"]
        assert low < entry["mae"] < high
        assert [v["level"] for v in entry["intervals"]["levels"]] == [0.8, 0.95]
        for p in entry["predictions"]:
            assert set(p) == {"issue", "predicted", "outcome", "intervals"}
            assert set(p["intervals"]) == {"80", "95"}
            lo80, hi80 = p["intervals"]["80"]
            lo95, hi95 = p["intervals"]["95"]
            assert 0.0 <= lo95 <= lo80 <= p["predicted"] <= hi80 <= hi95 <= 100.0
            assert isinstance(p["issue"], str)
            assert isinstance(p["predicted"], float)
        scored = [p for p in entry["predictions"] if p["outcome"] is not None]
        assert len(scored) == entry["issues"]
        recomputed = np.mean([abs(p["predicted"] - p["outcome"]) for p in scored])
        assert entry["mae"] == pytest.approx(recomputed, abs=1e-5)
    assert data["results"][2]["validation"] == {
        "method": "cross-validation",
        "folds": 4,
        "seed": 1,
        "groups": "proposal",
    }


def test_progress_reaches_the_total(dev: DeuDataset) -> None:
    calls: list[tuple[int, int]] = []
    backtest(
        [CompromiseModel(), LearnedCapabilityModel()],
        dev,
        folds=3,
        progress=lambda d, t: calls.append((d, t)),
    )
    assert calls[-1] == (714, 714)  # two models and the weighted-mean baseline
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)


def test_no_model(dev: DeuDataset) -> None:
    with pytest.raises(AnalysisError, match="no model to backtest"):
        backtest([], dev)


def test_no_outcome_to_score(tmp_path: Path) -> None:
    path = tmp_path / "x.tsv"
    path.write_text("prnr\tisnr\tpde\tsde\tout\n\t\t1\t\t\np1\tp1i1\t50\t50\t\n", encoding="utf-8")
    with pytest.raises(AnalysisError) as info:
        backtest([CompromiseModel()], read_deu(path))
    assert str(info.value) == f"no issue in {path} has an outcome to score"


# ---- the learned model ------------------------------------------------------------------------------


def issue(positions: Sequence[float], actors: Sequence[str], key: str = "") -> IssueData:
    n = len(positions)
    return IssueData.of(positions, [0.5] * n, [1.0] * n, actors=actors, key=key)


def test_unfitted_learned_model_is_the_compromise_model(dev: DeuDataset) -> None:
    model = LearnedCapabilityModel()
    assert not model.fitted
    for i in dev.issues[:20]:
        assert model.predict(i.data).outcome == pytest.approx(CompromiseModel().predict(i.data).outcome)


def test_learned_model_recovers_a_planted_multiplier() -> None:
    rng = np.random.default_rng(7)
    actors = ["a", "b", "c", "d"]
    issues, outcomes = [], []
    for n in range(120):
        x = rng.uniform(0, 100, size=4)
        issues.append(issue(x.tolist(), actors, key=str(n)))
        weights = np.array([4.0, 1.0, 1.0, 1.0])
        outcomes.append(float((weights * x).sum() / weights.sum()))
    model = LearnedCapabilityModel(ridge=0.0).fit(issues, outcomes)
    m = model.multipliers
    assert model.fitted
    assert m["a"] / m["b"] == pytest.approx(4.0, rel=0.05)
    assert m["c"] / m["d"] == pytest.approx(1.0, rel=0.05)
    # an actor it never saw keeps multiplier 1, and the fit leaves the receiver unchanged
    new = issue([0.0, 100.0], ["a", "zz"])
    assert model.predict(new).outcome == pytest.approx(100 / (1 + m["a"]))
    assert LearnedCapabilityModel().log_multipliers == ()


def test_ridge_shrinks_towards_the_compromise_model() -> None:
    issues = [issue([0.0, 100.0], ["a", "b"], key=str(n)) for n in range(10)]
    outcomes = [80.0] * 10
    loose = LearnedCapabilityModel(ridge=0.0).fit(issues, outcomes).multipliers
    tight = LearnedCapabilityModel(ridge=1.0).fit(issues, outcomes).multipliers
    assert loose["b"] / loose["a"] == pytest.approx(4.0, rel=0.05)
    assert 1.0 < tight["b"] / tight["a"] < loose["b"] / loose["a"]


@pytest.mark.parametrize(
    ("issues", "outcomes", "message"),
    [
        ([], [], "model 'learned' needs at least one issue with an outcome to fit"),
        ([issue([1.0], ["a"])], [1.0, 2.0], "1 issues but 2 outcomes"),
        ([issue([1.0], ["a"])], [float("nan")], "every training outcome must be a finite number"),
        (
            [IssueData.of([1.0], [1.0], [1.0], key="k1")],
            [1.0],
            "model 'learned' learns per-actor multipliers, so training issues need actor labels (none on k1)",
        ),
    ],
)
def test_learned_fit_errors(issues: list[IssueData], outcomes: list[float], message: str) -> None:
    with pytest.raises(AnalysisError) as info:
        LearnedCapabilityModel().fit(issues, outcomes)
    assert str(info.value) == message


def test_learned_fit_with_only_zero_weights() -> None:
    zero = IssueData.of([10.0, 30.0], [0.0, 0.0], [1.0, 1.0], actors=["a", "b"])
    model = LearnedCapabilityModel().fit([zero], [20.0])
    assert model.fitted
    assert model.predict(zero).outcome == 20.0


# ---- registry ---------------------------------------------------------------------------------------


def test_registry_names_and_models() -> None:
    assert list(MODELS)[:3] == ["weighted-mean", "compromise", "median"]
    assert list(MODELS)[-4:] == ["learned", "learned-select", "learned-mix", "learned-stack"]
    for name in MODELS:
        model = get_model(name)
        assert model.name == name
        assert 20.0 <= model.predict(issue([20.0, 60.0], ["a", "b"])).outcome <= 60.0


def test_registry_unknown_name() -> None:
    with pytest.raises(AnalysisError) as info:
        get_model("oracle")
    assert str(info.value) == f"unknown model 'oracle' (known: {', '.join(MODELS)})"
