"""Uncertain inputs: a position, salience, no-deal value or capability given as a range or a distribution.

The model checks each entry's types; the checks that need several fields at once (the
valid range for the field, ``low <= high``, parameters that belong to the distribution)
run with the case's cross-reference checks (:func:`entry_problems`), so every message
points at the field at fault. See docs/case-format.md and docs/sweep.md.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from accord.case._base import Id, Record, Text

__all__ = ["FIELD_RANGES", "Uncertain", "UncertainField", "entry_problems"]

UncertainField = Literal["ideal", "salience", "no_deal", "capability"]
"""Which input an entry makes uncertain."""

Distribution = Literal["uniform", "triangular", "normal"]
"""The shape of the uncertainty between ``low`` and ``high``."""

Number = Annotated[float, Field(strict=True, allow_inf_nan=False)]
Positive = Annotated[float, Field(strict=True, gt=0.0, allow_inf_nan=False)]

FIELD_RANGES: dict[str, tuple[float, float]] = {
    "ideal": (0.0, 100.0),
    "salience": (0.0, 1.0),
    "no_deal": (0.0, 1.0),
    "capability": (0.0, 1.0),
}
"""The valid range of each uncertain field (the issue scale for ideal points, 0-1 otherwise)."""

PER_ISSUE = ("ideal", "salience")
"""Fields that belong to a position (actor and issue); the others belong to the actor."""


class Uncertain(Record):
    """One uncertain input of a case, sampled by ``accord sweep``.

    Attributes:
        actor: Actor id.
        issue: Issue id: required for ``ideal`` and ``salience`` (the actor's position on
            that issue), forbidden for ``no_deal`` and ``capability``.
        field: ``ideal``, ``salience``, ``no_deal`` (the actor's no-deal utility) or
            ``capability``.
        dist: ``uniform`` on ``[low, high]``, ``triangular`` with ``mode``, or ``normal``
            with ``mean`` and ``sd`` truncated to ``[low, high]``.
        low: Smallest value (0-100 for ideal points, 0-1 otherwise).
        high: Largest value, at least ``low``.
        mode: Peak of a triangular distribution (default: the midpoint).
        mean: Mean of a normal distribution before truncation (default: the midpoint).
        sd: Standard deviation of a normal distribution before truncation (required for it).
        claims: Ids of the claims the range rests on.
        note: Why the range is what it is.
    """

    actor: Id
    issue: Id | None = None
    field: UncertainField
    dist: Distribution = "uniform"
    low: Number
    high: Number
    mode: Number | None = None
    mean: Number | None = None
    sd: Positive | None = None
    claims: tuple[Id, ...] = ()
    note: Text | None = None

    @property
    def key(self) -> tuple[str, str | None, str]:
        """``(actor, issue, field)``: what the entry makes uncertain (unique within a case)."""
        return (self.actor, self.issue, self.field)


def entry_problems(entry: Uncertain) -> list[tuple[str, str]]:
    """Return ``(field name, message)`` for every rule one entry breaks on its own.

    An empty field name means the entry as a whole.

    Args:
        entry: An entry whose fields passed type validation.

    Returns:
        The problems, empty when the entry is consistent.
    """
    out: list[tuple[str, str]] = []
    if entry.field in PER_ISSUE and entry.issue is None:
        out.append(("", f"an uncertain {entry.field} belongs to a position: give its issue"))
    if entry.field not in PER_ISSUE and entry.issue is not None:
        out.append(("issue", f"an uncertain {entry.field} belongs to the actor: leave out issue"))
    lo_ok, hi_ok = FIELD_RANGES[entry.field]
    unit = "the issue's 0-100 scale" if entry.field == "ideal" else "0 to 1"
    for name in ("low", "high"):
        value = getattr(entry, name)
        if not lo_ok <= value <= hi_ok:
            out.append((name, f"{entry.field} must lie on {unit} (got {value:g})"))
    if entry.low > entry.high:
        out.append(("high", f"high ({entry.high:g}) is below low ({entry.low:g})"))
    if entry.mode is not None and entry.dist != "triangular":
        out.append(("mode", f"mode applies to dist: triangular only (this entry is {entry.dist})"))
    for name in ("mean", "sd"):
        if getattr(entry, name) is not None and entry.dist != "normal":
            out.append((name, f"{name} applies to dist: normal only (this entry is {entry.dist})"))
    if entry.dist == "normal" and entry.sd is None:
        out.append(("sd", "a normal distribution needs sd (its standard deviation, above 0)"))
    for name in ("mode", "mean"):
        value = getattr(entry, name)
        if value is not None and entry.low <= entry.high and not entry.low <= value <= entry.high:
            out.append(
                (name, f"{name} ({value:g}) must lie between low ({entry.low:g}) and high ({entry.high:g})")
            )
    return out
