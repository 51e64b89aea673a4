"""The compiled survival and subset kernels give the numpy reference's numbers."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.guarantees import _kernels
from accord.guarantees.engine import trigamma

pytestmark = pytest.mark.skipif(not _kernels.HAVE_NUMBA, reason="numba is not importable")


@settings(max_examples=25, deadline=None)
@given(
    seed=st.integers(0, 2**16),
    n=st.integers(1, 40),
    months=st.integers(1, 130),
    active=st.lists(st.one_of(st.just(-1.0), st.floats(0.0, 12.0)), min_size=1, max_size=4),
)
def test_survival_kernel_matches_numpy(seed: int, n: int, months: int, active: list[float]) -> None:
    rng = np.random.default_rng(seed)
    k = len(active)
    args = (
        rng.uniform(0.001, 0.5, n),
        rng.uniform(0.3, 1.5, n),
        rng.uniform(0.001, 0.5, n),
        rng.uniform(0.3, 1.5, n),
        rng.uniform(0.0, 1.5, (k, n)),
        rng.uniform(0.0, 1.5, (k, n)),
        np.array(active),
        months,
        np.array(sorted({months, *(m for m in (12, 24, 60, 120) if m <= months)}), dtype=np.int64),
    )
    fast = _kernels.survival_pass(*args, use_numba=True)
    ref = _kernels.survival_pass(*args, use_numba=False)
    # the horizons in double precision, the summed curves in single precision per draw
    np.testing.assert_allclose(fast[0], ref[0], rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(fast[1], ref[1], rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(fast[2], ref[2], rtol=1e-5, atol=1e-6 * n)
    np.testing.assert_allclose(fast[3], ref[3], rtol=1e-5, atol=1e-6 * n)
    horizons_only = _kernels.survival_pass(*args, curves=False, use_numba=True)
    np.testing.assert_allclose(horizons_only[0], ref[0], rtol=1e-9, atol=1e-12)


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**16), f=st.integers(0, 7), n=st.integers(1, 30))
def test_subset_expectation_matches_numpy(seed: int, f: int, n: int) -> None:
    rng = np.random.default_rng(seed)
    q = rng.random((n, f))
    w = rng.random(2**f)
    np.testing.assert_allclose(
        _kernels.expect_subsets(q, w, use_numba=True),
        _kernels.expect_subsets(q, w, use_numba=False),
        rtol=1e-12,
    )


def test_trigamma_matches_scipy() -> None:
    from scipy.special import polygamma

    x = np.geomspace(1e-3, 1e4, 500)
    np.testing.assert_allclose(trigamma(x), polygamma(1, x), rtol=1e-9)
