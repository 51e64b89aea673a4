"""Find dates in news text and resolve them against the article's date.

Method: one compiled alternation of date patterns (ISO dates, ``15 August 2025``, ``Aug. 15,
2025``, ``Dec. 18-19``, ``August 2025``, month names, standalone years, weekdays, holidays and
relative words such as ``yesterday``, ``next week``, ``earlier this month``, ``the end of the
year``) is scanned once; each match is resolved by a small function.

Conventions:

* Spans include ``next``/``last``/``this``/``earlier``/``later`` and ``the end of``, never a
  preceding ``on``/``by``/``in``.  A day range (``Dec. 18-19``) is one item dated by its first day.
* ``iso`` is the first day of a week (Monday), month or year; ``the end of ...`` is its last day.
* Tense rule, for weekdays and for months or days given without a year: the nearest tense cue
  before the date in the same sentence decides.  A future cue (``will``, ``would``, ``to``,
  ``by``, ``until``, ``starting``, ``is to``, ``plans to`` ...) picks the first matching day on or
  after the article date; a past cue (``said``, ``was``, ``-ed`` verbs ...) or no cue picks the last
  one on or before it (months without a year and without any cue take the nearest year).
* ``next Monday`` is the first Monday after the article date, ``last Monday`` the last one before.
* A day given without its year within :data:`NEAR_DAYS` of the article date is in the nearest
  year whatever the tense ("27 November" in an article of 2025-11-21 is 2025-11-27); a month
  next to the article's month is in its year; a date opening its sentence takes the tense of the
  verb after it; "since" reads as past, "ahead of", "followed by" and "a June deadline" as future.
* A weekday before a date is part of it (``Friday, 20 February 2026``); ``tomorrow, Monday`` is
  tomorrow; ``later Monday`` is the last Monday on or before the article date.
* ``the weekend`` is dated by its Saturday (by tense, else the nearer), ``this/next/last weekend``
  by the Saturday of that week; ``N days/weeks ago`` counts from the article date (``N months/years ago``: the
  first day of that month or year), ``the upcoming/outgoing/current week/month/year``,
  ``N days earlier/later``, ``the previous/next/following day`` and ``the same day`` from the
  last day named before them (else the article date); ``the day after tomorrow``. Not dates:
  ``N days later than`` (a comparison) and ``N days later/earlier`` after a future verb (counted
  from an undated event); ``February 24 and 30 were wounded`` is a day and a count, not a range.
* Numeric dates with dots are day.month.year (``19.12.2025``, ``04.12.25``).
* Durations (``within two weeks``, ``in 10 days``) are not dates here; commitments read them.
* When ``today`` is None only absolute dates that state their year are returned.

Limits: English only; no ``the 15th``, seasons, ``mid-2025`` granularity finer than a year,
Easter or other movable feasts, nor dates written with slashes (ambiguous order); "that year"
and other anaphora to a year or month are not resolved.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import re
from collections.abc import Callable
from typing import Literal

from accord.evidence.numbers import _trie
from accord.evidence.types import DateItem

__all__ = ["find_dates"]

Granularity = Literal["day", "week", "month", "year"]

_MONTH_NUM = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b\.?)"
)
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DAY = r"(?P<{0}>[0-3]?\d)(?:st|nd|rd|th)?(?![\d:])"
_YEAR = r"(?P<{0}>(?:19|20)\d\d)(?!\d)"
_HOLIDAYS = {
    "christmas eve": (12, 24),
    "christmas day": (12, 25),
    "christmas": (12, 25),
    "new year's eve": (12, 31),
    "new year's day": (1, 1),
    "independence day": (7, 4),
}

_PATTERNS = [
    ("iso", r"(?<![\w-])(?P<iy>(?:19|20)\d\d)-(?P<im>[01]\d)-(?P<id>[0-3]\d)(?![\w-])"),
    (
        "dotted",
        r"(?<![\w.,:/-])(?P<nd>[0-3]?\d)\.(?P<nm>[01]?\d)\.(?P<ny>(?:19|20)\d\d|\d\d)(?![\w:/-]|[.,]\d)",
    ),
    (
        "ago",
        r"\b(?P<an>\d{1,2}|(?i:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a))[ \t]+"
        r"(?P<au>day|week|month|year)s?[ \t]+(?P<aw>ago|earlier|later)\b(?![ \t]+than\b)",
    ),
    (
        "twoday",
        r"\b(?P<td>day[ \t]+(?:after[ \t]+tomorrow|before[ \t]+yesterday))\b",
    ),
    (
        "anaph",
        r"\b(?:(?P<aq>[Ee]arlier|[Ll]ater)[ \t]+(?:on[ \t]+)?[Tt]he[ \t]+)?"
        r"(?P<ak>same[ \t]+day|(?:previous|following|next)[ \t]+day)\b",
    ),
    ("wkend", r"\b(?:(?P<kq>[Nn]ext|[Ll]ast|[Tt]his)[ \t]+)?weekend\b"),
    (
        "dmy",
        r"(?<![\w.,-])(?:(?P<wp1>"
        + _WEEKDAY
        + r"),?[ \t]+(?:the[ \t]+)?)?(?:"
        + _DAY.format("d1")
        + r"(?:(?:[-\u2013]|[ \t]+(?:and|to|or)[ \t]+)"
        + _DAY.format("d1b")
        + r")?)"
        r"[ \t]+(?:of[ \t]+)?(?P<m1>" + _MONTH + r")(?:,?[ \t]+" + _YEAR.format("y1") + r")?",
    ),
    (
        "mdy",
        r"(?:(?P<wp2>"
        + _WEEKDAY
        + r"),?[ \t]+)?(?P<m2>"
        + _MONTH
        + r")[ \t]+"
        + _DAY.format("d2")
        + r"(?:(?:[-\u2013]|[ \t]+(?:and|to|through)[ \t]+)"
        + _DAY.format("d2b")
        + r"(?![ \t]*(?:%|per|bn|billion|million)|[ \t]+[a-z]+s\b|"
        + r"[ \t]+(?:was|were|are|is|have|had|of|more|other|people|thousand|hundred|dozen|died|killed)\b)"
        + r")?"
        r"(?!%|[ \t]*(?:per|%|bn|billion|million))(?:,?[ \t]+" + _YEAR.format("y2") + r")?",
    ),
    ("my", r"(?P<m3>" + _MONTH + r"),?[ \t]+" + _YEAR.format("y3")),
    (
        "endof",
        r"\bthe[ \t]+end[ \t]+of[ \t]+(?P<eo>(?:the|this|next|last)[ \t]+(?:week|month|year)|"
        r"(?P<eom>" + _MONTH + r")(?:[ \t]+(?P<eoy>(?:19|20)\d\d))?|(?P<eyr>(?:19|20)\d\d))\b",
    ),
    (
        "rel",
        r"\b(?P<rq>(?:(?:[Ee]arlier|[Ll]ater)[ \t]+)?(?:[Nn]ext|[Ll]ast|[Tt]his))"
        r"[ \t]+(?P<ru>week|month|year)\b",
    ),
    ("relthe", r"\b[Tt]he[ \t]+(?P<tq>upcoming|outgoing|current)[ \t]+(?P<tu>week|month|year)\b"),
    ("relwd", r"\b(?P<wq>[Nn]ext|[Ll]ast|[Tt]his)[ \t]+(?P<wdn>" + _WEEKDAY + r")\b"),
    ("relmon", r"\b(?P<mq>[Nn]ext|[Ll]ast|[Tt]his)[ \t]+(?P<mn>" + _MONTH + r")(?![ \t]*\d)"),
    ("wd", r"\b(?P<w>" + _WEEKDAY + r")\b"),
    (
        "day",
        r"\b(?P<dw>[Tt]oday|[Yy]esterday|[Tt]omorrow|[Tt]onight|[Ll]ast[ \t]+night)\b"
        r"(?!['\u2019]s[ \t]+[a-z])",
    ),
    ("hol", r"\b(?P<h>Christmas(?:[ \t]+(?:Eve|Day))?|New[ \t]+Year['\u2019]s[ \t]+(?:Eve|Day))\b"),
    ("mon", r"(?<![\w.])(?P<m4>" + _MONTH + r")(?![\w-])"),
    ("yr", r"(?<![\w$€£.,/:-])(?P<y5>(?:19|20)\d\d)(?![\w%/:]|[.,]\d|[ \t]+(?:bn|billion|million|km|per))"),
]
_SCAN = re.compile("|".join(f"(?P<{name}>{pat})" for name, pat in _PATTERNS))
_TRIGGER_WORDS = [
    *(
        m
        for m in [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ]
    ),
    *["Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec"],
    *(w.capitalize() for w in _WEEKDAYS),
    *(
        w
        for base in ["today", "yesterday", "tomorrow", "tonight", "next", "last", "this", "earlier", "later"]
        for w in (base, base.title())
    ),
    "Christmas",
    "New",
    "the end",
    *(w for base in ["same", "previous", "following", "day", "weekend"] for w in (base, base.title())),
    *(
        w
        for base in [
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
        ]
        for w in (base, base.title())
    ),
]
# Fast pre-scan: ``_SCAN`` is only tried where a digit run or a trigger word starts.
_TRIGGER = re.compile(
    r"\d(?<![\d.,]\d)\d{0,3}(?!\d)|\b[Aa](?=[ \t]+(?:day|week|month|year)[ \t]+(?:ago|earlier|later)\b)|"
    r"\b[Tt]he(?=[ \t]+(?:upcoming|outgoing|current)[ \t]+(?:week|month|year)\b)|" + _trie(_TRIGGER_WORDS)
)
_THE_BEFORE = re.compile(r"\b(?:the|over|coming|past)[ \t]+$", re.IGNORECASE)
_MAY_OK_BEFORE = re.compile(
    r"\b(?:in|since|until|till|by|of|from|through|last|next|this|early|late|mid|before|after|during|"
    r"on|end|and|or|to)[ \t-]+$",
    re.IGNORECASE,
)
_DEADLINE_BEFORE = re.compile(
    r"\b(?:by|until|till|before|no[ \t]+later[ \t]+than)[ \t]+(?:on[ \t]+)?"
    r"(?:(?:mid|early|late|the[ \t]+(?:end|start|middle)[ \t]+of)[ \t-]*)?$",
    re.I,
)
_BREAK = re.compile(r"[.!?\n]")
_SENTENCE_START = re.compile(r"[.!?\n][^.!?\n]*$")
_CUE = re.compile(
    r"(?P<f>\b(?:will|would|shall|won['\u2019]t|going[ \t]+to|"
    r"(?:is|are|was|were)[ \t]+(?:due|set|scheduled|expected)"
    r"[ \t]+to|(?:is|are)[ \t]+(?:due|set|scheduled|expected)|"
    r"(?:is|are)[ \t]+to|plans?[ \t]+to|intends?[ \t]+to|agreed[ \t]+to|starting|"
    r"beginning|next|scheduled|upcoming|due|ahead[ \t]+of|followed[ \t]+by|tomorrow|"
    r"(?:planned|set|slated|scheduled)[ \t]+for)\b|['\u2019]ll\b)"
    r"|(?P<p>\b(?:said|says|told|was|were|had|did|met|held|spoke|began|made|took|gave|went|came|saw|left|sent|"
    r"won|lost|struck|fell|rose|wrote|led|ago|last|earlier|since|yesterday|[a-z]{3,}ed)\b)"
)


def _month_num(word: str) -> int:
    """Return the month number (1-12) of a month name or abbreviation.

    Args:
        word: ``"August"``, ``"Aug."``, ``"Sept"``.

    Returns:
        The month number.
    """
    return _MONTH_NUM[word[:3].lower()]


class _Ctx:
    """The text being scanned; answers tense questions about positions in it.

    The first few questions search a window before the position; after that every tense cue
    of the text is found once and looked up by bisection, so pathological inputs stay linear.
    """

    _WINDOW_CALLS = 32

    def __init__(self, text: str) -> None:
        self.text = text
        self._calls = 0
        self._cues: list[tuple[int, int, bool]] = []
        self._starts: list[int] = []
        self._breaks: list[int] = []
        self.days: list[tuple[int, dt.date]] = []  # (offset, day) of the day dates found so far

    def last_day(self, pos: int, today: dt.date) -> dt.date:
        """Return the last day-granularity date found before ``pos``, else ``today``.

        Args:
            pos: Offset of an anaphoric expression ("the previous day", "two days earlier").
            today: Article date.

        Returns:
            The day it counts from.
        """
        for start, day in reversed(self.days):
            if start < pos:
                return day
        return today

    def tense_around(self, pos: int, end: int) -> str:
        """Return the tense before ``pos``, else that of the first cue after ``end`` in its sentence.

        "A March moratorium ... collapsed", "On Sunday, talks will ...": a date opening its
        sentence takes the tense of the verb after it.

        Args:
            pos: Offset of the date expression.
            end: Its end.

        Returns:
            ``"future"``, ``"past"`` or ``""``.
        """
        tense = self.tense(pos)
        if tense:
            return tense
        window = self.text[end : end + 120]
        stop = _BREAK.search(window)
        if stop:
            window = window[: stop.start()]
        m = _CUE.search(window)
        if m is None:
            return ""
        return "future" if m.group("f") else "past"

    def tense(self, pos: int) -> str:
        """Return ``"future"``, ``"past"`` or ``""`` from the nearest cue before ``pos`` in its sentence.

        Args:
            pos: Offset of the date expression.

        Returns:
            The tense the nearest cue suggests, ``""`` when there is none.
        """
        text = self.text
        if _DEADLINE_BEFORE.search(text, max(0, pos - 30), pos):
            return "future"
        self._calls += 1
        if self._calls <= self._WINDOW_CALLS:
            return self._window_tense(pos)
        if self._calls == self._WINDOW_CALLS + 1:
            self._cues = [(m.start(), m.end(), m.group("f") is not None) for m in _CUE.finditer(text)]
            self._starts = [c[0] for c in self._cues]
            self._breaks = [m.start() for m in _BREAK.finditer(text)]
        low = max(0, pos - 200)
        i = bisect.bisect_left(self._breaks, pos) - 1
        if i >= 0 and self._breaks[i] >= low:
            low = self._breaks[i] + 1
        j = bisect.bisect_left(self._starts, pos) - 1
        while j >= 0 and self._starts[j] >= low:
            _, end, future = self._cues[j]
            if end <= pos:
                return "future" if future else "past"
            j -= 1
        return ""

    def _window_tense(self, pos: int) -> str:
        """Answer :meth:`tense` by searching the 200 characters before ``pos``.

        Args:
            pos: Offset of the date expression.

        Returns:
            The tense.
        """
        window = self.text[max(0, pos - 200) : pos]
        cut = _SENTENCE_START.search(window)
        if cut:
            window = window[cut.start() + 1 :]
        last = None
        for m in _CUE.finditer(window):
            last = m
        if last is None:
            return ""
        return "future" if last.group("f") else "past"


NEAR_DAYS = 45
"""A day given without its year that falls this close to the article date (either side) is in
the nearest year whatever the tense ("27 November" in an article of 21 November is that week,
even after "said")."""

_WEEKDAY_BEFORE = re.compile(
    r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\s*,?\s*(?:the\s+)?$", re.IGNORECASE
)
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _shift_year(today: dt.date, month: int, day: int, tense: str) -> dt.date:
    """Pick the year for a month/day given without one.

    Args:
        today: Article date.
        month: Month number.
        day: Day of month.
        tense: ``"future"``, ``"past"`` or ``""``.

    Returns:
        The resolved date.

    Raises:
        ValueError: The day does not exist in any nearby year.
    """
    candidates = []
    for year in (today.year - 1, today.year, today.year + 1):
        try:
            candidates.append(dt.date(year, month, day))
        except ValueError:
            continue
    if not candidates:
        raise ValueError("no such day")
    nearest = min(candidates, key=lambda c: (abs((c - today).days), c > today))
    if abs((nearest - today).days) <= NEAR_DAYS:
        return nearest
    if tense == "future":
        future = [c for c in candidates if c >= today]
        if future:
            return min(future)
    if tense == "past":
        past = [c for c in candidates if c <= today]
        if past:
            return max(past)
    return min(candidates, key=lambda c: (abs((c - today).days), c > today))


def _month_year(today: dt.date, month: int, tense: str) -> int:
    """Pick the year of a month named without one.

    Args:
        today: Article date.
        month: Month number.
        tense: ``"future"``, ``"past"`` or ``""``.

    Returns:
        The year.
    """
    diff = month - today.month
    if abs(diff) <= 1:
        return today.year
    if diff in (11, -11):  # December in a January article, January in a December one
        return today.year + (1 if diff < 0 else -1)
    if tense == "future":
        return today.year + (1 if diff < 0 else 0)
    if tense == "past":
        return today.year - (1 if diff > 0 else 0)
    if diff > 6:
        return today.year - 1
    if diff < -6:
        return today.year + 1
    return today.year


def _week_start(day: dt.date) -> dt.date:
    """Return the Monday of ``day``'s week.

    Args:
        day: Any date.

    Returns:
        The Monday on or before ``day``.
    """
    return day - dt.timedelta(days=day.weekday())


def _add_months(day: dt.date, months: int) -> dt.date:
    """Return the first day of the month ``months`` after ``day``'s month.

    Args:
        day: Any date.
        months: Months to add (may be negative).

    Returns:
        A first-of-month date.
    """
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


_Resolved = tuple[dt.date, Granularity, bool]


def _res_iso(m: re.Match[str], ctx: _Ctx, today: dt.date | None) -> _Resolved | None:
    return dt.date(int(m["iy"]), int(m["im"]), int(m["id"])), "day", False


def _res_day_month(
    ctx: _Ctx,
    start: int,
    today: dt.date | None,
    month: int,
    day: int,
    year: str | None,
    weekday_name: str | None = None,
) -> _Resolved | None:
    if year:
        return dt.date(int(year), month, day), "day", False
    if today is None:
        return None
    named = _WEEKDAY_BEFORE.search(ctx.text, max(0, start - 16), start)
    if weekday_name is None and named:
        weekday_name = named.group(1)
    if weekday_name:  # "Thursday, Nov. 27": the year in which that day is a Thursday, nearest first
        weekday = _WEEKDAYS.index(weekday_name.lower())
        fits = []
        for y in (today.year, today.year + 1, today.year - 1):
            try:
                d = dt.date(y, month, day)
            except ValueError:
                continue
            if d.weekday() == weekday:
                fits.append(d)
        if fits:
            return min(fits, key=lambda d: abs((d - today).days)), "day", True
    return _shift_year(today, month, day, ctx.tense_around(start, start)), "day", True


def _res_dmy(m: re.Match[str], ctx: _Ctx, today: dt.date | None) -> _Resolved | None:
    return _res_day_month(ctx, m.start(), today, _month_num(m["m1"]), int(m["d1"]), m["y1"], m["wp1"])


def _res_mdy(m: re.Match[str], ctx: _Ctx, today: dt.date | None) -> _Resolved | None:
    return _res_day_month(ctx, m.start(), today, _month_num(m["m2"]), int(m["d2"]), m["y2"], m["wp2"])


def _res_dotted(m: re.Match[str], ctx: _Ctx, today: dt.date | None) -> _Resolved | None:
    year = int(m["ny"])
    if year < 100:
        year += 2000
    return dt.date(year, int(m["nm"]), int(m["nd"])), "day", False


_COUNT_WORDS = {
    w: i
    for i, w in enumerate(
        ["a", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"],
        start=1,
    )
}
_COUNT_WORDS["one"] = 1


def _minus_months(day: dt.date, months: int) -> dt.date:
    """Return ``day`` moved by ``months`` months, the day of month clipped to the month's length."""
    index = day.year * 12 + day.month - 1 + months
    year, month = index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _res_ago(m: re.Match[str], ctx: _Ctx, today: dt.date | None) -> _Resolved | None:
    """Resolve "two days ago" from the article date, "two days earlier/later" from the last day named.

    After a future verb "N days later/earlier" counts from a planned, undated event ("elections
    would be held 60 days later") and is left to the numbers as a duration.
    """
    if today is None:
        return None
    word = m["an"].lower()
    n = int(word) if word.isdigit() else _COUNT_WORDS[word]
    direction = m["aw"].lower()
    if direction != "ago" and ctx.tense(m.start()) == "future":
        return None  # "a vote would follow 60 days later": counted from an undated event, a duration
    anchor = today if direction == "ago" else ctx.last_day(m.start(), today)
    sign = 1 if direction == "later" else -1
    unit = m["au"].lower()
    if unit in ("day", "week"):
        return anchor + dt.timedelta(days=sign * n * (7 if unit == "week" else 1)), "day", True
    day = _minus_months(anchor, sign * n * (12 if unit == "year" else 1))
    if direction == "ago":  # "four years ago" names a year, "three months ago" a month
        return (
            (dt.date(day.year, 1, 1), "year", True) if unit == "year" else (day.replace(day=1), "month", True)
        )
    return day, "day", True


