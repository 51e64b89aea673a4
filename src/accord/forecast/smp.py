"""A KTAB-style spatial model of politics (SMP) on one issue dimension.

The model follows the spatial model of politics of the KAPSARC Toolkit for Behavioral Analysis
(KAPSARC discussion papers "An Introduction to the KAPSARC Toolkit for Behavioral Analysis
(KTAB)" and "Multidimensional Bargaining Using KTAB"; KAPSARC 2019, "KTAB: Spatial Model of
Politics GUI (SMP) User guide", v1.4, ``web/tutorial/SMPTutorial.md`` in github.com/KAPSARC/KTAB),
re-implemented from that description for the one-dimensional case. Each round, on positions
normalised to [0, 1]:

1. **Election.** Actor ``a`` values position ``y`` at ``(1 - d)(1 + d R_a)`` with
   ``d = |x_a - y|`` and risk attitude ``R_a``. Between two positions each actor votes
   ``w_a f(u_a(y_1) - u_a(y_2))`` with ``w_a`` = capability x salience (normalised to sum 1);
   coalition strengths give head-to-head victory probabilities, and a probabilistic Condorcet
   election among the distinct positions gives each its probability of winning. The state's
   expected outcome is the probability-weighted position.
2. **Challenges.** Actor ``i`` values challenging ``j`` at
   ``(1 - s_j) 2u_i(x_i) + s_j [2p u_i(x_i) + 2(1 - p) u_i(x_j)] - u_i(x_i) - u_i(x_j)``
   (``j`` concedes with probability ``1 - s_j``, else they contest, and ``i`` wins with the
   head-to-head probability ``p``) and targets the ``j`` where this gain is largest, if positive.
3. **Bargains.** Each challenge proposes that both sides move to the average of their
   positions weighted by ``(s_i p)^2`` and ``(s_j (1 - p))^2`` (S2P2; S1P1 drops the squares).
4. **State transition.** Every actor holds an election among the bargains it is party to and
   the status quo, where each actor values a bargain by its mean utility over all resulting
   positions, and adopts its position in the winner.

Rounds repeat until the latest round moves the actors (sum of absolute moves) less than 2% of
the first round's move or less than ``1e-4``, after at least 2 and at most 100 rounds (KTAB's
``configExec``). Each sub-model is a switch of :class:`SpatialModel`; ``docs/forecast.md``
lists them and where this model departs from KTAB's code.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from accord.errors import AnalysisError
from accord.forecast.base import Forecast, IssueData, Round, checked_arrays
from accord.forecast.smp_kernels import (
    coalitions,
    election_probabilities,
    group_positions,
    risk_from_probabilities,
    utility,
    victory_probabilities,
)
from accord.forecast.smp_options import (
    Bargain,
    Election,
    RiskAttitude,
    Transition,
    VictoryModel,
    VotingRule,
    check_settings,
)
from accord.forecast.weighted import weighted_mean, weighted_median

__all__ = ["SMPRun", "SpatialModel"]

Vector = NDArray[np.float64]
Matrix = NDArray[np.float64]

_BARGAIN_EPS = 1e-6  # KTAB's minW: keeps 0/0 out when neither side of a bargain cares
_TIE = 1e-9  # relative tolerance under which two election probabilities count as tied


@dataclass(frozen=True)
class SMPRun:
    """Every state a run of the spatial model went through, in the issue's actor order.

    Attributes:
        positions: ``positions[t]``, every actor's position after ``t`` rounds (row 0 is the
            initial state), on the issue's scale.
        expected: ``expected[t]``, the expected outcome of state ``t``: the position-weighted
            sum of the election probabilities of the distinct positions, on the issue's scale.
        win_probability: ``win_probability[t, i]``, the probability that actor ``i``'s
            position (with those within ``position_tolerance``) wins the election of state ``t``.
        risk: ``risk[t, i]``, actor ``i``'s risk attitude ``R_i`` in state ``t``.
        steps: ``steps[t - 1]``, the sum of absolute moves in round ``t`` on the [0, 1] scale.
        converged: Whether the stopping rule was met before ``max_iter`` rounds.
    """

    positions: Matrix
    expected: Vector
    win_probability: Matrix
    risk: Matrix
    steps: Vector
    converged: bool

    @property
    def iterations(self) -> int:
        """The number of rounds run."""
        return int(self.steps.size)


@dataclass(frozen=True)
class _State:
    """One state evaluated: the election among its distinct positions."""

    label: NDArray[np.intp]
    centre: Vector
    risk: Vector
    pv: Matrix
    p: Vector
    expected: float


@dataclass(frozen=True)
class SpatialModel:
    """A KTAB-style spatial model of politics (probabilistic Condorcet elections), 1-D.

    Every field but ``name``, ``seed`` and the stopping settings is a switch between
    variants of a KTAB sub-model. The defaults are KTAB's defaults except ``risk``, which is
    ``neutral`` (KTAB's default, ``mid``, is a switch away). See ``docs/forecast.md``.

    Attributes:
        name: The model's name in reports.
        voting_rule: ``f`` in an actor's vote ``w f(du)``: ``proportional`` (KTAB default),
            ``binary``, ``prop_bin``, ``prop_cubic`` or ``cubic``.
        victory: Head-to-head victory probability from coalition strengths: ``linear``
            (default), ``square``, ``quartic``, ``octic`` or ``binary``.
        election: Probabilistic Condorcet election: ``conditional`` (default),
            ``markov_uniform`` or ``markov_incentive``.
        risk: Risk attitudes: ``neutral`` (every ``R = 0``, default), or from the election
            probabilities of the actors' positions: ``min``, ``mid`` (KTAB default) or ``max``.
        bargain: Bargain interpolation weights: ``s2p2`` (default) or ``s1p1``.
        transition: State transition: ``deterministic`` (default) or ``stochastic``.
        seed: Seed of the random draws of the stochastic transition.
        min_iter: Fewest rounds before the run may stop.
        max_iter: Most rounds.
        min_delta_ratio: Stop when a round moves less than this fraction of the first round.
        min_sig_delta: Stop when a round moves less than this (sum of moves on [0, 1]).
        min_gain: Smallest expected gain that makes a challenge worth making.
        position_tolerance: Positions closer than this (on [0, 1]) are one option in an
            election (KTAB's ``posTol``).
    """

    name: str = "smp"
    voting_rule: VotingRule = "proportional"
    victory: VictoryModel = "linear"
    election: Election = "conditional"
    risk: RiskAttitude = "neutral"
    bargain: Bargain = "s2p2"
    transition: Transition = "deterministic"
    seed: int = 0
    min_iter: int = 2
    max_iter: int = 100
    min_delta_ratio: float = 0.02
    min_sig_delta: float = 1e-4
    min_gain: float = 1e-5
    position_tolerance: float = 1e-3

    def __post_init__(self) -> None:
        """Check every switch and setting.

        Raises:
            AnalysisError: A switch outside its values or a setting out of range.
        """
        check_settings({f.name: getattr(self, f.name) for f in dataclasses.fields(self)})

    def predict(self, issue: IssueData) -> Forecast:
        """Run the model on one issue.

        Args:
            issue: Positions, saliences and capabilities of the actors.

        Returns:
            The forecast: ``outcome`` is the expected outcome of the final state (the
            probability-weighted position of its election), ``trace`` one
            :class:`~accord.forecast.base.Round` per round, and ``notes`` the number of
            rounds (``iterations``), whether the stopping rule was met (``converged``, 1 or 0),
            the initial state's expected outcome (``initial_outcome``) and the last round's
            move (``last_step``, sum of absolute moves on the [0, 1] scale).

        Raises:
            AnalysisError: Inconsistent or invalid inputs, positions outside the issue's scale,
                or no actor with both capability and salience while positions differ.
        """
        run = self.run(issue)
        w = issue.weights
        trace = tuple(Round(row, weighted_median(row, w), weighted_mean(row, w)) for row in run.positions[1:])
        notes: dict[str, float | int | str] = {
            "iterations": run.iterations,
            "converged": int(run.converged),
            "initial_outcome": float(run.expected[0]),
            "last_step": float(run.steps[-1]),
        }
        return Forecast(self.name, float(run.expected[-1]), trace, notes)

    def run(self, issue: IssueData) -> SMPRun:
        """Run the model on one issue and return every state.

        Args:
            issue: Positions, saliences and capabilities of the actors.

        Returns:
            The states, expected outcomes, win probabilities and risk attitudes, round by round.

        Raises:
            AnalysisError: As for :meth:`predict`.
        """
        x, s, w, order, low, span = _prepare(issue)
        rng = np.random.default_rng(self.seed)
        state = self._evaluate(x, w)
        states = [(x, state)]
        steps: list[float] = []
        converged = False
        for t in range(1, self.max_iter + 1):
            new_x = self._bargain(x, s, w, state, rng)
            steps.append(float(np.abs(new_x - x).sum()))
            x = new_x
            state = self._evaluate(x, w)
            states.append((x, state))
            if t >= self.min_iter and (
                steps[-1] < self.min_delta_ratio * steps[0] or steps[-1] < self.min_sig_delta
            ):
                converged = True
                break
        inverse = np.empty_like(order)
        inverse[order] = np.arange(order.size)
        lo, hi = float(states[0][0].min()), float(states[0][0].max())
        positions = np.array([low + span * np.clip(xs, lo, hi)[inverse] for xs, _ in states])
        expected = np.array([low + span * float(np.clip(st.expected, lo, hi)) for _, st in states])
        win = np.array([st.p[st.label][inverse] for _, st in states])
        risk = np.array([st.risk[inverse] for _, st in states])
        arrays = (positions, expected, win, risk, np.array(steps))
        for a in arrays:
            a.setflags(write=False)
        return SMPRun(*arrays, converged=converged)

    # ---- internals ------------------------------------------------------------------------

    def _evaluate(self, x: Vector, w: Vector) -> _State:
        """Hold the election among the distinct positions of state ``x``."""
        label, centre = group_positions(x, self.position_tolerance)
        dist = np.abs(x[:, None] - centre[None, :])
        risk = np.zeros_like(x)
        if self.risk != "neutral":
            c0 = coalitions(utility(dist, 0.0), w, self.voting_rule)
            p0 = election_probabilities(victory_probabilities(c0, self.victory), c0, self.election)[0]
            risk = risk_from_probabilities(p0[label], self.risk)
        c = coalitions(utility(dist, risk[:, None]), w, self.voting_rule)
        pv = victory_probabilities(c, self.victory)
        p = election_probabilities(pv, c, self.election)[0]
        return _State(label, centre, risk, pv, p, float(p @ centre))

    def _bargain(self, x: Vector, s: Vector, w: Vector, state: _State, rng: np.random.Generator) -> Vector:
        """One round of challenges, bargains and state transitions; return the new positions."""
        n = x.size
        r = state.risk[:, None]
        u = utility(np.abs(x[:, None] - x[None, :]), r)  # u[a, l]: a's utility of l's position
        p = state.pv[np.ix_(state.label, state.label)]  # p[i, j]: i's position beats j's
        own = np.diag(u)[:, None]
        gain = (1 - s) * 2 * own + s * (2 * p * own + 2 * (1 - p) * u) - own - u
        np.fill_diagonal(gain, -np.inf)
        best = gain.max(axis=1) if n > 1 else np.full(n, -np.inf)
        initiators = np.flatnonzero(best > self.min_gain)
        if initiators.size == 0:
            return x.copy()
        near_best = gain[initiators] >= best[initiators, None] - _TIE * np.abs(best[initiators, None])
        targets = np.argmax(near_best, axis=1)  # first (canonical order) of the tied targets
        nb = initiators.size
        pw = p[initiators, targets]
        wi = s[initiators] * pw
        wj = s[targets] * (1 - pw)
        if self.bargain == "s2p2":
            wi, wj = wi * wi, wj * wj
        xi, xj = x[initiators], x[targets]
        total = wi + wj + _BARGAIN_EPS
        pos_i = ((wi + _BARGAIN_EPS) * xi + wj * xj) / total
        pos_j = (wi * xi + (wj + _BARGAIN_EPS) * xj) / total

        # options: 0 = status quo, 1 + b = bargain b; each actor values a state by its mean utility
        base = u.sum(axis=1, keepdims=True)
        swap = utility(np.abs(x[:, None] - pos_i[None, :]), r) + utility(
            np.abs(x[:, None] - pos_j[None, :]), r
        )
        values = np.hstack([base, base - u[:, initiators] - u[:, targets] + swap]) / n
        c = coalitions(values, w, self.voting_rule)
        pv = victory_probabilities(c, self.victory)
        cols = np.arange(1, nb + 1)
        queue = np.zeros((n, nb + 1), dtype=np.bool_)
        queue[:, 0] = True
        queue[initiators, cols] = True
        queue[targets, cols] = True
        prob = election_probabilities(pv, c, self.election, queue)
        outcome = np.repeat(x[:, None], nb + 1, axis=1)  # outcome[k, m]: k's position under option m
        outcome[initiators, cols] = pos_i
        outcome[targets, cols] = pos_j
        if self.transition == "stochastic":
            cum = np.cumsum(prob, axis=1)
            draw = rng.random(n)[:, None] * cum[:, -1:]
            choice = np.minimum((cum <= draw).sum(axis=1), nb)
            choice = np.where(queue[np.arange(n), choice], choice, 0)
        else:
            top = prob.max(axis=1, keepdims=True)
            tied = queue & (prob >= top * (1 - _TIE))
            move = np.where(tied, np.abs(outcome - x[:, None]), np.inf)
            least = tied & (move <= move.min(axis=1, keepdims=True))
            choice = np.argmin(np.where(least, outcome, np.inf), axis=1)  # then the lower position
        return np.asarray(outcome[np.arange(n), choice], dtype=np.float64)


def _prepare(issue: IssueData) -> tuple[Vector, Vector, Vector, NDArray[np.intp], float, float]:
    """Check an issue; return positions on [0, 1], saliences, weights in canonical order.

    The canonical order (by position, salience, capability) makes the run independent of the
    order the actors are listed in. Returns ``(x, s, w, order, low, span)``.
    """
    x, s, c, low, high = checked_arrays(issue)
    label = issue.key or "?"
    if np.any(x < low) or np.any(x > high):
        raise AnalysisError(
            f"issue {label}: the SMP model needs every position inside the scale "
            f"[{low:g}, {high:g}] (got {x.min():g} to {x.max():g})"
        )
    w = c * s
    total = float(w.sum())
    if total <= 0 and np.any(x != x[0]):
        raise AnalysisError(
            f"issue {label}: the SMP model needs at least one actor with both capability and salience > 0"
        )
    w = w / total if total > 0 else np.full_like(w, 1.0 / w.size)
    order = np.lexsort((c, s, x))
    span = high - low
    return (x[order] - low) / span, s[order], w[order], order, low, span
