"""Tracks: who sits at the table in one negotiating format."""

from __future__ import annotations

from pydantic import Field

from accord.case._base import Id, Record, Text

__all__ = ["Affected", "Track"]


class Affected(Record):
    """A party not at the table that some issues bind (NATO's posture binds NATO, sanctions bind the EU).

    A package that settles one of these issues against the party's acceptance is decided over
    its head; ``accord plans`` and ``accord deals --proposal`` say so.

    Attributes:
        actor: Actor id (not one of the track's actors).
        issues: Issue ids that bind it.
        claims: Ids of the claims that show the issue binds it.
    """

    actor: Id
    issues: tuple[Id, ...] = Field(min_length=1)
    claims: tuple[Id, ...] = ()


class Track(Record):
    """A negotiating format: the actors at the table.

    Attributes:
        id: Unique id, used as ``accord deals --track ID``.
        name: Display name (``US-Russia bilateral``).
        actors: Actor ids at the table.
        description: When and how this format met, or why it is modelled.
        claims: Ids of the claims that show this format exists or was proposed.
        affected: Parties not at the table that some issues bind.
    """

    id: Id
    name: Text
    actors: tuple[Id, ...] = Field(min_length=1)
    description: Text | None = None
    claims: tuple[Id, ...] = ()
    affected: tuple[Affected, ...] = ()
