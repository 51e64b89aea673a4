"""The guarantee model, second version: each error of the first version has a test that catches it."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.case import Case, load_case
from accord.case.guarantee import Forces
from accord.errors import AnalysisError
from accord.guarantees.architecture import NONE, Unit, architecture_of
from accord.guarantees.assumptions import Assumptions
from accord.guarantees.credibility import assess
from accord.guarantees.engine import draw_common, evaluate, protection
from accord.guarantees.inverse import parse_target, solve_target
from accord.guarantees.selection import ex_ante_mean, invoked_rate
from accord.guarantees.simulation import point_war_probability, simulate

DOCS = Path(__file__).resolve().parents[1] / "docs" / "guarantees.md"
ORDER = ["nato-art5", "coalition-art5-like", "euro-reassurance", "uk-ukr-2024", "budapest-1994"]


@pytest.fixture(scope="module")
def ukraine() -> Case:
    return load_case("ukraine-2025")


@pytest.fixture(scope="module")
def results(ukraine: Case) -> dict[str, object]:
    return dict(simulate(ukraine, draws=20_000, seed=0))


def _with(case: Case, gid: str, **update: object) -> Case:
    guarantees = tuple(g.model_copy(update=update) if g.id == gid else g for g in case.guarantees)
    return case.model_copy(update={"guarantees": guarantees})


def _assume(case: Case, **values: float) -> Case:
    merged = {**dict(case.assumptions or {}), **{k.replace("__", "."): v for k, v in values.items()}}
    return case.model_copy(update={"assumptions": merged})


# ---- the expected order on ukraine-2025 ------------------------------------------------------


def test_architectures_rank_as_an_expert_expects(results: dict[str, object]) -> None:
    war10 = {gid: r.war[120].mean for gid, r in results.items()}  # type: ignore[attr-defined]
    ranked = [war10[g] for g in ORDER]
    assert ranked == sorted(ranked), war10
    assert war10["budapest-1994"] == pytest.approx(war10[NONE])
    assert war10["nato-art5"] < war10[NONE] - 0.01


def test_differences_from_none_use_common_draws(results: dict[str, object]) -> None:
    none = results[NONE]
    for gid, r in results.items():
        for m, est in r.war.items():  # type: ignore[attr-defined]
            assert est.mean - none.war[m].mean == pytest.approx(r.diff_none[m].mean, abs=1e-12)  # type: ignore[attr-defined]
        # every architecture that commits capacity lowers the risk in (nearly) every draw
        if gid in ORDER[:4]:
            assert r.diff_none[120].high95 <= 1e-12  # type: ignore[attr-defined]


def test_contributions_add_up_to_the_reduction(results: dict[str, object]) -> None:
    r = results["coalition-art5-like"]
    total = sum(r.contributions.values())  # type: ignore[attr-defined]
    assert total < 0  # negative: lower risk
    # the Shapley shares are computed on the first 2,000 draws: equal to the whole within MC error
    assert total == pytest.approx(r.diff_none[120].mean, abs=5 * r.diff_none[120].se + 0.002)  # type: ignore[attr-defined]
    assert set(r.contributions) == {"USA", "GBR", "FRA", "DEU", "POL", "ITA"}  # type: ignore[attr-defined]
    # the United States brings most capacity, so it contributes most
    assert min(r.contributions, key=r.contributions.get) == "USA"  # type: ignore[attr-defined]


def test_results_do_not_move_with_the_seed_beyond_their_error(ukraine: Case) -> None:
    a = simulate(ukraine, ["nato-art5", NONE], draws=20_000, seed=1, attribute=False)
    b = simulate(ukraine, ["nato-art5", NONE], draws=20_000, seed=2, attribute=False)
    for gid in a:
        x, y = a[gid].war[120], b[gid].war[120]
        assert abs(x.mean - y.mean) < 4 * np.hypot(x.se, y.se)
        assert x.se < 0.002


def test_same_seed_same_numbers_whatever_else_is_compared(ukraine: Case) -> None:
    alone = simulate(ukraine, ["nato-art5"], draws=3000, seed=7, attribute=False)
    together = simulate(ukraine, ["budapest-1994", "nato-art5", NONE], draws=3000, seed=7, attribute=False)
    assert alone["nato-art5"].war[120] == together["nato-art5"].war[120]


# ---- error 1: capability counted once, and military -------------------------------------------


def test_negotiating_influence_does_not_enter_the_guarantee_model(ukraine: Case) -> None:
    actors = tuple(a.model_copy(update={"capability": 0.01}) if a.id == "NATO" else a for a in ukraine.actors)
    weak = ukraine.model_copy(update={"actors": actors})
    assert point_war_probability(weak, "nato-art5") == point_war_probability(ukraine, "nato-art5")


def test_military_spending_enters_the_weight_not_the_resolve(ukraine: Case) -> None:
    poorer = _assume(ukraine, guarantees__milex__gbr=1000.0)
    assert point_war_probability(poorer, "uk-ukr-2024") > point_war_probability(ukraine, "uk-ukr-2024")
    assert assess(poorer, "uk-ukr-2024").probability("GBR") == assess(ukraine, "uk-ukr-2024").probability(
        "GBR"
    )


def test_alliance_acts_through_its_members_and_the_eu_brings_no_forces(ukraine: Case) -> None:
    nato = architecture_of(ukraine, "nato-art5")
    members = {u.id for u in nato.units}
    assert {"USA", "GBR", "FRA", "DEU", "POL"} <= members
    eu = _with(ukraine, "uk-ukr-2024", guarantors=("EU",))
    assert architecture_of(eu, "uk-ukr-2024").units == ()


# ---- error 2: selection --------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(
    h=st.floats(0.02, 0.95),
    d=st.floats(0.0, 0.6),
    n=st.floats(0.2, 50.0),
)
def test_ex_ante_mean_inverts_the_invoked_rate(h: float, d: float, n: float) -> None:
    mu = float(ex_ante_mean(h, d, n))
    assert 0 < mu < 1
    if d / mu <= 1:
        assert float(invoked_rate(mu, n, d / mu)) == pytest.approx(h, abs=1e-9)
    # deterrence hides resolve: the ex-ante mean is never below the invoked rate
    assert mu >= h - 1e-12
    if d > 1e-6:
        assert mu > h


def test_credibility_reports_both_numbers_with_intervals(ukraine: Case) -> None:
    cred = assess(ukraine, "coalition-art5-like")
    for g in cred.guarantors:
        assert g.ex_ante is not None
        assert g.invoked is not None
        assert g.ex_ante.low95 <= g.ex_ante.low80 <= g.ex_ante.mean <= g.ex_ante.high80 <= g.ex_ante.high95
        # a guarantor whose response would deter is tested less when it is resolute
        assert g.invoked.mean < g.ex_ante.mean


# ---- error 3: an assurance by the threat ------------------------------------------------------


def test_the_threat_as_guarantor_adds_nothing_and_shows_no_probability(ukraine: Case) -> None:
    only_russia = _with(ukraine, "budapest-1994", guarantors=("RUS",))
    r = simulate(only_russia, ["budapest-1994", NONE], draws=2000, attribute=False)
    assert r["budapest-1994"].war[120] == r[NONE].war[120]
    g = r["budapest-1994"].guarantors[0].credibility
    assert g.is_threat
    assert g.ex_ante is None
    assert g.invoked is None
    assert g.probability == 0.0


def test_an_assurance_commits_no_capacity(ukraine: Case) -> None:
    assert architecture_of(ukraine, "budapest-1994").units == ()


# ---- error 4: obligation order ---------------------------------------------------------------

OBLIGATIONS = [
    "defence",
    "assistance_without_combat",
    "arms_supply",
    "consultation",
    "monitoring",
    "assurance",
]


@settings(max_examples=15, deadline=None)
@given(st.sampled_from(OBLIGATIONS), st.sampled_from(OBLIGATIONS))
def test_a_weaker_obligation_is_never_more_credible_or_more_protective(strong: str, weak: str) -> None:
    case = load_case("ukraine-2025")
    i, j = OBLIGATIONS.index(strong), OBLIGATIONS.index(weak)
    if i > j:
        strong, weak = weak, strong
    a = _with(case, "uk-ukr-2024", obligation=strong)
    b = _with(case, "uk-ukr-2024", obligation=weak)
    assert assess(b, "uk-ukr-2024").probability("GBR") <= assess(a, "uk-ukr-2024").probability("GBR")
    assert point_war_probability(b, "uk-ukr-2024") >= point_war_probability(a, "uk-ukr-2024") - 1e-12


# ---- error 5: integrated command -------------------------------------------------------------


def test_integrated_command_does_not_raise_credibility_by_default(ukraine: Case) -> None:
    without = _with(ukraine, "nato-art5", integrated_command=False)
    assert assess(without, "nato-art5").probability("NATO") == assess(ukraine, "nato-art5").probability(
        "NATO"
    )


# ---- error 6: turnover is a mixture ----------------------------------------------------------


def test_turnover_multiplies_the_probability(ukraine: Case) -> None:
    never = _assume(ukraine, guarantees__walkback_probability=0.0)
    often = _assume(ukraine, guarantees__walkback_probability=0.5)
    p0 = assess(never, "uk-ukr-2024").guarantors[0]
    p1 = assess(often, "uk-ukr-2024").guarantors[0]
    assert p0.turnover == 1.0
    assert 0 < p1.turnover < 1
    assert p1.probability == pytest.approx(p0.probability * p1.turnover, rel=0.02)


# ---- error 8: coupling has no sampling noise --------------------------------------------------


def test_point_estimate_has_no_seed_and_lies_inside_the_interval(
    ukraine: Case, results: dict[str, object]
) -> None:
    for gid in ORDER:
        p = point_war_probability(ukraine, gid)
        assert p == point_war_probability(ukraine, gid)
        est = results[gid].war[120]  # type: ignore[attr-defined]
        assert est.low95 <= p <= est.high95


# ---- error 9: the hazard falls with time -----------------------------------------------------


def test_most_renewed_wars_come_early(results: dict[str, object]) -> None:
    curve = results[NONE].war_curve  # type: ignore[attr-defined]
    first = curve[12] - curve[0]
    last = (curve[120] - curve[108]) / (1 - curve[108])
    assert first > last > 0


# ---- error 10: the citation -----------------------------------------------------------------


def test_docs_cite_fortna_2003_correctly() -> None:
    text = DOCS.read_text(encoding="utf-8")
    assert "Scraps of Paper? Agreements and the Durability of Peace" in text
    assert "57(2): 337-72" in text


# ---- the closed form against brute force -----------------------------------------------------


def test_closed_form_matches_simulated_event_times(ukraine: Case) -> None:
    a = Assumptions(ukraine.assumptions)
    arch = architecture_of(ukraine, "uk-ukr-2024", a)  # lasts 10 years: check the cut too
    arch = arch.__class__(**{**arch.__dict__, "active_months": 60})
    draws = draw_common(2000, 3, a, arch.guarantors, arch.mechanisms)
    ev = evaluate(arch, draws, a, 120)
    rng = np.random.default_rng(0)
    from accord.guarantees.engine import multipliers

    _, _, m_war, _ = multipliers(arch, draws, a)
    reps = 400
    e = rng.exponential(size=(reps, draws.n))
    scale, p = draws.war_scale, draws.war_shape
    # invert H(t): before the cut H = s m t^p, after it H = s (m c^p + t^p - c^p)
    cut = 5.0
    h_cut = scale * m_war * cut**p
    before = (e / (scale * m_war)) ** (1 / p)
    after = (np.maximum(e / scale - m_war * cut**p + cut**p, 0)) ** (1 / p)
    t = np.where(e < h_cut, before, after)
    empirical = (t <= 10.0).mean(axis=0)
    assert np.mean(empirical) == pytest.approx(ev.war[:, -1].mean(), abs=0.004)


@settings(max_examples=40, deadline=None)
@given(
    theta=st.lists(st.floats(0.0, 1.0), min_size=1, max_size=4),
    caps=st.lists(st.floats(0.1, 10.0), min_size=4, max_size=4),
    follow=st.floats(0.0, 1.0),
)
def test_protection_enumeration_matches_brute_force(
    theta: list[float], caps: list[float], follow: float
) -> None:
    case = load_case("ukraine-2025")
    base = architecture_of(case, "coalition-art5-like")
    g = len(theta)
    units = tuple(Unit(f"U{k}", k, caps[k]) for k in range(g))
    arch = base.__class__(
        **{**base.__dict__, "guarantors": tuple(f"U{k}" for k in range(g)), "units": units, "forces": 0}
    )
    th = np.array([theta])
    exact = protection(arch, th, follow, 1.0, 1.0)[0]
    rng = np.random.default_rng(1)
    reps = 40_000
    order = np.argsort([-c for c in caps[:g]], kind="stable")
    lead = order[0]
    lead_h = rng.random(reps) < theta[lead]
    honours = np.zeros((reps, g), dtype=bool)
    honours[:, lead] = lead_h
    for k in order[1:]:
        copies = rng.random(reps) < follow
        alone = rng.random(reps) < theta[k]
        honours[:, k] = np.where(copies, lead_h, alone)
    c = honours @ np.array(caps[:g])
    t = arch.threat_capacity
    brute = np.mean(c / (c + t))
    assert exact == pytest.approx(brute, abs=0.02)


# ---- levers and inverse questions ------------------------------------------------------------


@settings(max_examples=10, deadline=None)
@given(st.floats(0.0, 1.0), st.floats(0.0, 1.0))
def test_more_credibility_never_raises_the_risk(lo: float, hi: float) -> None:
    lo, hi = min(lo, hi), max(lo, hi)
    case = load_case("ukraine-2025")
    a = simulate(case, ["coalition-art5-like"], draws=500, honour={"USA": lo}, attribute=False)
    b = simulate(case, ["coalition-art5-like"], draws=500, honour={"USA": hi}, attribute=False)
    assert b["coalition-art5-like"].war[120].mean <= a["coalition-art5-like"].war[120].mean + 1e-12


def test_more_forces_lower_the_risk(ukraine: Case) -> None:
    risks = [
        point_war_probability(
            _with(ukraine, "euro-reassurance", forces=Forces(count=n, nations=("GBR",))), "euro-reassurance"
        )
        for n in (0, 20_000, 200_000)
    ]
    assert risks[0] > risks[1] > risks[2]


def test_target_answers_are_tight(ukraine: Case) -> None:
    target = parse_target("war10<0.09")
    answers = {x.architecture: x for x in solve_target(ukraine, target, ["euro-reassurance"], draws=1000)}
    x = answers["euro-reassurance"]
    assert not x.meets
    assert x.credibility is not None
    assert 0 < x.credibility < 1
    assert x.forces is not None
    assert x.forces > 20_000
    for combo in x.mechanisms:
        assert 1 <= len(combo) <= 4


@pytest.mark.parametrize("text", ["war", "war10", "war10<2", "peace10<0.1", "war0<0.1", "war10>0.1"])
def test_bad_targets_are_clear_errors(text: str) -> None:
    with pytest.raises(AnalysisError, match=r"war10<0\.2|at least one month"):
        parse_target(text)


def test_bad_assumptions_are_clear_errors(ukraine: Case) -> None:
    with pytest.raises(AnalysisError, match=r"guarantees\.coalition_follow"):
        simulate(_assume(ukraine, guarantees__coalition_follow=1.5), draws=10)
    with pytest.raises(AnalysisError, match="unknown architecture 'x'"):
        simulate(ukraine, ["x"], draws=10)
    with pytest.raises(AnalysisError, match="draws"):
        simulate(ukraine, draws=0)
