"""Read one article from bytes or a file: decode it, keep the main text of HTML, read its header.

Steps, in order:

1. Size: more than :data:`MAX_ARTICLE_BYTES` is refused (an article is tens of kilobytes; a
   larger file is almost certainly not one).
2. Decoding: a byte-order mark decides (UTF-8, UTF-16); otherwise strict UTF-8; otherwise,
   when the bytes hold no NUL and few control bytes, Windows-1252 (the usual mislabelled
   Western text), reported in ``notes``. Binary data (NULs, many control bytes) is refused.
3. HTML (a document that starts with a doctype or ``<html``, or whose markup dominates) is
   reduced to its main text with trafilatura (navigation, comments, ads and boilerplate
   dropped; tables dropped); its metadata gives the date, title and URL when present. When
   trafilatura finds no main text (fragments, malformed pages), a plain tag stripper keeps the
   text of block elements outside ``script``, ``style``, ``nav``, ``header``, ``footer``,
   ``aside`` and ``form``.
4. Header: when the first line is ``URL: ...`` and the second ``DATE: yyyy-mm-dd`` (either may
   be absent), they are the article's metadata and are removed with the blank line after them.
   Offsets of extracted items point into the remaining text.

Line endings become newlines; other characters are kept as they are.
"""

from __future__ import annotations

import codecs
import datetime as dt
import os
import re
from html.parser import HTMLParser
from pathlib import Path

from accord.errors import AccordError
from accord.evidence.document import Document

__all__ = [
    "MAX_ARTICLE_BYTES",
    "MAX_ATTRIBUTES",
    "MAX_TAG_DEPTH",
    "ArticleError",
    "decode_bytes",
    "looks_like_html",
    "parse_article",
    "read_article",
]

MAX_ARTICLE_BYTES = 5_000_000
"""Largest article file accepted (bytes)."""

MAX_ATTRIBUTES = 1_000
"""Most attributes one HTML tag may carry (real pages stay under 50; HTML parsers slow down
with the square of the count)."""

MAX_TAG_DEPTH = 2_000
"""Deepest nesting of HTML elements handed to the HTML parsers (real pages stay under 100)."""

