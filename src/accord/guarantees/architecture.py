"""What the guarantee model needs to know about one architecture, read from a case.

An architecture is a guarantee of the case (or :data:`NONE`, no guarantee) reduced to:
its guarantors with their military capacity, the odds ratios on their resolve and the share
of the horizon their commitment survives political turnover; the threat's capacity; forces
on the ground; the agreement mechanisms; and how long it lasts. Military capacity comes from
COW National Material Capabilities (:mod:`accord.guarantees.military`), never from an actor's
influence in the negotiation; a guarantor that is itself the threat brings none.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from accord.case import Case
from accord.case.guarantee import Guarantee
from accord.errors import AnalysisError
from accord.guarantees.assumptions import DEFAULTS, Assumptions
from accord.guarantees.types import Modifier

__all__ = [
    "NONE",
    "NONE_NAME",
    "Architecture",
    "Unit",
    "architecture_from",
    "architecture_of",
    "default_architectures",
    "find_guarantee",
]

NONE = "none"
"""Id of the baseline architecture with no guarantee."""

NONE_NAME = "No guarantee (armed neutrality, no guarantor)"
"""Display name of the baseline architecture."""


@dataclass(frozen=True)
class Unit:
    """A military contributor to a response: a state guarantor or a member of a guarantor alliance.

    Attributes:
        id: State id (ISO3 in the shipped table).
        guarantor: Index of the guarantor it acts for.
        capacity: Military expenditure times the share the obligation commits.
    """

    id: str
    guarantor: int
    capacity: float


@dataclass(frozen=True)
class Architecture:
    """The model's inputs for one architecture.

    Attributes:
        id: Guarantee id or :data:`NONE`.
        name: Display name.
        guarantors: Guarantor actor ids, in the guarantee's order.
        threat: Actor id of the threat (``against``), if named.
        is_threat: Per guarantor, True when it is the threat itself (no protection, no
            credibility shown).
        log_odds: Per guarantor, the sum of the log odds ratios on its resolve.
        modifiers: Per guarantor, the odds ratios applied, with sources.
        turnover: Per guarantor, mean share of the horizon its commitment survives turnover.
        units: Military contributors (alliances expanded into members).
        threat_capacity: The threat's military expenditure.
        forces: Troops on the ground.
        mechanisms: Agreement mechanisms whose priors apply.
        structural_only: Mechanisms listed but counted through the structural model
            (a third-party guarantee is the guarantee itself).
        active_months: Months the guarantee lasts (``None``: the whole horizon).
        fixed: Per guarantor, a what-if ex-ante credibility replacing the model's, or ``None``.
        notes: Warnings worth showing (missing military data, ...).
    """

    id: str
    name: str
    guarantors: tuple[str, ...]
    threat: str | None
    is_threat: tuple[bool, ...]
    log_odds: tuple[float, ...]
    modifiers: tuple[tuple[Modifier, ...], ...]
    turnover: tuple[float, ...]
    units: tuple[Unit, ...]
    threat_capacity: float
    forces: int
    mechanisms: tuple[str, ...]
    structural_only: tuple[str, ...] = ()
    active_months: int | None = None
    fixed: tuple[float | None, ...] = ()
    notes: tuple[str, ...] = ()

    def with_honour(self, honour: dict[str, float] | None) -> Architecture:
        """Return a copy whose named guarantors have a fixed ex-ante credibility (what-if)."""
        if not honour:
            return self
        fixed = tuple(honour.get(g, f) for g, f in zip(self.guarantors, self._fixed(), strict=True))
        return replace(self, fixed=fixed)

    def _fixed(self) -> tuple[float | None, ...]:
        return self.fixed if self.fixed else tuple(None for _ in self.guarantors)


def find_guarantee(case: Case, guarantee_id: str) -> Guarantee:
    """Return the guarantee with this id.

    Raises:
        AnalysisError: If the case has no such guarantee (the message lists the known ids).
    """
    for g in case.guarantees:
        if g.id == guarantee_id:
            return g
    known = ", ".join([NONE, *(g.id for g in case.guarantees)])
    raise AnalysisError(f"unknown architecture {guarantee_id!r} (known: {known})")


def default_architectures(case: Case) -> list[str]:
    """Guarantees comparable side by side: those protecting the case's most common beneficiary."""
    if not case.guarantees:
        return []
    counts: dict[str, int] = {}
    for g in case.guarantees:
        counts[g.beneficiary] = counts.get(g.beneficiary, 0) + 1
    main = max(counts, key=lambda b: counts[b])
    return [g.id for g in case.guarantees if g.beneficiary == main]


def _mod(a: Assumptions, name: str, ratio: float, note: str, overridden: bool) -> Modifier:
    source = "assumption (set in the case)" if overridden else DEFAULTS[name].source
    return Modifier(name=name, odds_ratio=ratio, source=source, note=note)


