"""Durability model: shipped figures reproduce from PA-X, and the API behaves."""

from __future__ import annotations

import importlib.util
import itertools
import json
import math
import sys
from importlib import resources
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import accord
from accord.errors import AnalysisError
from accord.guarantees.durability import (
    PROVISIONS,
    DurabilityEstimate,
    durability,
    load_model,
    provisions_for_guarantee,
)

REPO = Path(__file__).resolve().parents[1]
PAX = REPO.parent / "shared" / "data" / "pax-v9-agreements.csv"


def _shipped() -> dict[str, Any]:
    text = resources.files("accord.guarantees").joinpath("data/durability.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("fit_durability", REPO / "scripts" / "fit_durability.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


def _assert_close(got: Any, want: Any, path: str = "") -> None:
    if isinstance(want, dict):
        assert isinstance(got, dict), path
        assert set(got) == set(want), path
        for k in want:
            _assert_close(got[k], want[k], f"{path}.{k}")
    elif isinstance(want, list):
        assert isinstance(got, list | tuple), path
        assert len(got) == len(want), path
        for i, (g, w) in enumerate(zip(got, want, strict=True)):
            _assert_close(g, w, f"{path}[{i}]")
    elif isinstance(want, float) and not isinstance(want, bool):
        assert got == pytest.approx(want, rel=1e-6, abs=1e-9), path
    else:
        assert got == want, path


@pytest.mark.skipif(not PAX.exists(), reason="PA-X CSV (../shared/data) not available")
def test_shipped_json_equals_script_output() -> None:
    shipped = _shipped()
    windows = [s["window_years"] for s in shipped["sensitivity"] if s["ce_threshold"] == 2]
    computed = json.loads(json.dumps(_script().build(PAX, shipped["fit"]["window_years"], windows)))
    _assert_close(computed, shipped)


def test_shipped_json_documents_itself() -> None:
    shipped = _shipped()
    assert "Bell" in shipped["citation"]
    assert "Badanjak" in shipped["citation"]
    assert shipped["command"].startswith("python scripts/fit_durability.py")
    fit = shipped["fit"]
    assert fit["n"] == fit["holds"] + fit["events_renewed_ceasefire"]
    assert tuple(fit["names"][1:]) == PROVISIONS
    assert {s["window_years"] for s in shipped["sensitivity"]} >= {1.0, 2.0, 3.0}
    cov = fit["covariance_cluster"]
    for i, name in enumerate(fit["names"]):
        assert math.sqrt(cov[i][i]) == pytest.approx(fit["coefficients"][name]["se_cluster"], rel=1e-6)


@pytest.mark.parametrize("combo", list(itertools.product([False, True], repeat=len(PROVISIONS))))
def test_probability_and_interval_inside_unit_interval(combo: tuple[bool, ...]) -> None:
    est = durability(dict(zip(PROVISIONS, combo, strict=True)))
    assert isinstance(est, DurabilityEstimate)
    assert 0.0 < est.low <= est.probability <= est.high < 1.0
    assert est.window_years == load_model().window_years


def test_monotone_in_provisions_by_coefficient_sign() -> None:
    model = load_model()
    positive = [n for n, b in zip(model.names[1:], model.coef[1:], strict=True) if b > 0]
    assert positive, "expected at least one provision with a positive coefficient"
    for name in PROVISIONS:
        sign = model.coef[model.names.index(name)]
        others = [p for p in PROVISIONS if p != name]
        for combo in itertools.product([False, True], repeat=len(others)):
            base = dict(zip(others, combo, strict=True))
            without = durability({**base, name: False}).probability
            with_ = durability({**base, name: True}).probability
            assert (with_ > without) == (sign > 0), name


def test_missing_provisions_count_as_absent() -> None:
    assert durability({}).probability == durability(dict.fromkeys(PROVISIONS, False)).probability


def test_bad_provision_name_raises_analysis_error() -> None:
    with pytest.raises(AnalysisError, match="unknown durability provision"):
        durability({"peacekeepers": True})


def test_non_bool_value_raises_analysis_error() -> None:
    with pytest.raises(AnalysisError, match="True or False"):
        durability({"peacekeeping": 1})  # type: ignore[dict-item]


def test_provisions_for_ukraine_guarantees() -> None:
    case = accord.load_case("ukraine-2025")
    got = {g.id: provisions_for_guarantee(g, case) for g in case.guarantees}
    for provisions in got.values():
        assert tuple(provisions) == PROVISIONS
        assert not provisions["ceasefire_detail"]
        assert not provisions["foreign_forces_withdrawal"]
        assert not provisions["border_delimitation"]
        assert not provisions["un_signatory"]
    assert got["nato-art5"]["enforcement"]
    assert got["nato-art5"]["other_international_signatory"]  # NATO is an organisation
    assert got["coalition-art5-like"]["enforcement"]
    assert not got["coalition-art5-like"]["other_international_signatory"]  # states only
    assert got["euro-reassurance"]["peacekeeping"]  # 20,000 troops on the ground
    assert not got["euro-reassurance"]["enforcement"]
    assert not any(got["budapest-1994"].values())
    for g in case.guarantees:
        est = durability(got[g.id])
        assert 0.0 < est.probability < 1.0


def test_provisions_without_case_use_default_organisations() -> None:
    case = accord.load_case("ukraine-2025")
    nato = next(g for g in case.guarantees if g.id == "nato-art5")
    assert provisions_for_guarantee(nato)["other_international_signatory"]
    assert not provisions_for_guarantee(nato, organisations=())["other_international_signatory"]
