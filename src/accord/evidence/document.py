"""One article as the evidence pipeline sees it: its main text, where it came from, and a content hash.

A :class:`Document` is immutable.  Its ``content_hash`` is the SHA-256 of ``text`` encoded as
UTF-8, written as 64 lowercase hex digits; it is computed when the document is built, so it can
never disagree with the text.  Two documents with the same text have the same hash whatever
their URL, date or title: the evidence store uses the hash to ingest each text only once.

Reading files and cleaning HTML happen elsewhere; this module only holds the data.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field

__all__ = ["Document", "content_hash"]

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def content_hash(text: str) -> str:
    """Return the SHA-256 of ``text`` encoded as UTF-8, as 64 lowercase hex digits.

    Args:
        text: The article's main text.

    Returns:
        The hex digest.
    """
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Document:
    """An article's main text and what is known about where it came from.

    Attributes:
        text: The article's main text (item offsets point into it).
        url: Where the article was published, when known.
        date: Publication date, ``YYYY-MM-DD``, when known.
        title: The article's headline, when known.
        path: The file it was read from, when it was read from a file.
        content_hash: SHA-256 hex digest of ``text`` as UTF-8; computed, not passed.

    Raises:
        TypeError: ``text`` is not a string.
        ValueError: ``date`` is given but is not a real calendar date written ``YYYY-MM-DD``.
    """

    text: str = field(repr=False)
    url: str | None = None
    date: str | None = None
    title: str | None = None
    path: str | None = None
    content_hash: str = field(init=False)

    def __post_init__(self) -> None:
        if not isinstance(self.text, str):
            raise TypeError(f"Document.text must be a str, not {type(self.text).__name__}")
        if self.date is not None:
            _check_date(self.date)
        # Frozen dataclass: the computed field is set once, here, and never again.
        object.__setattr__(self, "content_hash", content_hash(self.text))

    @classmethod
    def create(
        cls,
        text: str,
        *,
        url: str | None = None,
        date: str | None = None,
        title: str | None = None,
        path: str | None = None,
    ) -> Document:
        """Build a document; the content hash is computed from ``text``.

        Args:
            text: The article's main text.
            url: Where it was published.
            date: Publication date, ``YYYY-MM-DD``.
            title: Its headline.
            path: The file it was read from.

        Returns:
            The document.
        """
        return cls(text=text, url=url, date=date, title=title, path=path)


def _check_date(value: str) -> None:
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        raise ValueError(f"document date must be written YYYY-MM-DD, got {value!r}")
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"document date {value!r} is not a calendar date") from None