def _res_twoday(m: re.Match[str], ctx: _Ctx, today: dt.date | None) -> _Resolved | None:
    if today is None:
        return None
    return today + dt.timedelta(days=2 if "tomorrow" in m["td"] else -2), "day", True


def _res_anaph(m: re.Match[str], ctx: _Ctx, today: dt.date | None) -> _Resolved | None:
    """Resolve "the same/previous/next day" from the last day named before it, else the article date."""
    if today is None:
        return None
    kind = m["ak"].split()[0].lower()
    anchor = ctx.last_day(m.start(), today)
    offset = {"same": 0, "previous": -1}.get(kind, 1)
    return anchor + dt.timedelta(days=offset), "day", True


_THE_WEEKEND = re.compile(r"\b(?:the|that)[ \t]+$", re.IGNORECASE)


def _res_wkend(m: re.Match[str], ctx: _Ctx, today: dt.date | None) -> _Resolved | None:
    """Date a weekend by its Saturday.

    "this weekend" is the article week's, "last"/"next" the weeks around it; "the weekend" the
    last one for a past verb, the next for a future one, else the nearer.
    """
    if today is None:
        return None
    saturday = _week_start(today) + dt.timedelta(days=5)
    if m["kq"]:
        step = {"this": 0, "next": 1, "last": -1}[m["kq"].lower()]
        return saturday + dt.timedelta(days=7 * step), "day", True
    if not _THE_WEEKEND.search(ctx.text, max(0, m.start() - 8), m.start()):
        return None
    past = saturday if saturday <= today else saturday - dt.timedelta(days=7)
    future = saturday if saturday >= today - dt.timedelta(days=1) else saturday + dt.timedelta(days=7)
    tense = ctx.tense(m.start())
    if tense == "past":
        return past, "day", True
    if tense == "future":
        return future, "day", True
    return min((past, future), key=lambda d: (abs((d - today).days), d > today)), "day", True


