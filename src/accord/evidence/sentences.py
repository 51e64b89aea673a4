"""Split an article into sentences, as character spans.

Method: every line break is a boundary (articles reduced from HTML put one paragraph, or a
headline, per line, so a headline without a final period is its own sentence).  Within a
line, a boundary follows ``.``, ``!``, ``?`` or ``\u2026`` (with any closing quotes or
brackets after them: ``."``, ``?\u201d``, ``.)``) when whitespace follows and the next word
can start a sentence (an upper-case letter, a digit or an opening quote).  A period is not
a boundary after a known abbreviation (Mr., Gen., Jan., St., etc.) or a single-letter
initial ("J. D. Vance"); after a dotted acronym ("U.S.", "U.K.") it is a boundary only when
the next word is a common sentence opener ("The", "He", "But"...).  Decimals ("3.5") and
dotted acronyms never contain whitespace, so they are never split.

Limits: a sentence ending in an abbreviation that is followed by a capitalised name ("...
arrived at 5 p.m. Putin said") is not split; lower-case sentence starts (rare in news) are
not split; quotes are not tracked, so ``"Enough. We leave," he said`` is two sentences.
Spans never include leading or trailing whitespace.
"""

from __future__ import annotations

import re


def _words(words: str) -> frozenset[str]:
    return frozenset(words.split())


__all__ = ["split_sentences"]

_TITLE_ABBR = _words("""
    Mr Mrs Ms Mx Dr Prof Sen Sens Rep Reps Gov Gen Lt Col Maj Capt Cpt Sgt Cpl Adm Cmdr Cdr Brig Pres
    Supt Insp Det Amb Hon Rev Fr St Mt Ft Messrs Mme Mlle Dept Univ Ave Blvd Rd
    Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Mon Tue Tues Wed Thu Thur Thurs Fri Sat Sun
    """)
"""Capitalised abbreviations (without the dot) after which a period never ends a sentence."""

_ENDABLE_ABBR = _words("Jr Sr Inc Ltd Co Corp Bros Plc etc")
"""Abbreviations that often end a sentence: a boundary only before a common opener."""

_NUM_ABBR = _words("no nos art arts vol vols fig figs p pp para paras sec secs ch")
"""Abbreviations (lower-cased) that are not a boundary when a number follows ("No. 5")."""

_LOWER_ABBR = _words("vs approx cf ie eg ca viz al")
"""Lower-case abbreviations after which a period never ends a sentence."""

_OPENERS = _words("""
    The A An This That These Those It Its He She They We I You His Her Their Our But And Or
    So Yet Still However Meanwhile Now Then There Here In On At For With After Before When
    While If As Although Though Since Because Asked Officials Some Many Most Both Neither
    No Not One Two Several Such What Why How Who Where Last Next Earlier Later Under Over
    """)
"""Common sentence-opening words: after a dotted acronym ("U.S.") they signal a new sentence."""

_END = re.compile(r"(?:[.!?\u2026]+)[\"'\u201d\u2019\u00bb)\]]*(?=\s)")
_WORD_BEFORE = re.compile(r"([\w'\u2019.\-]+)$")
_NEXT = re.compile(r"\s+([\"'\u201c\u2018\u00ab(\[]*)(\S*)")
_LINE = re.compile(r"[^\n\r\u2028\u2029]+")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` spans of the sentences of ``text``, in order.

    Args:
        text: The article text.

    Returns:
        Non-overlapping spans with no leading or trailing whitespace; a text with no
        visible characters has no sentences.
    """
    spans: list[tuple[int, int]] = []
    for line in _LINE.finditer(text):
        start = line.start()
        lend = line.end()
        for m in _END.finditer(text, start, lend):
            if _is_boundary(text, m.start(), m.end(), lend):
                _add(text, start, m.end(), spans)
                start = m.end()
        _add(text, start, lend, spans)
    return spans


def _add(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        spans.append((start, end))


def _is_boundary(text: str, p_start: int, p_end: int, line_end: int) -> bool:
    nxt = _NEXT.match(text, p_end, line_end)
    if nxt is None:
        return False
    opener, word = nxt.group(1), nxt.group(2)
    if not word and not opener:
        return False
    first = word[:1]
    if first and not (first.isupper() or first.isdigit()) and not opener:
        return False
    if first and first.islower():
        return False
    punct = text[p_start:p_end]
    if not punct.startswith(".") or len(punct.rstrip("\"'\u201d\u2019\u00bb)]")) > 1:
        return True  # "!", "?", "\u2026" or an ellipsis "..."
    before = _WORD_BEFORE.search(text, max(0, p_start - 40), p_start)
    if before is None:
        return True
    token = before.group(1).lstrip("'\u2019-")
    if not token:
        return True
    core = token.rstrip(".")
    bare = word.rstrip(",;:")
    if "." in core or core in _ENDABLE_ABBR:
        # Dotted acronym or initials ("U.S", "J.D", "p.m"), "Inc", "Jr": only before an opener.
        return bare in _OPENERS and not opener
    if core in _TITLE_ABBR or core in _LOWER_ABBR:
        return False
    if core.lower() in _NUM_ABBR and first.isdigit():
        return False
    return not (len(core) == 1 and core.isalpha() and core.isupper())
