"""Vectorised building blocks of the spatial model of politics: utilities, votes, elections.

These follow the sub-models of KTAB's spatial model of politics (KAPSARC discussion paper
"An Introduction to the KAPSARC Toolkit for Behavioral Analysis (KTAB)"; KAPSARC 2019, SMP
user guide v1.4), re-implemented from their description on numpy arrays: every function works
on whole matrices (actors x options, options x options, or a stack of elections), with no
Python loop over actor pairs.

Conventions: ``u[a, i]`` is actor ``a``'s utility for option ``i``; ``w[a]`` is ``a``'s voting
weight; ``c[i, j]`` the strength of the coalition preferring ``i`` to ``j``; ``pv[i, j]`` the
probability that ``i`` beats ``j`` in a head-to-head contest (``pv + pv.T = 1``).
"""

from __future__ import annotations

from typing import Final

import numpy as np
from numpy.typing import NDArray

from accord.forecast.smp_options import Election, RiskAttitude, VictoryModel, VotingRule

__all__ = [
    "BINARY_VOTE_SCALE",
    "COALITION_FLOOR",
    "INDIFFERENCE",
    "coalitions",
    "election_probabilities",
    "group_positions",
    "risk_from_probabilities",
    "utility",
    "victory_probabilities",
    "vote_response",
]

Vector = NDArray[np.float64]
Matrix = NDArray[np.float64]
Mask = NDArray[np.bool_]

BINARY_VOTE_SCALE: Final = 1e-8
"""A utility difference of this size already casts a full binary vote (KTAB's ``sTol``)."""

COALITION_FLOOR: Final = 1e-15
"""Every coalition gets this much strength (weights sum to 1), so that a contest nobody cares
about is a 50:50 tie instead of 0/0 (KTAB adds ``1e-8`` to capabilities of order 1-100)."""

INDIFFERENCE: Final = 1e-12
"""Utility differences at most this large are round-off: the actor is indifferent and abstains."""

_BINARY_EDGE: Final = 1.10
_BINARY_MIN: Final = 1e-6
_ELEMENTS_PER_BLOCK: Final = 262_144
_INCENTIVE_EPS: Final = 1e-10


def utility(distance: Matrix, risk: Vector | Matrix | float) -> Matrix:
    """Return the risk-adjusted utility ``(1 - d)(1 + d R)`` of a normalised distance.

    Args:
        distance: Distances in [0, 1] (larger values are treated as 1).
        risk: Risk attitude ``R`` in [-1, 1], broadcast against ``distance``: ``R = 0`` is
            linear (risk neutral), ``R = 1`` concave (risk averse), ``R = -1`` convex.

    Returns:
        Utilities in [0, 1]: 1 at distance 0, 0 at distance 1.
    """
    d = np.minimum(distance, 1.0)
    return np.asarray((1.0 - d) * (1.0 + d * risk), dtype=np.float64)


def vote_response(du: Matrix, rule: VotingRule) -> Matrix:
    """Return the unweighted vote for an option that gains ``du`` in utility over another.

    Every rule is an odd, non-decreasing function of ``du``.

    Args:
        du: Utility differences (any shape).
        rule: The voting rule (see :data:`~accord.forecast.smp_options.VotingRule`).

    Returns:
        The response, same shape as ``du``.
    """
    if rule == "proportional":
        return du
    binary = np.clip(du / BINARY_VOTE_SCALE, -1.0, 1.0)
    if rule == "binary":
        return binary
    if rule == "prop_bin":
        return 0.8 * du + 0.2 * binary
    cubic = du * du * du
    if rule == "cubic":
        return cubic
    return 0.5 * du + 0.5 * cubic  # prop_cubic


