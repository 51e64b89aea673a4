"""Tests of pricing guarantee options in the deal space (accord.guarantees.coupling)."""

from __future__ import annotations

import numpy as np
import pytest

from accord.case import load_case
from accord.deals import DealSpace
from accord.guarantees.coupling import guarantee_values
from accord.guarantees.simulation import point_war_probability, simulate


def test_values_are_absolute_protection_in_closed_form() -> None:
    case = load_case("ukraine-2025")
    values = guarantee_values(case, "guarantee_form", "UKR")
    options = [o for o in case.issue("guarantee_form").options if o.guarantee is not None]
    assert set(values) == {o.id for o in options}
    for o in options:
        assert o.guarantee is not None
        assert values[o.id] == pytest.approx(1.0 - point_war_probability(case, o.guarantee))
    # no sampling: the same numbers on every call, whatever seed the rest of the tool uses
    assert guarantee_values(case, "guarantee_form", "UKR") == values
    # stronger architectures are worth more to the beneficiary than weaker ones
    assert values["art5_like"] > values["reassurance_force"] > values["bilateral"] > values["assurances"]
    # and the central values agree with the Monte Carlo means within their spread
    sims = simulate(case, [o.guarantee for o in options if o.guarantee], draws=4000, attribute=False)
    for o in options:
        assert o.guarantee is not None
        r = sims[o.guarantee].war[120]
        assert r.low95 <= 1.0 - values[o.id] <= r.high95


def test_default_space_is_unchanged_and_pricing_touches_only_the_beneficiary() -> None:
    case = load_case("ukraine-2025")
    plain = DealSpace.from_case(case)
    again = DealSpace.from_case(case, price_guarantees=False)
    priced = DealSpace.from_case(case, price_guarantees=True)
    k_guar = plain.issues.index("guarantee_form")
    ukr = plain.actors.index("UKR")
    for k in range(len(plain.issues)):
        assert np.array_equal(plain.weights[k], again.weights[k])
        for a in range(len(plain.actors)):
            if k == k_guar and a == ukr:
                continue
            assert np.array_equal(plain.weights[k][a], priced.weights[k][a])
    options = case.issue("guarantee_form").options
    named = [j for j, o in enumerate(options) if o.guarantee is not None]
    assert not np.array_equal(plain.weights[k_guar][ukr, named], priced.weights[k_guar][ukr, named])
    unnamed = [j for j, o in enumerate(options) if o.guarantee is None]
    assert np.array_equal(plain.weights[k_guar][ukr, unnamed], priced.weights[k_guar][ukr, unnamed])


def test_no_guarantee_options_means_no_change() -> None:
    case = load_case("ukraine-2025")
    assert guarantee_values(case, "sanctions", "UKR") == {}
