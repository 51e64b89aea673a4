"""Inverse questions: what would bring an architecture's risk under a target, and where two break even.

For a target such as ``war10<0.2`` (mean P(renewed war within 10 years) below 0.2), each
architecture is searched along three levers, one at a time, all else at the case's values:

- **credibility**: the ex-ante credibility that every guarantor (other than the threat)
  would need, by bisection on a what-if value shared by all of them;
- **forces**: the troops on the ground that would be needed (contributed by the guarantee's
  force nations, or its guarantors), by bisection up to :data:`MAX_FORCES`;
- **mechanisms**: the smallest sets of agreement mechanisms (demilitarised zone, monitoring,
  peacekeeping, joint commission) that, added, reach the target.

The break-even credibility of architecture A against B is the common credibility of A's
guarantors at which A's mean risk equals B's. All searches use one set of common draws.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import partial

import numpy as np

from accord.case import Case
from accord.case.guarantee import Forces
from accord.errors import AnalysisError
from accord.guarantees.architecture import NONE, Architecture, architecture_from, find_guarantee
from accord.guarantees.assumptions import Assumptions
from accord.guarantees.engine import Draws, draw_common, multipliers
from accord.guarantees.simulation import architectures

__all__ = [
    "LEVER_MECHANISMS",
    "MAX_FORCES",
    "BreakEven",
    "Target",
    "TargetAnswer",
    "break_even",
    "parse_target",
    "solve_target",
]

MAX_FORCES = 1_000_000
"""Largest force on the ground the search considers."""

LEVER_MECHANISMS = ("dmz", "monitoring", "peacekeeping", "joint_commission")
"""Mechanisms an agreement can add (a third-party guarantee is the guarantee itself)."""

INVERSE_DRAWS = 4000
"""Parameter draws behind an inverse search (each step is a mean over them)."""

_TARGET = re.compile(r"^\s*(war|violation)\s*(\d+(?:\.\d+)?)\s*(<=|<)\s*(0?\.\d+|0|1(?:\.0*)?)\s*$")


@dataclass(frozen=True)
class Target:
    """A target on an architecture's mean risk.

    Attributes:
        metric: ``"war"`` (renewed major war) or ``"violation"`` (any violation).
        years: Horizon in years.
        threshold: The mean probability must be below this.
        text: The target as written.
    """

    metric: str
    years: float
    threshold: float
    text: str

    @property
    def months(self) -> int:
        """Horizon in months."""
        return round(self.years * 12)


def parse_target(text: str) -> Target:
    """Parse ``war10<0.2`` or ``violation5<=0.4``.

    Raises:
        AnalysisError: If the text is not of that form (the message shows the form).
    """
    m = _TARGET.match(text)
    if m is None:
        raise AnalysisError(
            f"cannot read target {text!r}: write METRIC YEARS < PROBABILITY, e.g. 'war10<0.2' or "
            "'violation5<0.4' (metrics: war, violation)"
        )
    years = float(m.group(2))
    if round(years * 12) < 1:
        raise AnalysisError(f"target {text!r}: the horizon must be at least one month")
    return Target(m.group(1), years, float(m.group(4)), text.strip())


def _risk(arch: Architecture, draws: Draws, a: Assumptions, target: Target) -> float:
    _, _, m_war, m_viol = multipliers(arch, draws, a)
    t = target.months / 12.0
    cut = (
        None if arch.active_months is None or arch.active_months >= target.months else arch.active_months / 12
    )

    def hazard(scale: np.ndarray, shape: np.ndarray, mult: np.ndarray) -> np.ndarray:
        tp = t**shape
        if cut is None:
            return np.asarray(scale * mult * tp)
        ta = cut**shape
        return np.asarray(scale * (mult * ta + tp - ta))

    h_w = hazard(draws.war_scale, draws.war_shape, m_war)
    if target.metric == "war":
        return float(np.mean(-np.expm1(-h_w)))
    h_v = hazard(draws.viol_scale, draws.viol_shape, m_viol)
    return float(np.mean(-np.expm1(-np.maximum(h_v, h_w))))


def _with_credibility(arch: Architecture, value: float) -> Architecture:
    fixed = tuple(None if t else value for t in arch.is_threat)
    return replace(arch, fixed=fixed)


def _bisect(ok: Callable[[float], bool], lo: float, hi: float, iters: int = 40) -> float:
    """Return the smallest value in ``[lo, hi]`` where ``ok`` holds (``ok`` monotone, true at ``hi``)."""
    for _ in range(iters):
        mid = (lo + hi) / 2.0
        if ok(mid):
            hi = mid
        else:
            lo = mid
    return hi


@dataclass(frozen=True)
class TargetAnswer:
    """What would bring one architecture under the target.

    Attributes:
        architecture: Architecture id.
        current: Its mean risk now.
        meets: True when it already meets the target.
        credibility: Common ex-ante credibility of its guarantors needed (``None``: not
            reachable by credibility alone, or no guarantor that can respond).
        risk_at_full_credibility: Its mean risk if every guarantor surely honoured.
        forces: Troops on the ground needed (``None``: not reachable within :data:`MAX_FORCES`).
        mechanisms: The smallest sets of added mechanisms that reach it (empty: none does).
    """

    architecture: str
    current: float
    meets: bool
    credibility: float | None
    risk_at_full_credibility: float | None
    forces: int | None
    mechanisms: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class BreakEven:
    """The credibility at which one architecture's risk equals another's.

    Attributes:
        architecture: The architecture whose guarantors' credibility varies.
        versus: The architecture it is compared with (at the case's values).
        versus_risk: The other's mean risk.
        credibility: Common ex-ante credibility at which they break even (``None``: never, in [0, 1]).
    """

    architecture: str
    versus: str
    versus_risk: float
    credibility: float | None


def _cred_ok(
    arch: Architecture, draws: Draws, a: Assumptions, target: Target, level: float, c: float
) -> bool:
    return _risk(_with_credibility(arch, c), draws, a, target) < level


def _forces_ok(
    case: Case, arch: Architecture, draws: Draws, a: Assumptions, target: Target, n: float
) -> bool:
    return _risk(_forces_arch(case, arch, a, round(n)), draws, a, target) < target.threshold


def _forces_arch(case: Case, arch: Architecture, a: Assumptions, count: int) -> Architecture:
    g = find_guarantee(case, arch.id)
    nations = g.forces.nations or tuple(g.guarantors)
    changed = g.model_copy(update={"forces": Forces(count=count, nations=nations)})
    return replace(architecture_from(case, changed, a), fixed=arch.fixed)


def _draws(case: Case, archs: Sequence[Architecture], a: Assumptions, draws: int, seed: int) -> Draws:
    guarantors = [g for x in archs for g in x.guarantors]
    mechs = [*LEVER_MECHANISMS, *(m for x in archs for m in x.mechanisms)]
    return draw_common(draws, seed, a, guarantors, mechs)


def solve_target(
    case: Case,
    target: Target,
    guarantee_ids: Sequence[str] | None = None,
    *,
    draws: int = INVERSE_DRAWS,
    seed: int = 0,
) -> list[TargetAnswer]:
    """Answer, per architecture, what credibility, force size or mechanisms would reach the target.

    Raises:
        AnalysisError: An unknown architecture, a horizon longer than 100 years, or bad draws.
    """
    if target.years > 100:
        raise AnalysisError(f"target {target.text!r}: the horizon must be at most 100 years")
    a = Assumptions(case.assumptions)
    archs = architectures(case, guarantee_ids, a)
    common = _draws(case, archs, a, draws, seed)
    out: list[TargetAnswer] = []
    for arch in archs:
        current = _risk(arch, common, a, target)
        meets = current < target.threshold
        cred: float | None = None
        full: float | None = None
        if arch.units and arch.id != NONE:
            full = _risk(_with_credibility(arch, 1.0), common, a, target)
            if _risk(_with_credibility(arch, 0.0), common, a, target) < target.threshold:
                cred = 0.0
            elif full < target.threshold:
                cred = _bisect(partial(_cred_ok, arch, common, a, target, target.threshold), 0.0, 1.0)
        forces: int | None = None
        ok_forces = partial(_forces_ok, case, arch, common, a, target)
        if arch.id != NONE and ok_forces(float(MAX_FORCES)):
            n = _bisect(ok_forces, 0.0, float(MAX_FORCES), iters=30)
            forces = int(np.ceil(n / 100.0) * 100)
        found: list[tuple[str, ...]] = []
        candidates = [m for m in LEVER_MECHANISMS if m not in arch.mechanisms]
        for size in range(1, len(candidates) + 1):
            for combo in itertools.combinations(candidates, size):
                x = replace(arch, mechanisms=(*arch.mechanisms, *combo))
                if _risk(x, common, a, target) < target.threshold:
                    found.append(combo)
            if found:
                break
        out.append(TargetAnswer(arch.id, current, meets, cred, full, forces, tuple(found)))
    return out


def break_even(
    case: Case,
    target: Target,
    versus: str,
    guarantee_ids: Sequence[str] | None = None,
    *,
    draws: int = INVERSE_DRAWS,
    seed: int = 0,
) -> list[BreakEven]:
    """Return, per architecture, the common credibility at which its risk equals ``versus``'s.

    Raises:
        AnalysisError: An unknown architecture or bad draws.
    """
    a = Assumptions(case.assumptions)
    archs = architectures(case, guarantee_ids, a)
    other = architectures(case, [versus], a)[0]
    common = _draws(case, [*archs, other], a, draws, seed)
    level = _risk(other, common, a, target)
    out: list[BreakEven] = []
    for arch in archs:
        if arch.id == other.id or not arch.units:
            continue
        low = _risk(_with_credibility(arch, 0.0), common, a, target)
        high = _risk(_with_credibility(arch, 1.0), common, a, target)
        if not high <= level <= low:
            out.append(BreakEven(arch.id, other.id, level, None))
            continue
        c = _bisect(partial(_cred_ok, arch, common, a, target, level + 1e-12), 0.0, 1.0)
        out.append(BreakEven(arch.id, other.id, level, c))
    return out
