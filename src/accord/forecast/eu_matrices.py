"""The n x n matrices of one round of the expected-utility model, vectorised over actor pairs.

Equation numbers are those of Scholz, Calbert and Smith (2011), "Unravelling Bueno De
Mesquita's group decision model", *Journal of Theoretical Politics* 23(4):510-531; the
appendix steps are the paper's algorithm. Every function works on whole matrices: entry
``[i, j]`` concerns actor ``i`` challenging actor ``j`` unless said otherwise.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from accord.forecast.eu_options import (
    Capitulation,
    CompromiseSign,
    Conflict,
    OfferSelection,
    Probability,
    Security,
)

__all__ = [
    "NO_OFFER",
    "OFFER_CAPITULATION",
    "OFFER_COMPROMISE",
    "OFFER_CONFLICT",
    "choose_offers",
    "expected_utilities",
    "prevail_probabilities",
    "risk_exponents",
]

Matrix = NDArray[np.float64]

NO_OFFER = 0
OFFER_CONFLICT = 1
OFFER_COMPROMISE = 2
OFFER_CAPITULATION = 3

_CHUNK_ELEMENTS = 2_000_000  # bound on the voter x pair block held in memory at once
_TIE = 1e-10  # relative tolerance under which two offer keys count as equal
_EU_EPS = 1e-12  # expected utilities (of order 1) closer than this count as equal


def prevail_probabilities(
    x: NDArray[np.float64],
    weights: NDArray[np.float64],
    span: float,
    kind: Probability,
    voter_risk: NDArray[np.float64] | None = None,
) -> Matrix:
    """Return ``P[i, j]``, the probability that ``i`` prevails over ``j`` (eqs. 26-31).

    Voter ``k`` gives ``i`` the vote ``w_k (d_kj - d_ki)`` with ``d`` the normalised distance
    (raised to ``k``'s risk exponent when ``voter_risk`` is given). ``paper`` is eq. 30: the
    votes of ``i``'s supporters over the sum of absolute votes (so ``P_ij + P_ji = 1``);
    ``net`` is the net vote for ``i`` over the same sum, clamped at 0; ``all_triples`` is the
    positive votes for ``i`` over the absolute votes of every voter on every pair of actors
    (Scholz's code as replicated by jmckib). Pairs at the same position get 0. When no voter
    has a stake in a pair (above 1e-12 of the total weight), ``paper`` gives 0.5 and ``net`` 0.

    Args:
        x: Positions, one per actor.
        weights: Capability x salience per actor.
        span: The normalising range ``x_max - x_min`` (> 0).
        kind: Which formula.
        voter_risk: Each voter's risk exponent, or None for plain distances.

    Returns:
        The ``n x n`` matrix of probabilities, with a zero diagonal.
    """
    n = x.size
    dist = np.abs(x[:, None] - x[None, :]) / span  # dist[k, i]
    if voter_risk is None:
        support = _linear_support(x, weights) / span
    else:
        dist = dist ** voter_risk[:, None]
        support = _risk_support(dist, weights)
    per_actor = weights @ dist  # sum_k w_k d_ki
    net = per_actor[None, :] - per_actor[:, None]  # sum_k w_k (d_kj - d_ki)
    same = x[:, None] == x[None, :]
    if kind == "all_triples":
        ordered = np.sort(dist, axis=1)
        rank = 2.0 * np.arange(n) - (n - 1)
        total = float(weights @ (2.0 * (ordered @ rank)))  # sum_k w_k sum_{a,b} |d_ka - d_kb|
        prob = support / total if total > 0 else np.zeros((n, n))
    else:
        absolute = 2.0 * support - net  # sum_k w_k |d_kj - d_ki|
        # a stake below rounding noise (relative to the total weight) counts as none
        stake = absolute > 1e-12 * float(weights.sum())
        safe = np.where(stake, absolute, 1.0)
        if kind == "paper":
            prob = np.where(stake, np.clip(support / safe, 0.0, 1.0), 0.5)
        else:
            prob = np.where(stake, np.clip(net / safe, 0.0, 1.0), 0.0)
    prob[same] = 0.0
    return prob


def _linear_support(x: NDArray[np.float64], weights: NDArray[np.float64]) -> Matrix:
    """``sum_k w_k max(|x_k - x_j| - |x_k - x_i|, 0)`` for every pair, in O(n^2 log n).

    On a line, for ``lo = min(x_i, x_j)`` and ``hi = max(x_i, x_j)``, voters at or beyond an end
    give that end the whole gap ``hi - lo``, and voters strictly between give the nearer end
    ``|lo + hi - 2 x_k|``; prefix sums of ``w`` and ``w x`` over the sorted positions add them up.
    """
    n = x.size
    order = np.argsort(x, kind="stable")
    xs = x[order]
    cum_w = np.concatenate(([0.0], np.cumsum(weights[order])))
    cum_wx = np.concatenate(([0.0], np.cumsum(weights[order] * xs)))
    lo = np.minimum(x[:, None], x[None, :])
    hi = np.maximum(x[:, None], x[None, :])
    mid = 0.5 * (lo + hi)
    gap = hi - lo
    below = np.searchsorted(xs, lo, side="right")  # voters k < below sit at or below lo
    under_mid = np.searchsorted(xs, mid, side="left")  # k < under_mid: x_k < mid
    over_mid = np.searchsorted(xs, mid, side="right")  # k >= over_mid: x_k > mid
    above = np.searchsorted(xs, hi, side="left")  # k >= above: x_k >= hi
    between_low = np.maximum(under_mid - below, 0)  # empty when lo == hi
    w_low = cum_w[below + between_low] - cum_w[below]
    wx_low = cum_wx[below + between_low] - cum_wx[below]
    for_low = gap * cum_w[below] + (lo + hi) * w_low - 2.0 * wx_low
    between_high = np.maximum(above - over_mid, 0)
    w_high = cum_w[over_mid + between_high] - cum_w[over_mid]
    wx_high = cum_wx[over_mid + between_high] - cum_wx[over_mid]
    for_high = gap * (cum_w[n] - cum_w[above]) + 2.0 * wx_high - (lo + hi) * w_high
    i_lower = x[:, None] < x[None, :]
    support = np.where(i_lower, for_low, np.where(x[:, None] > x[None, :], for_high, 0.0))
    result: Matrix = np.maximum(support, 0.0)
    return result


def _risk_support(dist: Matrix, weights: NDArray[np.float64]) -> Matrix:
    """``sum_k w_k max(dist[k, j] - dist[k, i], 0)`` for every pair, in blocks of voters."""
    n = dist.shape[0]
    support = np.zeros((n, n))
    step = max(1, _CHUNK_ELEMENTS // (n * n))
    for start in range(0, n, step):  # blocks of voters, each block vectorised over all pairs
        block = dist[start : start + step]
        votes = block[:, None, :] - block[:, :, None]  # votes[k, i, j] = d_kj - d_ki
        np.maximum(votes, 0.0, out=votes)
        support += np.tensordot(weights[start : start + step], votes, axes=1)
    return support


def expected_utilities(
    dist: Matrix,
    to_median: NDArray[np.float64],
    prob: Matrix,
    resisting_salience: Matrix,
    exponent: Matrix | float,
    q: float,
    t: Matrix | float,
) -> Matrix:
    """Return ``E[i, j]``, the expected utility of ``i`` challenging ``j`` (eqs. 5-7, 15-24).

    ``E = S (P U_s + (1 - P) U_f) + (1 - S) U_s - Q U_sq - (1 - Q) (T U_b + (1 - T) U_w)``,
    with ``U_s = 2 - 4 (0.5 - 0.5 d)^r`` (eq. 15), ``U_f = 2 - 4 (0.5 + 0.5 d)^r`` (eq. 16),
    ``U_b``/``U_w`` the same with ``(|x_i - mu| + |x_i - x_j|) / 4`` (eqs. 22-23) and
    ``U_sq = 2 - 4 (0.5)^r`` (eq. 24).

    Args:
        dist: ``|x_i - x_j|`` over the range.
        to_median: ``|x_i - mu|`` over the range, per actor ``i``.
        prob: ``P[i, j]`` from :func:`prevail_probabilities`.
        resisting_salience: The salience ``S[i, j]`` weighting the resisted branch.
        exponent: The risk exponent applied to ``i``'s utilities, entry by entry.
        q: Probability that the status quo persists without a challenge.
        t: The better/worse selector ``T`` (scalar or matrix).

    Returns:
        The ``n x n`` matrix, zero on the diagonal.
    """
    r = exponent
    u_success = 2.0 - 4.0 * (0.5 - 0.5 * dist) ** r
    u_failure = 2.0 - 4.0 * (0.5 + 0.5 * dist) ** r
    u_status_quo = 2.0 - 4.0 * 0.5**r
    eu = resisting_salience * (prob * u_success + (1.0 - prob) * u_failure)
    eu += (1.0 - resisting_salience) * u_success
    eu -= q * u_status_quo
    if q < 1.0:
        moved = 0.25 * (to_median[:, None] + dist)
        u_better = 2.0 - 4.0 * np.maximum(0.5 - moved, 0.0) ** r
        u_worse = 2.0 - 4.0 * (0.5 + moved) ** r
        eu -= (1.0 - q) * (t * u_better + (1.0 - t) * u_worse)
    np.fill_diagonal(eu, 0.0)
    return eu


def risk_exponents(eu: Matrix, security: Security) -> NDArray[np.float64]:
    """Return each actor's risk exponent ``r_i`` from first-pass utilities (eqs. 32-34).

    ``adversaries`` takes the security level of ``i`` as ``sum_j E^j(U_ji)``, what the others
    expect from challenging ``i`` (the column sums); ``own_challenges`` as ``sum_j E^i(U_ij)``
    (the row sums). ``R_i = (2 sec_i - max sec - min sec) / (max sec - min sec)`` and
    ``r_i = (1 - R_i / 3) / (1 + R_i / 3)``, so ``r_i`` lies in [0.5, 2]. Equal security levels
    give ``R_i = 0`` and ``r_i = 1``.

    Args:
        eu: First-pass expected utilities (every ``r = 1``).
        security: Which sums are the security levels.

    Returns:
        The risk exponents, one per actor.
    """
    sec = eu.sum(axis=0) if security == "adversaries" else eu.sum(axis=1)
    hi, lo = float(sec.max()), float(sec.min())
    spread = hi - lo
    if spread <= 1e-12 * max(1.0, abs(hi), abs(lo)):
        return np.ones_like(sec)
    big_r = np.clip((2.0 * sec - hi - lo) / spread, -1.0, 1.0)
    result: NDArray[np.float64] = (1.0 - big_r / 3.0) / (1.0 + big_r / 3.0)
    return result


def _lexicographic_choice(candidates: NDArray[np.bool_], keys: list[Matrix]) -> NDArray[np.intp]:
    """Per row, the column among ``candidates`` minimising ``keys`` in order (near-ties count)."""
    cand = candidates.copy()
    last = len(keys) - 1
    for pos, key in enumerate(keys):
        masked = np.where(cand, key, np.inf)
        best = masked.min(axis=1, keepdims=True)
        slack = 0.0 if pos == last else _TIE * np.maximum(1.0, np.abs(np.where(np.isfinite(best), best, 0)))
        cand &= masked <= best + slack
    choice: NDArray[np.intp] = np.argmax(cand, axis=1)
    return choice


def choose_offers(
    x: NDArray[np.float64],
    mover_eu: Matrix,
    proposer_eu: Matrix,
    conflict: Conflict,
    compromise_sign: CompromiseSign,
    capitulation: Capitulation,
    selection: OfferSelection,
) -> tuple[NDArray[np.float64], NDArray[np.intp], NDArray[np.int8]]:
    """Classify every dyad by figure 6, then let each actor accept one offer (section 6.2).

    For mover ``m`` and proposer ``p``: ``A = mover_eu[m, p]`` is ``m``'s expected utility of
    challenging ``p`` and ``B = proposer_eu[m, p]`` that of ``p`` challenging ``m`` (as ``m``
    sees it). Conflict (``A, B > 0``, ``B > A``): ``m`` moves to ``x_p`` if ``conflict`` is
    ``loser_moves``. Compromise (``A < 0 < B``, ``B >= |A|``; with ``text`` also ``A, B < 0``,
    ``|B| > |A|``): ``m`` moves to ``x_m + (x_p - x_m) |A / B|`` (eqs. 35-36). Capitulation
    (``A < 0 < B``, ``|A| > B``): ``m`` moves to ``x_p``, unless ``unreachable``.

    Args:
        x: Current positions.
        mover_eu: ``A`` as above.
        proposer_eu: ``B`` as above.
        conflict: Conflict rule.
        compromise_sign: Compromise region.
        capitulation: Whether capitulation can fire.
        selection: ``enforceable`` (highest ``B``, then least movement), ``least_move``
            (least movement, then highest ``B``) or ``scholz_code`` (conflict before
            compromise before capitulation; least movement, but compromises by the lowest
            EU-weighted position ``(|A| x_m + |B| x_p) / (|A| + |B|)``). Remaining ties go to
            the lower target position.

    Returns:
        New positions, the chosen proposer per actor (-1 for none) and the offer kind.
    """
    # utilities within rounding noise of 0 (or of each other) count as equal, so that
    # relabelling actors or rescaling capabilities cannot flip a dyad between regions
    a = np.where(np.abs(mover_eu) <= _EU_EPS, 0.0, mover_eu)
    b = np.where(np.abs(proposer_eu) <= _EU_EPS, 0.0, proposer_eu)
    gap = np.abs(x[:, None] - x[None, :])
    apart = gap > 1e-12 * max(float(gap.max()), np.finfo(np.float64).tiny)  # rounding-level gaps: same
    kind = np.zeros(a.shape, dtype=np.int8)
    is_conflict = apart & (a > 0) & (b > a + _EU_EPS)
    if conflict == "loser_moves":
        kind[is_conflict] = OFFER_CONFLICT
    upper_hand = apart & (a < 0) & (b > 0)
    is_compromise = upper_hand & (b >= -a - _EU_EPS)
    if compromise_sign == "text":
        is_compromise |= apart & (a < 0) & (b < 0) & (-b > -a + _EU_EPS)
    kind[is_compromise] = OFFER_COMPROMISE
    if capitulation == "reachable":
        kind[upper_hand & (b < -a - _EU_EPS)] = OFFER_CAPITULATION
    target = np.broadcast_to(x[None, :], a.shape).copy()
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(is_compromise, np.minimum(np.abs(a / np.where(b == 0, 1.0, b)), 1.0), 0.0)
    target = np.where(kind == OFFER_COMPROMISE, x[:, None] + (x[None, :] - x[:, None]) * ratio, target)
    offered = kind != NO_OFFER
    movement = np.abs(target - x[:, None])
    if selection == "enforceable":
        keys = [-b, movement, target]
    elif selection == "least_move":
        keys = [movement, -b, target]
    else:
        with np.errstate(divide="ignore", invalid="ignore"):
            weighted = (np.abs(a) * x[:, None] + np.abs(b) * x[None, :]) / (np.abs(a) + np.abs(b))
        second = np.where(kind == OFFER_COMPROMISE, weighted, movement)
        keys = [kind.astype(np.float64), second, target]
    choice = _lexicographic_choice(offered, keys)
    rows = np.arange(x.size)
    has = offered[rows, choice]
    new_x = np.where(has, target[rows, choice], x)
    proposer = np.where(has, choice, -1).astype(np.intp)
    chosen_kind = np.where(has, kind[rows, choice], NO_OFFER).astype(np.int8)
    return new_x, proposer, chosen_kind