def _res_my(m: re.Match[str], ctx: _Ctx, today: dt.date | None) -> _Resolved | None:
    return dt.date(int(m["y3"]), _month_num(m["m3"]), 1), "month", False


def _res_endof(m: re.Match[str], ctx: _Ctx, today: dt.date | None) -> _Resolved | None:
    if m["eyr"]:
        return dt.date(int(m["eyr"]), 12, 31), "day", False
    if m["eom"]:
        month = _month_num(m["eom"])
        if m["eoy"]:
            year = int(m["eoy"])
        elif today is None:
            return None
        else:
            year = _month_year(today, month, "future")
        return dt.date(year, month, calendar.monthrange(year, month)[1]), "day", m["eoy"] is None
    if today is None:
        return None
    qual, unit = m["eo"].lower().split()
    step = {"the": 0, "this": 0, "next": 1, "last": -1}[qual]
    if unit == "week":
        return _week_start(today) + dt.timedelta(days=7 * step + 6), "day", True
    if unit == "month":
        first = _add_months(today, step + 1)
        return first - dt.timedelta(days=1), "day", True
    return dt.date(today.year + step, 12, 31), "day", True


def _res_rel(m: re.Match[str], ctx: _Ctx, today: dt.date | None) -> _Resolved | None:
    if today is None or _THE_BEFORE.search(ctx.text, max(0, m.start() - 10), m.start()):
        return None
    qual = m["rq"].split()[-1].lower()
    return _period(today, m["ru"], {"this": 0, "next": 1, "last": -1}[qual])


