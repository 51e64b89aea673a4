"""Durability of agreements: how PA-X provisions associate with a settlement holding.

The figures are fitted by ``scripts/fit_durability.py`` on PA-X v9 (Bell, C. and
Badanjak, S. (2019), "Introducing PA-X: A new peace agreement database and dataset",
Journal of Peace Research 56(3)) and shipped as ``accord/guarantees/data/durability.json``;
the dataset itself is not part of accord.

An agreement *holds* when no later agreement of the same peace process, signed within the
window (two years by default), is a ceasefire (PA-X ``Stage == "Cea"``): the process did
not need a renewed ceasefire. The model is a logistic regression of holding on seven
binarised provisions, with a cluster-robust (by peace process) covariance. The estimates
are associations across 1990-2024 peace processes, mostly intrastate; they are not causal
effects and say nothing specific about an interstate war between great powers. See
``docs/guarantees.md`` ("Durability of agreements").
"""

from __future__ import annotations

import json
import math
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import numpy as np
from numpy.typing import NDArray

from accord.case import Case, Guarantee
from accord.errors import AnalysisError

__all__ = [
    "DEFAULT_ORGANISATIONS",
    "PROVISIONS",
    "DurabilityEstimate",
    "DurabilityModel",
    "durability",
    "durability_of",
    "load_model",
    "provisions_for_guarantee",
]

#: Provision names accepted by :func:`durability`, in model order.
PROVISIONS: tuple[str, ...] = (
    "ceasefire_detail",
    "peacekeeping",
    "enforcement",
    "un_signatory",
    "other_international_signatory",
    "foreign_forces_withdrawal",
    "border_delimitation",
)

#: Guarantor ids treated as international organisations when no case is given (assumption).
DEFAULT_ORGANISATIONS: frozenset[str] = frozenset({"UN", "NATO", "EU", "OSCE", "AU", "CSTO", "ECOWAS"})

_UN_IDS = frozenset({"UN", "UNO", "UNITED_NATIONS"})
_Z95 = 1.959963984540054


@dataclass(frozen=True)
class DurabilityModel:
    """The shipped logistic fit.

    Attributes:
        names: Parameter names, ``"intercept"`` first, then :data:`PROVISIONS`.
        coef: Coefficients on the logit scale.
        covariance: Cluster-robust covariance of the coefficients.
        window_years: The window over which "holds" is defined.
        n: Agreements in the fit.
        events: Agreements followed by a renewed ceasefire within the window.
        citation: The data citation.
        command: The command that produced the figures.
    """

    names: tuple[str, ...]
    coef: NDArray[np.float64]
    covariance: NDArray[np.float64]
    window_years: float
    n: int
    events: int
    citation: str
    command: str


@dataclass(frozen=True)
class DurabilityEstimate:
    """Probability that a settlement holds over the window, with its interval.

    Attributes:
        probability: Fitted probability that no renewed ceasefire is needed within the window.
        low: Lower end of the 95% interval (delta method on the logit scale).
        high: Upper end of the 95% interval.
        window_years: The window.
        provisions: The provisions used (every name in :data:`PROVISIONS`).
        citation: Where the figures come from.
    """

    probability: float
    low: float
    high: float
    window_years: float
    provisions: dict[str, bool]
    citation: str


