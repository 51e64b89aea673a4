"""Published plans as data: each plan a package of points, each point citing the claim it rests on."""

from __future__ import annotations

from pydantic import Field

from accord.case._base import Id, PartialDate, Record, Text

__all__ = ["Plan", "PlanPoint"]


class PlanPoint(Record):
    """What a plan says on one issue.

    A point either settles the issue (``option``) or is open: the text leaves it to later
    talks, or reports disagree on it. An open point lists the options still on the table
    (``open``; empty means any option of the issue).

    Attributes:
        issue: Issue id.
        option: The option the plan picks, or ``None`` when the point is open.
        open: For an open point, the options the text leaves on the table (empty: all).
        claims: Ids of the claims that report what the plan says on this issue (at least one).
        note: How the text maps to the option, in the case authors' words.
    """

    issue: Id
    option: Id | None = None
    open: tuple[Id, ...] = ()
    claims: tuple[Id, ...] = Field(min_length=1)
    note: Text | None = None

    @property
    def is_open(self) -> bool:
        """True when the plan leaves this issue open."""
        return self.option is None


class Plan(Record):
    """A published plan or counter-proposal, written as a package over the case's issues.

    Issues the plan has no point on are open over all their options: the text does not
    address them.

    Attributes:
        id: Unique id (``accord plans`` lists plans by it).
        name: Display name.
        by: Actor ids of the parties that put the plan forward.
        date: When it was tabled or reported (``YYYY-MM`` if only the month is known).
        description: What the plan is and how complete the known text is.
        points: What it says issue by issue.
        claims: Ids of the claims that report the plan as a whole.
    """

    id: Id
    name: Text
    by: tuple[Id, ...] = ()
    date: PartialDate | None = None
    description: Text | None = None
    points: tuple[PlanPoint, ...] = Field(min_length=1)
    claims: tuple[Id, ...] = ()

    def point(self, issue_id: str) -> PlanPoint | None:
        """Return the plan's point on an issue, or ``None`` when it has none."""
        for p in self.points:
            if p.issue == issue_id:
                return p
        return None