_ANY_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)([^<>]*)>")
_ATTRIBUTE = re.compile(r"[^\s=/>\"']+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]*))?")
_VOID = frozenset(  # no end tag, or an end tag pages often leave out: not counted as nesting
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
    | {"p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "thead", "tbody", "tfoot"}
    | {"colgroup", "rb", "rt", "rp", "html", "head", "body"}
)

_HEADER_URL = re.compile(r"URL:[ \t]*(\S*)[ \t]*\Z", re.IGNORECASE)
_HEADER_DATE = re.compile(r"DATE:[ \t]*(\S*)[ \t]*\Z", re.IGNORECASE)
_TAG = re.compile(r"<\s*/?\s*([a-zA-Z][a-zA-Z0-9]*)\b[^<>]{0,2000}>")
_HTML_START = re.compile(r"\A\s*(<!--.*?-->\s*)*<(!doctype\s+html|html[\s>])", re.IGNORECASE | re.DOTALL)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


class ArticleError(AccordError, ValueError):
    """An article cannot be read: too large, binary, undecodable, or an unreadable file."""


def decode_bytes(raw: bytes) -> tuple[str, list[str]]:
    """Decode an article's bytes; return the text and notes on how it was decoded.

    Raises:
        ArticleError: The bytes are binary data or decode as nothing sensible.
    """
    notes: list[str] = []
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if raw.startswith(bom):
            try:
                return raw.decode(encoding), notes
            except UnicodeDecodeError as exc:
                raise ArticleError(
                    f"the file starts with a {encoding} byte-order mark but is not {encoding}: {exc.reason}"
                ) from None
    if b"\x00" in raw:
        raise ArticleError("the file is binary data (it holds NUL bytes), not an article")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
        notes.append("the file is not UTF-8; it was decoded as Windows-1252")
    if text and len(_CONTROL.findall(text[:100_000])) > 0.01 * min(len(text), 100_000):
        raise ArticleError("the file is binary data (too many control characters), not an article")
    return text, notes


def looks_like_html(text: str) -> bool:
    """Return whether ``text`` is an HTML document or fragment rather than plain text."""
    if _HTML_START.match(text[:4096]):
        return True
    sample = text[:20_000]
    tags = _TAG.findall(sample)
    if len(tags) < 3:
        return False
    known = {
        "p",
        "div",
        "span",
        "a",
        "br",
        "body",
        "head",
        "article",
        "section",
        "h1",
        "h2",
        "li",
        "ul",
        "title",
    }
    closing = len(
        re.findall(r"</\s*(?:p|div|span|a|li|h1|h2|article|section|body)\s*>", sample, re.IGNORECASE)
    )
    return sum(t.lower() in known for t in tags) >= 3 and (closing >= 1 or sample.lstrip().startswith("<"))


class _Stripper(HTMLParser):
    """Keep the text of an HTML page outside script, style and page furniture."""

    SKIP = frozenset(
        {"script", "style", "nav", "header", "footer", "aside", "form", "noscript", "template", "svg"}
    )
    BLOCK = frozenset(
        {
            "p",
            "div",
            "br",
            "li",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "tr",
            "article",
            "section",
            "blockquote",
            "title",
        }
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self.skip += 1
        elif tag in self.BLOCK:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in self.BLOCK:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def _strip_tags(html: str) -> str:
    parser = _Stripper()
    try:
        parser.feed(html)
        parser.close()
    except (AssertionError, ValueError):  # html.parser gives up on some broken markup
        pass
    text = "".join(parser.parts)
    paragraphs = (re.sub(r"[ \t\r\f\v]+", " ", p).strip() for p in re.split(r"\n\s*\n", text))
    return "\n\n".join(p for p in paragraphs if p)


def _html_main_text(html: str) -> tuple[str, str | None, str | None, str | None, list[str]]:
    """Return (main text, date, title, url, notes) of an HTML page."""
    import trafilatura  # imported here: it takes about 0.3 s and plain-text articles never need it

    notes: list[str] = []
    try:
        doc = trafilatura.bare_extraction(
            html, with_metadata=True, include_comments=False, include_tables=False, deduplicate=True
        )
    except Exception as exc:  # a third-party parser on hostile input: fall back, and say so
        doc = None
        notes.append(f"trafilatura failed ({type(exc).__name__}); tags were stripped instead")
    text = getattr(doc, "text", None) if doc is not None else None
    if isinstance(text, str) and text.strip():
        date, title, url = (getattr(doc, name, None) for name in ("date", "title", "url"))
        return (
            text.strip(),
            date if isinstance(date, str) else None,
            title if isinstance(title, str) else None,
            url if isinstance(url, str) else None,
            notes,
        )
    notes.append("no main text was found by trafilatura; tags were stripped instead")
    return _strip_tags(html), None, None, None, notes


def _check_markup(html: str) -> None:
    """Refuse HTML whose tags carry too many attributes or nest too deeply (one linear pass).

    Raises:
        ArticleError: A tag has more than :data:`MAX_ATTRIBUTES` attributes, or elements nest
            more than :data:`MAX_TAG_DEPTH` deep.
    """
    depth = 0
    for tag in _ANY_TAG.finditer(html):
        closing, name, rest = tag.group(1), tag.group(2).lower(), tag.group(3)
        if len(rest) > 2 * MAX_ATTRIBUTES:
            count = sum(1 for _ in _ATTRIBUTE.finditer(rest))
            if count > MAX_ATTRIBUTES:
                raise ArticleError(
                    f"a <{name}> tag has {count:,} attributes, more than the limit of "
                    f"{MAX_ATTRIBUTES:,} (limit `max_attributes`)"
                )
        if name in _VOID:
            continue
        if closing:
            depth = max(0, depth - 1)
        elif not rest.rstrip().endswith("/"):
            depth += 1
            if depth > MAX_TAG_DEPTH:
                raise ArticleError(
                    f"HTML elements nested more than {MAX_TAG_DEPTH:,} deep (limit `max_tag_depth`)"
                )


def _valid_date(value: str | None) -> str | None:
    if not value or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return None
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return None
    return value


def _split_header(text: str) -> tuple[str, str | None, str | None, list[str]]:
    """Remove a ``URL:``/``DATE:`` header; return (body, url, date, notes)."""
    notes: list[str] = []
    lines = text.split("\n", 3)
    url = date = None
    used = 0
    for line in lines[:2]:
        m_url, m_date = _HEADER_URL.match(line.strip()), _HEADER_DATE.match(line.strip())
        if m_url and url is None and used == 0:
            url = m_url.group(1) or None
        elif m_date and date is None:
            date = _valid_date(m_date.group(1))
            if date is None:
                notes.append(f"the DATE header {m_date.group(1)!r} is not a valid YYYY-MM-DD date; ignored")
        else:
            break
        used += 1
    if not used:
        return text, None, None, notes
    rest = text.split("\n", used)
    body = rest[used] if len(rest) > used else ""
    if body.startswith("\n"):
        body = body[1:]
    return body, url, date, notes


def parse_article(
    raw: bytes | str, *, path: str | None = None, date: str | None = None, url: str | None = None
) -> tuple[Document, list[str]]:
    """Turn an article's bytes (or text) into a :class:`Document`; return it and decoding notes.

    Args:
        raw: The file's bytes or text.
        path: Where it was read from, for the record.
        date: Publication date (``YYYY-MM-DD``) overriding any found in the file.
        url: URL overriding any found in the file.

    Raises:
        ArticleError: Too large, binary, or an invalid ``date``.
    """
    size = len(raw.encode("utf-8")) if isinstance(raw, str) else len(raw)
    if size > MAX_ARTICLE_BYTES:
        raise ArticleError(f"the article is {size:,} bytes; the limit is {MAX_ARTICLE_BYTES:,}")
    if date is not None and _valid_date(date) is None:
        raise ArticleError(f"date must be YYYY-MM-DD (got {date!r})")
    text, notes = (raw, []) if isinstance(raw, str) else decode_bytes(raw)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    body, head_url, head_date, head_notes = _split_header(text)
    notes += head_notes
    title = None
    if looks_like_html(body):
        _check_markup(body)
        body, html_date, title, html_url, html_notes = _html_main_text(body)
        notes += html_notes
        head_date = head_date or _valid_date(html_date)
        head_url = head_url or html_url
    if not body.strip():
        notes.append("the article has no text")
    doc = Document(text=body, url=url or head_url, date=date or head_date, title=title, path=path)
    return doc, notes


def read_article(
    path: str | os.PathLike[str], *, date: str | None = None, url: str | None = None
) -> tuple[Document, list[str]]:
    """Read an article file (see :func:`parse_article`).

    Raises:
        ArticleError: Unreadable, too large, binary, or an invalid ``date``.
    """
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > MAX_ARTICLE_BYTES:
            raise ArticleError(f"{p}: the file is {size:,} bytes; the limit is {MAX_ARTICLE_BYTES:,}")
        raw = p.read_bytes()
    except OSError as exc:
        raise ArticleError(f"cannot read {str(p)!r}: {exc.strerror or exc}") from None
    try:
        return parse_article(raw, path=str(p), date=date, url=url)
    except ArticleError as exc:
        raise ArticleError(f"{p}: {exc}") from None