def coalitions(u: Matrix, w: Vector, rule: VotingRule) -> Matrix:
    """Return the coalition strengths ``c[i, j]``: the total vote for option ``i`` over ``j``.

    ``c[i, j] = floor + sum_a w_a f(max(u[a, i] - u[a, j], 0))``: each actor adds its vote to
    the side it prefers (differences up to :data:`INDIFFERENCE` count as indifference). The
    ``actors x options x options`` tensor of utility differences is built in blocks of actors
    to bound memory.

    Args:
        u: Utilities, actors x options.
        w: Non-negative voting weights, one per actor, summing to 1.
        rule: The voting rule.

    Returns:
        An options x options matrix, ``COALITION_FLOOR`` on the diagonal.
    """
    n, m = u.shape
    c = np.full((m, m), COALITION_FLOOR)
    block = max(1, _ELEMENTS_PER_BLOCK // max(1, m * m))
    for start in range(0, n, block):
        ub = u[start : start + block]
        diff = ub[:, :, None] - ub[:, None, :]
        diff[diff <= INDIFFERENCE] = 0.0
        c += np.einsum("a,aij->ij", w[start : start + block], vote_response(diff, rule))
    return c


def victory_probabilities(c: Matrix, model: VictoryModel) -> Matrix:
    """Return ``pv[i, j]``, the probability that option ``i`` beats ``j`` head to head.

    Args:
        c: Coalition strengths (positive), options x options.
        model: The victory-probability model: ``linear`` (a 2:1 coalition wins with
            probability 2/3), ``square`` (4/5), ``quartic`` (16/17), ``octic`` (256/257), or
            ``binary`` (a 10% edge wins with probability ``1 - 1e-6``, linear in between).

    Returns:
        An options x options matrix with ``pv + pv.T = 1`` (so 1/2 on the diagonal).
    """
    if model == "binary":
        ratio = c / (c + c.T)
        lo = _BINARY_MIN / (1.0 + _BINARY_MIN)
        p = (ratio * (_BINARY_EDGE + 1.0) - 1.0) / (_BINARY_EDGE - 1.0)
        return np.asarray(np.clip(p, lo, 1.0 - lo), dtype=np.float64)
    power = {"linear": 1, "square": 2, "quartic": 4, "octic": 8}[model]
    x = c**power
    return np.asarray(x / (x + x.T), dtype=np.float64)


def _conditional(pv: Matrix, mask: Mask) -> Matrix:
    log_pv = np.log(np.maximum(pv, 1e-300))
    score = np.einsum("kj,ij->ki", mask.astype(np.float64), log_pv)
    score = np.where(mask, score, -np.inf)
    score -= score.max(axis=1, keepdims=True)
    p = np.exp(score)
    return np.asarray(p / p.sum(axis=1, keepdims=True), dtype=np.float64)


def _markov_matrix(pv: Matrix, c: Matrix, incentive: bool) -> Matrix:
    """Transition matrix ``M[i, j]``: probability the favourite moves from ``j`` to ``i``."""
    m = pv.shape[0]
    if incentive:
        inc = c * pv  # inc[i, j]: incentive of i's coalition to challenge j
        inc[np.diag_indices(m)] += _INCENTIVE_EPS
        challenge = inc / inc.sum(axis=0, keepdims=True)  # challenge[i, j]: i challenges j
    else:
        challenge = np.full((m, m), 1.0 / m)
    move = pv * challenge  # i challenges j and wins
    stay = np.einsum("ij,ji->i", pv, challenge)  # j challenges i and i holds
    return np.asarray(move + np.diag(stay), dtype=np.float64)


def _markov(pv: Matrix, c: Matrix, mask: Mask, incentive: bool) -> Matrix:
    out = np.zeros(mask.shape)
    for k in range(mask.shape[0]):  # one small linear system per election
        idx = np.flatnonzero(mask[k])
        sub = np.ix_(idx, idx)
        a = _markov_matrix(pv[sub], c[sub], incentive) - np.eye(idx.size)
        a[0] = 1.0  # replace one balance equation by sum(p) = 1
        rhs = np.zeros(idx.size)
        rhs[0] = 1.0
        try:
            p = np.linalg.solve(a, rhs)
        except np.linalg.LinAlgError:
            p = np.linalg.lstsq(a, rhs, rcond=None)[0]
        p = np.maximum(p, 0.0)
        out[k, idx] = p / p.sum()
    return out


def election_probabilities(pv: Matrix, c: Matrix, method: Election, mask: Mask | None = None) -> Matrix:
    """Resolve probabilistic Condorcet elections among options.

    ``conditional``: ``P(i)`` is proportional to ``prod_j pv[i, j]``, the one-step probability
    that ``i`` beats every other option. ``markov_uniform`` / ``markov_incentive``: the limiting
    distribution of a chain in which the current favourite is challenged by an option drawn
    uniformly, or in proportion to ``c[j, i] pv[j, i]`` (its coalition's incentive), and is
    replaced if the challenger wins.

    Args:
        pv: Head-to-head victory probabilities, options x options.
        c: Coalition strengths (used by ``markov_incentive``).
        method: The election model.
        mask: Several elections at once: ``mask[k, i]`` is true when option ``i`` runs in
            election ``k``. ``None`` runs one election among all options.

    Returns:
        ``P[k, i]``, elections x options (0 where ``i`` does not run); each row sums to 1.
    """
    m = pv.shape[0]
    mk = np.ones((1, m), dtype=np.bool_) if mask is None else mask
    if method == "conditional":
        return _conditional(pv, mk)
    return _markov(pv, c, mk, incentive=method == "markov_incentive")


def risk_from_probabilities(p: Vector, attitude: RiskAttitude) -> Vector:
    """Return risk attitudes from the election probabilities of the actors' positions.

    The actor whose position is most likely to win is the most risk averse (``R = 1``); the
    least likely gets the bottom of the range: 0 (``min``), -1/2 (``mid``) or -1 (``max``),
    linear in between (KTAB's ``bigRfromProb``).

    Args:
        p: Probability of each actor's position.
        attitude: The range; ``neutral`` gives all zeros.

    Returns:
        One ``R`` per actor in [-1, 1]; all zeros when every probability is equal.
    """
    lo, hi = float(p.min()), float(p.max())
    if attitude == "neutral" or hi - lo <= 1e-12:
        return np.zeros_like(p)
    x = (p - lo) / (hi - lo)
    bottom = {"min": 0.0, "mid": -0.5, "max": -1.0}[attitude]
    return np.asarray(bottom + (1.0 - bottom) * x, dtype=np.float64)


def group_positions(x: Vector, tolerance: float) -> tuple[NDArray[np.intp], Vector]:
    """Group positions closer than ``tolerance`` into the distinct options of an election.

    Scanning the sorted positions, a new option starts whenever a position lies at least
    ``tolerance`` beyond the first position of the current option; an option sits at the mean
    of its members.

    Args:
        x: Positions.
        tolerance: Grouping distance (0 merges only identical positions).

    Returns:
        ``(label, centre)``: each position's option index (options in increasing order) and
        each option's position.
    """
    order = np.argsort(x, kind="stable")
    xs = x[order]
    starts = [0]
    anchor = xs[0]
    for k in range(1, xs.size):  # one pass over sorted positions, O(n)
        if xs[k] - anchor >= tolerance and xs[k] != anchor:
            starts.append(k)
            anchor = xs[k]
    group_of_sorted = np.zeros(xs.size, dtype=np.intp)
    group_of_sorted[starts[1:]] = 1
    group_of_sorted = np.cumsum(group_of_sorted)
    label = np.empty_like(group_of_sorted)
    label[order] = group_of_sorted
    counts = np.bincount(group_of_sorted)
    centre = np.bincount(group_of_sorted, weights=xs) / counts
    return label, np.asarray(centre, dtype=np.float64)