def _raw() -> dict[str, Any]:
    text = resources.files("accord.guarantees").joinpath("data/durability.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


@cache
def load_model() -> DurabilityModel:
    """Load the shipped coefficients (cached).

    Returns:
        The fitted model.
    """
    raw = _raw()
    fit = raw["fit"]
    names = tuple(str(n) for n in fit["names"])
    if names[1:] != PROVISIONS:
        raise AnalysisError(f"durability.json names {names!r} do not match {PROVISIONS!r}")
    coef = np.array([float(fit["coefficients"][n]["coef"]) for n in names], dtype=np.float64)
    cov = np.array(fit["covariance_cluster"], dtype=np.float64)
    return DurabilityModel(
        names=names,
        coef=coef,
        covariance=cov,
        window_years=float(fit["window_years"]),
        n=int(fit["n"]),
        events=int(fit["events_renewed_ceasefire"]),
        citation=str(raw["citation"]),
        command=str(raw["command"]),
    )


def _expit(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def durability(provisions: Mapping[str, bool]) -> DurabilityEstimate:
    """Probability that a settlement with these provisions holds over the window.

    Args:
        provisions: Provision name to presence; names must be in :data:`PROVISIONS`,
            missing names count as absent.

    Returns:
        The estimate, with a 95% interval from the coefficient covariance (delta method on
        the logit scale, so the interval stays inside (0, 1)).

    Raises:
        AnalysisError: If a name is unknown or a value is not a bool.
    """
    unknown = sorted(set(provisions) - set(PROVISIONS))
    if unknown:
        raise AnalysisError(f"unknown durability provision(s) {unknown}; expected some of {list(PROVISIONS)}")
    bad = sorted(k for k, v in provisions.items() if not isinstance(v, bool | np.bool_))
    if bad:
        raise AnalysisError(f"durability provision(s) {bad} must be True or False")
    model = load_model()
    full = {name: bool(provisions.get(name, False)) for name in PROVISIONS}
    x = np.array([1.0, *(1.0 if full[n] else 0.0 for n in PROVISIONS)], dtype=np.float64)
    eta = float(x @ model.coef)
    se = math.sqrt(max(float(x @ model.covariance @ x), 0.0))
    return DurabilityEstimate(
        probability=_expit(eta),
        low=_expit(eta - _Z95 * se),
        high=_expit(eta + _Z95 * se),
        window_years=model.window_years,
        provisions=full,
        citation=model.citation,
    )


def provisions_for_guarantee(
    guarantee: Guarantee,
    case: Case | None = None,
    *,
    organisations: Collection[str] | None = None,
) -> dict[str, bool]:
    """Map an accord guarantee to the PA-X provisions it implies.

    Assumptions (documented in ``docs/guarantees.md``; override the result as needed):

    - ``peacekeeping``: guarantor forces on the ground (``forces.count > 0``).
    - ``enforcement``: the obligation is ``"defence"`` (a promise to fight for the beneficiary).
    - ``un_signatory``: a guarantor id is ``"UN"``.
    - ``other_international_signatory``: a guarantor other than the UN is an international
      organisation: an actor of kind ``"organisation"`` in ``case`` or, without a case, an id
      in ``organisations`` (default :data:`DEFAULT_ORGANISATIONS`). States as guarantors are
      not counted, although PA-X may code some third-state signatories here.
    - ``ceasefire_detail``, ``foreign_forces_withdrawal``, ``border_delimitation``: properties of
      the settlement text, not of a guarantee; always ``False`` here.

    Args:
        guarantee: The guarantee.
        case: The case it belongs to, used for actor kinds.
        organisations: Guarantor ids to treat as organisations when ``case`` is ``None``.

    Returns:
        Every name in :data:`PROVISIONS` mapped to a bool.
    """
    if case is not None:
        orgs = {a.id for a in case.actors if a.kind == "organisation"}
    else:
        orgs = set(DEFAULT_ORGANISATIONS if organisations is None else organisations)
    ids = {g.upper() for g in guarantee.guarantors}
    orgs_upper = {o.upper() for o in orgs}
    return {
        "ceasefire_detail": False,
        "peacekeeping": guarantee.forces.count > 0,
        "enforcement": guarantee.obligation == "defence",
        "un_signatory": bool(ids & _UN_IDS),
        "other_international_signatory": bool((ids - _UN_IDS) & orgs_upper),
        "foreign_forces_withdrawal": False,
        "border_delimitation": False,
    }


def durability_of(case: Case, guarantee_id: str | None) -> DurabilityEstimate:
    """Return the PA-X durability estimate for one guarantee of a case.

    Args:
        case: The case.
        guarantee_id: A guarantee id, or ``None`` for no guarantee (every provision absent).

    Raises:
        AnalysisError: If the guarantee is unknown.
    """
    if guarantee_id is None:
        return durability(dict.fromkeys(PROVISIONS, False))
    for g in case.guarantees:
        if g.id == guarantee_id:
            return durability(provisions_for_guarantee(g, case))
    known = ", ".join(g.id for g in case.guarantees) or "none defined"
    raise AnalysisError(f"unknown guarantee {guarantee_id!r} (known: {known})")
