"""Sources: the documents every claim rests on."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator

from accord.case._base import Id, PartialDate, Record, Text
from accord.types import Reliability, SourceKind

__all__ = ["Source"]


def _http_url(value: str) -> str:
    """Accept only absolute http(s) URLs, so no ``javascript:`` link can enter a case."""
    value = value.strip()
    lowered = value.lower()
    if not (lowered.startswith("http://") or lowered.startswith("https://")) or len(value) < 11:
        raise ValueError(f"url must start with http:// or https:// (got {value!r})")
    if any(ch.isspace() for ch in value):
        raise ValueError(f"url must not contain spaces (got {value!r})")
    return value


HttpUrl = Annotated[str, AfterValidator(_http_url)]


class Source(Record):
    """A document: an article, an official text, a dataset or an analyst's estimate.

    Attributes:
        id: Unique id that claims refer to.
        title: Title of the document.
        publisher: Who published it.
        url: Where to read it (http or https only).
        date: Publication date (``YYYY-MM-DD``, or ``YYYY-MM`` when the page gives only the month),
            or ``None`` when undated.
        kind: What kind of document it is.
        reliability: Admiralty reliability grade of the source, A (reliable) to F (cannot be judged).
        notes: Anything a reader should know, such as the stance it is written from.
    """

    id: Id
    title: Text
    publisher: Text | None = None
    url: HttpUrl | None = None
    date: PartialDate | None = None
    kind: SourceKind
    reliability: Reliability
    notes: Text | None = None
