"""Find commitments (undertakings, with their deadline) in news text.

Method: each sentence given by the caller is cut into clauses (at ``;``, ``, while``, ``, but``, ``, and``,
`` and that``, `` and to``).  A clause is a commitment when it holds a cue: a modal with an
action verb (``will``, ``would``, ``shall``, ``should``, ``must``, ``is to``, ``are to``) or a
commitment verb (``agreed to``, ``pledged``, ``promised``, ``committed to``, ``commits``,
``vowed``, ``undertook to``, ``plans to``, ``set to``, ``intends to``, ``deadline``).  Cues
that are negated (``would not``), inside a direct quotation, or followed by a verb of state or
prediction (``would be difficult``, ``will cost``) are ignored.  The reported span starts after
a dateline (``MOSCOW, Aug 7 (Wire) -``), a leading adverbial (``Under the deal,``), or the
last reporting verb before the cue (``Officials said``); a participle cue (``pledging``)
starts its own span.  A trailing attribution (``, the Kremlin said``) is cut off.

Due date: the latest of (a) the date items inside the clause that are not before the article
date (a day range such as ``Dec. 18-19`` counts by its last day; a week, month or year by its
last day, so ``by December`` is the last day of December and ``next month`` its last day;
a month or day without a year that would fall before the article date is moved a year on, a
weekday a week on), and (b) ``within``/``in`` + a duration (``within 48 hours``, ``within the
next week to 10 days``: the article date plus the high end) unless the duration counts from
an event (``within 72 hours of the approval``).  ``deadline_text`` is the phrase giving the
due date, with its preposition.  ``actor`` is always ``None`` (another module fills it in).

Hypotheticals are not commitments: a cue after ``if``, ``unless``, ``imagine``, ``suppose`` or
``whether`` in its sentence is ignored, and ``should`` counts only in reported speech (a
reporting or agreeing verb earlier in the sentence: ``agreed that troops should withdraw``),
since elsewhere it states an opinion (``its gains should be undone``).

Limits: clause cutting is shallow (no parser), so subjects far from the cue and nested
clauses are kept whole; predictions phrased with ``will``/``would`` and an action verb are
reported as commitments.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import re
from collections.abc import Sequence
from typing import Generic, TypeVar

from accord.evidence.dates import find_dates
from accord.evidence.numbers import _trie, find_numbers
from accord.evidence.types import Commitment, DateItem, NumberItem

__all__ = ["find_commitments"]

_MODAL = r"will|would|shall|should|must|['\u2019]ll|(?:is|are|was|were)[ \t]+to"
_VERB_CUE = (
    r"agree[sd]?(?:[ \t]+(?:on|last|this|yesterday|today|[A-Z][a-z]+day))*[ \t]+to|pledged|pledges?[ \t]+to|"
    r"promised|promises?[ \t]+to|committed[ \t]+to|commits|commit[ \t]+to|vowed|vows?[ \t]+to|"
    r"undert(?:ook|akes?)[ \t]+to|plan(?:s|ned)?[ \t]+to|(?:is|are|was|were)[ \t]+set[ \t]+to|"
    r"intend(?:s|ed)?[ \t]+to|deadline"
)
_PARTICIPLE = r"pledging|promising|vowing|committing|agreeing[ \t]+to|undertaking[ \t]+to"
_CUE = re.compile(
    rf"(?P<p>\b(?:{_PARTICIPLE})\b)|(?P<v>\b(?:{_VERB_CUE})\b)|(?P<m>(?:\b|(?<=\w))(?:{_MODAL})\b)",
    re.IGNORECASE,
)
_CUE_WORDS = [
    "will",
    "would",
    "shall",
    "should",
    "must",
    "is",
    "are",
    "was",
    "were",
    "agree",
    "agrees",
    "agreed",
    "pledged",
    "pledge",
    "pledges",
    "promised",
    "promise",
    "promises",
    "committed",
    "commits",
    "commit",
    "vowed",
    "vow",
    "vows",
    "undertook",
    "undertake",
    "undertakes",
    "plan",
    "plans",
    "planned",
    "intend",
    "intends",
    "intended",
    "deadline",
    "pledging",
    "promising",
    "vowing",
    "committing",
    "agreeing",
    "undertaking",
]
# Fast pre-scan: ``_CUE`` is only tried where one of these words (or ``'ll``) starts.
_CUE_TRIGGER = re.compile(
    "['\u2019]ll|" + _trie(sorted({*_CUE_WORDS, *(w.capitalize() for w in _CUE_WORDS)}))
)
_NEGATED_AFTER = re.compile(r"[ \t]+(?:not|never|no[ \t]+longer)\b", re.IGNORECASE)
_NEGATED_BEFORE = re.compile(r"\b(?:not|never|n['\u2019]t)[ \t]+(?:\w+[ \t]+)?$", re.IGNORECASE)
_ADVERBS = r"(?:(?:also|now|then|soon|only|still|first|jointly|immediately|swiftly|quickly|[a-z]+ly)[ \t]+)*"
_NEXT_VERB = re.compile(rf"[ \t]+{_ADVERBS}(?P<v>[a-z]+)\b(?:[ \t]+{_ADVERBS}(?P<w>[a-z]+))?")
_STATIVE = frozenset(
    [
        "be",
        "have",
        "cost",
        "need",
        "mean",
        "seem",
        "appear",
        "want",
        "like",
        "prefer",
        "reject",
        "accept",
        "remain",
        "happen",
        "depend",
        "face",
        "know",
        "see",
        "judge",
        "win",
        "lose",
        "fail",
        "rise",
        "fall",
        "grow",
        "become",
        "think",
        "believe",
        "hope",
        "expect",
        "welcome",
        "say",
        "take",
        "lead",
        "result",
        "make",
        "suffer",
        "struggle",
        "collapse",
        "feel",
        "look",
        "sound",
        "the",
        "a",
        "an",
        "of",
        "to",
        "and",
        "or",
        "that",
        "for",
        "in",
        "on",
        "with",
        "by",
        "it",
        "this",
    ]
)
_NOT_NOUN_WILL = re.compile(r"\b(?:political|good|free|the|popular|own|his|her|their|its|ill)[ \t]+$", re.I)
_PARTICIPLE_WORD = re.compile(r"(?:ed|en|wn|built|held|made|sent|set|put|kept|paid|met|given|done|signed)$")
_DATELINE = re.compile(
    r"^[A-Z][A-Z/ .'-]{1,40}(?:,[ \t]+[A-Z][a-z]{2,8}\.?[ \t]+\d{1,2})?"
    r"[ \t]*(?:\([^)]{1,30}\))?[ \t]*[-\u2013\u2014][ \t]+"
)
_LEAD_ADVERBIAL = re.compile(
    r"^(?:Under|In|On|After|As|According[ \t]+to|With|Following|Before|Despite|At|During|Later|Earlier)\b"
    r"[^,]{0,60},[ \t]+"
)
_REPORTING = re.compile(
    r"\b(?:said|says|told[ \t]+(?:reporters|journalists|[^,.]{0,40}?[ \t]+that)|"
    r"announced|added|stated|insisted|"
    r"confirmed|declared|wrote|argued|noted|explained|saying)[ \t]+(?:that[ \t]+)?(?=\S)",
)
_SPLIT = re.compile(
    r";[ \t]*|,[ \t]+(?:while|whereas|but|and)[ \t]+|[ \t]+and[ \t]+that[ \t]+"
    r"|(?<!,)[ \t]+and[ \t]+(?=to[ \t])"
)
_ATTRIBUTION = re.compile(
    r",[ \t]+(?:[^,]{0,80}?[ \t])?(?:said|says|told|added|announced|according[ \t]+to)\b.*$"
    r"|,[ \t]+(?:which|who)\b.*$",
    re.DOTALL,
)
_TO_VERB = re.compile(r"to[ \t]+[a-z]+\b")
_TRAILING = re.compile(r"[\s.,;:!?]+$")
_DURATION_BEFORE = re.compile(
    r"\b(?P<p>within|in|over)[ \t]+(?:the[ \t]+(?:next|coming)[ \t]+)?(?:about[ \t]+|some[ \t]+)?$", re.I
)
_FROM_EVENT = re.compile(r"[ \t]+(?:of|after|from|since|following)\b", re.IGNORECASE)
_DATE_PREP = re.compile(
    r"\b(?:by|before|until|till|no[ \t]+later[ \t]+than|on|in|from|starting|starting[ \t]+on|at)[ \t]+$", re.I
)
_DAY_RANGE = re.compile(r"(\d{1,2})[-\u2013](\d{1,2})\b")
_YEAR_IN = re.compile(r"\d{4}")
_WEEKDAY_TEXT = re.compile(r"^(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day$")


def _quoted(text: str, start: int, pos: int) -> bool:
    """Whether ``pos`` lies inside a quotation opened after ``start``.

    Args:
        text: The article text.
        start: Sentence start.
        pos: Offset to test.

    Returns:
        True inside an open quotation.
    """
    chunk = text[start:pos]
    straight = chunk.count('"') % 2 == 1
    curly = chunk.count("\u201c") > chunk.count("\u201d")
    return straight or curly


_HYPOTHETICAL = re.compile(r"\b(?:if|unless|imagine|suppose|supposing|whether)\b", re.IGNORECASE)
_REPORTED = re.compile(
    r"\b(?:said|says|say|told|tells|announced|stated|confirmed|agreed|pledged|promised|added|insisted|"
    r"declared|vowed|according[ \t]+to)\b",
    re.IGNORECASE,
)


def _cue_ok(text: str, m: re.Match[str], sent_start: int) -> bool:
    """Check that a cue is a live, affirmative commitment cue outside quotation marks.

    Args:
        text: The article text.
        m: The cue match.
        sent_start: Start of the sentence.

    Returns:
        True when the cue counts.
    """
    if _quoted(text, sent_start, m.start()):
        return False
    before = text[sent_start : m.start()]
    if _HYPOTHETICAL.search(before):
        return False
    modal = (m.group("m") or "").lower()
    if modal == "should" and not _REPORTED.search(before):
        return False
    if _NEGATED_AFTER.match(text, m.end()) or _NEGATED_BEFORE.search(text, max(0, m.start() - 20), m.start()):
        return False
    if m.group("m") is None:
        return True
    word = m.group("m").lower()
    if word == "will" and _NOT_NOUN_WILL.search(text, max(0, m.start() - 12), m.start()):
        return False
    nxt = _NEXT_VERB.match(text, m.end())
    if nxt is None:
        return False
    verb = nxt.group("v")
    if verb == "be":
        follow = nxt.group("w") or ""
        return bool(_PARTICIPLE_WORD.search(follow)) and follow not in _STATIVE
    return verb not in _STATIVE


def _clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut a sentence into clauses.

    Args:
        text: The article text.
        start: Sentence start.
        end: Sentence end.

    Returns:
        ``(start, end)`` of each clause.
    """
    out: list[tuple[int, int]] = []
    pos = start
    for m in _SPLIT.finditer(text, start, end):
        if _quoted(text, start, m.start()):
            continue
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, end))
    return out


