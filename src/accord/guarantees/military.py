"""Military capacity of guarantors and threats, shipped by ``scripts/derive_military.py``.

Guarantors are weighed by military capacity from the Correlates of War National Material
Capabilities data (Singer, Bremer and Stuckey 1972, "Capability distribution, uncertainty,
and major power war, 1820-1965"), not by their influence in the negotiation. The shipped
table holds, per state (ISO3 id, with its COW ccode), military expenditure, personnel and
CINC for the latest year in the data and as a five-year mean; organisations are member
lists (NATO sums its members; the EU has no forces of its own and weighs 0); and
``historical_ally_weight`` summarises how strong defence allies have been against the
protected state's strategic rival, so that a published average effect of defence pacts can
be turned into an effect per unit of weight.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Literal

__all__ = [
    "Basis",
    "Capability",
    "MilitaryTable",
    "Organisation",
    "StateRecord",
    "WeightDistribution",
    "load_military",
    "milex",
    "relative_weight",
]

Basis = Literal["latest", "mean5", "year2016"]
"""Which figure to read: the latest year, the five-year mean ending there, or 2016."""


@dataclass(frozen=True)
class Capability:
    """One state's (or organisation's) capability figures for one basis.

    Attributes:
        milex: Military expenditure, thousands of current US dollars (None if not coded).
        milper: Military personnel, thousands (None if not coded).
        cinc: Composite Index of National Capability, a share of the world total (None if
            not coded).
    """

    milex: float | None
    milper: float | None
    cinc: float | None


@dataclass(frozen=True)
class StateRecord:
    """A state in the table.

    Attributes:
        iso3: ISO 3166-1 alpha-3 code, the id accord uses.
        ccode: Correlates of War country code.
        name: English short name.
        latest: Figures for :attr:`MilitaryTable.year`.
        mean5: Means over :attr:`MilitaryTable.mean_years` (years with data only).
        year2016: Figures for 2016, the last year of NMC v6.0.
    """

    iso3: str
    ccode: int
    name: str
    latest: Capability
    mean5: Capability
    year2016: Capability

    def capability(self, basis: Basis = "latest") -> Capability:
        """Return the figures for ``basis``."""
        return {"latest": self.latest, "mean5": self.mean5, "year2016": self.year2016}[basis]


@dataclass(frozen=True)
class Organisation:
    """An organisation as a list of member states.

    Attributes:
        id: Id used by accord (``NATO``, ``NATO2016``, ``EU``).
        name: Full name.
        members: Members' ISO3 ids.
        ccodes: Members' COW ccodes, in the same order.
        own_forces: Whether the organisation has forces of its own (none of those shipped do).
        milex_rule: ``sum_of_members`` (capacity is the members' sum) or ``zero_own_forces``
            (capacity is 0; count the member states individually).
        as_of: Year the membership list refers to.
        note: Membership changes worth knowing.
    """

    id: str
    name: str
    members: tuple[str, ...]
    ccodes: tuple[int, ...]
    own_forces: bool
    milex_rule: str
    as_of: int
    note: str


@dataclass(frozen=True)
class WeightDistribution:
    """Summary of a distribution of relative weights in [0, 1].

    Attributes:
        n: Number of observations.
        mean: Mean weight.
        median: Median weight.
        p10: 10th percentile.
        p25: 25th percentile.
        p75: 75th percentile.
        p90: 90th percentile.
        share_at_least_half: Share of observations with weight >= 0.5.
    """

    n: int
    mean: float
    median: float
    p10: float
    p25: float
    p75: float
    p90: float
    share_at_least_half: float


@dataclass(frozen=True)
class MilitaryTable:
    """The shipped military table.

    Attributes:
        year: Latest year with expenditure data (the ``latest`` basis).
        mean_years: Years averaged in the ``mean5`` basis.
        source: Citation of the capability data.
        units: Units of milex, milper and cinc.
        states: State records keyed by ISO3 id.
        organisations: Organisations keyed by id.
        historical_ally_weight: Era (``post1945``, ``all_years``) -> measure
            (``dyad_year_cinc``, ``dyad_year_milex``, ``dyad_mean_cinc``,
            ``coalition_year_cinc``) -> distribution.
        ally_weight_definition: Exact definition of the ally-weight measures.
        command: Command that produced the JSON.
    """

    year: int
    mean_years: tuple[int, ...]
    source: str
    units: Mapping[str, str]
    states: Mapping[str, StateRecord]
    organisations: Mapping[str, Organisation]
    historical_ally_weight: Mapping[str, Mapping[str, WeightDistribution]]
    ally_weight_definition: str
    command: str

    def state_by_ccode(self, ccode: int) -> StateRecord | None:
        """Return the state with COW code ``ccode``, or None if it is not in the table."""
        for record in self.states.values():
            if record.ccode == ccode:
                return record
        return None

    def capability(self, actor_id: str, basis: Basis = "latest") -> Capability | None:
        """Return an actor's capability, or None for an unknown id.

        Args:
            actor_id: An ISO3 state id (``UKR``), a COW ccode as digits (``369``) or an
                organisation id (``NATO``, ``NATO2016``, ``EU``); case-insensitive.
            basis: Which figures to read.

        Returns:
            The state's figures; for an organisation with ``sum_of_members`` the sums over
            members with data (a member without data adds nothing), for one with
            ``zero_own_forces`` zeros. None when the id is unknown.
        """
        key = actor_id.strip().upper()
        if key in self.organisations:
            org = self.organisations[key]
            if org.milex_rule == "zero_own_forces":
                return Capability(milex=0.0, milper=0.0, cinc=0.0)
            caps = [self.states[m].capability(basis) for m in org.members if m in self.states]
            return Capability(
                milex=_sum(c.milex for c in caps),
                milper=_sum(c.milper for c in caps),
                cinc=_sum(c.cinc for c in caps),
            )
        record = self.state_by_ccode(int(key)) if key.isdigit() else self.states.get(key)
        return None if record is None else record.capability(basis)

    def milex(self, actor_id: str, basis: Basis = "latest") -> float | None:
        """Return an actor's military expenditure (thousands of US dollars), or None.

        Args:
            actor_id: As for :meth:`capability`.
            basis: Which figures to read.

        Returns:
            The expenditure, 0.0 for an organisation without forces of its own, None for an
            unknown id or a state whose expenditure is not coded.
        """
        cap = self.capability(actor_id, basis)
        return None if cap is None else cap.milex


def _sum(values: Iterable[float | None]) -> float:
    return float(sum(v for v in values if v is not None))


def _cap(raw: Mapping[str, Any]) -> Capability:
    def num(x: Any) -> float | None:
        return None if x is None else float(x)

    return Capability(milex=num(raw["milex"]), milper=num(raw["milper"]), cinc=num(raw["cinc"]))


def _parse(doc: Mapping[str, Any]) -> MilitaryTable:
    states = {
        iso: StateRecord(
            iso3=iso,
            ccode=int(s["ccode"]),
            name=str(s["name"]),
            latest=_cap(s["latest"]),
            mean5=_cap(s["mean5"]),
            year2016=_cap(s["year2016"]),
        )
        for iso, s in doc["states"].items()
    }
    orgs = {
        oid: Organisation(
            id=oid,
            name=str(o["name"]),
            members=tuple(o["members"]),
            ccodes=tuple(int(c) for c in o["ccodes"]),
            own_forces=bool(o["own_forces"]),
            milex_rule=str(o["milex_rule"]),
            as_of=int(o["as_of"]),
            note=str(o["note"]),
        )
        for oid, o in doc["organisations"].items()
    }
    haw = doc["historical_ally_weight"]
    weights: dict[str, dict[str, WeightDistribution]] = {}
    for era in ("post1945", "all_years"):
        weights[era] = {
            measure: WeightDistribution(
                n=int(v["n"]),
                mean=float(v["mean"]),
                median=float(v["median"]),
                p10=float(v["p10"]),
                p25=float(v["p25"]),
                p75=float(v["p75"]),
                p90=float(v["p90"]),
                share_at_least_half=float(v["share_at_least_half"]),
            )
            for measure, v in haw[era].items()
            if isinstance(v, dict) and "median" in v
        }
    return MilitaryTable(
        year=int(doc["years"]["latest"]),
        mean_years=tuple(int(y) for y in doc["years"]["mean5"]),
        source=str(doc["source"]),
        units=dict(doc["units"]),
        states=states,
        organisations=orgs,
        historical_ally_weight=weights,
        ally_weight_definition=str(haw["definition"]),
        command=str(doc["command"]),
    )


@cache
def load_military() -> MilitaryTable:
    """Return the shipped table (``accord/guarantees/data/military.json``), read once."""
    text = resources.files("accord.guarantees").joinpath("data/military.json").read_text("utf-8")
    doc: dict[str, Any] = json.loads(text)
    return _parse(doc)


def milex(actor_id: str, basis: Basis = "latest") -> float | None:
    """Return an actor's military expenditure from the shipped table.

    Args:
        actor_id: An ISO3 state id (``RUS``), a COW ccode as digits, or an organisation id:
            ``NATO`` (the members' sum), ``NATO2016``, ``EU`` (0: no forces of its own).
        basis: ``latest`` (the table's year), ``mean5`` or ``year2016``.

    Returns:
        Thousands of current US dollars, or None for an unknown id or an uncoded value; the
        caller decides what None means.
    """
    return load_military().milex(actor_id, basis)


def relative_weight(guarantors_milex: float, threat_milex: float) -> float:
    """Return the guarantors' share of the combined capacity, g / (g + t).

    Args:
        guarantors_milex: The guarantors' combined expenditure (or any capacity measure).
        threat_milex: The threat's expenditure, in the same units.

    Returns:
        A weight in [0, 1], increasing in ``guarantors_milex`` and decreasing in
        ``threat_milex``; 0.5 when both are 0.

    Raises:
        ValueError: If either value is negative or not finite.
    """
    g, t = float(guarantors_milex), float(threat_milex)
    if not (math.isfinite(g) and math.isfinite(t)) or g < 0 or t < 0:
        raise ValueError(f"capacities must be finite and non-negative, got {g!r} and {t!r}")
    if g + t == 0:
        return 0.5
    if g == 0:
        return 0.0
    # 1 / (1 + t/g) rather than g / (g + t): each step is correctly rounded and monotone, so the
    # weight never falls when g grows by less than a rounding unit (g / (g + t) can).
    return 1.0 / (1.0 + t / g)
