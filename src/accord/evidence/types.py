"""What the evidence extractor finds in one article: every item carries character offsets.

Offsets are into the article's *text* (after HTML has been reduced to its main text and the
``URL:``/``DATE:`` header lines have been removed): ``text[item.start:item.end]`` is the
item's surface form.  All items are frozen dataclasses so they can be hashed, compared and
serialised with :func:`dataclasses.asdict`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

__all__ = [
    "ActorMention",
    "ClaimItem",
    "Commitment",
    "DateItem",
    "Extraction",
    "NumberItem",
    "Person",
    "Quote",
    "Stance",
]

Stance = Literal["support", "oppose", "neutral"]
"""An actor's stance in a claim: for, against, or reported without a stance."""


@dataclass(frozen=True)
class ActorMention:
    """A mention of a state or organisation, mapped to an actor id.

    Attributes:
        actor: Actor id (the case's id when a case was given, else the gazetteer's id).
        text: The words in the article ("Kremlin", "Russian", "Putin").
        start: Offset of the first character.
        end: Offset one past the last character.
    """

    actor: str
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Person:
    """A person named in the article, with every mention (full name or surname only).

    Attributes:
        name: The fullest form of the name found ("Volodymyr Zelensky").
        start: Offset of the first mention.
        end: End of the first mention.
        mentions: ``(start, end)`` of every mention, the first included, in text order.
        actor: Actor id the person speaks for when the gazetteer knows them, else ``None``.
        entity_id: Canonical id, the same in every article and for every spelling
            ("volodymyr-zelensky"; ``person:<folded name>`` for people accord does not know);
            see :mod:`accord.evidence.entities`.
    """

    name: str
    start: int
    end: int
    mentions: tuple[tuple[int, int], ...] = ()
    actor: str | None = None
    entity_id: str | None = None


@dataclass(frozen=True)
class Quote:
    """A quotation and who said it.

    Attributes:
        speaker: The speaker's fullest name (a person, or an institution such as "the Kremlin"),
            or ``None`` when the article does not say.
        text: The quoted words, without the quotation marks.
        start: Offset of the first quoted character (inside the marks).
        end: Offset one past the last quoted character.
        partial: True for a quoted fragment inside a reported sentence.
        actor: Actor id of the speaker when known.
        speaker_id: Canonical id of the speaking person (see :attr:`Person.entity_id`), ``None``
            for institutions and unattributed quotes.
    """

    speaker: str | None
    text: str
    start: int
    end: int
    partial: bool = False
    actor: str | None = None
    speaker_id: str | None = None


@dataclass(frozen=True)
class NumberItem:
    """A number with its unit.

    Attributes:
        text: The words in the article ("$90 billion", "a week to 10 days").
        value: The value in base units (9e10 for "$90 billion"; the low end of a range).
        unit: "USD", "EUR", "GBP", "percent", "day", "week", "month", "year", "km",
            a counted noun in the singular ("soldier"), or "" for a bare number.
        start: Offset of the first character.
        end: Offset one past the last character.
        high: The high end of a range, ``None`` for a single value.
    """

    text: str
    value: float
    unit: str
    start: int
    end: int
    high: float | None = None


@dataclass(frozen=True)
class DateItem:
    """A date or period resolved against the article's date.

    Attributes:
        text: The words in the article ("on Monday", "next week", "August 15").
        iso: The resolved date, YYYY-MM-DD (the first day of a week, month or year).
        start: Offset of the first character.
        end: Offset one past the last character.
        granularity: "day", "week", "month" or "year".
        relative: True when resolving needed the article's date.
    """

    text: str
    iso: str
    start: int
    end: int
    granularity: Literal["day", "week", "month", "year"] = "day"
    relative: bool = False


@dataclass(frozen=True)
class Commitment:
    """Something an actor undertakes to do, with a deadline when one is stated.

    Attributes:
        text: The sentence or clause stating the commitment.
        start: Offset of the first character.
        end: Offset one past the last character.
        due: Latest due date, YYYY-MM-DD, or ``None`` when no deadline is stated.
        actor: Actor id of whoever commits, when known.
        deadline_text: The words giving the deadline ("within the next week to 10 days").
        holder_id: Canonical id of the person who commits (:attr:`Person.entity_id`), when the
            actor was found through a named person.
    """

    text: str
    start: int
    end: int
    due: str | None = None
    actor: str | None = None
    deadline_text: str | None = None
    holder_id: str | None = None


@dataclass(frozen=True)
class ClaimItem:
    """A sentence that says where an actor stands on an issue of the case.

    Attributes:
        actor: Actor id.
        issue: Issue id of the case.
        stance: Whether the actor is reported for or against what the sentence describes.
        text: The sentence.
        start: Offset of the first character of the sentence.
        end: Offset one past its last character.
        option: Option id of the issue the sentence names, when one matches.
        score: How sure the extractor is, 0-1.
        holder_id: Canonical id of the person whose stance it is (:attr:`Person.entity_id`):
            the quote's speaker, else the nearest person of ``actor`` named before the stance
            cue in the sentence (or the one before it); ``None`` when the actor is named only
            as a state or institution.
    """

    actor: str
    issue: str
    stance: Stance
    text: str
    start: int
    end: int
    option: str | None = None
    score: float = 0.0
    holder_id: str | None = None


@dataclass(frozen=True)
class Extraction:
    """Everything found in one article."""

    actors: tuple[ActorMention, ...] = ()
    people: tuple[Person, ...] = ()
    quotes: tuple[Quote, ...] = ()
    numbers: tuple[NumberItem, ...] = ()
    dates: tuple[DateItem, ...] = ()
    commitments: tuple[Commitment, ...] = ()
    claims: tuple[ClaimItem, ...] = ()
    notes: tuple[str, ...] = field(default=())
