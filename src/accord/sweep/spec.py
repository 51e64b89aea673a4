"""The uncertain inputs of a sweep and how each draw samples them.

Draw ``i`` of a sweep with seed ``s`` uses its own generator ``numpy.random.default_rng([s, i])``
and one uniform number per input, mapped through the input's inverse distribution
function. A draw's values therefore depend only on ``(s, i)`` and the case: not on which
worker computes it, in which chunk or in which order (docs/sweep.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import NDArray
from scipy.special import ndtr, ndtri

from accord.case import Case
from accord.case.uncertainty import FIELD_RANGES, Uncertain, UncertainField
from accord.errors import AnalysisError

__all__ = ["WIDEN_RULE", "Input", "SweepSpec", "build_spec", "input_name", "widening"]

Origin = Literal["case", "widened"]

WIDEN_RULE: tuple[tuple[frozenset[int | None], float, float], ...] = (
    (frozenset({None, 5, 6}), 15.0, 0.15),
    (frozenset({4}), 10.0, 0.10),
    (frozenset({1, 2, 3}), 0.0, 0.0),
)
"""``(best claim credibility, ideal half-width, salience half-width)``; ``None``: no claim."""


def input_name(actor: str, issue: str | None, field: str) -> str:
    """Return the name of an input: ``RUS.donetsk.ideal`` or ``RUS.no_deal``."""
    return f"{actor}.{issue}.{field}" if issue is not None else f"{actor}.{field}"


@dataclass(frozen=True)
class Input:
    """One uncertain input and its distribution.

    Attributes:
        name: ``actor.issue.field`` or ``actor.field``.
        actor: Actor id.
        issue: Issue id (``None`` for no-deal utility and capability).
        field: Which number is uncertain.
        dist: ``uniform``, ``triangular`` or ``normal`` (truncated to ``[low, high]``).
        low: Smallest value.
        high: Largest value.
        mode: Peak of a triangular distribution.
        mean: Mean of the normal before truncation.
        sd: Standard deviation of the normal before truncation.
        base: The value in the case file.
        origin: ``case`` (an ``uncertain`` entry) or ``widened`` (the widening rule).
    """

    name: str
    actor: str
    issue: str | None
    field: UncertainField
    dist: str
    low: float
    high: float
    mode: float
    mean: float
    sd: float
    base: float
    origin: Origin

    def quantile(self, u: NDArray[np.float64]) -> NDArray[np.float64]:
        """Map uniform numbers in [0, 1) to values of this input (its inverse distribution function)."""
        lo, hi = self.low, self.high
        if hi <= lo:
            return np.full_like(u, lo)
        if self.dist == "triangular":
            span = hi - lo
            c = (self.mode - lo) / span
            left = lo + np.sqrt(u * span * (self.mode - lo))
            right = hi - np.sqrt((1.0 - u) * span * (hi - self.mode))
            return np.where(u < c, left, right)
        if self.dist == "normal":
            # Inverse CDF of the truncated normal. For a range above the mean, work with the
            # mirror image (upper-tail probabilities) so that far tails keep their precision.
            flip = self.mean < lo
            z_lo, z_hi = (lo - self.mean) / self.sd, (hi - self.mean) / self.sd
            if flip:
                z_lo, z_hi = -z_hi, -z_lo
            a, b = float(ndtr(z_lo)), float(ndtr(z_hi))
            if not b > a:  # beyond double precision (more than ~37 sd away): uniform on the range
                return lo + u * (hi - lo)
            p = a + (1.0 - u if flip else u) * (b - a)
            z = np.asarray(ndtri(p), dtype=np.float64)
            x = self.mean + self.sd * (-z if flip else z)
            return np.clip(x, lo, hi)
        return lo + u * (hi - lo)


@dataclass(frozen=True)
class SweepSpec:
    """The uncertain inputs of a case, in a fixed order.

    Attributes:
        inputs: Every uncertain input (explicit entries in file order, then widened positions).
        widen: Whether the widening rule was applied.
    """

    inputs: tuple[Input, ...]
    widen: bool

    @property
    def names(self) -> tuple[str, ...]:
        """The input names, in order."""
        return tuple(i.name for i in self.inputs)

    def sample(self, seed: int, index: int) -> NDArray[np.float64]:
        """Return draw ``index``'s value of every input (depends only on ``seed`` and ``index``)."""
        out: NDArray[np.float64] = self.sample_many(seed, [index])[0]
        return out

    def sample_many(self, seed: int, indices: Sequence[int]) -> NDArray[np.float64]:
        """Return a ``(draws, inputs)`` array: row ``r`` is draw ``indices[r]``'s values."""
        n = len(self.inputs)
        u = np.empty((len(indices), n))
        for r, index in enumerate(indices):
            u[r] = np.random.default_rng([seed, int(index)]).random(n)
        out = np.empty_like(u)
        for k, inp in enumerate(self.inputs):
            out[:, k] = inp.quantile(u[:, k])
        return out

    def to_dict(self) -> list[dict[str, object]]:
        """Return a JSON-ready list of the inputs."""
        return [
            {
                "name": i.name,
                "dist": i.dist,
                "low": i.low,
                "high": i.high,
                **({"mode": i.mode} if i.dist == "triangular" else {}),
                **({"mean": i.mean, "sd": i.sd} if i.dist == "normal" else {}),
                "base": i.base,
                "origin": i.origin,
            }
            for i in self.inputs
        ]


