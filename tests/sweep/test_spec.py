"""Sampling of uncertain inputs and the widening rule."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord import load_case
from accord.case import Case, parse_case
from accord.sweep import Input, apply_values, build_spec, widening
from accord.sweep.spec import input_name


def _input(
    dist: str, low: float, high: float, mode: float | None = None, mean: float | None = None, sd: float = 1.0
) -> Input:
    mid = (low + high) / 2
    return Input(
        "A.x.ideal",
        "A",
        "x",
        "ideal",
        dist,
        low,
        high,
        mid if mode is None else mode,
        mid if mean is None else mean,
        sd,
        mid,
        "case",
    )


bounds = st.tuples(st.floats(0, 100, allow_nan=False), st.floats(0, 100, allow_nan=False)).map(sorted)


@settings(max_examples=60, deadline=None)
@given(
    bounds,
    st.floats(0, 1),
    st.floats(-50, 150),
    st.floats(0.01, 80),
    st.integers(0, 2**32),
    st.integers(0, 10**6),
)
def test_samples_lie_within_low_high(
    b: list[float], m: float, mean: float, sd: float, seed: int, i: int
) -> None:
    low, high = b
    u = np.random.default_rng([seed, i]).random(64)
    for inp in (
        _input("uniform", low, high),
        _input("triangular", low, high, mode=low + m * (high - low)),
        _input("normal", low, high, mean=mean, sd=sd),
    ):
        x = inp.quantile(u)
        assert np.all(np.isfinite(x))
        assert np.all((x >= low) & (x <= high)), (inp.dist, x.min(), x.max())


def test_triangular_shape() -> None:
    u = np.random.default_rng(0).random(40_000)
    x = _input("triangular", 0.0, 30.0, mode=10.0).quantile(u)
    assert abs(x.mean() - (0 + 30 + 10) / 3) < 0.2
    hist, _ = np.histogram(x, bins=3, range=(0, 30))
    assert hist[0] > hist[2]
    assert hist[1] > hist[2]
    assert abs(np.median(x) - (30 - np.sqrt(0.5 * 30 * 20))) < 0.3


def test_truncated_normal_shape() -> None:
    u = np.random.default_rng(1).random(40_000)
    x = _input("normal", 20.0, 80.0, mean=50.0, sd=10.0).quantile(u)
    assert abs(x.mean() - 50.0) < 0.2
    assert abs(x.std() - 10.0) < 0.3  # truncation at 3 sd barely changes the spread
    y = _input("normal", 60.0, 70.0, mean=10.0, sd=5.0).quantile(u)  # range far in the tail
    assert np.all((y >= 60) & (y <= 70))
    assert y.mean() < 62.0


def test_uniform_with_zero_width_is_constant() -> None:
    for dist in ("uniform", "triangular", "normal"):
        assert np.all(_input(dist, 42.0, 42.0).quantile(np.linspace(0, 0.99, 7)) == 42.0)


@pytest.fixture(scope="module")
def tutorial() -> Case:
    return load_case("tutorial")


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 2**40), st.integers(0, 10**9))
def test_draw_depends_only_on_seed_and_index(seed: int, i: int) -> None:
    spec = build_spec(load_case("tutorial"))
    one = spec.sample(seed, i)
    assert np.array_equal(one, spec.sample(seed, i))
    many = spec.sample_many(seed, [i + 1, i, i + 2])
    assert np.array_equal(many[1], one)  # independent of the other indices asked with it
    assert not np.array_equal(many[0], one)


@pytest.mark.parametrize(
    ("credibility", "expected"),
    [
        (None, (15.0, 0.15)),
        (6, (15.0, 0.15)),
        (5, (15.0, 0.15)),
        (4, (10.0, 0.10)),
        (3, (0.0, 0.0)),
        (2, (0.0, 0.0)),
        (1, (0.0, 0.0)),
    ],
)
def test_widening_rule(credibility: int | None, expected: tuple[float, float]) -> None:
    assert widening(credibility) == expected


def test_widening_follows_the_best_claim(tutorial_text: str) -> None:
    # c-up-share -> credibility 4; c-down-share -> 2; c-bank stays 6;
    # UP funding rests on [c-up-funding, c-down-share]: its best claim has credibility 2
    up_claim = "    text: The upstream minister will not commit to more than a quarter of the flow.\n"
    down_claim = "    text: The downstream king calls any deal without a guaranteed share unacceptable.\n"
    text = (
        tutorial_text.replace(up_claim + "    credibility: 6", up_claim + "    credibility: 4")
        .replace(down_claim + "    credibility: 6", down_claim + "    credibility: 2")
        .replace("claims: [c-up-funding]}", "claims: [c-up-funding, c-down-share]}")
    )
    case = parse_case(text)
    spec = {i.name: i for i in build_spec(case).inputs}
    up = spec["UP.share.ideal"]
    assert (up.low, up.high, up.origin) == (0.0, 20.0, "widened")  # 10 +- 10, clipped at 0
    assert (spec["UP.share.salience"].low, spec["UP.share.salience"].high) == pytest.approx((0.8, 1.0))
    assert "DOWN.share.ideal" not in spec
    assert "DOWN.share.salience" not in spec
    assert "UP.funding.ideal" not in spec  # its best claim has credibility 2
    bank = spec["BANK.monitoring.ideal"]
    assert (bank.low, bank.high) == (55.0, 85.0)
    assert spec["DOWN.monitoring.salience"].high == pytest.approx(0.75)
    down_ideal = spec["DOWN.monitoring.ideal"]
    assert (down_ideal.low, down_ideal.high) == (85.0, 100.0)  # clipped at the top of the scale


def test_explicit_entries_win_and_no_widen(tutorial_text: str) -> None:
    case = parse_case(
        tutorial_text + "uncertain:\n  - {actor: UP, issue: share, field: ideal, low: 5, high: 12}\n"
        "  - {actor: UP, field: no_deal, low: 0.4, high: 0.5}\n"
    )
    spec = build_spec(case)
    names = spec.names
    assert names[:2] == ("UP.share.ideal", "UP.no_deal")  # explicit first, in file order
    assert names.count("UP.share.ideal") == 1
    assert spec.inputs[0].origin == "case"
    assert (spec.inputs[0].low, spec.inputs[0].high) == (5.0, 12.0)
    assert build_spec(case, widen=False).names == ("UP.share.ideal", "UP.no_deal")


def test_apply_values_sets_every_field(tutorial_text: str) -> None:
    case = parse_case(
        tutorial_text + "uncertain:\n  - {actor: UP, issue: share, field: ideal, low: 5, high: 12}\n"
        "  - {actor: UP, issue: share, field: salience, low: 0.5, high: 0.9}\n"
        "  - {actor: DOWN, field: no_deal, low: 0.2, high: 0.5}\n"
        "  - {actor: BANK, field: capability, low: 0.1, high: 0.3}\n"
    )
    spec = build_spec(case, widen=False)
    new = apply_values(case, spec, [7.0, 0.6, 0.25, 0.2])
    pos = new.position("UP", "share")
    assert pos is not None
    assert (pos.ideal, pos.salience) == (7.0, 0.6)
    assert new.actor("DOWN").no_deal_utility == 0.25
    assert new.actor("BANK").capability == 0.2
    assert case.position("UP", "share").ideal == 10  # type: ignore[union-attr]
    assert Case.model_validate(new.model_dump()) == new  # the copy is a valid case


def test_input_names() -> None:
    assert input_name("RUS", "donetsk", "ideal") == "RUS.donetsk.ideal"
    assert input_name("RUS", None, "no_deal") == "RUS.no_deal"