def _period(today: dt.date, unit: str, step: int) -> _Resolved:
    """The week, month or year ``step`` periods from the one holding ``today``, by its first day."""
    if unit == "week":
        return _week_start(today) + dt.timedelta(days=7 * step), "week", True
    if unit == "month":
        return _add_months(today, step), "month", True
    return dt.date(today.year + step, 1, 1), "year", True


def _weekday_date(today: dt.date, weekday: int, rule: str) -> dt.date:
    """Resolve a weekday against the article date.

    Args:
        today: Article date.
        weekday: 0 for Monday.
        rule: ``"after"`` (strictly after), ``"before"`` (strictly before), ``"on_or_after"``,
            ``"on_or_before"`` or ``"this"`` (that day in the article's week).

    Returns:
        The date.
    """
    delta = weekday - today.weekday()
    if rule == "this":
        return today + dt.timedelta(days=delta)
    if rule in ("after", "on_or_after"):
        ahead = delta % 7
        if ahead == 0 and rule == "after":
            ahead = 7
        return today + dt.timedelta(days=ahead)
    back = (-delta) % 7
    if back == 0 and rule == "before":
        back = 7
    return today - dt.timedelta(days=back)


def _res_relthe(m: re.Match[str], ctx: _Ctx, today: dt.date | None) -> _Resolved | None:
    """Resolve "the upcoming year" (the next one) and "the outgoing/current year" (this one)."""
    if today is None:
        return None
    return _period(today, m["tu"], 1 if m["tq"] == "upcoming" else 0)