def _span(text: str, start: int, end: int, cue: tuple[int, int, bool]) -> tuple[int, int]:
    """Trim a clause to the commitment it states.

    Args:
        text: The article text.
        start: Clause start.
        end: Clause end.
        cue: ``(start, end, starts_span)`` of the commitment cue inside the clause; a
            participle cue (``pledging``) starts the span itself.

    Returns:
        The trimmed ``(start, end)``.
    """
    cue_start, cue_end, starts_span = cue
    if starts_span:
        start = cue_start
    else:
        head = text[start:cue_start]
        for pattern in (_DATELINE, _LEAD_ADVERBIAL):
            lead = pattern.match(head)
            if lead:
                start += lead.end()
                head = head[lead.end() :]
        last = None
        for rep in _REPORTING.finditer(text, start, cue_start):
            last = rep
        if last is not None:
            start = last.end()
    tail = _ATTRIBUTION.search(text, cue_end, end)
    if tail:
        end = tail.start()
    trailing = _TRAILING.search(text, start, end)
    if trailing:
        end = trailing.start()
    while start < end and text[start].isspace():
        start += 1
    return start, end


def _period_end(item: DateItem, today: dt.date | None) -> dt.date:
    """Return the last day of a date item's period (a day range counts by its last day).

    Args:
        item: The date item.
        today: Article date.

    Returns:
        The last day of the period.
    """
    day = dt.date.fromisoformat(item.iso)
    rng = _DAY_RANGE.search(item.text)
    if item.granularity == "day" and rng and int(rng.group(2)) > day.day:
        day = day.replace(day=int(rng.group(2)))
    elif item.granularity == "week":
        day += dt.timedelta(days=6)
    elif item.granularity == "month":
        day = day.replace(day=calendar.monthrange(day.year, day.month)[1])
    elif item.granularity == "year":
        day = dt.date(day.year, 12, 31)
    return day


