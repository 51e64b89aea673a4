"""A cache of parsed case documents, so that loading a case already seen skips the YAML parser.

The round-trip YAML parser keeps every node's line and column for located errors, and it is
pure Python: a 140 KB case takes about 0.3-0.8 s to parse, while validating the parsed data
takes a few milliseconds. After a document has parsed *and validated* once, its plain data is
stored as JSON under the SHA-256 of its text; the next load of the same text validates that
data again (so schema changes still apply) and never trusts it blindly: any validation error
falls back to the full parse, which locates the error. Only documents of at least
:data:`MIN_CACHED_CHARS` characters are cached, at most :data:`MAX_ENTRIES` of them.

``ACCORD_CACHE_DIR`` moves the cache; ``ACCORD_NO_CACHE=1`` turns it off. Failures to read or
write the cache are ignored: it is an optimisation, never a source of truth.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from pathlib import Path
from typing import Any

from accord._io import atomic_write_text

__all__ = ["CACHE_FORMAT", "MAX_ENTRIES", "MIN_CACHED_CHARS", "cache_dir", "lookup", "store"]

CACHE_FORMAT = "2"
"""Bumped whenever parsing of YAML into plain data changes (limits, conversions)."""

MIN_CACHED_CHARS = 16_000
"""Documents shorter than this parse fast enough not to be cached."""

MAX_ENTRIES = 64
"""Cached documents kept; the least recently written go first."""


def cache_dir() -> Path | None:
    """Where parsed documents are cached, or ``None`` when caching is off."""
    if os.environ.get("ACCORD_NO_CACHE", "") not in ("", "0"):
        return None
    override = os.environ.get("ACCORD_CACHE_DIR")
    if override:
        return Path(override) / "cases"
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("accord", appauthor=False)) / "cases"


def _key(text: str) -> str:
    digest = hashlib.sha256(f"accord-case-cache {CACHE_FORMAT}\n".encode())
    digest.update(text.encode("utf-8", errors="surrogatepass"))
    return digest.hexdigest()


def lookup(text: str) -> dict[str, Any] | None:
    """Return the plain data cached for ``text``, or ``None``."""
    folder = cache_dir()
    if folder is None or len(text) < MIN_CACHED_CHARS:
        return None
    try:
        data = json.loads((folder / f"{_key(text)}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def store(text: str, data: dict[str, Any]) -> None:
    """Cache the plain data parsed from ``text`` (which validated), and prune old entries."""
    folder = cache_dir()
    if folder is None or len(text) < MIN_CACHED_CHARS:
        return
    with contextlib.suppress(OSError, TypeError, ValueError):
        folder.mkdir(parents=True, exist_ok=True)
        atomic_write_text(folder / f"{_key(text)}.json", json.dumps(data, ensure_ascii=False))
        entries = sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime)
        for old in entries[:-MAX_ENTRIES]:
            old.unlink(missing_ok=True)
