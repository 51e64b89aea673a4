"""How long a client told its analysis is slow should wait before asking again."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from accord.web.workers import retry_after


def test_retry_after_is_half_the_time_limit_within_bounds() -> None:
    assert retry_after(60.0) == 30
    assert retry_after(10.0) == 5
    assert retry_after(0.05) == 1
    assert retry_after(3600.0) == 30


@given(st.floats(min_value=1e-6, max_value=1e6))
def test_retry_after_is_a_whole_second_count_between_1_and_30(timeout: float) -> None:
    after = retry_after(timeout)
    assert isinstance(after, int)
    assert 1 <= after <= 30
    assert after >= min(30, timeout / 2)  # never asks again before half the limit has passed
