"""The web app's cases and the analyses computed for them, cached and computed once.

Cases are held in memory under a *key*: the built-in cases under their names, the case the
server was started with under ``default``'s key, and uploaded cases under ``<case id>-<hash>``
(at most :data:`MAX_UPLOADS`, the oldest dropped first). Analyses are cached per key and
arguments; concurrent requests for the same analysis wait for one computation, which runs
on the bounded :class:`~accord.web.workers.WorkerPool`, off the event loop.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from accord.case import Case, builtin_case_names, load_case
from accord.web.workers import PoolLimits, WorkerPool

__all__ = ["DEFAULT_CASE", "MAX_UPLOADS", "AppState", "CaseEntry", "UnknownCaseError"]

MAX_UPLOADS = 20
"""Uploaded cases kept in memory; older uploads are forgotten first."""

DEFAULT_CASE = "ukraine-2025"
"""The case opened when the server is started without one."""

CACHE_SIZE = 128
"""Analyses kept in the cache (least recently used dropped first)."""

T = TypeVar("T")


class UnknownCaseError(LookupError):
    """No case is held under the given key."""


@dataclass(frozen=True)
class CaseEntry:
    """A case the app serves.

    Attributes:
        key: Key used in URLs (``?case=<key>``).
        case: The validated case.
        origin: ``"builtin"``, ``"file"`` (given on the command line) or ``"upload"``.
    """

    key: str
    case: Case
    origin: str


class AppState:
    """Cases and cached analyses of one app instance (thread-safe)."""

    def __init__(
        self,
        default: CaseEntry | None = None,
        *,
        max_uploads: int = MAX_UPLOADS,
        db: Path | None = None,
        limits: PoolLimits | None = None,
    ) -> None:
        self.db = db
        """The evidence store the evidence views read (``None``: no evidence views)."""
        self._lock = threading.Lock()
        self._entries: OrderedDict[str, CaseEntry] = OrderedDict()
        for name in builtin_case_names():
            self._entries[name] = CaseEntry(name, load_case(name), "builtin")
        if default is not None:
            self._entries[default.key] = default
        if default is not None:
            self.default_key = default.key
        else:
            self.default_key = DEFAULT_CASE if DEFAULT_CASE in self._entries else next(iter(self._entries))
        self._uploads: list[str] = []
        self._max_uploads = max_uploads
        self._cache: OrderedDict[Hashable, Any] = OrderedDict()
        self._pending: dict[Hashable, threading.Lock] = {}
        self.pool = WorkerPool(limits)
        """The worker threads that compute analyses and validate uploads."""

    def entries(self) -> list[CaseEntry]:
        """Return every case held, built-in ones first."""
        with self._lock:
            return list(self._entries.values())

    def get(self, key: str | None) -> CaseEntry:
        """Return the case under ``key`` (the default case when ``key`` is None or empty).

        Raises:
            UnknownCaseError: If no case is held under ``key``.
        """
        with self._lock:
            entry = self._entries.get(key or self.default_key)
            if entry is None:
                known = ", ".join(self._entries)
                raise UnknownCaseError(f"unknown case {key!r} (known: {known})")
            return entry

    def add_upload(self, case: Case, text: str) -> CaseEntry:
        """Hold an uploaded case and return its entry (the same key for the same text)."""
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]
        key = f"{case.id}-{digest}"
        with self._lock:
            if key in self._entries:
                return self._entries[key]
            entry = CaseEntry(key, case, "upload")
            self._entries[key] = entry
            self._uploads.append(key)
            while len(self._uploads) > self._max_uploads:
                old = self._uploads.pop(0)
                self._entries.pop(old, None)
                for cached in [k for k in self._cache if isinstance(k, tuple) and k and k[0] == old]:
                    del self._cache[cached]
            return entry

    def lookup(self, key: Hashable) -> tuple[bool, Any]:
        """Return ``(True, value)`` when ``key`` is cached, else ``(False, None)``."""
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return True, self._cache[key]
            return False, None

    async def analysis(self, key: Hashable, compute: Callable[[], T]) -> T:
        """Return the cached value for ``key``, computing it once on the worker pool if absent.

        A cached value is answered on the spot, without a worker.

        Raises:
            PoolBusyError: When the pool is full.
            PoolTimeoutError: When the computation outlasts the time limit (it goes on and is cached).
        """
        found, value = self.lookup(key)
        if found:
            return value  # type: ignore[no-any-return]
        return await self.pool.run(key, lambda: self.cached(key, compute))

    def cached(self, key: Hashable, compute: Callable[[], T]) -> T:
        """Return the cached value for ``key``, computing it once if absent.

        Callers racing on the same key wait for the first computation; an exception is
        not cached (the next caller tries again).
        """
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]  # type: ignore[no-any-return]
            gate = self._pending.setdefault(key, threading.Lock())
        with gate:
            with self._lock:
                if key in self._cache:
                    return self._cache[key]  # type: ignore[no-any-return]
            value = compute()
            with self._lock:
                self._cache[key] = value
                while len(self._cache) > CACHE_SIZE:
                    self._cache.popitem(last=False)
                self._pending.pop(key, None)
            return value
