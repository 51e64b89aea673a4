"""How old a case is: every view of a case older than 90 days says so."""

from __future__ import annotations

import datetime as dt

from accord.case.model import Case

__all__ = ["STALE_DAYS", "age_note"]

STALE_DAYS = 90
"""A case older than this many days (from ``as_of`` to today) is flagged as old in every view."""


def age_note(case: Case, today: dt.date | None = None) -> str | None:
    """Return a sentence saying how old the case is, or ``None`` when it is at most 90 days old.

    Args:
        case: The case.
        today: The date to measure from (default: today's date).
    """
    today = today or dt.date.today()
    days = (today - case.as_of).days
    if days <= STALE_DAYS:
        return None
    return (
        f"note: case {case.id!r} describes {case.as_of.isoformat()}, {days} days before today "
        f"({today.isoformat()}); later events are not in it"
    )
