"""Guarantees: security arrangements meant to make a settlement hold."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from accord.case._base import Flag, Id, Record, Text
from accord.types import GuaranteeStatus, LegalForm, Mechanism, Obligation

__all__ = ["Forces", "Guarantee"]


class Forces(Record):
    """Guarantor forces stationed in the beneficiary's territory.

    Attributes:
        count: Number of troops (0 for none).
        nations: Who contributes them (actor ids or plain names).
    """

    count: Annotated[int, Field(ge=0, strict=True)] = 0
    nations: tuple[Text, ...] = ()


class Guarantee(Record):
    """A security guarantee or assurance, proposed or historical.

    Attributes:
        id: Unique id; an issue option may name it.
        name: Display name.
        description: What it is.
        guarantors: Actor ids of those who promise to act.
        beneficiary: Actor id of the protected party.
        against: Actor id of the party whose attack the guarantee is meant to deter, if named.
            A guarantor that is also this party adds no protection in the simulation.
        obligation: The strongest obligation it carries.
        trigger: What event calls it into play.
        conditions: Conditions and caveats attached to it.
        response_lag_days: Days from trigger to promised response, if stated.
        legal_form: Ratified treaty, executive agreement, political declaration or unilateral law.
        forces: Guarantor forces on the ground.
        integrated_command: True when the guarantors' forces are under an integrated command.
        mechanisms: Agreement mechanisms that come with it (demilitarised zone, monitoring,
            peacekeeping, joint commission, third-party guarantee); each shortens or lengthens
            the expected peace through its prior from Fortna's findings (docs/guarantees.md).
        duration_years: Duration; ``None`` means open-ended.
        year: The year it was concluded or proposed.
        status: Proposed, endorsed but not signed (``endorsed_not_signed``), signed and awaiting
            ratification (``signed_awaiting_ratification``), in force, or ended.
        claims: Ids of the claims it rests on.
    """

    id: Id
    name: Text
    description: Text | None = None
    guarantors: tuple[Id, ...] = Field(min_length=1)
    beneficiary: Id
    against: Id | None = None
    obligation: Obligation
    trigger: Text
    conditions: tuple[Text, ...] = ()
    response_lag_days: Annotated[int, Field(ge=0, strict=True)] | None = None
    legal_form: LegalForm
    forces: Forces = Forces()
    integrated_command: Flag = False
    mechanisms: tuple[Mechanism, ...] = ()
    duration_years: Annotated[float, Field(gt=0, strict=True, allow_inf_nan=False)] | None = None
    year: Annotated[int, Field(ge=1800, le=2200, strict=True)] | None = None
    status: GuaranteeStatus = "proposed"
    claims: tuple[Id, ...] = ()