def _res_relwd(m: re.Match[str], ctx: _Ctx, today: dt.date | None) -> _Resolved | None:
    if today is None:
        return None
    rule = {"next": "after", "last": "before", "this": "this"}[m["wq"].lower()]
    return _weekday_date(today, _WEEKDAYS.index(m["wdn"].lower()), rule), "day", True


def _res_relmon(m: re.Match[str], ctx: _Ctx, today: dt.date | None) -> _Resolved | None:
    if today is None:
        return None
    month = _month_num(m["mn"])
    qual = m["mq"].lower()
    if qual == "this":
        year = today.year
    elif qual == "next":
        year = today.year + (1 if month <= today.month else 0)
    else:
        year = today.year - (1 if month >= today.month else 0)
    return dt.date(year, month, 1), "month", True


_DAY_WORD_BEFORE = re.compile(
    r"\b(today|tomorrow|yesterday|tonight)[ \t]*,?[ \t]*(?:on[ \t]+)?$", re.IGNORECASE
)
_SAME_DAY_BEFORE = re.compile(r"\b(?:later|earlier)[ \t]+(?:on[ \t]+)?$", re.IGNORECASE)


def _res_wd(m: re.Match[str], ctx: _Ctx, today: dt.date | None) -> _Resolved | None:
    if today is None:
        return None
    weekday = _WEEKDAYS.index(m["w"].lower())
    before = ctx.text[max(0, m.start() - 16) : m.start()]
    named = _DAY_WORD_BEFORE.search(before)
    if named:  # "tomorrow, Monday": that day, when it is that weekday
        offset = {"tomorrow": 1, "yesterday": -1}.get(named.group(1).lower(), 0)
        day = today + dt.timedelta(days=offset)
        if day.weekday() == weekday:
            return day, "day", True
    if _SAME_DAY_BEFORE.search(before):  # "later Monday": the day the story was written
        return _weekday_date(today, weekday, "on_or_before"), "day", True
    rule = "on_or_after" if ctx.tense_around(m.start(), m.end()) == "future" else "on_or_before"
    return _weekday_date(today, weekday, rule), "day", True


