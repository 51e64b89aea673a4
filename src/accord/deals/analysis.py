"""One call that answers the analyst's first questions about a deal space.

Which packages could every party accept, which bargaining solutions pick which package,
and what does each actor concede in them? :func:`analyse_deals` enumerates the space when
it is small enough and falls back to exact integer programming when it is not.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from accord.deals.closest import Blocker, ClosestDeal, diagnose_blockers
from accord.deals.concessions import Concession, concessions
from accord.deals.exact import best_for_each, solve_exact
from accord.deals.scan import ProgressFn, scan
from accord.deals.security import security_flags, security_gains
from accord.deals.solutions import SOLUTIONS, SolutionName, solve
from accord.deals.space import DealSpace, Package
from accord.errors import AnalysisError

__all__ = [
    "ActorOutcome",
    "DealAnalysis",
    "Method",
    "PackageReport",
    "analyse_deals",
    "closest_to_dict",
    "package_report",
]

Method = Literal["auto", "enumerate", "exact"]

MAX_ENUMERATE = 200_000_000
"""Largest space ``method="auto"`` enumerates; beyond it, integer programming is used."""


@dataclass(frozen=True)
class ActorOutcome:
    """One actor's lot in a package."""

    utility: float
    gain: float
    acceptable: bool
    security_gain: float | None
    concessions: list[Concession]

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {
            "utility": round(self.utility, 6),
            "gain": round(self.gain, 6),
            "acceptable": self.acceptable,
            "security_gain": None if self.security_gain is None else round(self.security_gain, 6),
            "concessions": [c.to_dict() for c in self.concessions],
        }


@dataclass(frozen=True)
class PackageReport:
    """A package with every actor's utility, gain and concessions.

    Attributes:
        options: ``{issue id: option id}``.
        actors: Per actor id, its outcome.
        nash_product: Product of the gains over no deal (0 if any gain is not positive).
        security_flag: Whether the indivisible-security check flags it (``None`` without a threshold).
        gap: Proven relative optimality gap when found by integer programming.
    """

    options: Package
    actors: dict[str, ActorOutcome]
    nash_product: float
    security_flag: bool | None = None
    gap: float | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        out: dict[str, Any] = {
            "options": self.options,
            "actors": {k: v.to_dict() for k, v in self.actors.items()},
            "nash_product": self.nash_product,
        }
        if self.security_flag is not None:
            out["security_flag"] = self.security_flag
        if self.gap is not None:
            out["optimality_gap"] = self.gap
        return out


def package_report(
    space: DealSpace,
    choices: NDArray[np.int64],
    security_threshold: float | None = None,
    gap: float | None = None,
) -> PackageReport:
    """Describe one package (option indices per issue) for every actor at the table."""
    c = np.asarray(choices, dtype=np.int64)
    util = space.utilities(c)
    ok = space.acceptable(c)
    sec = security_gains(space, c)
    gains = util - space.no_deal
    on_security = space.salience[:, [k for k, s in enumerate(space.security) if s]].sum(axis=1) > 0
    actors = {
        actor: ActorOutcome(
            float(util[a]),
            float(gains[a]),
            bool(ok[a]),
            float(sec[a]) if on_security[a] else None,
            concessions(space, a, c),
        )
        for a, actor in enumerate(space.actors)
    }
    product = float(np.prod(gains)) if np.all(gains > 0) else 0.0
    flag = None
    if security_threshold is not None:
        flag = bool(security_flags(sec.reshape(-1, 1), security_threshold)[0])
    return PackageReport(space.package_of(c), actors, product, flag, gap)