def _base_value(case: Case, actor: str, issue: str | None, field: str) -> float:
    if field in ("ideal", "salience"):
        pos = case.position(actor, issue or "")
        if pos is None:  # pragma: no cover - the case validator checks this
            raise AnalysisError(f"actor {actor!r} has no position on issue {issue!r}")
        return float(pos.ideal if field == "ideal" else pos.salience)
    a = case.actor(actor)
    return float(a.no_deal_utility if field == "no_deal" else a.capability)


def _from_entry(case: Case, e: Uncertain) -> Input:
    mid = (e.low + e.high) / 2.0
    return Input(
        name=input_name(e.actor, e.issue, e.field),
        actor=e.actor,
        issue=e.issue,
        field=e.field,
        dist=e.dist,
        low=e.low,
        high=e.high,
        mode=e.mode if e.mode is not None else mid,
        mean=e.mean if e.mean is not None else mid,
        sd=e.sd if e.sd is not None else 1.0,
        base=_base_value(case, e.actor, e.issue, e.field),
        origin="case",
    )


def widening(best_credibility: int | None) -> tuple[float, float]:
    """Return ``(ideal half-width, salience half-width)`` for a position's best claim credibility.

    Args:
        best_credibility: The best (lowest) Admiralty credibility of the claims the position
            rests on, or ``None`` when it rests on none.
    """
    for grades, ideal, salience in WIDEN_RULE:
        if best_credibility in grades:
            return ideal, salience
    raise AnalysisError(f"unknown credibility {best_credibility!r}")  # pragma: no cover


def build_spec(case: Case, widen: bool = True) -> SweepSpec:
    """Collect the uncertain inputs of a case.

    Explicit ``uncertain`` entries come first, in file order. With ``widen``, every position
    without an explicit entry for its ideal point or salience gets a uniform range from the
    credibility of the best claim it rests on (:data:`WIDEN_RULE`), clipped to the valid
    range; positions resting on confirmed or probable claims (credibility 1-3) stay fixed.

    Args:
        case: The case.
        widen: Apply the widening rule.

    Returns:
        The inputs.
    """
    inputs = [_from_entry(case, e) for e in case.uncertain]
    if widen:
        explicit = {i.name for i in inputs}
        credibility = {c.id: c.credibility for c in case.claims}
        for pos in case.positions:
            grades = [credibility[c] for c in pos.claims if c in credibility]
            half_ideal, half_salience = widening(min(grades) if grades else None)
            widened: tuple[tuple[UncertainField, float, float], ...] = (
                ("ideal", pos.ideal, half_ideal),
                ("salience", pos.salience, half_salience),
            )
            for field, value, half in widened:
                name = input_name(pos.actor, pos.issue, field)
                if half <= 0.0 or name in explicit:
                    continue
                lo_ok, hi_ok = FIELD_RANGES[field]
                low, high = max(lo_ok, value - half), min(hi_ok, value + half)
                mid = (low + high) / 2.0
                inputs.append(
                    Input(
                        name,
                        pos.actor,
                        pos.issue,
                        field,
                        "uniform",
                        low,
                        high,
                        mid,
                        mid,
                        1.0,
                        value,
                        "widened",
                    )
                )
    return SweepSpec(tuple(inputs), widen)
