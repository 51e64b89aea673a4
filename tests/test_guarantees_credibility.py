"""Credibility of guarantees: shipped base rates reproduce from the data; each modifier moves ex-ante
credibility in its documented direction (issue 12 dropped the capability and command modifiers)."""

from __future__ import annotations

import importlib.util
import json
import sys
from importlib import resources
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.case.guarantee import Forces, Guarantee
from accord.case.model import Case
from accord.case.yaml_io import load_case
from accord.errors import AnalysisError
from accord.guarantees.base_rates import base_rate
from accord.guarantees.credibility import DEFAULTS, assess, assess_all

REPO = Path(__file__).resolve().parents[1]
_CANDIDATES = (Path(__file__).resolve().parents[2] / "shared" / "data", REPO / ".." / "shared" / "data")
DATA = next((p.resolve() for p in _CANDIDATES if (p / "berkemeier-fuhrmann-2018.dta").is_file()), None)
needs_data = pytest.mark.skipif(DATA is None, reason="../shared/data with the .dta files is absent")

CASE = load_case("ukraine-2025")
BUILTIN_IDS = (
    "nato-art5",
    "budapest-1994",
    "minsk-2",
    "uk-ukr-2024",
    "uk-ukr-100yr",
    "euro-reassurance",
    "coalition-art5-like",
    "rus-draft-2021",
)


def _shipped() -> dict[str, Any]:
    text = resources.files("accord.guarantees").joinpath("data/base_rates.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "derive_base_rates", REPO / "scripts" / "derive_base_rates.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _with(
    guarantee_id: str = "coalition-art5-like", assumptions: dict[str, float] | None = None, **update: Any
) -> Case:
    """Return the built-in case with one guarantee changed and assumptions set."""
    guarantees = tuple(
        Guarantee.model_validate({**g.model_dump(), **update}) if g.id == guarantee_id else g
        for g in CASE.guarantees
    )
    data = {**CASE.model_dump(), "guarantees": [g.model_dump() for g in guarantees]}
    if assumptions is not None:
        data["assumptions"] = assumptions
    return Case.model_validate(data)


def _p(case: Case, guarantee_id: str = "coalition-art5-like", guarantor: str = "USA") -> float:
    return assess(case, guarantee_id).probability(guarantor)


# --- derivation ---------------------------------------------------------------------------


@needs_data
def test_shipped_figures_match_what_the_script_computes() -> None:
    assert DATA is not None
    assert _script().derive(DATA) == _shipped()["figures"]


@needs_data
def test_script_writes_the_json(tmp_path: Path) -> None:
    out = tmp_path / "base_rates.json"
    _script().main([str(DATA), "--out", str(out)])
    written = json.loads(out.read_text(encoding="utf-8"))
    assert written["figures"] == _shipped()["figures"]
    assert written["obligation_map"] == _shipped()["obligation_map"]


@pytest.mark.parametrize(
    ("key", "published"),
    [
        ("all.all", 0.50),
        ("all.pre1945", 0.66),
        ("all.post1945", 0.22),
        ("defence.all", 0.41),
        ("defence.pre1945", 0.61),
        ("defence.post1945", 0.14),
    ],
)
def test_shipped_figures_equal_published_ones(key: str, published: float) -> None:
    fig = _shipped()["figures"]["berkemeier_fuhrmann_2018"][key]
    assert abs(fig["honoured"] / fig["n"] - published) <= 0.01
    low, high = fig["ci95"]
    assert low < fig["rate"] < high


def test_overall_count_is_73_of_146() -> None:
    fig = _shipped()["figures"]["berkemeier_fuhrmann_2018"]["all.all"]
    assert (fig["honoured"], fig["n"]) == (73, 146)


def test_every_figure_cites_its_dataset_and_the_command_is_recorded() -> None:
    doc = _shipped()
    assert doc["command"].startswith("python scripts/derive_base_rates.py")
    for table in doc["figures"].values():
        for fig in table.values():
            assert "(2018)" in fig["citation"] or "(2005)" in fig["citation"]


def test_every_obligation_is_mapped_and_unmatched_ones_are_marked_assumptions() -> None:
    mapping = _shipped()["obligation_map"]
    assert set(mapping) == {
        "defence",
        "consultation",
        "assistance_without_combat",
        "arms_supply",
        "monitoring",
        "assurance",
    }
    assert mapping["defence"]["assumption"] is False
    for ob in ("consultation", "assistance_without_combat", "arms_supply", "monitoring"):
        assert mapping[ob]["assumption"] is True


def test_era_rule() -> None:
    assert base_rate("defence", None).figure == "defence.post1945"
    assert base_rate("defence", 1945).figure == "defence.post1945"
    assert base_rate("defence", 1944).figure == "defence.pre1945"
    assert base_rate("defence", 1900).probability > base_rate("defence", 2025).probability


# --- the built-in guarantees ----------------------------------------------------------------


def test_builtin_guarantees_all_assessed_in_open_interval() -> None:
    results = assess_all(CASE)
    assert tuple(r.guarantee for r in results) == BUILTIN_IDS
    for r in results:
        assert r.guarantors
        for g in r.guarantors:
            # the threat itself gets no probability (issue 12); every other guarantor one in (0, 1)
            assert (g.probability == 0.0) if g.is_threat else (0.0 < g.probability < 1.0)
            assert 0.0 < g.base_rate < 1.0
            for m in g.modifiers:
                assert m.odds_ratio > 0
                assert m.source
                assert m.name in DEFAULTS


def test_unknown_guarantee_lists_known_ids() -> None:
    with pytest.raises(AnalysisError, match="no-such") as info:
        assess(CASE, "no-such")
    for gid in BUILTIN_IDS:
        assert gid in str(info.value)


def test_assumption_override_changes_result() -> None:
    base = _p(CASE)
    changed = _p(_with(assumptions={"guarantees.legal_form_executive_agreement_odds": 0.2}))
    assert changed < base
    mod = next(
        m
        for m in assess(
            _with(assumptions={"guarantees.legal_form_executive_agreement_odds": 0.2}), "coalition-art5-like"
        )
        .guarantors[0]
        .modifiers
        if m.name == "legal_form_executive_agreement_odds"
    )
    assert mod.source == "assumption (set in the case)"


def test_per_guarantor_turnover_override_affects_only_that_guarantor() -> None:
    case = _with(assumptions={"guarantees.walkback_probability.usa": 0.9})
    assert _p(case, guarantor="USA") < _p(CASE, guarantor="USA")
    assert _p(case, guarantor="GBR") == _p(CASE, guarantor="GBR")


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("guarantees.integrated_command_odds", 0.0),
        ("guarantees.walkback_probability", 1.0),
        ("guarantees.election_interval_years", -1.0),
        ("guarantees.coalition_follow", 2.0),
    ],
)
def test_out_of_range_assumption_raises(name: str, value: float) -> None:
    with pytest.raises(AnalysisError, match=name):
        assess(_with(assumptions={name: value}), "coalition-art5-like")


