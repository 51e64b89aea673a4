"""Checksums of a results file: the header's digest, and each record's ``sum`` chained to it.

* The header's ``digest`` is the SHA-256 (hex) of the canonical JSON of every other header
  field (``format`` included).
* A record's ``sum`` is the first 16 hex digits of the SHA-256 of the header's digest, a
  newline and the canonical JSON of every other record field. A changed value (a flipped
  ``accept``, an index 10 turned into 10.0) or a record moved from another run's file (a
  different digest) no longer matches.

Canonical JSON: keys sorted, no spaces, UTF-8, no NaN or infinity. These are checks against
damage and mix-ups, not against forgery: anyone can recompute a checksum.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

__all__ = ["DIGEST", "SUM", "canonical", "header_digest", "record_sum", "seal_header", "seal_record"]

DIGEST = "digest"
"""The header field holding its digest."""

SUM = "sum"
"""The record field holding its checksum."""

SUM_HEX = 16
"""Hex digits kept of a record's SHA-256 (64 bits)."""


def canonical(obj: Any) -> bytes:
    """Return the canonical JSON of ``obj`` as UTF-8.

    Raises:
        ValueError: ``obj`` holds a non-finite float.
    """
    text = json.dumps(obj, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.encode("utf-8")


def header_digest(header: Mapping[str, Any]) -> str:
    """Return the digest of a header (its ``digest`` field, if any, left out)."""
    return hashlib.sha256(canonical({k: v for k, v in header.items() if k != DIGEST})).hexdigest()


def record_sum(record: Mapping[str, Any], digest: str) -> str:
    """Return a record's checksum under a header digest (its ``sum`` field, if any, left out)."""
    body = canonical({k: v for k, v in record.items() if k != SUM})
    return hashlib.sha256(digest.encode("ascii") + b"\n" + body).hexdigest()[:SUM_HEX]


def seal_header(header: Mapping[str, Any]) -> dict[str, Any]:
    """Return the header with its ``digest``."""
    body = {k: v for k, v in header.items() if k != DIGEST}
    return {**body, DIGEST: header_digest(body)}


def seal_record(record: Mapping[str, Any], digest: str) -> dict[str, Any]:
    """Return the record with its ``sum`` under the header digest ``digest``."""
    body = {k: v for k, v in record.items() if k != SUM}
    return {**body, SUM: record_sum(body, digest)}
