"""Claims: dated statements, quoted or paraphrased from a source."""

from __future__ import annotations

from accord.case._base import Flag, Id, PartialDate, Record, Text
from accord.types import Credibility

__all__ = ["Claim"]


class Claim(Record):
    """A statement found in a source about an actor and, usually, an issue.

    Attributes:
        id: Unique id that positions and guarantees refer to.
        source: Id of the source it comes from.
        date: When the claim was made or reported (``YYYY-MM`` when only the month is known;
            ``None``: the source's date).
        actor: Id of the actor the claim is about.
        issue: Id of the issue it bears on, or ``None`` for a general claim.
        text: The quote or a paraphrase.
        quote: True when ``text`` is a verbatim quotation.
        credibility: Admiralty credibility, 1 (confirmed) to 6 (cannot be judged).
        contradicts: Ids of claims this one conflicts with.
    """

    id: Id
    source: Id
    date: PartialDate | None = None
    actor: Id
    issue: Id | None = None
    text: Text
    quote: Flag = False
    credibility: Credibility
    contradicts: tuple[Id, ...] = ()
