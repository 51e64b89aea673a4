"""The deal space: every package of options, scored for every actor at the table.

A package picks one option per issue. :class:`DealSpace` turns a case into dense tables
so that packages can be scored in bulk: ``weights[k][a, o]`` is actor ``a``'s weighted
value for option ``o`` of issue ``k`` (salience over the actor's total salience times
the option's value), so an actor's utility for a package is the sum over issues of its
table entries, a number in [0, 1].
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from accord.case import Case
from accord.deals.utility import Shape, option_values
from accord.errors import AnalysisError

__all__ = ["DealSpace", "Package"]

Package = dict[str, str]
"""A package as ``{issue id: option id}``."""


def _listing(ids: Iterable[str]) -> str:
    return ", ".join(ids) or "none"


def _price_guarantees(
    case: Case, actors: Sequence[str], shape: Shape
) -> dict[tuple[str, str], dict[str, float]]:
    """Return ``{(issue id, beneficiary): {option id: value}}`` for options naming a guarantee."""
    from accord.guarantees.coupling import guarantee_values  # here: avoids an import cycle

    by_id = {g.id: g for g in case.guarantees}
    out: dict[tuple[str, str], dict[str, float]] = {}
    for issue in case.issues:
        beneficiaries = {by_id[o.guarantee].beneficiary for o in issue.options if o.guarantee is not None}
        for actor in sorted(beneficiaries):
            if actor in actors and case.position(actor, issue.id) is not None:
                out[(issue.id, actor)] = guarantee_values(case, issue.id, actor, shape=shape)
    return out


@dataclass(frozen=True, eq=False)
class DealSpace:
    """Every package of a case's issues, for the actors at the table.

    Build it with :meth:`from_case`. Arrays are read-only views of the case.

    Attributes:
        case: The case.
        actors: Ids of the actors at the table, in case order.
        issues: Ids of all issues, in case order.
        fixed: Issues held at one option, ``{issue id: option id}``.
        shape: The value function used for issues without an explicit table.
        weights: Per issue, an ``(actors, options)`` array of weighted values.
        red: Per issue, an ``(actors, options)`` boolean array: option on the actor's red line.
        no_deal: Each actor's no-deal utility.
        free: Indices (into ``issues``) of the issues that vary.
        radices: Number of options of each free issue.
        security: Per issue, whether it is a security issue.
        salience: ``(actors, issues)`` raw saliences (0 where an actor has no position).
    """

    case: Case
    actors: tuple[str, ...]
    issues: tuple[str, ...]
    fixed: Mapping[str, str]
    shape: Shape
    weights: tuple[NDArray[np.float64], ...]
    red: tuple[NDArray[np.bool_], ...]
    no_deal: NDArray[np.float64]
    free: tuple[int, ...]
    radices: tuple[int, ...]
    security: tuple[bool, ...]
    salience: NDArray[np.float64]
    _fixed_index: tuple[int, ...] = field(repr=False)

    @classmethod
    def from_case(
        cls,
        case: Case,
        actors: Sequence[str] | None = None,
        fixed: Mapping[str, str] | None = None,
        shape: Shape = "linear",
        price_guarantees: bool = False,
    ) -> DealSpace:
        """Build the deal space of ``case``.

        Args:
            case: The case.
            actors: Ids of the actors at the table (default: every actor with a position).
            fixed: Issues held at one option, ``{issue id: option id}``.
            shape: ``"linear"`` or ``"quadratic"`` value of distance to the ideal point.
            price_guarantees: Give each guarantee's beneficiary, on options naming a
                guarantee, a value equal to the guarantee's protection: P(no renewed war
                within ten years) in closed form at the model's central values, with no
                sampling (:func:`accord.guarantees.coupling.guarantee_values`), instead of
                its distance-based value. Other actors and options keep their values.

        Returns:
            The deal space.

        Raises:
            AnalysisError: An unknown actor, issue or option id, or an actor with no position.
        """
        if shape not in ("linear", "quadratic"):
            raise AnalysisError(f"unknown utility shape {shape!r} (known: linear, quadratic)")
        known_actors = [a.id for a in case.actors]
        with_positions = {p.actor for p in case.positions}
        if actors is None:
            chosen = [a for a in known_actors if a in with_positions]
        else:
            chosen = list(dict.fromkeys(actors))
            for name in chosen:
                if name not in known_actors:
                    raise AnalysisError(f"unknown actor {name!r} (known: {_listing(known_actors)})")
        if not chosen:
            raise AnalysisError("no actor at the table: name at least one actor with a position")
        missing = [name for name in chosen if name not in with_positions]
        if missing:
            raise AnalysisError(
                f"actor(s) {_listing(missing)} have no position on any issue, so no utility: "
                "add positions or leave them out of --actors"
            )
        fixed = dict(fixed or {})
        issue_ids = [i.id for i in case.issues]
        fixed_index: list[int] = []
        for issue_id, option_id in fixed.items():
            if issue_id not in issue_ids:
                raise AnalysisError(f"cannot fix unknown issue {issue_id!r} (known: {_listing(issue_ids)})")
            options = case.issue(issue_id).option_ids
            if option_id not in options:
                raise AnalysisError(
                    f"cannot fix issue {issue_id!r} to unknown option {option_id!r} "
                    f"(known: {_listing(options)})"
                )
        n_actors = len(chosen)
        saliences = np.zeros((n_actors, len(case.issues)))
        for a, actor_id in enumerate(chosen):
            for k, issue in enumerate(case.issues):
                pos = case.position(actor_id, issue.id)
                if pos is not None:
                    saliences[a, k] = pos.salience
        totals = saliences.sum(axis=1)
        zero = [chosen[a] for a in range(n_actors) if totals[a] <= 0.0]
        if zero:
            raise AnalysisError(
                f"actor(s) {_listing(zero)} give zero salience to every issue, so no utility: "
                "raise a salience above 0"
            )
        guarantee_priced = _price_guarantees(case, chosen, shape) if price_guarantees else {}
        weights: list[NDArray[np.float64]] = []
        red: list[NDArray[np.bool_]] = []
        for k, issue in enumerate(case.issues):
            positions = np.array([o.position for o in issue.options], dtype=np.float64)
            w = np.zeros((n_actors, len(issue.options)))
            r = np.zeros((n_actors, len(issue.options)), dtype=bool)
            for a, actor_id in enumerate(chosen):
                ruled_out = case.red_line(actor_id, issue.id)
                r[a] = [o.id in ruled_out for o in issue.options]
                pos = case.position(actor_id, issue.id)
                if pos is None:
                    continue
                if pos.values is not None:
                    values = np.array([pos.values[o.id] for o in issue.options], dtype=np.float64)
                else:
                    values = option_values(positions, pos.ideal, shape)
                priced = guarantee_priced.get((issue.id, actor_id))
                if priced:
                    values = np.array(
                        [priced.get(o.id, v) for o, v in zip(issue.options, values, strict=True)]
                    )
                w[a] = saliences[a, k] / totals[a] * values
            w.setflags(write=False)
            r.setflags(write=False)
            weights.append(w)
            red.append(r)
            if issue.id in fixed:
                fixed_index.append(issue.option_ids.index(fixed[issue.id]))
            else:
                fixed_index.append(-1)
        free = tuple(k for k, issue in enumerate(case.issues) if issue.id not in fixed)
        no_deal = np.array([case.actor(a).no_deal_utility for a in chosen], dtype=np.float64)
        no_deal.setflags(write=False)
        saliences.setflags(write=False)
        return cls(
            case=case,
            actors=tuple(chosen),
            issues=tuple(issue_ids),
            fixed=fixed,
            shape=shape,
            weights=tuple(weights),
            red=tuple(red),
            no_deal=no_deal,
            free=free,
            radices=tuple(len(case.issues[k].options) for k in free),
            security=tuple(i.security for i in case.issues),
            salience=saliences,
            _fixed_index=tuple(fixed_index),
        )

    @property
    def size(self) -> int:
        """Number of packages (the product of the free issues' option counts)."""
        return math.prod(self.radices)

    def fixed_choices(self) -> NDArray[np.int64]:
        """Return option indices with fixed issues at their option and free issues at 0."""
        return np.array([max(f, 0) for f in self._fixed_index], dtype=np.int64)

    def choices(self, index: int | NDArray[np.int64]) -> NDArray[np.int64]:
        """Return the option index chosen on every issue for package index(es).

        Args:
            index: A package index in ``range(size)`` (any size) or an array of them
                (spaces below 2**63 packages).

        Returns:
            An ``(issues,)`` or ``(issues, n)`` integer array of option indices.
        """
        if isinstance(index, int | np.integer):
            out1 = self.fixed_choices()
            rest = int(index)
            for k, radix in zip(reversed(self.free), reversed(self.radices), strict=True):
                rest, out1[k] = divmod(rest, radix)
            return out1
        idx = np.asarray(index, dtype=np.int64)
        out = np.empty((len(self.issues), *idx.shape), dtype=np.int64)
        out[...] = self.fixed_choices().reshape((-1,) + (1,) * idx.ndim)
        if self.free:
            digits = np.unravel_index(idx, self.radices)
            for k, d in zip(self.free, digits, strict=True):
                out[k] = d
        return out

    def index_of(self, choices: Sequence[int] | NDArray[np.int64]) -> int:
        """Return the package index of a full choice vector (one option index per issue).

        Raises:
            AnalysisError: If the choices disagree with a fixed issue.
        """
        for k, f in enumerate(self._fixed_index):
            if f >= 0 and int(choices[k]) != f:
                raise AnalysisError(f"issue {self.issues[k]!r} is fixed and cannot change")
        index = 0
        for k, radix in zip(self.free, self.radices, strict=True):
            index = index * radix + int(choices[k])
        return index

    def package(self, index: int) -> Package:
        """Return package ``index`` as ``{issue id: option id}``."""
        return self.package_of(self.choices(index))

    def package_of(self, choices: Sequence[int] | NDArray[np.int64]) -> Package:
        """Return a choice vector (option index per issue) as ``{issue id: option id}``."""
        return {issue.id: issue.options[int(choices[k])].id for k, issue in enumerate(self.case.issues)}

    def choices_of(self, package: Mapping[str, str]) -> list[int]:
        """Return the option index per issue of a package given as ``{issue id: option id}``.

        Raises:
            AnalysisError: An issue is missing or an id is unknown.
        """
        out: list[int] = []
        for issue in self.case.issues:
            if issue.id not in package:
                raise AnalysisError(f"the package gives no option for issue {issue.id!r}")
            option = package[issue.id]
            if option not in issue.option_ids:
                raise AnalysisError(
                    f"unknown option {option!r} for issue {issue.id!r} (known: {_listing(issue.option_ids)})"
                )
            out.append(issue.option_ids.index(option))
        extra = sorted(set(package) - set(self.issues))
        if extra:
            raise AnalysisError(f"unknown issue(s) {_listing(extra)} (known: {_listing(self.issues)})")
        return out

    def utilities(self, choices: NDArray[np.int64]) -> NDArray[np.float64]:
        """Return every actor's utility for packages given as option indices per issue.

        Args:
            choices: ``(issues,)`` or ``(issues, n)`` option indices.

        Returns:
            ``(actors,)`` or ``(actors, n)`` utilities in [0, 1].
        """
        c = np.asarray(choices, dtype=np.int64)
        total = np.zeros((len(self.actors), *c.shape[1:]))
        for k, w in enumerate(self.weights):
            total += w[:, c[k]]
        return total

    def red_lines_crossed(self, choices: NDArray[np.int64]) -> NDArray[np.bool_]:
        """Return, per actor (and package), whether the package holds one of its red-line options."""
        c = np.asarray(choices, dtype=np.int64)
        out = np.zeros((len(self.actors), *c.shape[1:]), dtype=bool)
        for k, r in enumerate(self.red):
            out |= r[:, c[k]]
        return out

    def acceptable(self, choices: NDArray[np.int64], tol: float = 1e-9) -> NDArray[np.bool_]:
        """Return per actor (and package) whether the package is acceptable to it."""
        u = self.utilities(choices)
        nd = self.no_deal.reshape((-1,) + (1,) * (u.ndim - 1))
        return (u >= nd - tol) & ~self.red_lines_crossed(choices)
