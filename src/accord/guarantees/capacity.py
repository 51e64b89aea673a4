"""Military capacity of guarantors and threats, as the guarantee model weighs a response.

Figures come from :mod:`accord.guarantees.military` (COW National Material Capabilities,
Singer, Bremer and Stuckey 1972): each state's military expenditure, averaged over the last
five years of the data (:data:`BASIS`). An alliance acts through its members (NATO is
expanded into them); an organisation without forces of its own (the EU) brings none. A case
can set any actor's figure with ``guarantees.milex.<id in lower case>`` (same unit: thousands
of current US dollars).
"""

from __future__ import annotations

from accord.guarantees.military import Basis, load_military

__all__ = ["BASIS", "capacity", "contributors", "historical_ally_weight", "milex_years"]

BASIS: Basis = "mean5"
"""Which expenditure figures the model reads: the five-year mean (wartime years are uneven)."""


def milex_years() -> str:
    """Return the years the expenditures are averaged over, as text."""
    years = load_military().mean_years
    return f"{years[0]}-{years[-1]}" if years else ""


def contributors(actor: str, override: float | None = None) -> list[tuple[str, float | None]]:
    """Return the military contributors an actor acts through, with their expenditure.

    A state (or any actor with an ``override``) is its own contributor; an alliance in the
    table is its members; an organisation without forces of its own contributes nothing;
    an unknown actor comes back with ``None`` (no data).
    """
    if override is not None:
        return [(actor, override)]
    table = load_military()
    org = table.organisations.get(actor.upper())
    if org is not None:
        if not org.own_forces and org.milex_rule == "zero_own_forces":
            return []
        return [(m, table.milex(m, BASIS)) for m in org.members]
    return [(actor, table.milex(actor, BASIS))]


def capacity(actor: str, override: float | None = None) -> float | None:
    """Return an actor's total military expenditure (members summed), or ``None`` if unknown."""
    if override is not None:
        return override
    return load_military().milex(actor, BASIS)


def historical_ally_weight() -> float:
    """Return the mean weight of a protege's defence allies together against its rival, after 1945.

    The published deterrent effects of defence pacts compare targets with and without
    defensive allies, so they were measured at this typical combined weight (all of the
    target's allies against its strongest rival, by CINC); the model divides them by it to
    get the effect of a response of full weight.
    """
    figures = load_military().historical_ally_weight.get("post1945", {})
    row = figures.get("coalition_year_cinc") or figures.get("dyad_year_milex")
    return 0.5 if row is None else float(row.mean)
