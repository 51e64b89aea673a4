"""Find page boilerplate in an article's text and blank it without moving any offset.

Method: two kinds of span are found.

* *Widget lines*: a whole line (paragraph) that is page furniture and nothing else:
  "Advertisement", "Share", "Share on Facebook", "Read more", "Read also: ...", "Most Read
  News", "Related articles", "Subscribe ...", "Sign up ...", "Follow us on ...", "skip to main
  content", "5 min read", "Listen to this article", "KI logo", "Abone Ol google-news", "Black
  Friday Sale", "Comments (3)", "Tags: ...", "Happening now...".
* *Photo credits* inside a line: "Photo: Reuters", "(Photo by Kristina Kormilitsyna / POOL /
  AFP via Getty Images)", "Sputnik/Kristina Kormilitsyna/Pool via Reuters", "Getty Images".

:func:`blank` replaces each span by spaces of the same length (line breaks kept), so every
offset found in the blanked text points at the same characters in the original.
:func:`accord.evidence.extract.extract_text` runs every extractor on the text without widget
lines and credits, except the people finder, which still reads credits (a photographer named
in a credit is a person named on the page).

Limits: only whole widget lines are dropped, so a widget glued to prose on one line stays;
captions and bylines are kept (they name people, places and dates a reader uses); the lists
are English plus a few words seen on non-English pages.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

__all__ = ["blank", "boilerplate_spans", "credit_spans", "widget_spans"]

_WIDGET = re.compile(
    r"""(?ix)
    (?:(?:advertisement|advertising|sponsored(?:\s+content)?|ad|
       share(?:\s+(?:this|this\s+article|this\s+story|article|story|via|on\s+\w+))?|copy\s+link|print|email|
       facebook|twitter|x|whatsapp|telegram|linkedin|reddit|
       read\s+more|read\s+also|read\s+next|see\s+also|also\s+read|more\s+on\s+this(?:\s+story)?|
       related(?:\s+(?:articles?|news|stories|content|topics|coverage))?|most\s+read(?:\s+news)?|
       most\s+popular|trending(?:\s+now)?|recommended(?:\s+for\s+you)?|top\s+stories|latest\s+news|
       subscribe|sign\s+up|log\s+in|sign\s+in|skip\s+to\s+(?:main\s+)?content|menu|search|home|
       listen(?:\s+to\s+this\s+article)?|\d+\s*min(?:ute)?s?\s+read|comments?(?:\s*\(\d+\))?|
       happening\s+now|black\s+friday\s+sale|abone\s+ol|google[-\s]news|cookie\s+settings)
    (?:\b[:.!…]*|\.\.\.)\s*){1,3}"""
)
_WIDGET_PREFIX = re.compile(
    r"(?i)(?:read\s+(?:more|also|next)|see\s+also|also\s+read|related|tags?|topics?|follow\s+us|"
    r"subscribe|sign\s+up|share\s+on)\s*[:\-\u2013\u2014]\s*\S|(?:follow\s+us\s+on|subscribe\s+to)\s"
)
_LOGO = re.compile(r"(?i)^[\w\- ]{0,40}\blogo\b(?=\s|$)")
_LINE = re.compile(r"[^\n]+")
_MAX_WIDGET_LINE = 90

_CREDIT = re.compile(
    r"""(?x)
    \((?:Photo|Photos|Image|Picture|Pictured)\s+(?:by|:)[^()\n]{1,120}\)  # (Photo by X / AFP via Getty)
    |(?:Photo|Photos|Image|Picture|Credit|Source)\s*:\s*[^\n.;]{1,80}?(?=\s*(?:$|\n|\)))  # Photo: Reuters
    |(?<![\w/])[A-Z][\w\-]*/[^\n/]{2,60}/(?:Pool|POOL)\s+via\s+\w+  # Sputnik/Name/Pool via Reuters
    |\b(?:via\s+)?Getty\s+Images\b
    """,
    re.MULTILINE,
)


def widget_spans(text: str) -> list[tuple[int, int]]:
    """Spans of whole lines that are page widgets (see the module docstring)."""
    out = []
    for m in _LINE.finditer(text):
        line = m.group()
        stripped = line.strip()
        if not stripped or len(stripped) > _MAX_WIDGET_LINE:
            continue
        lead = len(line) - len(line.lstrip())
        if _WIDGET.fullmatch(stripped) or _WIDGET_PREFIX.match(stripped):
            out.append((m.start() + lead, m.start() + lead + len(stripped)))
        elif logo := _LOGO.match(stripped):
            out.append(
                (m.start() + lead, m.start() + lead + logo.end())
            )  # "regular-article-logo Thursday, ..."
    return out


def credit_spans(text: str) -> list[tuple[int, int]]:
    """Spans of photo credits ("Photo: Reuters", "(Photo by ... via Getty Images)")."""
    return [(m.start(), m.end()) for m in _CREDIT.finditer(text)]


def boilerplate_spans(text: str) -> list[tuple[int, int]]:
    """Widget lines and photo credits, sorted and merged."""
    return _merge([*widget_spans(text), *credit_spans(text)])


def _merge(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def blank(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """Return ``text`` with each span's characters replaced by spaces (line breaks kept).

    The result has the same length as ``text``, so offsets carry over unchanged.
    """
    if not spans:
        return text
    parts: list[str] = []
    pos = 0
    for s, e in _merge(spans):
        s, e = max(s, pos), min(e, len(text))
        if s >= e:
            continue
        parts.append(text[pos:s])
        parts.append(re.sub(r"[^\n]", " ", text[s:e]))
        pos = e
    parts.append(text[pos:])
    return "".join(parts)
