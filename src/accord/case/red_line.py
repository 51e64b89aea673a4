"""Red lines stated on their own: what a party says it will never accept, with the claims that say so."""

from __future__ import annotations

from pydantic import Field

from accord.case._base import Id, Record, Text

__all__ = ["RedLine"]


class RedLine(Record):
    """Options of one issue that an actor rules out, as a source states it.

    A red line may also be written inside a position (``Position.red_line``); this section
    records one for any actor, with or without a position on the issue, and ties it to the
    claims that state it. Both kinds apply alike.

    Attributes:
        actor: Actor id.
        issue: Issue id.
        options: Option ids of the issue the actor rules out.
        claims: Ids of the claims that state the red line (at least one).
        note: How the source's words map to these options.
    """

    actor: Id
    issue: Id
    options: tuple[Id, ...] = Field(min_length=1)
    claims: tuple[Id, ...] = Field(min_length=1)
    note: Text | None = None