def _add(today: dt.date, amount: float, unit: str) -> dt.date:
    """Add a duration to a date.

    Args:
        today: Start date.
        amount: Number of units.
        unit: ``hour``, ``day``, ``week``, ``fortnight``, ``month``, ``year`` or ``decade``.

    Returns:
        The date.

    Raises:
        ValueError: Unknown unit.
    """
    if unit == "hour":
        return today + dt.timedelta(days=-(-int(amount) // 24))
    if unit in ("day", "week", "fortnight"):
        return today + dt.timedelta(days=round(amount * {"day": 1, "week": 7, "fortnight": 14}[unit]))
    if unit in ("month", "year", "decade"):
        months = round(amount * {"month": 1, "year": 12, "decade": 120}[unit])
        index = today.year * 12 + today.month - 1 + months
        year, month = divmod(index, 12)
        return dt.date(year, month + 1, min(today.day, calendar.monthrange(year, month + 1)[1]))
    raise ValueError(unit)


_Item = TypeVar("_Item", DateItem, NumberItem)


class _SpanIndex(Generic[_Item]):
    """Items sorted by start, to pick those inside a clause without scanning them all."""

    def __init__(self, items: Sequence[_Item]) -> None:
        self._order = sorted(range(len(items)), key=lambda i: items[i].start)
        self._starts = [items[i].start for i in self._order]
        self._items: Sequence[_Item] = items

    def within(self, start: int, end: int) -> list[_Item]:
        """Return the items starting in ``[start, end)``, in their original order."""
        lo, hi = bisect.bisect_left(self._starts, start), bisect.bisect_left(self._starts, end)
        return [self._items[i] for i in sorted(self._order[lo:hi])]


def _date_due(
    text: str, start: int, end: int, today: dt.date | None, dates: Sequence[DateItem]
) -> list[tuple[dt.date, int, int]]:
    """Deadline candidates from date items inside a clause.

    Args:
        text: The article text.
        start: Clause start.
        end: Clause end.
        today: Article date.
        dates: Date items of the article.

    Returns:
        ``(due, phrase start, phrase end)`` for each usable date.
    """
    out: list[tuple[dt.date, int, int]] = []
    for item in dates:
        if item.start < start or item.end > end:
            continue
        try:
            due = _period_end(item, today)
        except (ValueError, OverflowError):
            continue
        if today is not None and due <= today:
            continue
        prep = _DATE_PREP.search(text, max(start, item.start - 20), item.start)
        out.append((due, prep.start() if prep else item.start, item.end))
    return out


def _duration_due(
    text: str, start: int, end: int, today: dt.date | None, numbers: Sequence[NumberItem]
) -> list[tuple[dt.date, int, int]]:
    """Deadline candidates from ``within``/``in`` + duration inside a clause.

    Args:
        text: The article text.
        start: Clause start.
        end: Clause end.
        today: Article date.
        numbers: Number items of the article.

    Returns:
        ``(due, phrase start, phrase end)`` for each usable duration.
    """
    out: list[tuple[dt.date, int, int]] = []
    if today is None:
        return out
    for item in numbers:
        if item.start < start or item.end > end:
            continue
        if item.unit not in ("hour", "day", "week", "fortnight", "month", "year", "decade"):
            continue
        prep = _DURATION_BEFORE.search(text, max(start, item.start - 30), item.start)
        if prep is None or _FROM_EVENT.match(text, item.end):
            continue
        amount = item.high if item.high is not None else item.value
        try:
            out.append((_add(today, amount, item.unit), prep.start(), item.end))
        except (ValueError, OverflowError):
            continue
    return out


def _all_cues(text: str) -> list[re.Match[str]]:
    """Every commitment cue in the text, valid or not, in text order.

    Args:
        text: The article text.

    Returns:
        The cue matches.
    """
    out: list[re.Match[str]] = []
    for trig in _CUE_TRIGGER.finditer(text):
        cue = _CUE.match(text, trig.start())
        if cue is not None:
            out.append(cue)
    return out


def _first_cue(
    text: str,
    start: int,
    end: int,
    after_commitment: bool,
    cues: Sequence[re.Match[str]],
    starts: Sequence[int] | None = None,
) -> tuple[int, int, bool] | None:
    """Return the first valid commitment cue in a clause.

    Args:
        text: The article text.
        start: Clause start.
        end: Clause end.
        cues: Every cue of the text (from :func:`_all_cues`).
        starts: The start offset of each cue (computed when not given; pass it when calling
            once per clause, or the work grows with the square of the text).
        after_commitment: True when the previous clause of the sentence was a commitment; a
            clause then starting with ``to`` + verb continues it (``agreed to X and to Y``).

    Returns:
        ``(start, end, starts_span)`` of the cue, or ``None``.
    """
    if after_commitment:
        to = _TO_VERB.match(text, start, end)
        if to:
            return start, to.end(), True
    if starts is None:
        starts = [c.start() for c in cues]
    for cue in cues[bisect.bisect_left(starts, start) :]:
        if cue.start() >= end:
            break
        if cue.end() <= end and _cue_ok(text, cue, start):
            return cue.start(), cue.end(), cue.group("p") is not None
    return None


def find_commitments(
    text: str,
    sentences: Sequence[tuple[int, int]],
    today: dt.date | None,
    dates: Sequence[DateItem] = (),
    numbers: Sequence[NumberItem] = (),
) -> list[Commitment]:
    """Find commitments and their due dates.

    Args:
        text: The article text.
        sentences: ``(start, end)`` of each sentence.
        today: The article's date (needed for relative deadlines).
        dates: Date items of the article; found with :func:`find_dates` when empty.
        numbers: Number items of the article; found with :func:`find_numbers` when empty.

    Returns:
        Commitments sorted by start offset.
    """
    if not dates:
        dates = find_dates(text, today)
    lazy_numbers: Sequence[NumberItem] | None = numbers or None
    date_index = _SpanIndex(dates)
    number_index = _SpanIndex(lazy_numbers or ())
    found: list[Commitment] = []
    cues = _all_cues(text)
    starts = [c.start() for c in cues]
    for s_start, s_end in sentences:
        s_start, s_end = max(0, s_start), min(len(text), s_end)
        first = bisect.bisect_left(starts, s_start)
        if first == len(starts) or starts[first] >= s_end:
            continue
        if s_end <= s_start or text[s_start:s_end].rstrip().endswith("?"):
            continue
        previous = False
        for c_start, c_end in _clauses(text, s_start, s_end):
            cue = _first_cue(text, c_start, c_end, previous, cues, starts)
            previous = cue is not None
            if cue is None:
                continue
            start, end = _span(text, c_start, c_end, cue)
            if end <= start:
                continue
            if lazy_numbers is None:
                lazy_numbers = find_numbers(text)
                number_index = _SpanIndex(lazy_numbers)
            cands = _date_due(text, start, end, today, date_index.within(start, end)) + _duration_due(
                text, start, end, today, number_index.within(start, end)
            )
            due, deadline = None, None
            if cands:
                best = max(cands, key=lambda c: (c[0], c[1]))
                due, deadline = best[0].isoformat(), text[best[1] : best[2]]
            found.append(Commitment(text[start:end], start, end, due, None, deadline))
    found.sort(key=lambda c: (c.start, c.end))
    return found
