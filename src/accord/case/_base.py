"""Shared base for the frozen case models and the id type."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    StringConstraints,
)

__all__ = [
    "Assumptions",
    "Date",
    "Flag",
    "Id",
    "MonthDate",
    "OptionValues",
    "PartialDate",
    "Record",
    "ScalePoint",
    "Text",
    "Unit",
]

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


def _parse_date(value: Any) -> dt.date:
    """Accept a date or a ``YYYY-MM-DD`` string, nothing else (no timestamps, no times)."""
    if isinstance(value, dt.datetime):
        raise ValueError(f"expected a date as YYYY-MM-DD, not a date and time ({value.isoformat()})")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and _ISO_DATE.match(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError as exc:
            raise ValueError(f"invalid date {value!r}: {exc}") from None
    raise ValueError(f"expected a date as YYYY-MM-DD (got {value!r})")


Date = Annotated[dt.date, BeforeValidator(_parse_date)]
"""A calendar date written ``YYYY-MM-DD``."""


class MonthDate(dt.date):
    """A date known only to the month, written ``YYYY-MM``.

    It is a :class:`datetime.date` on the first of the month (so it sorts and compares with
    full dates as that day), and prints as ``YYYY-MM`` so no view invents a day.
    """

    precision = "month"

    def __new__(cls, year: int, month: int, day: int = 1) -> MonthDate:
        return super().__new__(cls, year, month, 1)

    def isoformat(self) -> str:
        """Return ``YYYY-MM``."""
        return f"{self.year:04d}-{self.month:02d}"

    __str__ = isoformat

    def __repr__(self) -> str:
        return f"MonthDate({self.year}, {self.month})"

    def __reduce__(self) -> tuple[type[MonthDate], tuple[int, int]]:
        return (MonthDate, (self.year, self.month))


def _parse_partial_date(value: Any) -> dt.date:
    """Accept a full date (``YYYY-MM-DD``) or a month (``YYYY-MM``) for pages that give only a month."""
    if isinstance(value, MonthDate):
        return value
    if isinstance(value, str):
        month = _ISO_MONTH.match(value.strip())
        if month:
            year, mon = int(month.group(1)), int(month.group(2))
            if not 1 <= mon <= 12:
                raise ValueError(f"invalid month {value.strip()!r}: the month must be 01 to 12")
            if not 1 <= year <= 9999:
                raise ValueError(f"invalid year in {value.strip()!r}")
            return MonthDate(year, mon)
    try:
        return _parse_date(value)
    except ValueError:
        raise ValueError(
            f"expected a date as YYYY-MM-DD, or YYYY-MM when only the month is known (got {value!r})"
        ) from None


def _serialise_partial(value: dt.date) -> str | dt.date:
    return value.isoformat() if isinstance(value, MonthDate) else value


PartialDate = Annotated[
    dt.date,
    PlainValidator(_parse_partial_date),
    PlainSerializer(_serialise_partial),
]
"""A date written ``YYYY-MM-DD``, or ``YYYY-MM`` (a :class:`MonthDate`) when a page gives only the month."""

Unit = Annotated[float, Field(ge=0.0, le=1.0, strict=True, allow_inf_nan=False)]
"""A number from 0 to 1 (booleans and quoted numbers are errors)."""

ScalePoint = Annotated[float, Field(ge=0.0, le=100.0, strict=True, allow_inf_nan=False)]
"""A point on an issue's 0-100 scale."""

Flag = Annotated[bool, Field(strict=True)]
"""``true`` or ``false`` (not ``yes``, ``1`` or a quoted string)."""

Id = Annotated[
    str,
    StringConstraints(strip_whitespace=True, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}$"),
]
"""An identifier: letters, digits, ``_``, ``.`` or ``-``, starting with a letter or digit, at most 64."""

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20_000)]
"""A non-empty piece of free text."""


def _freeze(mapping: Mapping[str, float]) -> Mapping[str, float]:
    return MappingProxyType(dict(mapping))


def _thaw(mapping: Mapping[str, float]) -> dict[str, float]:
    return dict(mapping)


OptionValues = Annotated[
    Mapping[Id, Unit],
    AfterValidator(_freeze),
    PlainSerializer(_thaw, return_type=dict),
]
"""A read-only mapping of option id to a value from 0 to 1."""


def _freeze_numbers(mapping: Mapping[str, float]) -> Mapping[str, float]:
    return MappingProxyType(dict(mapping))


Assumptions = Annotated[
    Mapping[
        Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_.]{0,79}$")],
        Annotated[float, Field(strict=True, allow_inf_nan=False)],
    ],
    AfterValidator(_freeze_numbers),
    PlainSerializer(_thaw, return_type=dict),
]
"""A read-only mapping of assumption name (``guarantees.tripwire_odds``) to a number."""


class Record(BaseModel):
    """Base of every case model: immutable, and unknown fields are errors."""

    model_config = ConfigDict(frozen=True, extra="forbid", validate_default=True)