def _res_day(m: re.Match[str], ctx: _Ctx, today: dt.date | None) -> _Resolved | None:
    if today is None:
        return None
    word = m["dw"].lower()
    offset = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}.get(word, -1)
    return today + dt.timedelta(days=offset), "day", True


def _res_hol(m: re.Match[str], ctx: _Ctx, today: dt.date | None) -> _Resolved | None:
    if today is None:
        return None
    key = re.sub(r"[ \t]+", " ", m["h"].lower()).replace("\u2019", "'")
    month, day = _HOLIDAYS[key]
    return _shift_year(today, month, day, ctx.tense(m.start())), "day", True


_DEADLINE_AFTER = re.compile(r"[ \t]+(?:deadline|target|goal)\b", re.IGNORECASE)


def _res_mon(m: re.Match[str], ctx: _Ctx, today: dt.date | None) -> _Resolved | None:
    word = m["m4"]
    if today is None or (
        word.startswith("May") and not _MAY_OK_BEFORE.search(ctx.text, max(0, m.start() - 12), m.start())
    ):
        return None
    if len(word) <= 4 and word not in ("May", "June", "July") and not word.endswith("."):
        return None
    month = _month_num(word)
    after = ctx.text[m.end() : m.end() + 12]
    tense = "future" if _DEADLINE_AFTER.match(after) else ctx.tense_around(m.start(), m.end())
    return dt.date(_month_year(today, month, tense), month, 1), "month", True


