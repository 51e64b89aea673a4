"""Actors: the parties to a negotiation."""

from __future__ import annotations

from accord.case._base import Id, Record, Text, Unit
from accord.types import ActorKind

__all__ = ["Actor"]


class Actor(Record):
    """A party: a state, an organisation or a person.

    Attributes:
        id: Unique id, conventionally an ISO 3166 alpha-3 code for states (``RUS``).
        name: Display name.
        kind: State, organisation or person.
        capability: Relative power to shape the outcome, 0 to 1.
        capability_basis: How the capability figure was arrived at.
        no_deal_utility: The actor's value of no agreement on the 0-1 utility scale.
        no_deal_basis: Why the no-deal value is what it is.
        aliases: Other names the actor goes by in text (capital, leader, adjective).
    """

    id: Id
    name: Text
    kind: ActorKind
    capability: Unit
    capability_basis: Text
    no_deal_utility: Unit
    no_deal_basis: Text | None = None
    aliases: tuple[Text, ...] = ()
