"""Tracks: who sits at the table in one negotiating format."""

from __future__ import annotations

from pydantic import Field

from accord.case._base import Id, Record, Text

__all__ = ["Track"]


class Track(Record):
    """A negotiating format: the actors at the table.

    Attributes:
        id: Unique id, used as ``accord deals --track ID``.
        name: Display name (``US-Russia bilateral``).
        actors: Actor ids at the table.
        description: When and how this format met, or why it is modelled.
        claims: Ids of the claims that show this format exists or was proposed.
    """

    id: Id
    name: Text
    actors: tuple[Id, ...] = Field(min_length=1)
    description: Text | None = None
    claims: tuple[Id, ...] = ()