def _modifiers(g: Guarantee, guarantor: str, a: Assumptions) -> tuple[Modifier, ...]:
    mods: list[Modifier] = []
    name = f"legal_form_{g.legal_form}_odds"
    value, over = a.get(name)
    mods.append(_mod(a, name, value, f"legal form: {g.legal_form.replace('_', ' ')}", over))
    if g.forces.count > 0 and (not g.forces.nations or guarantor in g.forces.nations):
        threshold, t_over = a.get("tripwire_large_threshold")
        name = "tripwire_large_odds" if g.forces.count >= threshold else "tripwire_small_odds"
        value, over = a.get(name)
        mods.append(_mod(a, name, value, f"{g.forces.count} troops on the ground", over or t_over))
    if g.integrated_command:
        value, over = a.get("integrated_command_odds")
        mods.append(_mod(a, "integrated_command_odds", value, "forces under an integrated command", over))
    if g.response_lag_days is not None:
        halflife, over = a.get("response_lag_halflife_days")
        ratio = 0.5 ** (g.response_lag_days / halflife)
        note = f"stated response lag {g.response_lag_days} days, half-life {halflife:g} days"
        mods.append(_mod(a, "response_lag_halflife_days", ratio, note, over))
    return tuple(mods)


def turnover_share(interval: float, walkback: float, horizon: float) -> float:
    """Return the mean share of ``[0, horizon]`` before any government walks the guarantee back.

    Walk-backs arrive as a Poisson process with probability ``walkback`` per ``interval``
    years; the trigger is equally likely at any time of the horizon. The result multiplies
    the probability of honouring (a mixture: with the commitment gone, nobody honours).
    """
    if walkback <= 0.0 or horizon <= 0.0:
        return 1.0
    rate = -math.log1p(-walkback) / interval
    x = rate * horizon
    return 1.0 - x / 2.0 if x < 1e-12 else -math.expm1(-x) / x


def _units(
    case: Case, g: Guarantee, a: Assumptions, is_threat: list[bool], notes: list[str]
) -> tuple[tuple[Unit, ...], float]:
    from accord.guarantees import capacity as military  # here: loads the shipped table lazily

    share = a.value(f"obligation.{g.obligation}") if f"obligation.{g.obligation}" in DEFAULTS else 0.0
    units: list[Unit] = []
    for k, guarantor in enumerate(g.guarantors):
        if is_threat[k]:
            continue
        for member, spend in military.contributors(guarantor, a.optional(f"milex.{guarantor.lower()}")):
            if spend is None:
                notes.append(
                    f"no military data for {member}: it adds no capacity "
                    f"(set guarantees.milex.{member.lower()} in the case's assumptions)"
                )
                continue
            if spend * share > 0.0:
                units.append(Unit(member, k, spend * share))
    threat = g.against
    threat_capacity = 0.0
    if threat is not None:
        spend = military.capacity(threat, a.optional(f"milex.{threat.lower()}"))
        if spend is None:
            notes.append(f"no military data for the threat {threat}: set guarantees.milex.{threat.lower()}")
        threat_capacity = spend or 0.0
    if threat_capacity <= 0.0:
        # no named or known threat: a response is weighed against the guarantors' own capacity
        threat_capacity = sum(u.capacity for u in units) or 1.0
        notes.append("no threat capacity: each response is weighed against the guarantors' own capacity")
    return tuple(units), threat_capacity


def architecture_of(case: Case, guarantee_id: str, assumptions: Assumptions | None = None) -> Architecture:
    """Return the model inputs of one guarantee (or :data:`NONE`) of a case.

    Raises:
        AnalysisError: If the guarantee is unknown or an assumption is out of range.
    """
    a = assumptions if assumptions is not None else Assumptions(case.assumptions)
    if guarantee_id == NONE:
        return Architecture(NONE, NONE_NAME, (), None, (), (), (), (), (), 1.0, 0, ())
    return architecture_from(case, find_guarantee(case, guarantee_id), a)


def architecture_from(case: Case, g: Guarantee, a: Assumptions) -> Architecture:
    """Return the model inputs of a guarantee (possibly changed from the case's, for what-ifs).

    Raises:
        AnalysisError: If an assumption is out of range.
    """
    is_threat = [x == g.against for x in g.guarantors]
    log_odds: list[float] = []
    mods: list[tuple[Modifier, ...]] = []
    turnover: list[float] = []
    horizon = a.value("turnover_horizon_years")
    if g.duration_years is not None:
        horizon = min(horizon, g.duration_years)
    for guarantor in g.guarantors:
        m = _modifiers(g, guarantor, a)
        mods.append(m)
        log_odds.append(sum(math.log(x.odds_ratio) for x in m))
        interval = a.value("election_interval_years", guarantor)
        walkback = a.value("walkback_probability", guarantor)
        turnover.append(turnover_share(interval, walkback, horizon))
    notes: list[str] = []
    units, threat_capacity = _units(case, g, a, is_threat, notes)
    mechanisms: list[str] = list(dict.fromkeys(g.mechanisms))
    structural = tuple(m for m in mechanisms if m == "third_party_guarantee")
    active = None if g.duration_years is None else max(0, round(g.duration_years * 12))
    return Architecture(
        id=g.id,
        name=g.name,
        guarantors=tuple(g.guarantors),
        threat=g.against,
        is_threat=tuple(is_threat),
        log_odds=tuple(log_odds),
        modifiers=tuple(mods),
        turnover=tuple(turnover),
        units=units,
        threat_capacity=threat_capacity,
        forces=g.forces.count,
        mechanisms=tuple(m for m in mechanisms if m not in structural),
        structural_only=structural,
        active_months=active,
        fixed=tuple(None for _ in g.guarantors),
        notes=tuple(dict.fromkeys(notes)),
    )
