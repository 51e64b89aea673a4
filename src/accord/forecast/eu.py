"""Bueno de Mesquita's expected-utility model, as specified by Scholz, Calbert and Smith (2011).

Scholz, J. B., Calbert, G. J. and Smith, G. A. (2011), "Unravelling Bueno De Mesquita's group
decision model", *Journal of Theoretical Politics* 23(4):510-531. Each round (the paper's
appendix, steps 2-11): reset every risk exponent to 1; find the weighted median; compute every
actor's expected utility of challenging every other (eqs. 5-7, 15-24) with the probability of
prevailing from the weighted votes (eqs. 26-31); turn the security levels into risk exponents
(eqs. 32-34); recompute the expected utilities with them; classify each dyad by figure 6 and
let every actor accept one offer (section 6.2). Rounds repeat until the forecast statistic
holds (or another stopping rule fires, or ``max_rounds`` is reached); the forecast is the
weighted median (or mean) of the final positions.

Every step runs on ``n x n`` numpy matrices (``accord.forecast.eu_matrices``); each reading the
paper leaves open is a switch of :class:`EUModel` (``accord.forecast.eu_options``), documented
in ``docs/forecast.md``.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from accord.errors import AnalysisError
from accord.forecast.base import Forecast, IssueData, Round, checked_arrays
from accord.forecast.eu_matrices import (
    choose_offers,
    expected_utilities,
    prevail_probabilities,
    risk_exponents,
)
from accord.forecast.eu_options import (
    Capitulation,
    CompromiseSign,
    Conflict,
    DistanceRange,
    OfferSelection,
    Probability,
    ProbabilityRisk,
    Risk,
    RiskPerspective,
    Salience,
    Security,
    Statistic,
    Stop,
    TRule,
    check_settings,
)
from accord.forecast.weighted import weighted_mean, weighted_median

__all__ = ["EUModel", "EURound"]

Vector = NDArray[np.float64]


@dataclass(frozen=True)
class EURound:
    """Everything one round of the model computed, in the issue's actor order.

    Attributes:
        start: Positions at the start of the round.
        risk: Each actor's risk exponent ``r_i`` (eq. 33), estimated at ``start``.
        probability: ``probability[i, j]``, the chance that ``i`` prevails over ``j``
            (eq. 30 or the chosen variant) used in the second pass.
        expected_utility: ``expected_utility[i, j] = E^i(U_ij)``, ``i``'s expected utility of
            challenging ``j`` with ``i``'s risk exponent (eqs. 5-7).
        proposer: The actor whose offer each actor accepted, -1 for none.
        offer: The kind of that offer: 0 none, 1 conflict, 2 compromise, 3 capitulation.
        positions: Positions at the end of the round.
    """

    start: Vector
    risk: Vector
    probability: NDArray[np.float64]
    expected_utility: NDArray[np.float64]
    proposer: NDArray[np.intp]
    offer: NDArray[np.int8]
    positions: Vector


@dataclass(frozen=True)
class _Prepared:
    """An issue in canonical actor order (by position, salience, capability)."""

    x: Vector
    s: Vector
    w: Vector
    order: NDArray[np.intp]
    inverse: NDArray[np.intp]
    span: float


@dataclass(frozen=True)
class EUModel:
    """Bueno de Mesquita's expected-utility model (Scholz, Calbert and Smith 2011).

    Every field but ``name`` is an interpretive switch or setting; the defaults are the
    paper's reading that reproduces Scholz's published emissions trajectory (see
    ``docs/forecast.md``). :meth:`jmckib` gives the settings of the jmckib/dmasad Python
    replication, whose round-1 outputs this model reproduces exactly.

    Attributes:
        name: The model's name in reports.
        salience: Salience weighting the resisted branch of eq. 6: the ``responder``'s
            (``s_j`` when ``i`` challenges ``j``, eq. 6) or the ``challenger``'s.
        probability: ``P^i``: ``paper`` (eq. 30), ``net`` (net votes, clamped at 0) or
            ``all_triples`` (Scholz's code: a denominator over every voter and actor pair).
        probability_risk: Votes on plain distances (``linear``, eq. 31) or raised to each
            voter's risk exponent (``voter``, as in the jmckib code).
        conflict: When both sides expect to gain: ``no_move`` (an uncertain outcome,
            BDM 1997 p. 244) or ``loser_moves`` (the lower expected utility moves fully).
        offer_selection: ``enforceable`` (highest proposer expected utility, then least
            movement, section 6.2), ``least_move`` or ``scholz_code`` (by offer type).
        compromise_sign: The compromise region: ``figure6`` or the ``text``'s printed sign.
        capitulation: ``reachable`` or ``unreachable`` (jmckib's bug).
        risk_perspective: Exponent used for the proposer's expected utility: the proposer's
            ``own`` or the ``receiver``'s (jmckib).
        security: Security levels (eq. 34) from what ``adversaries`` expect from challenging
            the actor, or from the actor's ``own_challenges``.
        risk: ``security`` (eqs. 32-34 each round) or ``neutral`` (every ``r_i = 1``).
        distance_range: ``x_max - x_min`` of the ``initial`` positions, of the ``current``
            round's positions, or the issue's ``scale``.
        q: Probability that the status quo persists if ``i`` does not challenge (eq. 7).
        t: The better/worse selector ``T`` of eq. 7 when ``t_rule`` is ``fixed``.
        t_rule: ``fixed`` (use ``t``) or ``cases`` (``T = 1`` iff the median is closer to
            ``i`` than ``j`` is, Scholz's figures 1-4).
        statistic: Forecast statistic of the final positions: ``median`` or ``mean``.
        stop: When to stop: ``statistic`` (the forecast statistic moved at most
            ``tolerance`` x the initial range in each of the last ``patience`` rounds),
            ``positions`` (no actor moved more than that in the last round) or ``fixed``
            (always run ``max_rounds``).
        patience: Rounds the statistic must hold for ``stop="statistic"``.
        max_rounds: Maximum number of rounds.
        tolerance: Convergence tolerance, as a fraction of the initial range of positions.
    """

    name: str = "eu"
    salience: Salience = "responder"
    probability: Probability = "paper"
    probability_risk: ProbabilityRisk = "linear"
    conflict: Conflict = "no_move"
    offer_selection: OfferSelection = "enforceable"
    compromise_sign: CompromiseSign = "figure6"
    capitulation: Capitulation = "reachable"
    risk_perspective: RiskPerspective = "own"
    security: Security = "adversaries"
    risk: Risk = "security"
    distance_range: DistanceRange = "initial"
    q: float = 1.0
    t: float = 1.0
    t_rule: TRule = "fixed"
    statistic: Statistic = "median"
    stop: Stop = "statistic"
    patience: int = 2
    max_rounds: int = 100
    tolerance: float = 1e-3

    def __post_init__(self) -> None:
        """Check every switch and setting.

        Raises:
            AnalysisError: A switch outside its values or a setting out of range.
        """
        check_settings({f.name: getattr(self, f.name) for f in dataclasses.fields(self)})

    @classmethod
    def jmckib(cls, max_rounds: int = 10) -> EUModel:
        """Return the settings of the jmckib/dmasad Python replication of Scholz's code.

        That code (``bdm-scholz-expected-utility-model``) uses the all-triples probability
        with risk-weighted votes, lets the loser of a conflict move, picks offers by type,
        never reaches capitulation, evaluates both sides of a dyad with the receiver's risk
        exponent and normalises by the initial range. It runs a fixed number of rounds and
        reports the median (though its log prints the mean under that label).

        Args:
            max_rounds: Rounds to run (the replication runs exactly this many).

        Returns:
            The model with those switches.
        """
        return cls(
            probability="all_triples",
            probability_risk="voter",
            conflict="loser_moves",
            offer_selection="scholz_code",
            capitulation="unreachable",
            risk_perspective="receiver",
            distance_range="initial",
            stop="fixed",
            max_rounds=max_rounds,
        )

    def predict(self, issue: IssueData) -> Forecast:
        """Run the model on one issue.

        Args:
            issue: Positions, saliences and capabilities of the actors.

        Returns:
            The forecast: ``outcome`` is the weighted median (or mean) of the positions after
            the last round, ``trace`` one :class:`~accord.forecast.base.Round` per round, and
            ``notes`` the number of rounds and whether the positions stopped moving.

        Raises:
            AnalysisError: Inconsistent or invalid inputs, positions outside the scale when
                ``distance_range`` is ``scale``, or no actor with both capability and
                salience while positions differ.
        """
        prep = self._prepare(issue)
        x = prep.x
        trace: list[Round] = []
        converged = False
        if np.all(x == x[0]):  # one actor, or no disagreement: nothing to negotiate
            positions = x[prep.inverse]
            positions.setflags(write=False)
            trace.append(Round(positions, float(x[0]), float(x[0])))
            converged = True
        else:
            threshold = self.tolerance * float(x.max() - x.min())
            previous = self._record(x, prep)
            steady = 0  # consecutive rounds in which the statistic held
            for _ in range(self.max_rounds):
                new_x = self._round(x, prep)[-1]
                current = self._record(new_x, prep)
                trace.append(current)
                moved = float(np.max(np.abs(new_x - x)))
                shift = abs(self._statistic(current) - self._statistic(previous))
                steady = steady + 1 if shift <= threshold else 0
                x, previous = new_x, current
                if np.all(x == x[0]) or (
                    (self.stop == "positions" and moved <= threshold)
                    or (self.stop == "statistic" and steady >= self.patience)
                ):
                    converged = True
                    break
        outcome = self._statistic(trace[-1])
        notes: dict[str, float | int | str] = {
            "rounds": len(trace),
            "converged": int(converged),
            "statistic": self.statistic,
        }
        return Forecast(self.name, outcome, tuple(trace), notes)

    def play_round(self, issue: IssueData, positions: Vector | None = None) -> EURound:
        """Compute one round from the issue's positions (or from ``positions``).

        Args:
            issue: The issue (saliences, capabilities, scale; positions if none given).
            positions: Positions to start from, in the issue's actor order.

        Returns:
            The round's risk exponents, probabilities, expected utilities, accepted offers
            and resulting positions, in the issue's actor order.

        Raises:
            AnalysisError: Invalid inputs, as for :meth:`predict`, or ``positions`` of the
                wrong length or not finite.
        """
        prep = self._prepare(issue)
        x = prep.x
        if positions is not None:
            given = np.asarray(positions, dtype=np.float64)
            if given.shape != x.shape or not np.all(np.isfinite(given)):
                raise AnalysisError(f"positions must be {x.size} finite numbers (got shape {given.shape})")
            x = given[prep.order]
        r, prob, eu, proposer, offer, new_x = self._round(x, prep)
        inv = prep.inverse
        mapped = np.where(proposer >= 0, prep.order[np.maximum(proposer, 0)], -1)
        return EURound(
            start=x[inv],
            risk=r[inv],
            probability=prob[np.ix_(inv, inv)],
            expected_utility=eu[np.ix_(inv, inv)],
            proposer=mapped[inv].astype(np.intp),
            offer=offer[inv],
            positions=new_x[inv],
        )

    def risk_exponents(self, issue: IssueData) -> Vector:
        """Return the round-1 risk exponents ``r_i`` (eqs. 32-34), in the issue's actor order.

        Args:
            issue: The issue.

        Returns:
            One exponent per actor, in [0.5, 2].

        Raises:
            AnalysisError: Invalid inputs, as for :meth:`predict`.
        """
        return self.play_round(issue).risk

    # ---- internals ------------------------------------------------------------------------

    def _prepare(self, issue: IssueData) -> _Prepared:
        x, s, c, low, high = checked_arrays(issue)
        label = issue.key or "?"
        if self.distance_range == "scale" and (np.any(x < low) or np.any(x > high)):
            raise AnalysisError(
                f"issue {label}: distance_range='scale' needs every position inside the scale "
                f"[{low:g}, {high:g}] (got {x.min():g} to {x.max():g})"
            )
        if np.any(x != x[0]) and not np.any(c * s > 0):
            raise AnalysisError(
                f"issue {label}: the EU model needs at least one actor with both capability and salience > 0"
            )
        # a canonical actor order makes the arithmetic, hence the result, independent of labels
        order = np.lexsort((c, s, x))
        inverse = np.empty_like(order)
        inverse[order] = np.arange(order.size)
        x, s, c = x[order], s[order], c[order]
        total = float(c.sum())
        w = (c / total if total > 0 else c) * s
        span = high - low if self.distance_range == "scale" else float(x.max() - x.min())
        return _Prepared(x, s, w, order, inverse, span)

    def _statistic(self, record: Round) -> float:
        return record.median if self.statistic == "median" else record.mean

    def _record(self, x: Vector, prep: _Prepared) -> Round:
        positions = x[prep.inverse]
        positions.setflags(write=False)
        return Round(positions, weighted_median(x, prep.w), weighted_mean(x, prep.w))

    def _round(
        self, x: Vector, prep: _Prepared
    ) -> tuple[Vector, NDArray[np.float64], NDArray[np.float64], NDArray[np.intp], NDArray[np.int8], Vector]:
        """One round in canonical order: (r, P, E^i(U_ij), proposer, offer kind, new positions)."""
        n = x.size
        span = float(x.max() - x.min()) if self.distance_range == "current" else prep.span
        if span <= 0:
            r = np.ones(n)
            zeros = np.zeros((n, n))
            return r, zeros, zeros, np.full(n, -1, dtype=np.intp), np.zeros(n, dtype=np.int8), x.copy()
        dist = np.abs(x[:, None] - x[None, :]) / span
        to_median = np.zeros(n)
        t: NDArray[np.float64] | float = self.t
        if self.q < 1.0:
            median = weighted_median(x, prep.w)
            to_median = np.abs(x - median) / span
            if self.t_rule == "cases":
                # T = 1 iff the median is closer to i than j is (ties within rounding: T = 0)
                t = (to_median[:, None] < dist - 1e-12).astype(np.float64)
        resisting = np.broadcast_to(
            prep.s[None, :] if self.salience == "responder" else prep.s[:, None], (n, n)
        )
        prob = prevail_probabilities(x, prep.w, span, self.probability)
        if self.risk == "security":
            first = expected_utilities(dist, to_median, prob, resisting, 1.0, self.q, t)
            r = risk_exponents(first, self.security)
        else:
            r = np.ones(n)
        if self.probability_risk == "voter" and self.risk == "security":
            prob = prevail_probabilities(x, prep.w, span, self.probability, voter_risk=r)
        eu = expected_utilities(dist, to_median, prob, resisting, r[:, None], self.q, t)
        if self.risk_perspective == "own":
            proposer_eu = eu.T
        else:
            proposer_eu = expected_utilities(dist, to_median, prob, resisting, r[None, :], self.q, t).T
        new_x, proposer, offer = choose_offers(
            x, eu, proposer_eu, self.conflict, self.compromise_sign, self.capitulation, self.offer_selection
        )
        return r, prob, eu, proposer, offer, new_x
