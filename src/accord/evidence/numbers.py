"""Find quantities in news text: money, counts, percentages, distances, durations and ranges.

Method: one compiled scanner finds number *cores* (digits such as ``20,000`` or ``1.5``, an
optional currency sign or code in front, written numbers such as ``three million`` or ``a
dozen``, and ``a``/``an`` before a time unit).  Each core is then extended by anchored regexes
applied at its end: a magnitude (``billion``, ``bn``, ``m``), a range (``5-10``, ``5,000 to
6,000``, ``between 5 and 10``, ``a week to 10 days``) and a unit (``%``, a currency word, a
distance, a time unit, or a counted noun, optionally after one adjective: ``20 living
hostages`` -> ``hostage``).  Candidates that look like dates, times, years, ordinals,
identifiers (``Article 5``, ``F-16``, ``G7``, ``COVID-19``) or page numbers are dropped.

Conventions: the span starts at the currency sign (or ``between``) and ends after the unit;
``value`` is in base units (9e10 for ``$90 billion``, km for distances, the stated unit for
durations); a range reports its low end in ``value`` and its high end in ``high``; bare
numbers written in digits get the unit ``""``; bare written numbers other than ``one`` are
reported too (``three``), ``one`` only with a unit.

Temperatures in degrees Celsius or Fahrenheit (``-20 C to -27 C``, ``minus 4 F``, unit ``C`` or
``F``, negative values kept) and written fractions (``one-fifth`` = 0.2, unit ``""``) are read by
their own patterns. ``zero`` is a number as a count ("13 votes to zero", "zero casualties"), not in
idioms ("zero interest", "zero-sum", "zero hour", "sub-zero", "above zero").

Limits: no bare fractions (``half``, ``a third``), no other negative numbers, no ``hundreds of``
style vague quantities, at most one adjective between a number and its noun, a four-digit
number between 1800 and 2100 without a comma is a year unless a money, percent, distance or
time unit follows, and ``400m`` without a currency is not read (metres or millions).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from accord.evidence.types import NumberItem

__all__ = ["find_numbers"]

_UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
}
_TEENS = {
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_ABBREV_SCALES = {
    "k": 1e3,
    "m": 1e6,
    "mn": 1e6,
    "mln": 1e6,
    "b": 1e9,
    "bn": 1e9,
    "bln": 1e9,
    "tn": 1e12,
    "trn": 1e12,
}
_WORDS = sorted([*_UNITS, *_TEENS, *_TENS, "hundred", "dozen", *_SCALES], key=len, reverse=True)
_WORD_ALT = "|".join(_WORDS)
_SCALE_ALT = "dozen|hundred|thousand|million|billion|trillion"
_TIME_ALT = "days?|weeks?|months?|years?|hours?|decades?|fortnights?"

_CURRENCY_SIGNS = {
    "us$": "USD",
    "$": "USD",
    "€": "EUR",
    "£": "GBP",
    "¥": "JPY",
    "₴": "UAH",
    "₽": "RUB",
    "a$": "AUD",
    "c$": "CAD",
}
_CURRENCY_CODES = ("USD", "EUR", "GBP", "UAH", "RUB", "CHF", "JPY", "CNY", "AUD", "CAD")
_CUR_BEFORE = re.compile(r"(?:(?:US|A|C)\$|[$€£¥₴₽]|\b(?:" + "|".join(_CURRENCY_CODES) + r")[ \t]?)$")
_CUR_AT = re.compile(r"(?:US|A|C)?\$|[€£¥₴₽]")


def _trie(words: list[str]) -> str:
    """Build a regex alternation of ``words`` shaped as a prefix tree (much faster to scan).

    Args:
        words: Literal words.

    Returns:
        A regex matching exactly those words (longest first at each branch).
    """
    root: dict[str, dict[str, Any]] = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        alts = [re.escape(k) + emit(node[k]) for k in sorted(node) if k]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 and len(alts[0]) == 1 else "(?:" + "|".join(alts) + ")"
        return body + ("?" if "" in node else "")

    return emit(root)


_WORD_TRIE = _trie(sorted({*_WORDS, *(w.capitalize() for w in _WORDS)}))
# Digits: the look-behinds sit after the first digit so the scanner can skip to digits quickly.
_DIGITS = r"(?P<d>\d(?<!\d\d)(?<!\d[.,]\d)(?:\d{0,2}(?:,\d{3})+|\d*)(?:\.\d+)?)(?![.,]?\d)"
_WRITTEN = (
    rf"(?P<w>(?:\b[Aa]n?[ \t]+(?=(?:{_SCALE_ALT})\b))?"
    rf"\b{_WORD_TRIE}\b(?:(?:[ \t]+|-)(?:and[ \t]+)?{_WORD_TRIE}\b){{0,8}})"
)
_ARTICLE = rf"(?P<a>\b[Aa]n?(?=[ \t]+(?:{_TIME_ALT})\b))"
_BARE_UNIT = r"(?P<u>\b(?:day|week|month|year)(?=[ \t]+(?:to|or)[ \t]+\d))"
_CORE = re.compile(rf"{_DIGITS}|{_WRITTEN}|{_ARTICLE}|{_BARE_UNIT}")
# Fast pre-scans: ``_CORE`` is only tried where one of these finds a digit or a number word.
_SCAN_DIGITS = re.compile(r"\d(?<!\d\d)(?<!\d[.,]\d)")
_SCAN_WORDS = re.compile(_WORD_TRIE)
_SCAN_TIME = re.compile(_trie(["day", "week", "month", "year", "hour", "decade", "fortnight"]))
_ARTICLE_BEFORE = re.compile(r"\b[Aa]n?[ \t]+$")

_MAGNITUDE = re.compile(r"(?:[ \t]+|-)?(?P<m>thousand|million|billion|trillion)\b", re.IGNORECASE)
_ABBREV = re.compile(r"[ \t]?(?P<m>bn|mn|mln|bln|tn|trn)\b|(?P<s>[mkb])\b", re.IGNORECASE)
_RANGE = re.compile(r"[ \t]*(?:-|\u2013|\u2014|to|or)[ \t]*|[ \t]+(?:and)[ \t]+", re.IGNORECASE)
_BETWEEN = re.compile(r"\bbetween[ \t]+$", re.IGNORECASE)
_LOWER_WORD = re.compile(r"[a-z]+")
_AND_A_HALF = re.compile(r"(?:[ \t]+|-)and(?:[ \t]+|-)a(?:[ \t]+|-)half\b", re.IGNORECASE)

_PERCENT = re.compile(
    r"[ \t]?%|[ \t]*-?[ \t]*(?P<pp>percentage[ \t]+points?)\b|[ \t]*-?[ \t]*(?:percent|per[ \t]cent|pct)\b",
    re.IGNORECASE,
)
_CUR_WORDS = [
    (r"(?:US|U\.S\.|American)[ \t]+dollars?", "USD"),
    (r"dollars?", "USD"),
    (r"euros?", "EUR"),
    (r"pounds?(?:[ \t]+sterling)?", "GBP"),
    (r"hryvnias?|hryvnas?", "UAH"),
    (r"roubles?|rubles?", "RUB"),
    (r"yuan", "CNY"),
    (r"Swiss[ \t]+francs?", "CHF"),
    *[(code, code) for code in _CURRENCY_CODES],
]
_CUR_WORD = re.compile(
    r"[ \t]+(?:" + "|".join(f"(?P<c{i}>{pat})" for i, (pat, _) in enumerate(_CUR_WORDS)) + r")\b"
)
_DISTANCE = re.compile(
    r"(?:[ \t]*-[ \t]*|[ \t]*)(?P<u>km|kms|kilomet(?:re|er)s?|miles?|metres?|meters?)\b", re.IGNORECASE
)
_KM_PER = {"km": 1.0, "kms": 1.0, "kil": 1.0, "mil": 1.609344, "met": 0.001}
_AREA = re.compile(
    r"(?:[ \t]*-[ \t]*|[ \t]*)(?:square[ \t]+(?:kilomet(?:re|er)s?|km)\b|sq\.?[ \t]*km\b|km(?:\u00b2|2\b))",
    re.IGNORECASE,
)
"""An area in square kilometres ("257 square kilometers", "37 km\u00b2"): unit ``km2``."""
_ACRONYM_PLURAL = re.compile(r"[ \t]+(?P<w>[A-Z]{2,5})s\b")
"""A plural acronym counted by a number ("257 MPs", "200 Ukrainian POWs"): its singular is the unit."""
_MULTIPLIER_AFTER = re.compile(
    r"[ \t]+(?:more|less|fewer|as|over|higher|lower|larger|bigger|greater|smaller|faster|the|that|than|"
    r"[a-z]+er)\b"
)
"""After "N times", a multiplier ("three times more", "four times the size"), not a count of occasions."""
_DURATION = re.compile(rf"(?:[ \t]+|[ \t]*-[ \t]*)(?P<u>{_TIME_ALT})\b(?!-old)", re.IGNORECASE)
_WORD_AFTER = re.compile(r"[ \t]+(?P<w>[A-Za-z][a-z]+(?:-[a-z]+)*)\b(?!['\u2019]s)")
_HYPHEN_WORD = re.compile(r"-(?P<w>[A-Za-z][a-z]+|[a-z])\b")
_QUOTED_AFTER = re.compile(r"[ \t]+[\"\u201c\u2018](?P<w>[A-Za-z][a-z]+(?:-[a-z]+)*)\b(?!['\u2019]s)")
"""A counted noun phrase that opens a quotation ('two \u201csensitive issues\u201d')."""
_ACRONYM_AFTER = re.compile(r"[ \t]+(?P<w>[A-Z]{2,5})(?=[ \t]+[a-z])")
"""An acronym as the adjective between a number and its noun ("27 EU countries", "two US envoys")."""

_TIME_AFTER = re.compile(
    r"[ \t]?(?:[ap]\.?m\.?(?![a-z])|o['\u2019]clock|GMT|UTC|hrs\b|h\b)|[:.]\d\d(?!\d)", re.I
)
_MONTHS = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_MONTH_BEFORE = re.compile(rf"\b{_MONTHS}\.?[ \t]+$")
_MONTH_AFTER = re.compile(rf"(?:st|nd|rd|th)?[ \t]+(?:of[ \t]+)?{_MONTHS}\b")
_WORD_BEFORE = re.compile(r"(?P<w>[A-Za-z]+)\.?[ \t]+$")
_IDENT_WORDS = frozenset(
    [
        "article",
        "resolution",
        "section",
        "chapter",
        "paragraph",
        "clause",
        "point",
        "item",
        "protocol",
        "no",
        "nos",
        "number",
        "page",
        "pages",
        "p",
        "pp",
        "vol",
        "volume",
        "room",
        "flight",
        "route",
        "highway",
        "decree",
        "law",
        "order",
        "annex",
        "amendment",
        "part",
        "title",
        "rule",
        "phase",
        "stage",
        "level",
        "grade",
        "category",
        "class",
        "building",
        "unit",
        "gate",
        "platform",
        "channel",
        "version",
        "model",
        "bill",
        "act",
        "code",
        "figure",
        "table",
        "step",
        "lot",
        "case",
        "file",
        "episode",
        "season",
        "issue",
        "tier",
        "round",
        "group",
        "war",
    ]
)
_CAPITAL_OK = frozenset(
    [
        "the",
        "some",
        "about",
        "around",
        "nearly",
        "almost",
        "over",
        "under",
        "more",
        "less",
        "fewer",
        "only",
        "just",
        "all",
        "another",
        "at",
        "in",
        "on",
        "for",
        "by",
        "with",
        "of",
        "to",
        "from",
        "up",
        "roughly",
        "approximately",
        "those",
        "these",
        "its",
        "their",
        "his",
        "her",
        "our",
        "and",
        "but",
        "also",
        "least",
        "than",
        "some",
        "and",
        "or",
        "as",
        "after",
        "before",
        "since",
        "while",
        "when",
        "if",
        "nearly",
        "exactly",
        "at",
        "least",
        "barely",
        "just",
        "estimated",
        "an",
        "a",
        "up",
        "to",
        "between",
    ]
)
_NOT_NOUN = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "to",
        "and",
        "or",
        "in",
        "on",
        "at",
        "by",
        "for",
        "from",
        "with",
        "as",
        "than",
        "that",
        "this",
        "these",
        "those",
        "was",
        "were",
        "is",
        "are",
        "has",
        "had",
        "have",
        "be",
        "been",
        "will",
        "would",
        "per",
        "more",
        "less",
        "fewer",
        "each",
        "times",
        "its",
        "his",
        "her",
        "their",
        "after",
        "before",
        "since",
        "during",
        "until",
        "over",
        "under",
        "between",
        "into",
        "out",
        "up",
        "down",
        "off",
        "about",
        "around",
        "who",
        "which",
        "when",
        "where",
        "while",
        "if",
        "but",
        "so",
        "not",
        "no",
        "said",
        "says",
        "ago",
        "earlier",
        "later",
        "plus",
        "minus",
        "across",
        "against",
        "along",
        "among",
        "also",
        "only",
        "just",
        "all",
        "both",
        "other",
        "others",
        "thus",
        "yes",
        "unless",
        "perhaps",
        "always",
        "whereas",
        "besides",
        "towards",
        "afterwards",
        "sometimes",
        "ours",
        "yours",
        "theirs",
        "hers",
        "does",
        "goes",
        "percent",
        "cent",
        "pct",
        "per",
        "such",
        "what",
        "whom",
        "whose",
        "it",
        "they",
        "them",
        "he",
        "she",
        "we",
        "you",
        "i",
        "there",
        "here",
        "because",
        "though",
        "although",
        "again",
        "already",
        "still",
        "even",
        "ever",
        "never",
        "very",
        "much",
        "many",
        "most",
        "least",
        "lower",
        "higher",
        "long",
        "old",
        "wide",
        "deep",
        "high",
        "strong",
        "tall",
        "away",
        "back",
        "then",
        "now",
        "yet",
        "than",
        "apart",
        "ahead",
        "alone",
        "altogether",
        "respectively",
        "each",
        "apiece",
        "including",
        "compared",
        "versus",
        "vs",
        "via",
        "within",
        "without",
    ]
)
_HYPHEN_NOT_UNIT = frozenset(
    ["strong", "old", "long", "wide", "deep", "high", "tall", "plus", "odd", "year-old"]
)
_FRACTIONS = frozenset(["half", "halves", "third", "thirds", "quarter", "quarters", "fifth", "fifths"])
_IRREGULAR = {
    "people": "person",
    "men": "man",
    "women": "woman",
    "children": "child",
    "lives": "life",
    "wives": "wife",
    "feet": "foot",
    "teeth": "tooth",
    "mice": "mouse",
    "geese": "goose",
    "halves": "half",
    "thieves": "thief",
    "leaves": "leaf",
    "police": "police",
    "personnel": "personnel",
    "staff": "staff",
    "sheep": "sheep",
    "aircraft": "aircraft",
    "livestock": "livestock",
    "cattle": "cattle",
}
_NON_PLURAL_ENDINGS = ("ss", "us", "is", "ous")
_MASS_ICS = frozenset(
    [
        "politics",
        "economics",
        "geopolitics",
        "physics",
        "logistics",
        "ethics",
        "mathematics",
        "statistics",
        "athletics",
        "electronics",
        "linguistics",
        "genetics",
        "optics",
        "acoustics",
        "aerodynamics",
        "dynamics",
        "mechanics",
        "semantics",
    ]
)
"""Words in ``-ics`` that name a field, not a plural of things ("topics", "critics" are plurals)."""


@dataclass
class _Core:
    """A number core: the digits or words, the currency in front, and the magnitude after."""

    start: int
    end: int
    digits_end: int
    value: float
    currency: str
    scaled: bool
    kind: str  # "d" digits, "w" written, "a" article, "u" bare unit
    raw: str
    scale: float = 1.0


@dataclass
class _Unit:
    """A unit found after a number."""

    end: int
    unit: str
    factor: float = 1.0
    kind: str = "noun"  # "percent", "money", "distance", "duration", "noun", "hyphen"


def _singular(word: str) -> str | None:
    """Return the singular of a plural noun, or ``None`` when ``word`` does not look plural.

    Args:
        word: One word.

    Returns:
        The singular form, or ``None``.
    """
    low = word.lower()
    if low in _IRREGULAR:
        return _IRREGULAR[low] if word.islower() else word[: len(_IRREGULAR[low])]
    if low in _NOT_NOUN or not low.endswith("s") or low.endswith(_NON_PLURAL_ENDINGS) or len(low) < 3:
        return None
    if low in _MASS_ICS:
        return None
    if low.endswith("ies") and len(low) > 4:
        return word[:-3] + "y"
    if low.endswith(("sses", "xes", "zzes", "ches", "shes")):
        return word[:-2]
    return word[:-1]


def _parse_written(raw: str) -> tuple[float, int] | None:
    """Parse written number words.

    Args:
        raw: Number words such as ``"two hundred and fifty thousand"`` or ``"a dozen"``.

    Returns:
        ``(value, characters used)`` for the longest valid prefix, or ``None``.
    """
    total = 0.0
    current = 0.0
    last = ""
    used = 0
    article = False
    for m in re.finditer(r"[A-Za-z]+", raw):
        tok = m.group().lower()
        if tok in ("a", "an") and m.start() == 0:
            article = True
            continue
        if tok == "and":
            if last not in ("hundred", "scale"):
                break
            continue
        if tok in _UNITS or tok in _TEENS:
            if last not in ("", "hundred", "scale") and not (last == "tens" and tok in _UNITS):
                break
            current += _UNITS.get(tok, _TEENS.get(tok, 0))
            last = "small" if tok in _TEENS else "unit"
        elif tok in _TENS:
            if last not in ("", "hundred", "scale"):
                break
            current += _TENS[tok]
            last = "tens"
        elif tok in ("hundred", "dozen"):
            if last in ("", "scale") and not (article and last == ""):
                break
            base = current if last else 1.0
            current = base * (100 if tok == "hundred" else 12)
            last = "hundred"
        elif tok in _SCALES:
            if last == "" and not article:
                break
            base = current if last not in ("", "scale") else 1.0
            if last == "scale" and current == 0:
                break
            total += base * _SCALES[tok]
            current = 0.0
            last = "scale"
        else:
            break
        used = m.end()
    if used == 0:
        return None
    return total + current, used


def _read_core(text: str, m: re.Match[str]) -> _Core | None:
    """Turn a scanner match into a :class:`_Core`, reading a magnitude after it.

    Args:
        text: The article text.
        m: A match of ``_CORE``.

    Returns:
        The core, or ``None`` when the match is not a usable number.
    """
    currency = ""
    start = m.start()
    cur = _CUR_BEFORE.search(text, max(0, start - 5), start)
    if cur:
        key = cur.group().strip().lower()
        currency = _CURRENCY_SIGNS.get(key, key.upper())
        start = cur.start()
    if m.group("d") is not None:
        raw = m.group("d")
        if len(raw) > 30:
            return None
        value = float(raw.replace(",", ""))
        core = _Core(start, m.end(), m.end(), value, currency, False, "d", raw)
    elif m.group("w") is not None:
        parsed = _parse_written(m.group("w"))
        if parsed is None:
            return None
        value, used = parsed
        end = m.start("w") + used
        raw = text[m.start("w") : end]
        scaled = any(s in raw.lower() for s in _SCALES)
        core = _Core(start, end, end, value, currency, scaled, "w", raw)
    elif m.group("a") is not None:
        return _Core(m.start(), m.end(), m.end(), 1.0, "", False, "a", m.group("a"))
    elif m.group("u") is not None:
        return _Core(m.start(), m.start(), m.start(), 1.0, "", False, "u", "")
    else:
        return None
    half = _AND_A_HALF.match(text, core.end)
    if half:
        core.value += 0.5
        core.end = half.end()
    _read_magnitude(text, core)
    return core


def _read_magnitude(text: str, core: _Core) -> None:
    """Extend ``core`` over a magnitude word or abbreviation that follows it.

    Args:
        text: The article text.
        core: The core to extend in place.
    """
    if core.scaled:
        return
    mag = _MAGNITUDE.match(text, core.end)
    if mag:
        core.scale = _SCALES[mag.group("m").lower()]
        core.value *= core.scale
        core.end = mag.end()
        core.scaled = True
        return
    if core.kind != "d":
        return
    abbr = _ABBREV.match(text, core.end)
    if not abbr:
        return
    if abbr.group("s") is not None:
        if (
            abbr.group("s").lower() in ("m", "k")
            and not core.currency
            and not _CUR_WORD.match(text, abbr.end())
        ):
            return
        key = abbr.group("s").lower()
    else:
        key = abbr.group("m").lower()
    core.scale = _ABBREV_SCALES[key]
    core.value *= core.scale
    core.end = abbr.end()
    core.scaled = True


def _read_unit(text: str, pos: int, value: float) -> _Unit | None:
    """Read the unit that follows a number ending at ``pos``.

    Args:
        text: The article text.
        pos: Offset just after the number (and its magnitude).
        value: The number's value (a singular noun is accepted only after 1).

    Returns:
        The unit, or ``None`` when no unit follows.
    """
    m = _PERCENT.match(text, pos)
    if m:
        return _Unit(m.end(), "percentage point" if m.group("pp") else "percent", kind="percent")
    m = _CUR_WORD.match(text, pos)
    if m:
        idx = int((m.lastgroup or "c0")[1:])
        return _Unit(m.end(), _CUR_WORDS[idx][1], kind="money")
    m = _AREA.match(text, pos)
    if m:
        return _Unit(m.end(), "km2", kind="distance")
    m = _DISTANCE.match(text, pos)
    if m:
        return _Unit(m.end(), "km", _KM_PER[m.group("u").lower()[:3]], kind="distance")
    m = _DURATION.match(text, pos)
    if m:
        word = m.group("u").lower()
        unit = word[:-1] if word.endswith("s") else word
        return _Unit(m.end(), unit, kind="duration")
    return _read_noun(text, pos, value)


def _read_noun(text: str, pos: int, value: float) -> _Unit | None:
    """Read a counted noun (``soldiers``, ``living hostages``, ``-point``) after a number.

    Args:
        text: The article text.
        pos: Offset just after the number.
        value: The number's value.

    Returns:
        The unit, or ``None``.
    """
    hy = _HYPHEN_WORD.match(text, pos)
    if hy:
        word = hy.group("w").lower()
        if word == "for" and text[hy.end() : hy.end() + 2][-1:].isdigit():
            return None  # "a 500-for-500 exchange": two bare counts
        if word in _HYPHEN_NOT_UNIT or word in _FRACTIONS:
            return _Unit(hy.end(), "", kind="skip" if word in _FRACTIONS else "hyphen")
        return _Unit(hy.end(), word, kind="hyphen")
    acronyms = _ACRONYM_PLURAL.match(text, pos)
    if acronyms:
        return _Unit(acronyms.end(), acronyms.group("w"))
    first = _WORD_AFTER.match(text, pos)
    if first and first.group("w") == "times" and not _MULTIPLIER_AFTER.match(text, first.end()):
        return _Unit(first.end(), "time")  # "held 18 times": a count of occasions
    quoted = None if first else _QUOTED_AFTER.match(text, pos)
    if quoted is not None and quoted.group("w").islower():
        sing = _singular(quoted.group("w"))
        if sing is not None:
            return _Unit(quoted.end(), sing)
        return _modified_noun(text, quoted, seen=1)
    if not first:
        acronym = _ACRONYM_AFTER.match(text, pos)
        noun = _WORD_AFTER.match(text, acronym.end()) if acronym else None
        if noun is None or not noun.group("w").islower() or noun.group("w") in _NOT_NOUN:
            return None
        sing = _singular(noun.group("w"))
        if sing is None:  # "27 EU member states"
            noun = _WORD_AFTER.match(text, noun.end())
            sing = _singular(noun.group("w")) if noun is not None and noun.group("w").islower() else None
        return _Unit(noun.end(), sing) if noun is not None and sing is not None else None
    w1 = first.group("w")
    low1 = w1.lower()
    if low1 in _COUNT_MODIFIERS:
        return _modified_noun(text, first)
    if low1 in _NOT_NOUN or low1 in _SCALES or low1 in _FRACTIONS:
        return None
    sing = _singular(w1)
    if sing is not None:
        return _Unit(first.end(), sing)
    second = _WORD_AFTER.match(text, first.end())
    if second and not ("-" in w1 and w1.islower() is False):
        sing2 = _singular(second.group("w"))
        if sing2 is not None and second.group("w").islower():
            return _Unit(second.end(), sing2)
    if value == 1 and w1.islower() and not w1.endswith("ly"):
        return _Unit(first.end(), w1)
    return _modified_noun(text, first)


_COUNT_MODIFIERS = frozenset(["more", "other", "additional", "further"])
"""Words between a number and its noun that are not themselves the noun ("five more interceptors")."""
_MODIFIER_STOP = frozenset(
    ["were", "was", "are", "is", "be", "been", "will", "would", "have", "has", "had", "per", "than", "as"]
)
MAX_MODIFIERS = 3
"""Most words between a number and the plural noun it counts ("five more missile interceptors")."""


def _modified_noun(text: str, first: re.Match[str], seen: int = 0) -> _Unit | None:
    """Read a plural noun after up to :data:`MAX_MODIFIERS` modifiers.

    Modifiers are lower-case words that are not plural nouns or function words ("more",
    "captured", "missile"), and capitalised names ("Russian", "Luhansk and Donetsk"); the noun
    is a lower-case plural ("200 captured Russian soldiers", "two eastern Luhansk and Donetsk
    regions").
    """
    m: re.Match[str] | None = first
    prev_capital = False
    while m is not None and seen <= MAX_MODIFIERS:
        w = m.group("w")
        low = w.lower()
        if w.islower():
            sing = _singular(w)
            if sing is not None and seen > 0:
                return _Unit(m.end(), sing)
            function = low in _NOT_NOUN or low in _MODIFIER_STOP or low.endswith("ly")
            if function and low not in _COUNT_MODIFIERS and not (low == "and" and prev_capital):
                return None
            prev_capital = False
        elif w[0].isupper() and w[1:].islower():
            if seen > 0 and low.endswith(("ians", "cans", "eans")):  # "200 captured Ukrainians"
                return _Unit(m.end(), w[:-1])
            prev_capital = True
        else:
            return None
        if low != "and":
            seen += 1
        after = m.end()
        m = _WORD_AFTER.match(text, after)
        if m is None and seen > 0:
            acronyms = _ACRONYM_PLURAL.match(text, after)
            if acronyms:  # "200 Ukrainian POWs"
                return _Unit(acronyms.end(), acronyms.group("w"))
    return None


_DURATION_PREP = re.compile(
    r"\b(?:within|for|in|to|over|about|around|than|after|least|nearly|almost|some|up|only|just|another|"
    r"than|roughly|approximately|barely|under|past|last|first)[ \t]+$",
    re.IGNORECASE,
)
_TO_DAYS = {("week", "day"): 7.0, ("year", "month"): 12.0, ("fortnight", "day"): 14.0, ("year", "week"): 52.0}


def _is_year(core: _Core) -> bool:
    """Whether a digit core looks like a calendar year (four digits, 1800-2100, no comma).

    Args:
        core: The number core.

    Returns:
        True for a year-like number.
    """
    raw = core.raw
    return core.kind == "d" and len(raw) == 4 and raw.isdigit() and 1800 <= int(raw) <= 2100


def _excluded_core(text: str, core: _Core, in_range: bool = False) -> bool:
    """Whether the core is part of a name, identifier, time or date rather than a quantity.

    Args:
        text: The article text.
        core: The number core.
        in_range: True for the high end of a range (a hyphen after a digit is then allowed).

    Returns:
        True when the core must not be reported.
    """
    if core.kind != "d":
        # "Article Five": a capitalised number word after an identifier word is part of a name
        start = core.digits_end - len(core.raw)
        wb = _WORD_BEFORE.search(text[max(0, start - 20) : start])
        return bool(core.raw[:1].isupper() and wb and wb.group("w").lower() in _IDENT_WORDS)
    digits_start = core.digits_end - len(core.raw)
    if _in_numeric_date(text, digits_start):
        return True
    prev = text[digits_start - 1] if digits_start > 0 else " "
    if (
        prev.isalpha()
        or prev in "_/#@\\"
        or (prev == "+" and digits_start > 1 and text[digits_start - 2].isalpha())  # "GMT+1"
        or (prev == ":" and digits_start > 1 and text[digits_start - 2].isdigit())
    ):
        return True
    before_hyphen = text[digits_start - 2] if digits_start > 1 else " "
    if prev in "-\u2010" and (before_hyphen.isalpha() if in_range else before_hyphen.isalnum()):
        return True
    nxt = text[core.digits_end] if core.digits_end < len(text) else " "
    if nxt == "/" or (nxt == ":" and text[core.digits_end + 1 : core.digits_end + 2].isdigit()):
        return True
    if not core.scaled and _TIME_AFTER.match(text, core.digits_end):
        return True
    return bool(not core.currency and _excluded_by_context(text, core, digits_start))


_NUMERIC_DATE = re.compile(r"(?<!\d)\d{1,2}([-./])\d{1,2}\1(?:19|20)\d\d(?!\d)")


def _in_numeric_date(text: str, pos: int) -> bool:
    """Whether the digits at ``pos`` are part of a numeric date ("11-02-2026", "26.02.2026")."""
    lo = max(0, pos - 6)
    return any(lo + m.start() <= pos < lo + m.end() for m in _NUMERIC_DATE.finditer(text[lo : pos + 10]))


def _excluded_by_context(text: str, core: _Core, start: int) -> bool:
    """Check the words around a bare digit core for date, identifier and page contexts.

    Args:
        text: The article text.
        core: The number core.
        start: Offset of the core.

    Returns:
        True when the context shows the number is not a quantity.
    """
    before = text[max(0, start - 20) : start]
    is_day = not core.scaled and core.value <= 31 and "." not in core.raw
    if is_day and (_MONTH_BEFORE.search(before) or _MONTH_AFTER.match(text, core.digits_end)):
        return True
    wb = _WORD_BEFORE.search(before)
    # "Article 5", "Resolution 2254", but "should number 800,000 troops" is a count
    return bool(wb and wb.group("w").lower() in _IDENT_WORDS and not core.scaled and "," not in core.raw)


def _attached_letters(text: str, pos: int) -> bool:
    """Whether a letter or digit is glued to ``pos`` (``5G``, ``1990s``, ``2nd``).

    Args:
        text: The article text.
        pos: Offset just after an item.

    Returns:
        True when the item continues into a word.
    """
    return pos < len(text) and (text[pos].isalnum() or text[pos] == "_")


def _capital_before(text: str, start: int) -> bool:
    """Whether a capitalised name (not a function word) directly precedes ``start``.

    Args:
        text: The article text.
        start: Offset of a number.

    Returns:
        True for ``Minsk 2``-like contexts.
    """
    wb = _WORD_BEFORE.search(text[max(0, start - 25) : start])
    if not wb:
        return False
    word = wb.group("w")
    return word[0].isupper() and word.lower() not in _CAPITAL_OK and not word.isupper()


@dataclass
class _Quantity:
    """A number with optional range and unit, before validation."""

    first: _Core
    second: _Core | None
    unit: _Unit | None
    start: int
    end: int


def _read_quantity(text: str, first: _Core) -> _Quantity:
    """Read a full quantity (range and unit) starting with ``first``.

    Args:
        text: The article text.
        first: The first core.

    Returns:
        The quantity.
    """
    if first.kind == "u":
        word = _LOWER_WORD.match(text, first.start)
        end = word.end() if word else first.start
        unit1: _Unit | None = _Unit(end, text[first.start : end], kind="duration")
    else:
        unit1 = _read_unit(text, first.end, first.value)
    after1 = unit1.end if unit1 else first.end
    rng = _RANGE.match(text, after1)
    if rng:
        between = _BETWEEN.search(text, max(0, first.start - 12), first.start)
        is_and = rng.group().strip().lower() == "and"
        sign = _CUR_AT.match(text, rng.end())
        cm = _CORE.match(text, sign.end() if sign else rng.end()) if (between or not is_and) else None
        second = _read_core(text, cm) if cm else None
        if second is not None and second.kind in ("d", "w") and not _excluded_core(text, second, True):
            unit2 = _read_unit(text, second.end, second.value)
            ok, unit = _merge_range(first, unit1, second, unit2)
            if ok:
                end = unit.end if unit and unit.end > second.end else second.end
                start = first.start
                return _Quantity(first, second, unit, start, end)
    end = unit1.end if unit1 else first.end
    return _Quantity(first, None, unit1, first.start, end)


def _merge_range(
    first: _Core, unit1: _Unit | None, second: _Core, unit2: _Unit | None
) -> tuple[bool, _Unit | None]:
    """Reconcile the units and magnitudes of the two ends of a range (mutates ``first``).

    Args:
        first: Low end.
        unit1: Unit after the low end, if any.
        second: High end.
        unit2: Unit after the high end, if any.

    Returns:
        ``(True, unit)`` for a range (``unit`` is ``None`` for a bare range), ``(False, None)``
        when the two ends do not form a range.
    """
    if _is_year(second) or (_is_year(first) and not first.scaled):
        return False, None
    if not first.scaled and not second.scaled and unit1 is None and first.value > second.value:
        return False, None  # "reduced from 28 to 20 points": two numbers, not a range
    if unit1 is not None and unit2 is None:
        return False, None
    if unit2 is not None and unit2.kind == "skip":
        return False, None
    if unit1 is not None and unit2 is not None and unit1.unit != unit2.unit:
        factor = _TO_DAYS.get((unit1.unit, unit2.unit))
        if factor is None:
            return False, None
        first.value *= factor
    if second.scaled and not first.scaled and first.kind == "d" and unit1 is None:
        first.value *= second.scale
        first.scaled = True
    if first.currency and not second.currency:
        second.currency = first.currency
    return True, unit2


_UNIT_ALIASES = {"min": "minute", "hr": "hour", "yr": "year", "sec": "second", "mo": "month"}


def _normal_unit(unit: str) -> str:
    """Spell out an abbreviated unit ("Mins" -> ``minute``); other nouns are kept as written."""
    return _UNIT_ALIASES.get(unit.lower(), unit)


def _to_item(text: str, q: _Quantity) -> NumberItem | None:
    """Validate a quantity and turn it into a :class:`NumberItem`.

    Args:
        text: The article text.
        q: The quantity.

    Returns:
        The item, or ``None`` when the quantity must not be reported.
    """
    first, unit = q.first, q.unit
    if unit is not None and unit.kind == "skip":
        return None
    currency = first.currency or (q.second.currency if q.second else "")
    kind = unit.kind if unit else ""
    if unit is not None and unit.kind == "money":
        currency = unit.unit
    if _excluded_core(text, first):
        return None
    if _attached_letters(text, q.end) or (unit is None and _attached_letters(text, first.end)):
        return None
    if (
        first.kind == "d"
        and not currency
        and kind not in ("percent", "distance", "duration")
        and not first.scaled
    ):
        if _is_year(first) and q.second is None:
            return None
        if kind in ("", "noun", "hyphen") and _capital_before(text, first.start) and q.second is None:
            return None
    if first.kind in ("w", "a", "u") and not _written_ok(text, first, unit, currency):
        return None
    value = first.value
    high = q.second.value if q.second else None
    if currency:
        unit_name = currency
    elif unit is None:
        unit_name = ""
    else:
        unit_name = _normal_unit(unit.unit)
        value *= unit.factor
        if high is not None:
            high *= unit.factor
    if not math.isfinite(value) or (high is not None and not math.isfinite(high)):
        return None
    return NumberItem(text[q.start : q.end], value, unit_name, q.start, q.end, high)


_ZERO_IDIOM_BEFORE = re.compile(
    r"(?:\bsub-|\b(?:ground|above|below)[ \t]+|\bnet[ \t-]+|\babsolute[ \t]+)$", re.IGNORECASE
)
_AFTER_COUNT = frozenset(
    [
        "and",
        "or",
        "but",
        "with",
        "without",
        "in",
        "on",
        "at",
        "by",
        "for",
        "from",
        "against",
        "after",
        "before",
        "since",
        "as",
        "to",
        "of",
        "than",
        "the",
        "a",
        "an",
        "this",
        "that",
        "so",
        "yet",
        "while",
        "when",
        "until",
        "per",
        "among",
        "across",
        "under",
        "over",
        "is",
        "was",
        "were",
        "are",
    ]
)
"""Words that may follow a bare "zero" that is a count ("13 votes to zero with two abstentions")."""


def _zero_is_count(text: str, core: _Core, unit: _Unit | None) -> bool:
    """Decide whether "zero" is a quantity rather than an idiom.

    "by 13 votes to zero", "fell to zero", "zero casualties" are counts; "zero interest", "zero
    tolerance", "zero-sum", "zero hour", "sub-zero temperatures" and "ground zero" are idioms.

    Args:
        text: The article text.
        core: The core of the number (the word "zero").
        unit: Its unit.

    Returns:
        True when "zero" is a count.
    """
    if _ZERO_IDIOM_BEFORE.search(text, max(0, core.start - 12), core.start):
        return False
    if unit is not None:
        if unit.kind in ("hyphen", "skip"):
            return False  # "zero-sum", "zero-interest"
        return not (unit.kind == "duration" and not text[: unit.end].endswith("s"))  # "zero hour"
    nxt = _WORD_AFTER.match(text, core.end)
    return nxt is None or not nxt.group("w").islower() or nxt.group("w") in _AFTER_COUNT


def _written_ok(text: str, core: _Core, unit: _Unit | None, currency: str) -> bool:
    """Decide whether a written number (or ``a week``) is a quantity worth reporting.

    Args:
        text: The article text.
        core: The core (kind ``w``, ``a`` or ``u``).
        unit: Its unit.
        currency: Its currency.

    Returns:
        True to report it.
    """
    if core.kind == "u":
        return True
    if core.raw.lower() == "zero":
        return _zero_is_count(text, core, unit)
    if core.kind == "a":
        return bool(_DURATION_PREP.search(text[max(0, core.start - 20) : core.start]))
    if core.raw.lower() == "one" and not core.scaled:
        if currency or (unit is not None and unit.kind in ("percent", "distance", "duration")):
            return True
        return (unit is None or unit.kind == "noun") and _one_in_a_list(text, core)
    if core.raw.lower().startswith("a"):
        return True
    if unit is None:
        nxt = _WORD_AFTER.match(text, core.end)
        return not (nxt and nxt.group("w").lower() in ("another",))
    return True


_ONE_NOT_COUNT_BEFORE = re.compile(
    r"\b(?:the|no|any|every|each|only|which|this|that|at|as|than|another|such|no\.)[ \t]+$", re.IGNORECASE
)
_LIST_COUNT = re.compile(
    r"(?:\b\d[\d,]*|\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b)"
    r"[ \t]+(?:[a-z]+[ \t]+)?",
    re.IGNORECASE,
)
_LIST_JOIN = re.compile(r"^(?:[ \t]+and[ \t]+|,[ \t]+(?:and[ \t]+)?|[ \t]+and[ \t]+(?:[a-z]+[ \t]+){1,2})")


def _one_in_a_list(text: str, core: _Core) -> bool:
    """Whether a "one" is a count in a list of counts, not "one of them" or "one member".

    "14 men and one woman", "killed one person and injured two others", "three over Lipetsk, one
    over Kursk": a list is another cardinal in the same clause joined by "and" or a comma, before or after.
    """
    start, end = core.start, core.end
    if _ONE_NOT_COUNT_BEFORE.search(text, max(0, start - 12), start) or text.startswith(" of", end):
        return False
    before = text[max(0, start - 60) : start]
    before = re.split(r"[.;:!?]\s", before)[-1]
    after = text[end : end + 80]
    after = re.split(r"[.;:!?](?:\s|$)", after)[0]
    for m in _LIST_COUNT.finditer(before):
        gap = before[m.end() :]
        if re.search(r"(?:,|\band)[ \t]*$", gap) and len(gap) <= 45:
            return True
    for m in _LIST_COUNT.finditer(after):
        gap = after[: m.start()]
        if len(gap) <= 50 and re.search(r"(?:,|\band\b)", gap):
            return True
    return False


def _candidates(text: str) -> list[int]:
    """Offsets where a number core may start, found by fast literal scans.

    Args:
        text: The article text.

    Returns:
        Sorted, distinct offsets.
    """
    found = {m.start() for m in _SCAN_DIGITS.finditer(text)}
    for scan in (_SCAN_WORDS, _SCAN_TIME):
        for m in scan.finditer(text):
            found.add(m.start())
            art = _ARTICLE_BEFORE.search(text, max(0, m.start() - 4), m.start())
            if art:
                found.add(art.start())
    return sorted(found)


_SIGN = r"(?:minus[ \t]+|[-\u2212\u2013])?"
_DEGREES = {
    "C": r"[ \t]?(?:°[ \t]?C|C|degrees[ \t]+Celsius)(?![\w-])",
    "F": r"[ \t]?(?:°[ \t]?F|F|degrees[ \t]+Fahrenheit)(?![\w-])",
}


def _temperature_pattern(degrees: str) -> re.Pattern[str]:
    return re.compile(
        r"(?<![\w.,-])(?P<a>" + _SIGN + r"\d{1,2})(?:" + degrees + r")?"
        r"(?:[ \t]+(?:to|and)[ \t]+|[ \t]?[-\u2013][ \t]?)(?P<b>"
        + _SIGN
        + r"\d{1,2})"
        + degrees
        + r"|(?<![\w.,-])(?P<c>"
        + _SIGN
        + r"\d{1,2})"
        + degrees
    )


_TEMPERATURES = {unit: _temperature_pattern(degrees) for unit, degrees in _DEGREES.items()}
"""Temperatures in degrees Celsius or Fahrenheit ("-20 C", "minus 20 C (minus 4 F)", "-20 C to
-27 C", "5°C"); a range keeps its lower value in ``value`` and its higher in ``high``."""


def _temperature_value(raw: str) -> float:
    raw = raw.replace("minus", "-").replace(" ", "").replace("\t", "")
    return float(raw.replace("\u2212", "-").replace("\u2013", "-"))


_FRACTION = re.compile(
    r"\b(?P<n>one|two|three|four|five|six|seven|eight|nine)[-\u2010 ]"
    r"(?P<d>half|halves|thirds?|quarters?|fourths?|fifths?|sixths?|sevenths?|eighths?|ninths?|tenths?)\b",
    re.IGNORECASE,
)
_DENOMINATORS = {
    "hal": 2,
    "thi": 3,
    "qua": 4,
    "fou": 4,
    "fif": 5,
    "six": 6,
    "sev": 7,
    "eig": 8,
    "nin": 9,
    "ten": 10,
}
"""Written fractions ("one-fifth", "two-thirds", "one third"): ``value`` is the fraction, unit ``""``."""


def _fractions(text: str) -> list[NumberItem]:
    """Return the hyphenated written fractions of ``text``."""
    out = []
    for m in _FRACTION.finditer(text):
        if m.group(0)[len(m.group("n"))] == " " and m.group("n").lower() != "one":
            continue  # "two thirds" written apart is left alone ("two quarters" of a year)
        value = _UNITS[m.group("n").lower()] / _DENOMINATORS[m.group("d").lower()[:3]]
        out.append(NumberItem(m.group(), value, "", m.start(), m.end(), None))
    return out


def _temperatures(text: str) -> list[NumberItem]:
    """Return the temperatures of ``text`` (unit ``C`` or ``F``)."""
    out = []
    for unit, pattern in _TEMPERATURES.items():
        if unit not in text and "degrees" not in text:
            continue
        for m in pattern.finditer(text):
            if m.group("c") is not None:
                value = _temperature_value(m.group("c"))
                out.append(NumberItem(m.group(), value, unit, m.start(), m.end(), None))
                continue
            a, b = _temperature_value(m.group("a")), _temperature_value(m.group("b"))
            out.append(NumberItem(m.group(), min(a, b), unit, m.start(), m.end(), max(a, b)))
    return sorted(out, key=lambda n: n.start)


def find_numbers(text: str) -> list[NumberItem]:
    """Find quantities in ``text``.

    Args:
        text: The article text.

    Returns:
        The numbers found, sorted by start offset, not overlapping.
    """
    items: list[NumberItem] = []
    pos = 0
    for cand in _candidates(text):
        if cand < pos:
            continue
        m = _CORE.match(text, cand)
        if m is None:
            continue
        core = _read_core(text, m)
        if core is None:
            pos = m.end()
            continue
        item = _to_item(text, _read_quantity(text, core))
        if item is not None and item.start >= pos and item.end > item.start:
            items.append(item)
            pos = item.end
        else:
            pos = m.end()
    temperatures = _temperatures(text) + _fractions(text)
    if temperatures:
        items = [n for n in items if not any(t.start < n.end and n.start < t.end for t in temperatures)]
        items = sorted([*items, *temperatures], key=lambda n: n.start)
    return items