@dataclass(frozen=True)
class DealAnalysis:
    """The answer of :func:`analyse_deals`.

    Attributes:
        case: Case id.
        actors: Actors at the table.
        fixed: Fixed issues.
        method: ``"enumerate"`` or ``"exact"``.
        packages: Size of the deal space.
        acceptable: Packages acceptable to all (``None`` with the exact method).
        pareto: Packages on the Pareto frontier of the acceptable set (``None`` with exact).
        pareto_points: Distinct utility vectors on that frontier (``None`` with exact).
        acceptable_to: Per actor, packages it accepts on its own (``None`` with exact).
        solutions: Per solution name, its package (``None`` when nothing is acceptable).
        least_concession: Per actor, its best acceptable package: the least it must concede.
        top: Frontier packages ranked by Nash product.
        security_threshold: Threshold of the indivisible-security check, if any.
        security_flagged: Acceptable packages it flags (enumeration only).
        blockers: When nothing is acceptable, the fewest constraints that block every deal.
    """

    case: str
    actors: tuple[str, ...]
    fixed: dict[str, str]
    method: Literal["enumerate", "exact"]
    packages: int
    acceptable: int | None
    pareto: int | None
    pareto_points: int | None
    acceptable_to: dict[str, int] | None
    solutions: dict[str, PackageReport | None]
    least_concession: dict[str, PackageReport | None]
    top: list[PackageReport] = field(default_factory=list)
    security_threshold: float | None = None
    security_flagged: int | None = None
    blockers: list[Blocker] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON document ``accord deals --json`` prints."""
        return {
            "case": self.case,
            "actors": list(self.actors),
            "fixed": self.fixed,
            "method": self.method,
            "counts": {
                "packages": self.packages,
                "acceptable": self.acceptable,
                "pareto": self.pareto,
                "pareto_points": self.pareto_points,
                "acceptable_to": self.acceptable_to,
            },
            "solutions": {k: (v.to_dict() if v else None) for k, v in self.solutions.items()},
            "least_concession": {k: (v.to_dict() if v else None) for k, v in self.least_concession.items()},
            "top": [p.to_dict() for p in self.top],
            "security": {"threshold": self.security_threshold, "flagged": self.security_flagged},
            "blockers": [b.to_dict() for b in self.blockers],
        }


def analyse_deals(
    space: DealSpace,
    *,
    solutions: Sequence[SolutionName] = SOLUTIONS,
    top: int = 5,
    method: Method = "auto",
    security_threshold: float | None = None,
    max_enumerate: int = MAX_ENUMERATE,
    progress: ProgressFn | None = None,
) -> DealAnalysis:
    """Analyse a deal space: acceptable set, frontier, bargaining solutions, concessions.

    Args:
        space: The deal space.
        solutions: Which solution concepts to compute.
        top: How many frontier packages to list, ranked by Nash product.
        method: ``"enumerate"`` every package, ``"exact"`` integer programming, or
            ``"auto"``: enumerate up to ``max_enumerate`` packages.
        security_threshold: Flag packages where one actor's security gain is another's
            loss by at least this much (utility points, 0-1 scale).
        max_enumerate: Size limit for ``"auto"``.
        progress: Called as ``progress(done, total)`` during enumeration.

    Returns:
        The analysis.

    Raises:
        AnalysisError: For an unknown solution name or a bad threshold.
    """
    for name in solutions:
        if name not in SOLUTIONS:
            raise AnalysisError(f"unknown solution {name!r} (known: {', '.join(SOLUTIONS)})")
    if security_threshold is not None and not (0 < security_threshold <= 1):
        raise AnalysisError(f"security threshold must be in (0, 1] (got {security_threshold!r})")
    if top < 0:
        raise AnalysisError(f"top must be 0 or more (got {top!r})")
    if method == "enumerate" and space.size > 2**62:
        raise AnalysisError(
            f"{space.size:.3g} packages are too many to enumerate: use method 'exact' (integer programming)"
        )
    use_exact = method == "exact" or (method == "auto" and space.size > max_enumerate)
    base: dict[str, Any] = {
        "case": space.case.id,
        "actors": space.actors,
        "fixed": dict(space.fixed),
        "packages": space.size,
        "security_threshold": security_threshold,
    }
    if use_exact:
        sols: dict[str, PackageReport | None] = {}
        for name in solutions:
            found = solve_exact(space, name)
            sols[name] = (
                None
                if found.choices is None
                else package_report(space, found.choices, security_threshold, found.gap)
            )
        least = {
            actor: (None if b is None else package_report(space, b, security_threshold))
            for actor, b in zip(space.actors, best_for_each(space), strict=True)
        }
        blockers = diagnose_blockers(space) if all(v is None for v in least.values()) else []
        return DealAnalysis(
            method="exact",
            acceptable=None,
            pareto=None,
            pareto_points=None,
            acceptable_to=None,
            solutions=sols,
            least_concession=least,
            blockers=blockers,
            **base,
        )
    result = scan(space, security_threshold=security_threshold, progress=progress)
    frontier = result.frontier_utilities
    choices = (
        space.choices(result.frontier_index) if frontier.size else np.zeros((len(space.issues), 0), np.int64)
    )
    sols = {}
    for name in solutions:
        row = solve(name, frontier, space.no_deal)
        sols[name] = None if row is None else package_report(space, choices[:, row], security_threshold)
    least = {}
    for a, actor in enumerate(space.actors):
        if frontier.shape[0] == 0:
            least[actor] = None
            continue
        order = np.lexsort((result.frontier_index, -np.round(frontier.sum(axis=1), 12), -frontier[:, a]))
        least[actor] = package_report(space, choices[:, int(order[0])], security_threshold)
    ranked: list[PackageReport] = []
    if top and frontier.shape[0]:
        gains = frontier - space.no_deal
        with np.errstate(divide="ignore"):
            logs = np.where(
                np.all(gains > 0, axis=1), np.log(np.clip(gains, 1e-300, None)).sum(axis=1), -math.inf
            )
        order = np.lexsort((result.frontier_index, -frontier.sum(axis=1), -logs))
        ranked = [package_report(space, choices[:, int(r)], security_threshold) for r in order[:top]]
    blockers = diagnose_blockers(space) if result.acceptable == 0 else []
    return DealAnalysis(
        method="enumerate",
        acceptable=result.acceptable,
        pareto=result.pareto,
        pareto_points=int(frontier.shape[0]),
        acceptable_to=dict(zip(space.actors, (int(v) for v in result.acceptable_to), strict=True)),
        solutions=sols,
        least_concession=least,
        top=ranked,
        security_flagged=result.security_flagged,
        blockers=blockers,
        **base,
    )


def closest_to_dict(result: ClosestDeal, space: DealSpace, name: str) -> dict[str, Any]:
    """Return the JSON document ``accord deals --proposal --json`` prints."""

    def per_actor(values: NDArray[Any] | None) -> dict[str, Any] | None:
        if values is None:
            return None
        return {
            a: (bool(v) if isinstance(v, np.bool_) else round(float(v), 6))
            for a, v in zip(space.actors, values, strict=True)
        }

    return {
        "proposal": {"name": name, "options": result.proposal},
        "proposal_utilities": per_actor(result.proposal_utilities),
        "proposal_acceptable": per_actor(result.proposal_acceptable),
        "verdicts": {v.actor: v.to_dict() for v in result.verdicts},
        "crosses": [b.to_dict() for b in result.crossed],
        "closest": None
        if result.package is None
        else {
            "options": result.package,
            "changes": {k: {"from": a, "to": b} for k, (a, b) in result.changes.items()},
            "n_changes": len(result.changes),
            "utilities": per_actor(result.utilities),
        },
        "blockers": [b.to_dict() for b in result.blockers],
    }
