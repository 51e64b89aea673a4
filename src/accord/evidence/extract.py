"""The extraction pipeline: one article's text in, every located item out.

Order: sentences, actor mentions (gazetteer, extended with the case's actor names and aliases
when a case is given), people (rules, plus spaCy's PERSON entities when the optional model is
installed), quotes and their speakers, numbers, dates resolved against the article's date,
commitments with their due dates (the committing actor is the first actor or known person in
the clause before the commitment cue), and, with a case, claims (actor, issue, stance).

Every module is rule-based and works without the optional NLP model; with it (``accord[nlp]``)
people are found with higher recall. ``ACCORD_NO_NLP=1`` forces the rules-only path.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
from collections.abc import Sequence
from typing import Any

from accord.case.model import Case
from accord.evidence.actors import find_actors
from accord.evidence.boilerplate import blank, credit_spans, widget_spans
from accord.evidence.claims import IssueLexicon, find_claims, issue_lexicons
from accord.evidence.commitments import find_commitments
from accord.evidence.dates import find_dates
from accord.evidence.gazetteer import Gazetteer
from accord.evidence.nlp import MAX_NLP_CHARS, ParseBudget, has_parser, load_nlp, load_parser
from accord.evidence.numbers import find_numbers
from accord.evidence.people import find_people
from accord.evidence.quotes import find_quotes
from accord.evidence.sentences import split_sentences
from accord.evidence.types import ActorMention, Commitment, DateItem, Extraction, NumberItem, Person

__all__ = ["EXTRACTOR_VERSION", "MAX_TEXT_CHARS", "extract_text", "extraction_to_dict"]

EXTRACTOR_VERSION = "accord-evidence-7"
"""Recorded with every stored item; bump it when extraction rules change."""

MAX_TEXT_CHARS = 250_000
"""Longest text extracted (about 100 times a long news article); longer text is cut here and a
note says so, which keeps any article up to the 5 MB file limit within seconds."""


def _today(date: str | None) -> dt.date | None:
    if not date:
        return None
    try:
        return dt.date.fromisoformat(date)
    except ValueError:
        raise ValueError(f"date must be YYYY-MM-DD (got {date!r})") from None


_CACHE: dict[tuple[Any, ...], tuple[Gazetteer, tuple[IssueLexicon, ...]]] = {}


def _case_tools(case: Case | None) -> tuple[Gazetteer, tuple[IssueLexicon, ...]]:
    """Return the gazetteer and issue lexicons for ``case``, built once per distinct case content."""
    if case is None:
        return Gazetteer.default(), ()
    key = (
        case.id,
        tuple((a.id, a.name, tuple(a.aliases)) for a in case.actors),
        tuple((i.id, i.name, tuple(i.keywords), tuple(o.label for o in i.options)) for i in case.issues),
    )
    tools = _CACHE.get(key)
    if tools is None:
        if len(_CACHE) > 16:
            _CACHE.clear()
        tools = _CACHE[key] = (Gazetteer.extended(case), tuple(issue_lexicons(case)))
    return tools


def _commitment_actors(
    commitments: Sequence[Commitment], actors: Sequence[ActorMention], people: Sequence[Person], text: str
) -> list[Commitment]:
    """Give each commitment the actor of the first actor mention or known person in its clause.

    When that first mention is a person's, the commitment also gets the person's canonical id.
    """
    spans: list[tuple[int, str, str | None]] = [(a.start, a.actor, None) for a in actors]
    for p in people:
        if p.actor:
            spans.extend((s, p.actor, p.entity_id) for s, _e in (p.mentions or ((p.start, p.end),)))
    spans.sort(key=lambda x: (x[0], x[2] is None))
    positions = [pos for pos, _actor, _id in spans]
    out = []
    for c in commitments:
        first = bisect.bisect_left(positions, c.start)
        inside = first < len(spans) and spans[first][0] < c.end
        if inside and c.actor is None:
            _pos, actor, holder = spans[first]
            out.append(dataclasses.replace(c, actor=actor, holder_id=holder))
        else:
            out.append(c)
    return out


def _outside_dates(numbers: Sequence[NumberItem], dates: Sequence[DateItem]) -> list[NumberItem]:
    """Drop the numbers inside a date ("17" in "17 and 18 February", "two days" in "two days ago")."""
    starts = [d.start for d in dates]
    out = []
    for n in numbers:
        i = bisect.bisect_right(starts, n.start) - 1
        if i >= 0 and dates[i].start <= n.start and n.end <= dates[i].end:
            continue
        out.append(n)
    return out


def extract_text(
    text: str, date: str | None = None, case: Case | None = None, *, nlp: Any = "auto"
) -> Extraction:
    """Extract every item from one article's text.

    Args:
        text: The article's main text (offsets point into it).
        date: The article's date (YYYY-MM-DD); relative dates need it.
        case: A case: its actor names and aliases extend the gazetteer and its issues are
            what claims are about (no claims without a case).
        nlp: A loaded spaCy pipeline, ``None`` for rules only, or ``"auto"`` (load the
            optional model when installed and not disabled with ``ACCORD_NO_NLP=1``).

    Raises:
        ValueError: ``date`` is not a valid YYYY-MM-DD date.
    """
    today = _today(date)
    notes: list[str] = []
    if len(text) > MAX_TEXT_CHARS:
        notes.append(f"the text was cut to its first {MAX_TEXT_CHARS:,} characters")
        text = text[:MAX_TEXT_CHARS]
    if not text.strip():
        return Extraction(notes=("the text is empty",))
    model = load_nlp() if nlp == "auto" else nlp
    loaded = load_parser() if nlp == "auto" else (nlp if has_parser(nlp) else None)
    parser = None if loaded is None else ParseBudget(loaded)
    if model is not None and len(text) > MAX_NLP_CHARS:
        notes.append(f"people were found by the rules only after the first {MAX_NLP_CHARS:,} characters")
    gazetteer, lexicons = _case_tools(case)
    # Page widgets and photo credits become spaces: offsets stay those of the original text.
    widgets = widget_spans(text)
    people_text = blank(text, widgets)
    text = blank(text, [*widgets, *credit_spans(text)])
    sentences = split_sentences(text)
    actors = find_actors(text, gazetteer)
    people = find_people(people_text, split_sentences(people_text), gazetteer, model)
    quotes = find_quotes(text, sentences, people, actors, date=date, parser=parser)
    numbers = find_numbers(text)
    dates = find_dates(text, today)
    numbers = _outside_dates(numbers, dates)
    commitments = _commitment_actors(
        find_commitments(text, sentences, today, dates, numbers), actors, people, text
    )
    claims = (
        find_claims(text, sentences, actors, people, quotes, case, lexicons, parser)
        if case is not None
        else []
    )
    if parser is not None and parser.refused:
        notes.append(
            f"the parser read {parser.limit:,} sentences; {parser.refused:,} more were left to the rules"
        )
    if today is None:
        notes.append("no article date: relative dates were not resolved")
    return Extraction(
        actors=tuple(actors),
        people=tuple(people),
        quotes=tuple(quotes),
        numbers=tuple(numbers),
        dates=tuple(dates),
        commitments=tuple(commitments),
        claims=tuple(claims),
        notes=tuple(notes),
    )


def extraction_to_dict(extraction: Extraction) -> dict[str, Any]:
    """Return the JSON document ``accord extract --json`` prints."""
    data = dataclasses.asdict(extraction)
    for person in data["people"]:
        person["mentions"] = [list(m) for m in person["mentions"]]
    return data
