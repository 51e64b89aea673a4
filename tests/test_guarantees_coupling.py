"""Tests of pricing guarantee options in the deal space (accord.guarantees.coupling)."""

from __future__ import annotations

import numpy as np
import pytest

from accord.case import load_case
from accord.deals import DealSpace
from accord.guarantees.coupling import base_values, guarantee_values
from accord.guarantees.simulation import simulate


def test_values_follow_protection_and_span_the_range() -> None:
    case = load_case("ukraine-2025")
    values = guarantee_values(case, "guarantee_form", "UKR", draws=2000, seed=0)
    options = [o for o in case.issue("guarantee_form").options if o.guarantee is not None]
    assert set(values) == {o.id for o in options}
    base = base_values(case, "guarantee_form", "UKR")
    lo, hi = min(base[o.id] for o in options), max(base[o.id] for o in options)
    assert min(values.values()) == pytest.approx(lo)
    assert max(values.values()) == pytest.approx(hi)
    sims = simulate(case, [o.guarantee for o in options if o.guarantee], draws=2000, seed=0)
    protection = {o.id: 1 - sims[o.guarantee].p_major_war for o in options if o.guarantee}
    ranked = sorted(protection, key=protection.__getitem__)
    assert [values[o] for o in ranked] == sorted(values.values())


def test_default_space_is_unchanged_and_pricing_touches_only_the_beneficiary() -> None:
    case = load_case("ukraine-2025")
    plain = DealSpace.from_case(case)
    again = DealSpace.from_case(case, price_guarantees=False)
    priced = DealSpace.from_case(case, price_guarantees=True, draws=1000, seed=0)
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
    assert guarantee_values(case, "sanctions", "UKR", draws=10) == {}