def _res_yr(m: re.Match[str], ctx: _Ctx, today: dt.date | None) -> _Resolved | None:
    return dt.date(int(m["y5"]), 1, 1), "year", False


_RESOLVERS: dict[str, Callable[[re.Match[str], _Ctx, dt.date | None], _Resolved | None]] = {
    "iso": _res_iso,
    "dotted": _res_dotted,
    "ago": _res_ago,
    "twoday": _res_twoday,
    "anaph": _res_anaph,
    "wkend": _res_wkend,
    "dmy": _res_dmy,
    "mdy": _res_mdy,
    "my": _res_my,
    "endof": _res_endof,
    "rel": _res_rel,
    "relthe": _res_relthe,
    "relwd": _res_relwd,
    "relmon": _res_relmon,
    "wd": _res_wd,
    "day": _res_day,
    "hol": _res_hol,
    "mon": _res_mon,
    "yr": _res_yr,
}


def _resolve(m: re.Match[str], ctx: _Ctx, today: dt.date | None) -> _Resolved | None:
    """Resolve one scanner match, or return ``None`` when it cannot be resolved.

    Args:
        m: The match.
        ctx: The text being scanned.
        today: Article date.

    Returns:
        ``(date, granularity, relative)`` or ``None``.
    """
    resolver = _RESOLVERS[m.lastgroup or ""]
    try:
        return resolver(m, ctx, today)
    except (ValueError, OverflowError):
        return None


def find_dates(text: str, today: dt.date | None) -> list[DateItem]:
    """Find dates in ``text`` and resolve them against ``today`` (the article's date).

    Args:
        text: The article text.
        today: The article's date; ``None`` keeps only absolute dates that state their year.

    Returns:
        The dates found, sorted by start offset, not overlapping.
    """
    items: list[DateItem] = []
    ctx = _Ctx(text)
    pos = 0
    for trigger in _TRIGGER.finditer(text):
        if trigger.start() < pos:
            continue
        m = _SCAN.match(text, trigger.start())
        if m is None:
            continue
        end = m.end()
        if m.lastgroup == "mdy" and m["d2b"] and int(m["d2b"]) <= int(m["d2"]):
            end = m.end("d2")  # "on February 24 and 12 were wounded": a count, not a range
        pos = end
        resolved = _resolve(m, ctx, today)
        if resolved is None:
            continue
        day, granularity, relative = resolved
        if granularity == "day":
            ctx.days.append((m.start(), day))
        items.append(DateItem(text[m.start() : end], day.isoformat(), m.start(), end, granularity, relative))
    return items
