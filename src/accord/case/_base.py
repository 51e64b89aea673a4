"""Shared base for the frozen case models and the id type."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints

__all__ = ["Id", "Record", "Text"]

Id = Annotated[
    str,
    StringConstraints(strip_whitespace=True, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}$"),
]
"""An identifier: letters, digits, ``_``, ``.`` or ``-``, starting with a letter or digit, at most 64."""

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20_000)]
"""A non-empty piece of free text."""


class Record(BaseModel):
    """Base of every case model: immutable, and unknown fields are errors."""

    model_config = ConfigDict(frozen=True, extra="forbid", validate_default=True)
