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
    StringConstraints,
)

__all__ = ["Assumptions", "Date", "Flag", "Id", "OptionValues", "Record", "ScalePoint", "Text", "Unit"]

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


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
