"""Positions: where an actor stands on an issue and how much it cares."""

from __future__ import annotations

from pydantic import field_validator

from accord.case._base import Id, OptionValues, Record, ScalePoint, Unit

__all__ = ["Position"]


class Position(Record):
    """An actor's stance on one issue.

    Attributes:
        actor: Actor id.
        issue: Issue id.
        ideal: The actor's ideal point on the issue's 0-100 scale.
        salience: How much the issue matters to the actor, 0 to 1.
        red_line: Option ids the actor will not accept under any package.
        claims: Ids of the claims this position rests on.
        values: Optional explicit value (0-1) of every option of the issue to this actor;
            when given it replaces the distance-based value (docs/deals.md).
    """

    actor: Id
    issue: Id
    ideal: ScalePoint
    salience: Unit
    red_line: tuple[Id, ...] = ()
    claims: tuple[Id, ...] = ()
    values: OptionValues | None = None

    @field_validator("red_line")
    @classmethod
    def _unique_red_line(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        dupes = sorted({v for v in value if value.count(v) > 1})
        if dupes:
            raise ValueError(f"red_line lists {', '.join(map(repr, dupes))} more than once")
        return value