# --- each modifier moves the probability in its documented direction ------------------------

LEGAL_ORDER = ("political_declaration", "unilateral_law", "executive_agreement", "ratified_treaty")


def test_ratification_never_lowers_credibility() -> None:
    ps = [_p(_with(legal_form=form)) for form in LEGAL_ORDER]
    assert ps == sorted(ps)
    assert ps[-1] > ps[0]


@settings(max_examples=30, deadline=None)
@given(st.sampled_from(LEGAL_ORDER), st.floats(0.05, 20.0))
def test_legal_form_odds_override_direction(form: str, ratio: float) -> None:
    case = _with(legal_form=form)
    p0 = _p(case)
    p1 = _p(_with(legal_form=form, assumptions={f"guarantees.legal_form_{form}_odds": ratio}))
    default = DEFAULTS[f"legal_form_{form}_odds"].value
    assert (p1 - p0) * (ratio - default) >= -1e-15


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 200_000), st.integers(0, 200_000))
def test_more_forces_never_lower_credibility(a: int, b: int) -> None:
    lo, hi = sorted((a, b))
    p_lo = _p(_with(forces=Forces(count=lo, nations=("USA",)).model_dump()))
    p_hi = _p(_with(forces=Forces(count=hi, nations=("USA",)).model_dump()))
    assert p_hi >= p_lo


def test_small_tripwire_adds_little_large_force_adds_more() -> None:
    none = _p(CASE)
    small = _p(_with(forces={"count": 500, "nations": ["USA"]}))
    large = _p(_with(forces={"count": 30_000, "nations": ["USA"]}))
    assert none < small < large
    assert small - none < large - small
    # forces of other nations do not change this guarantor's modifiers
    assert _p(_with(forces={"count": 30_000, "nations": ["GBR"]})) == none


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 3650), st.integers(0, 3650))
def test_longer_response_lag_lowers_credibility(a: int, b: int) -> None:
    lo, hi = sorted((a, b))
    p_lo = _p(_with(response_lag_days=lo))
    p_hi = _p(_with(response_lag_days=hi))
    assert p_hi <= p_lo
    if hi > lo and p_lo > 1e-9:  # below that both are at the floating-point floor
        assert p_hi < p_lo


@settings(max_examples=40, deadline=None)
@given(st.floats(0.0, 0.95), st.floats(0.0, 0.95))
def test_higher_walkback_probability_lowers_credibility(a: float, b: float) -> None:
    lo, hi = sorted((a, b))
    p_lo = _p(_with(assumptions={"guarantees.walkback_probability": lo}))
    p_hi = _p(_with(assumptions={"guarantees.walkback_probability": hi}))
    assert p_hi <= p_lo


@settings(max_examples=40, deadline=None)
@given(st.floats(0.5, 12.0), st.floats(0.5, 12.0))
def test_more_frequent_elections_lower_credibility(a: float, b: float) -> None:
    short, long_ = sorted((a, b))
    p_short = _p(_with(assumptions={"guarantees.election_interval_years": short}))
    p_long = _p(_with(assumptions={"guarantees.election_interval_years": long_}))
    assert p_short <= p_long


def test_no_walkback_means_no_turnover_penalty() -> None:
    case = _with(assumptions={"guarantees.walkback_probability": 0.0})
    assert assess(case, "coalition-art5-like").guarantors[0].turnover == 1.0


def test_shorter_duration_caps_turnover_horizon() -> None:
    assert _p(_with(duration_years=2.0)) > _p(_with(duration_years=None))


def test_defaults_cite_a_source_or_say_assumption() -> None:
    for d in DEFAULTS.values():
        assert d.source == "assumption" or "(20" in d.source
