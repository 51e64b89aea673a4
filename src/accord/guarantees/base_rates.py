"""Base rates of honouring by obligation type and era, shipped by ``scripts/derive_base_rates.py``.

The figures come from Berkemeier and Fuhrmann (2018), "Reassessing the fulfillment of
alliance commitments in war", and Leeds and Anac (2005), "Alliance institutionalization
and alliance performance"; only derived counts, rates and intervals are shipped.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from accord.types import Obligation

__all__ = ["MIN_ERA_N", "BaseRate", "base_rate", "load_base_rates"]

MIN_ERA_N = 10
"""Below this many invocations in an era, the figure pooled over both eras is used."""


@dataclass(frozen=True)
class BaseRate:
    """One base rate with its provenance.

    Attributes:
        probability: Share of invoked commitments honoured.
        honoured: Number honoured.
        n: Number of invocations.
        ci95: 95% Wilson interval.
        figure: Key of the figure in the shipped JSON (``defence.post1945``).
        source: Citation and a note on the mapping.
        assumption: True when no coded type matches the obligation.
    """

    probability: float
    honoured: int
    n: int
    ci95: tuple[float, float]
    figure: str
    source: str
    assumption: bool


@cache
def load_base_rates() -> dict[str, Any]:
    """Return the shipped JSON document (``accord/guarantees/data/base_rates.json``)."""
    text = resources.files("accord.guarantees").joinpath("data/base_rates.json").read_text("utf-8")
    doc: dict[str, Any] = json.loads(text)
    return doc


def base_rate(obligation: Obligation, year: int | None) -> BaseRate:
    """Return the base rate for an obligation type in the era of ``year``.

    Guarantees with ``year`` >= 1945 or no year use the 1945-2003 figure, earlier ones the
    1816-1944 figure. When the era has fewer than :data:`MIN_ERA_N` invocations, or its
    rate is 0 or 1, the figure pooled over both eras is used instead.

    Args:
        obligation: The guarantee's strongest obligation.
        year: The year it was concluded or proposed.

    Returns:
        The base rate and where it comes from.
    """
    doc = load_base_rates()
    mapping = doc["obligation_map"][obligation]
    table = doc["figures"]["berkemeier_fuhrmann_2018"]
    era = "pre1945" if year is not None and year < 1945 else "post1945"
    key = f"{mapping['figure']}.{era}"
    fig = table[key]
    if fig["n"] < MIN_ERA_N or fig["honoured"] in (0, fig["n"]):
        key = f"{mapping['figure']}.all"
        fig = table[key]
    label = "assumed mapping" if mapping["assumption"] else "mapping"
    source = (
        f"Berkemeier and Fuhrmann (2018), Reassessing the fulfillment of alliance commitments in war: "
        f"{key} = {fig['honoured']}/{fig['n']} ({label}: {mapping['note']})"
    )
    low, high = fig["ci95"]
    return BaseRate(
        probability=fig["honoured"] / fig["n"],
        honoured=fig["honoured"],
        n=fig["n"],
        ci95=(float(low), float(high)),
        figure=key,
        source=source,
        assumption=bool(mapping["assumption"]),
    )
