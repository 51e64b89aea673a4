"""Validation of the war-recurrence model: reproducible from the shipped files and the data."""

from __future__ import annotations

import importlib.util
import sys
from importlib import resources
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

from accord.errors import AnalysisError
from accord.guarantees.validation import (
    RETRODICTIONS,
    ValidationReport,
    brier_ipcw,
    cox_fit,
    harrell_c,
    kaplan_meier,
    load_spells,
    shipped_validation,
    validate,
)

REPO = Path(__file__).resolve().parents[1]
_CANDIDATES = (Path(__file__).resolve().parents[2] / "shared" / "data", REPO / ".." / "shared" / "data")
DATA = next(
    (p.resolve() for p in _CANDIDATES if (p / "peace-science" / "cow_war_inter.csv.gz").is_file()), None
)
needs_data = pytest.mark.skipif(DATA is None, reason="../shared/data (COW, GML, Fortna files) is absent")


@pytest.fixture(scope="module")
def report() -> ValidationReport:
    return validate(None)


def _script(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, REPO / "scripts" / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_backtest_reproduces_the_shipped_figures(report: ValidationReport) -> None:
    shipped = shipped_validation()
    for outcome in ("war", "violation"):
        mine, theirs = report.backtest[outcome], shipped.backtest[outcome]
        assert mine["n_spells"] == theirs["n_spells"]
        assert mine["n_events"] == theirs["n_events"]
        for h, b in theirs["brier"].items():
            assert mine["brier"][h]["weibull"] == pytest.approx(b["weibull"], rel=1e-6)
            assert mine["brier"][h]["constant_rate"] == pytest.approx(b["constant_rate"], rel=1e-9)
        assert mine["c_index"] == pytest.approx(theirs["c_index"], rel=1e-6)
        for a, b in zip(mine["calibration"], theirs["calibration"], strict=True):
            assert a == pytest.approx(b, rel=1e-6)
    for a, b in zip(report.retrodictions, shipped.retrodictions, strict=True):
        for name, res in b["results"].items():
            assert a["results"][name]["p_point"] == pytest.approx(res["p_point"], rel=1e-6)
            assert a["results"][name]["p_90"] == pytest.approx(res["p_90"], rel=1e-6)


def test_weibull_beats_the_constant_rate_out_of_sample(report: ValidationReport) -> None:
    for outcome in ("war", "violation"):
        bt = report.backtest[outcome]
        assert bt["n_wars"] > 80
        for b in bt["brier"].values():
            assert b["weibull"] < b["constant_rate"]
        assert bt["c_index"]["weibull"] > 0.55
        assert bt["c_index"]["constant_rate"] == 0.5
        assert len(bt["calibration"]) == 5
        preds = [row["predicted"] for row in bt["calibration"]]
        assert preds == sorted(preds)


def test_report_round_trips_through_json(report: ValidationReport) -> None:
    assert ValidationReport.from_dict(report.to_dict()).to_dict() == report.to_dict()
    assert report.fortna is None
    assert report.fortna_status.startswith("skipped")
    with pytest.raises(AnalysisError, match="malformed validation report"):
        ValidationReport.from_dict({"backtest": {}})


def test_retrodictions_are_fitted_on_data_known_before_the_event(report: ValidationReport) -> None:
    spells = load_spells()
    for spec, res in zip(RETRODICTIONS, report.retrodictions, strict=True):
        keep, _, _ = spells.truncated(spec.outcome, spec.forecast_year)
        main = res["results"]["main"]
        assert main["fit"]["n_spells"] == int(keep.sum())
        assert set(spec.justification) >= set(spec.profile)
        lo, hi = main["p_90"]
        assert 0 <= lo <= main["p_median"] <= hi <= 1
    crimea = next(r for r in report.retrodictions if r["key"] == "crimea_2014")
    assert crimea["results"]["main"]["fit"]["n_spells"] < spells.X.shape[0]  # 1995 knowledge only


def test_survival_helpers_on_hand_examples() -> None:
    t = np.array([1.0, 2.0, 2.0, 3.0, 4.0])
    d = np.array([1.0, 1.0, 0.0, 1.0, 0.0])
    times, surv = kaplan_meier(t, d)
    assert times.tolist() == [1.0, 2.0, 3.0]
    assert surv == pytest.approx([0.8, 0.8 * 3 / 4, 0.8 * 3 / 4 * 1 / 2])
    risk = -t + 0.1 * d  # an event at 2 outranks the spell censored at 2
    assert harrell_c(t, d, risk) == 1.0
    assert harrell_c(t, d, -risk) == 0.0
    assert harrell_c(t, d, -t) == pytest.approx(7.5 / 8)  # 8 comparable pairs, one tied in risk
    assert harrell_c(t, d, np.zeros(5)) == 0.5
    perfect, _ = brier_ipcw(t, d, (t <= 2.5) & (d > 0), 2.5)
    assert perfect == 0.0
    worst, n_inf = brier_ipcw(t, d, 1.0 - ((t <= 2.5) & (d > 0)), 2.5)
    assert worst > 0.5
    assert n_inf == 4


def test_cox_recovers_a_simulated_hazard_ratio() -> None:
    rng = np.random.default_rng(5)
    x = rng.integers(0, 2, 1500).astype(float)
    T = rng.exponential(1.0 / np.exp(-0.7 * x))
    C = rng.uniform(0, 3, x.size)
    b, cov = cox_fit(np.minimum(T, C), (T <= C).astype(float), x[:, None])
    assert abs(b[0] + 0.7) < 4 * np.sqrt(cov[0, 0])


@needs_data
def test_fortna_peacekeeping_effect_is_recovered() -> None:
    assert DATA is not None
    rep = validate(DATA)
    f = rep.fortna
    assert f is not None, rep.fortna_status
    assert (f["n"], f["n_with_pk"], f["n_without_pk"]) == (96, 34, 62)
    assert round(f["share_held_with_pk"], 2) == 0.56
    assert round(f["share_held_without_pk"], 2) == 0.34
    naive, adjusted = f["naive"], f["adjusted"]["lntime3"]
    assert naive["hr"] == pytest.approx(0.54, abs=0.02)
    assert adjusted["hr"] < naive["hr"] < 1
    assert adjusted["high"] < 1  # well below 1 once selection is handled
    assert f["n_adjusted"] == 79


@needs_data
def test_derivation_reproduces_the_shipped_spells(tmp_path: Path) -> None:
    assert DATA is not None
    script = _script("derive_war_recurrence")
    spells, counts = script.build_spells(DATA)
    out = tmp_path / "war_spells.csv"
    script.write_csv(spells, out)
    shipped = resources.files("accord.guarantees").joinpath("data/war_spells.csv").read_bytes()
    assert out.read_bytes() == shipped
    assert counts["spells"] == 374
    assert counts["wars"] == 95
    models = script.fit_models(spells)
    from accord.guarantees.recurrence import load_model

    for outcome, m in models.items():
        assert m.coef == pytest.approx(load_model(outcome).coef, rel=1e-6, abs=1e-9)
