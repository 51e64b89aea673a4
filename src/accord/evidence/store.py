"""The embedded evidence store: ingested articles and everything extracted from them, in SQLite.

Guarantees:

* **Atomic ingest.** A document and all its items are written in one ``BEGIN IMMEDIATE`` ...
  ``COMMIT`` transaction. A process killed at any moment (even ``SIGKILL``) leaves each
  document wholly in the store, with every item, or wholly absent.
* **Idempotent ingest.** Documents are keyed by the SHA-256 of their text; ingesting the same
  text again writes nothing and returns ``False``.
* **Several processes.** The database runs in WAL mode with a busy timeout: readers never
  block, writers queue for the write lock (up to ``timeout`` seconds) instead of failing or
  corrupting the file. Within one process a store may be shared between threads; a lock
  serialises its operations.
* **Versioned schema.** ``PRAGMA user_version`` holds the schema version; :data:`MIGRATIONS`
  lists the steps from an empty file. Opening an older store migrates it in one transaction;
  a store written by a newer accord, a foreign SQLite database, a file that is not SQLite
  and a damaged file are refused with :class:`StoreError`, never a raw ``sqlite3`` error.
* **Exact round trip.** ``store.extraction(doc)`` equals the :class:`Extraction` ingested
  (items keep their order; floats are stored as IEEE doubles; NaN cannot be stored).

Schema (version 3; every table ``STRICT``; item tables ``WITHOUT ROWID``)::

    documents       id INTEGER PK AUTOINCREMENT, content_hash TEXT UNIQUE (64 hex), text,
                    url, date (YYYY-MM-DD), title, path, publisher,
                    reliability ('A'..'F', default 'F'), ingested_at (UTC ISO), extractor_version
    actor_mentions  actor, text
    people          name, mentions (JSON [[start, end], ...]), actor, entity_id (v2)
    quotes          speaker, text, partial (0/1), actor, speaker_id (v2)
    numbers         text, value REAL, unit, high REAL
    dates           text, iso, granularity ('day'|'week'|'month'|'year'), relative (0/1)
    commitments     text, due, actor, deadline_text, holder_id (v3)
    claims          actor, issue, stance ('support'|'oppose'|'neutral'), text, option, score REAL,
                    holder_id (v3)
    notes           text

Every item table and ``notes`` also has ``document_id`` (FK to ``documents.id``, ``ON DELETE
CASCADE``), ``seq`` (position in the extraction's tuple; primary key ``(document_id, seq)``),
``extractor_version``, and except ``notes``, ``"start"``/``"end"`` character offsets into the
document's text. Indexes: ``claims(actor, issue)``, ``dates(iso)``, ``commitments(due)``,
``documents(date)``, ``people(entity_id)``, ``quotes(speaker_id)``, ``claims(holder_id)``.
Version 2 added the canonical person ids (:mod:`accord.evidence.entities`); migrating a
version-1 store fills them from the stored names (a quote's speaker gets the id of the person
of that name in its document, else of the known person of that name, else none).  Version 3
added the canonical id of the person holding each claim and commitment (``holder_id``);
migrating fills it with the first person of the item's actor named inside the item's span.
The file's ``application_id`` is ``0x41434344`` ("ACCD").

Reliability grades follow the Admiralty scale: A completely reliable ... E unreliable,
F reliability cannot be judged (the default).
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
import math
import os
import re
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from types import TracebackType
from typing import Any, Final, Literal, Protocol
from urllib.parse import urlsplit

import platformdirs

from accord.errors import AccordError
from accord.evidence.document import Document
from accord.evidence.types import (
    ActorMention,
    ClaimItem,
    Commitment,
    DateItem,
    Extraction,
    NumberItem,
    Person,
    Quote,
)

__all__ = [
    "ITEM_KINDS",
    "MIGRATIONS",
    "RELIABILITY_GRADES",
    "SCHEMA_VERSION",
    "DocumentNotFoundError",
    "EvidenceStore",
    "Item",
    "ItemKind",
    "Migration",
    "PersonSummary",
    "StoreError",
    "StoreStats",
    "StoredClaim",
    "StoredDocument",
    "TimelineEntry",
    "default_db_path",
    "same_source",
    "url_host",
]


class StoreError(AccordError):
    """The evidence store cannot be opened, read or written (includes not-a-store and damaged files)."""


class DocumentNotFoundError(StoreError, LookupError):
    """No document in the store has the given id or content hash."""


ItemKind = Literal["actors", "people", "quotes", "numbers", "dates", "commitments", "claims"]
"""A kind of extracted item: the name of the matching :class:`Extraction` field."""

Item = ActorMention | Person | Quote | NumberItem | DateItem | Commitment | ClaimItem
"""Any extracted item."""

Migration = Sequence[str] | Callable[[sqlite3.Connection], None]
"""One schema step: SQL statements run in order, or a function given the connection."""

RELIABILITY_GRADES: Final = ("A", "B", "C", "D", "E", "F")
APPLICATION_ID: Final = 0x41434344  # "ACCD"
_CONTEXT_CHARS: Final = 400

_ITEM_COLUMNS = (
    "document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE",
    "seq INTEGER NOT NULL CHECK (seq >= 0)",
    "extractor_version TEXT NOT NULL",
)
_OFFSETS = ('"start" INTEGER NOT NULL', '"end" INTEGER NOT NULL')
_ITEM_END = "PRIMARY KEY (document_id, seq)) STRICT, WITHOUT ROWID"


def _item_table(name: str, *columns: str) -> str:
    return f"CREATE TABLE {name} ({', '.join((*_ITEM_COLUMNS, *columns))}, {_ITEM_END}"


# Migration scripts are history: never edit one that has shipped, append a new one instead.
_V1: tuple[str, ...] = (
    f"PRAGMA application_id = {APPLICATION_ID}",
    """CREATE TABLE documents (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        content_hash TEXT NOT NULL UNIQUE CHECK (length(content_hash) = 64),
        text TEXT NOT NULL,
        url TEXT,
        date TEXT,
        title TEXT,
        path TEXT,
        publisher TEXT,
        reliability TEXT NOT NULL DEFAULT 'F' CHECK (reliability IN ('A', 'B', 'C', 'D', 'E', 'F')),
        ingested_at TEXT NOT NULL,
        extractor_version TEXT NOT NULL
    ) STRICT""",
    "CREATE INDEX documents_by_date ON documents(date)",
    _item_table("actor_mentions", *_OFFSETS, "actor TEXT NOT NULL", "text TEXT NOT NULL"),
    _item_table("people", *_OFFSETS, "name TEXT NOT NULL", "mentions TEXT NOT NULL", "actor TEXT"),
    _item_table(
        "quotes",
        *_OFFSETS,
        "speaker TEXT",
        "text TEXT NOT NULL",
        "partial INTEGER NOT NULL CHECK (partial IN (0, 1))",
        "actor TEXT",
    ),
    _item_table(
        "numbers", *_OFFSETS, "text TEXT NOT NULL", "value REAL NOT NULL", "unit TEXT NOT NULL", "high REAL"
    ),
    _item_table(
        "dates",
        *_OFFSETS,
        "text TEXT NOT NULL",
        "iso TEXT NOT NULL",
        "granularity TEXT NOT NULL CHECK (granularity IN ('day', 'week', 'month', 'year'))",
        "relative INTEGER NOT NULL CHECK (relative IN (0, 1))",
    ),
    "CREATE INDEX dates_by_iso ON dates(iso)",
    _item_table(
        "commitments", *_OFFSETS, "text TEXT NOT NULL", "due TEXT", "actor TEXT", "deadline_text TEXT"
    ),
    "CREATE INDEX commitments_by_due ON commitments(due) WHERE due IS NOT NULL",
    _item_table(
        "claims",
        *_OFFSETS,
        "actor TEXT NOT NULL",
        "issue TEXT NOT NULL",
        "stance TEXT NOT NULL CHECK (stance IN ('support', 'oppose', 'neutral'))",
        "text TEXT NOT NULL",
        "option TEXT",
        "score REAL NOT NULL",
    ),
    "CREATE INDEX claims_by_actor_issue ON claims(actor, issue)",
    _item_table("notes", "text TEXT NOT NULL"),
)


def _v2(conn: sqlite3.Connection) -> None:
    """Version 2: canonical person ids on people and quote speakers, filled from the names."""
    from accord.evidence.entities import Registry

    conn.execute("ALTER TABLE people ADD COLUMN entity_id TEXT")
    conn.execute("ALTER TABLE quotes ADD COLUMN speaker_id TEXT")
    conn.execute("CREATE INDEX people_by_entity ON people(entity_id)")
    conn.execute("CREATE INDEX quotes_by_speaker ON quotes(speaker_id) WHERE speaker_id IS NOT NULL")
    registry = Registry.default()
    ids: dict[tuple[int, str], str] = {}
    for doc_id, seq, name in conn.execute("SELECT document_id, seq, name FROM people").fetchall():
        ent = registry.id_for(name)
        ids[(doc_id, name)] = ent
        conn.execute("UPDATE people SET entity_id = ? WHERE document_id = ? AND seq = ?", (ent, doc_id, seq))
    rows = conn.execute("SELECT document_id, seq, speaker FROM quotes WHERE speaker IS NOT NULL").fetchall()
    for doc_id, seq, speaker in rows:
        known = registry.resolve(speaker)
        speaker_id = ids.get((doc_id, speaker)) or (known.id if known is not None else None)
        if speaker_id is not None:
            conn.execute(
                "UPDATE quotes SET speaker_id = ? WHERE document_id = ? AND seq = ?",
                (speaker_id, doc_id, seq),
            )


def _v3(conn: sqlite3.Connection) -> None:
    """Version 3: the canonical id of the person holding each claim and commitment.

    Stored items get the id of the first person of the item's actor named inside the item's
    span (``people.mentions``); items with no such person keep ``NULL``.
    """
    conn.execute("ALTER TABLE claims ADD COLUMN holder_id TEXT")
    conn.execute("ALTER TABLE commitments ADD COLUMN holder_id TEXT")
    conn.execute("CREATE INDEX claims_by_holder ON claims(holder_id) WHERE holder_id IS NOT NULL")
    mentions: dict[int, list[tuple[int, str, str]]] = {}
    for doc_id, spans, actor, entity_id in conn.execute(
        "SELECT document_id, mentions, actor, entity_id FROM people"
        " WHERE actor IS NOT NULL AND entity_id IS NOT NULL"
    ).fetchall():
        mentions.setdefault(doc_id, []).extend((int(a), actor, entity_id) for a, _b in json.loads(spans))
    for table in ("claims", "commitments"):
        rows = conn.execute(
            f'SELECT document_id, seq, "start", "end", actor FROM {table} WHERE actor IS NOT NULL'
        ).fetchall()
        for doc_id, seq, start, end, actor in rows:
            found = sorted(m for m in mentions.get(doc_id, ()) if m[1] == actor and start <= m[0] < end)
            if found:
                conn.execute(
                    f"UPDATE {table} SET holder_id = ? WHERE document_id = ? AND seq = ?",
                    (found[0][2], doc_id, seq),
                )


MIGRATIONS: list[Migration] = [_V1, _v2, _v3]
"""Schema steps in order: ``MIGRATIONS[i]`` takes a store from version ``i`` to ``i + 1``."""

SCHEMA_VERSION: Final = len(MIGRATIONS)
"""The schema version this code writes."""


@dataclass(frozen=True)
class _Kind:
    table: str
    cls: type[Any]
    columns: tuple[str, ...]  # the dataclass's field names, in field order


_KINDS: Final[dict[ItemKind, _Kind]] = {
    "actors": _Kind("actor_mentions", ActorMention, ("actor", "text", "start", "end")),
    "people": _Kind("people", Person, ("name", "start", "end", "mentions", "actor", "entity_id")),
    "quotes": _Kind("quotes", Quote, ("speaker", "text", "start", "end", "partial", "actor", "speaker_id")),
    "numbers": _Kind("numbers", NumberItem, ("text", "value", "unit", "start", "end", "high")),
    "dates": _Kind("dates", DateItem, ("text", "iso", "start", "end", "granularity", "relative")),
    "commitments": _Kind(
        "commitments", Commitment, ("text", "start", "end", "due", "actor", "deadline_text", "holder_id")
    ),
    "claims": _Kind(
        "claims",
        ClaimItem,
        ("actor", "issue", "stance", "text", "start", "end", "option", "score", "holder_id"),
    ),
}
ITEM_KINDS: Final[tuple[ItemKind, ...]] = tuple(_KINDS)
_BOOL_COLUMNS: Final = frozenset({"partial", "relative"})


# ---- rows ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StoredDocument:
    """A document as stored, without its text (see :meth:`EvidenceStore.document`).

    Attributes:
        id: The store's id of the document.
        content_hash: SHA-256 hex digest of the text.
        url: Where it was published.
        date: Publication date, ``YYYY-MM-DD``.
        title: Headline.
        path: File it was read from.
        publisher: Who published it, when given at ingest.
        reliability: Admiralty grade of the source, ``"A"`` to ``"F"``.
        ingested_at: When it was ingested, UTC, ISO 8601.
        extractor_version: Version of the extractor that produced its items.
    """

    id: int
    content_hash: str
    url: str | None
    date: str | None
    title: str | None
    path: str | None
    publisher: str | None
    reliability: str
    ingested_at: str
    extractor_version: str


@dataclass(frozen=True)
class StoredClaim:
    """A claim with the document it was found in.

    Attributes:
        claim: The claim as extracted.
        document_id: Id of its document.
        seq: Its position among the document's claims.
        url: The document's URL.
        date: The document's publication date.
        title: The document's title.
        publisher: The document's publisher.
        reliability: The document's reliability grade.
        document_hash: The document's content hash.
    """

    claim: ClaimItem
    document_id: int
    seq: int
    url: str | None
    date: str | None
    title: str | None
    publisher: str | None
    reliability: str
    document_hash: str = ""

    def to_dict(self) -> dict[str, Any]:
        """Return the claim's fields with its document's id, url, date, title, publisher and reliability."""
        from accord.evidence.entities import Registry

        holder = Registry.default().get(self.claim.holder_id) if self.claim.holder_id else None
        return {
            **dataclasses.asdict(self.claim),
            "holder": holder.name if holder is not None else None,
            "document": self.document_id,
            "url": self.url,
            "date": self.date,
            "title": self.title,
            "publisher": self.publisher,
            "reliability": self.reliability,
        }


@dataclass(frozen=True)
class PersonSummary:
    """One person across the store (every spelling and article under one canonical id).

    Attributes:
        entity_id: Canonical id (:attr:`accord.evidence.types.Person.entity_id`).
        name: Display name: the registry's for a known person, else the name stored most often.
        actor: Actor id the person speaks for, when known.
        documents: Number of documents naming the person.
        mentions: Number of mentions over all documents.
        quotes: Number of quotes attributed to the person.
        first_date: Earliest publication date of those documents (``None`` when none is dated).
        last_date: Latest publication date.
    """

    entity_id: str
    name: str
    actor: str | None
    documents: int
    mentions: int
    quotes: int
    first_date: str | None
    last_date: str | None


@dataclass(frozen=True)
class TimelineEntry:
    """One dated thing in the store.

    Attributes:
        date: ``YYYY-MM-DD`` (the first day for a week, month or year).
        kind: ``"published"`` (a document's date), ``"mentioned"`` (a date found in the text)
            or ``"due"`` (a commitment's deadline).
        text: The words giving the date (the title for ``"published"``; the deadline's words,
            else the commitment, for ``"due"``).
        context: The sentence around a mentioned date, the commitment's text, or the title.
        start: Offset of the item in the document's text (``None`` for ``"published"``).
        end: End offset of the item (``None`` for ``"published"``).
        granularity: ``"day"``, ``"week"``, ``"month"`` or ``"year"``.
        actor: Who committed, for ``"due"`` entries when known.
        document_id: Id of the document.
        url: The document's URL.
        title: The document's title.
        people: Canonical ids of the people named in ``context`` (for ``"due"``, the person who
            commits first when known), in order of first mention; empty for ``"published"``.
    """

    date: str
    kind: Literal["published", "mentioned", "due"]
    text: str
    context: str
    start: int | None
    end: int | None
    granularity: str
    actor: str | None
    document_id: int
    url: str | None
    title: str | None
    people: tuple[str, ...] = ()


@dataclass(frozen=True)
class StoreStats:
    """Counts over the whole store.

    Attributes:
        schema_version: The store's schema version.
        documents: Number of documents.
        items: Number of items of each kind.
        reliability: Number of documents per reliability grade (grades with none omitted).
        extractor_versions: Number of documents per extractor version.
        first_date: Earliest publication date, or ``None``.
        last_date: Latest publication date, or ``None``.
    """

    schema_version: int
    documents: int
    items: dict[ItemKind, int]
    reliability: dict[str, int]
    extractor_versions: dict[str, int]
    first_date: str | None
    last_date: str | None


# ---- sources ---------------------------------------------------------------------------------------


class _Sourced(Protocol):
    @property
    def url(self) -> str | None: ...

    @property
    def publisher(self) -> str | None: ...


def url_host(url: str | None) -> str | None:
    """Return the host of ``url``, lowercased, without port, trailing dot or leading ``www.``.

    Args:
        url: A URL (a missing scheme is tolerated: ``"example.com/a"``).

    Returns:
        The host, or ``None`` when there is none.
    """
    if not url or not url.strip():
        return None
    url = url.strip()
    if "//" not in url:
        url = "//" + url
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    if not host:
        return None
    host = host.rstrip(".")
    host = host.removeprefix("www.")
    return host or None


def _publisher_key(publisher: str | None) -> str | None:
    key = " ".join(publisher.split()).casefold() if publisher else ""
    return key or None


def same_source(a: _Sourced, b: _Sourced) -> bool:
    """Say whether two documents (or claims) come from the same source.

    Two documents are the same source when both name a publisher and the names match
    (ignoring case and spacing), or when both URLs have a host and the hosts match (ignoring
    ``www.``). Anything else, including a document with neither publisher nor URL, counts as a
    different source. Subdomains are compared as written: ``edition.cnn.com`` is not ``cnn.com``.

    Args:
        a: Something with ``url`` and ``publisher``.
        b: The same.

    Returns:
        True when they share a publisher or a host.
    """
    pa, pb = _publisher_key(a.publisher), _publisher_key(b.publisher)
    if pa is not None and pa == pb:
        return True
    ha, hb = url_host(a.url), url_host(b.url)
    return ha is not None and ha == hb


# ---- paths -----------------------------------------------------------------------------------------


def default_db_path() -> Path:
    """Return where the evidence store lives unless told otherwise.

    ``$ACCORD_DATA_DIR/evidence.sqlite3`` when that variable is set and not empty, else
    ``evidence.sqlite3`` in the user data folder (``platformdirs.user_data_dir("accord")``).

    Returns:
        The database path (neither it nor its folder need exist).
    """
    override = os.environ.get("ACCORD_DATA_DIR", "").strip()
    base = Path(override).expanduser() if override else Path(platformdirs.user_data_dir("accord"))
    return base / "evidence.sqlite3"


# ---- the store -------------------------------------------------------------------------------------


class EvidenceStore:
    """Ingested documents and their extracted items, in one SQLite file.

    Open with :meth:`open` (also a context manager) and :meth:`close` when done. See the
    module docstring for the schema and the guarantees.
    """

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        """Wrap an open, migrated connection; use :meth:`open` instead."""
        self._connection: sqlite3.Connection | None = connection
        self._path = path
        self._lock = threading.RLock()

    # -- lifecycle -------------------------------------------------------------------------------

    @classmethod
    def open(cls, path: str | os.PathLike[str] | None = None, *, timeout: float = 30.0) -> EvidenceStore:
        """Open (creating or migrating as needed) the store at ``path``.

        Connection settings: ``journal_mode=WAL`` so readers never block the writer and a
        killed writer leaves only an uncommitted WAL tail, which SQLite discards;
        ``synchronous=NORMAL``, which in WAL mode never corrupts the file and never loses a
        commit when a *process* dies, only possibly the last commits on power loss or an OS
        crash (acceptable: ingest is idempotent, so such documents are simply ingested
        again); ``foreign_keys=ON`` so deleting a document deletes its items; and
        ``busy_timeout`` so a second writer waits for the lock instead of failing.

        Args:
            path: The database file; its folder is created. Defaults to :func:`default_db_path`.
            timeout: Seconds to wait for another process's write lock.

        Returns:
            The open store.

        Raises:
            StoreError: The folder cannot be created, the file is not an SQLite database or is
                damaged, it is another program's database, or a newer accord wrote it.
        """
        db = Path(path).expanduser() if path is not None else default_db_path()
        try:
            db.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"{db}: cannot create the folder: {exc}") from exc
        if db.is_dir():
            raise StoreError(f"{db}: is a folder, not an evidence store")
        try:
            connection = sqlite3.connect(db, timeout=timeout, isolation_level=None, check_same_thread=False)
        except sqlite3.Error as exc:
            raise StoreError(f"{db}: cannot open: {exc}") from exc
        try:
            connection.execute(f"PRAGMA busy_timeout = {max(0, int(timeout * 1000))}")
            connection.execute("PRAGMA foreign_keys = ON")
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
            connection.execute("PRAGMA journal_mode = WAL").fetchone()
            connection.execute("PRAGMA synchronous = NORMAL")
            _migrate(connection, db, MIGRATIONS)
        except sqlite3.Error as exc:
            connection.close()
            raise StoreError(_describe(db, "open", exc)) from exc
        except BaseException:
            connection.close()
            raise
        return cls(connection, db)

    def close(self) -> None:
        """Close the store; closing twice is harmless."""
        with self._lock:
            if self._connection is not None:
                self._connection.close()
                self._connection = None

    def __enter__(self) -> EvidenceStore:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "closed" if self._connection is None else "open"
        return f"<EvidenceStore {str(self._path)!r} {state}>"

    @property
    def path(self) -> Path:
        """The database file."""
        return self._path

    @property
    def schema_version(self) -> int:
        """The schema version of the open file."""
        with self._using("read the schema version") as conn:
            return int(conn.execute("PRAGMA user_version").fetchone()[0])

    # -- writing ---------------------------------------------------------------------------------

    def ingest(
        self,
        document: Document,
        extraction: Extraction,
        extractor_version: str,
        *,
        reliability: str = "F",
        publisher: str | None = None,
    ) -> bool:
        """Store a document and everything extracted from it, atomically.

        Args:
            document: The article.
            extraction: What the extractor found in it.
            extractor_version: The extractor's version, kept with the document and each item.
            reliability: Admiralty grade of the source, ``"A"`` to ``"F"``.
            publisher: Who published it.

        Returns:
            True when the document was added; False (and nothing written) when a document
            with the same text is already stored.

        Raises:
            ValueError: An argument is invalid (grade, NaN, wrong item type, empty version).
            StoreError: The database refused the write.
        """
        grade = reliability.strip().upper() if isinstance(reliability, str) else ""
        if grade not in RELIABILITY_GRADES:
            raise ValueError(f"reliability must be one of A-F, got {reliability!r}")
        if not isinstance(extractor_version, str) or not extractor_version.strip():
            raise ValueError("extractor_version must be a non-empty string")
        if not isinstance(document, Document):
            raise TypeError(f"document must be a Document, not {type(document).__name__}")
        batches = [(kind, _encode_items(kind, getattr(extraction, kind))) for kind in ITEM_KINDS]
        notes = [(n,) for n in extraction.notes]
        if not all(isinstance(n, str) for (n,) in notes):
            raise ValueError("extraction notes must be strings")
        ingested_at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        with self._using("ingest a document") as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                added = conn.execute(
                    "INSERT INTO documents (content_hash, text, url, date, title, path, publisher,"
                    " reliability, ingested_at, extractor_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                    " ON CONFLICT (content_hash) DO NOTHING RETURNING id",
                    (
                        document.content_hash,
                        document.text,
                        document.url,
                        document.date,
                        document.title,
                        document.path,
                        publisher,
                        grade,
                        ingested_at,
                        extractor_version,
                    ),
                ).fetchall()
                if not added:
                    conn.execute("ROLLBACK")
                    return False
                doc_id = int(added[0][0])
                for kind, rows in batches:
                    spec = _KINDS[kind]
                    conn.executemany(
                        _insert_sql(spec.table, spec.columns),
                        [(doc_id, seq, extractor_version, *row) for seq, row in enumerate(rows)],
                    )
                conn.executemany(
                    _insert_sql("notes", ("text",)),
                    [(doc_id, seq, extractor_version, *row) for seq, row in enumerate(notes)],
                )
                conn.execute("COMMIT")
            except OverflowError as exc:
                conn.execute("ROLLBACK")
                raise ValueError(f"a number is too large to store: {exc}") from exc
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
        return True

    def delete(self, key: int | str) -> bool:
        """Delete a document and (by cascade) all its items.

        Args:
            key: The document's id or content hash.

        Returns:
            True when a document was deleted, False when there was none.
        """
        with self._using("delete a document") as conn:
            doc_id = self._resolve(conn, key)
            if doc_id is None:
                return False
            conn.execute("DELETE FROM documents WHERE id = ?", (doc_id,))
            return True

    # -- reading ---------------------------------------------------------------------------------

    def documents(self) -> list[StoredDocument]:
        """Return every document, oldest ingest first."""
        with self._using("list documents") as conn:
            rows = conn.execute(f"SELECT {_DOC_COLUMNS} FROM documents ORDER BY id").fetchall()
        return [StoredDocument(*row) for row in rows]

    def get_document(self, key: int | str) -> StoredDocument | None:
        """Return a document's record.

        Args:
            key: Its id (an ``int`` or a string of digits) or its content hash.

        Returns:
            The record, or ``None`` when no document matches.
        """
        with self._using("read a document") as conn:
            doc_id = self._resolve(conn, key)
            if doc_id is None:
                return None
            row = conn.execute(f"SELECT {_DOC_COLUMNS} FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return StoredDocument(*row) if row else None

    def document(self, key: int | str) -> Document:
        """Return the :class:`Document` as ingested (text included).

        Args:
            key: Its id or content hash.

        Returns:
            The document, equal to the one ingested.

        Raises:
            DocumentNotFoundError: No document matches.
            StoreError: The stored text no longer matches its hash.
        """
        with self._using("read a document") as conn:
            doc_id = self._require(conn, key)
            text, url, date, title, path, digest = conn.execute(
                "SELECT text, url, date, title, path, content_hash FROM documents WHERE id = ?", (doc_id,)
            ).fetchone()
        doc = Document(text=text, url=url, date=date, title=title, path=path)
        if doc.content_hash != digest:
            raise StoreError(f"{self._path}: document {doc_id}: text does not match its content hash")
        return doc

    def items(self, key: int | str, kind: ItemKind) -> list[Item]:
        """Return a document's items of one kind, in extraction order.

        Args:
            key: The document's id or content hash.
            kind: Which items (an :class:`Extraction` field name, e.g. ``"claims"``).

        Returns:
            The items.

        Raises:
            ValueError: Unknown kind.
            DocumentNotFoundError: No document matches.
        """
        if kind not in _KINDS:
            raise ValueError(f"unknown item kind {kind!r}; expected one of {', '.join(ITEM_KINDS)}")
        with self._using("read items") as conn:
            doc_id = self._require(conn, key)
            return _read_items(conn, kind, doc_id)

    def extraction(self, key: int | str) -> Extraction:
        """Return everything extracted from a document, equal to the :class:`Extraction` ingested.

        Args:
            key: The document's id or content hash.

        Returns:
            The extraction.

        Raises:
            DocumentNotFoundError: No document matches.
        """
        with self._reading("read an extraction") as conn:
            doc_id = self._require(conn, key)
            parts: dict[str, Any] = {kind: tuple(_read_items(conn, kind, doc_id)) for kind in ITEM_KINDS}
            notes = conn.execute("SELECT text FROM notes WHERE document_id = ? ORDER BY seq", (doc_id,))
            parts["notes"] = tuple(n for (n,) in notes.fetchall())
        return Extraction(**parts)

    def claims(
        self, actor: str | None = None, issue: str | None = None, person: str | None = None
    ) -> list[StoredClaim]:
        """Return claims, with their documents, optionally for one actor, issue and/or person.

        Args:
            actor: Only this actor's claims.
            issue: Only claims on this issue.
            person: Only claims held by this person (a canonical id, ``ClaimItem.holder_id``).

        Returns:
            Claims ordered by document date (undated last), document id, then position.
        """
        cols = ", ".join(f'c."{c}"' for c in _KINDS["claims"].columns)
        sql = (
            f"SELECT {cols}, c.document_id, c.seq, d.url, d.date, d.title, d.publisher, d.reliability,"
            " d.content_hash"
            " FROM claims c JOIN documents d ON d.id = c.document_id"
            " WHERE (?1 IS NULL OR c.actor = ?1) AND (?2 IS NULL OR c.issue = ?2)"
            " AND (?3 IS NULL OR c.holder_id = ?3)"
            " ORDER BY d.date IS NULL, d.date, d.id, c.seq"
        )
        n = len(_KINDS["claims"].columns)
        with self._using("read claims") as conn:
            rows = conn.execute(sql, (actor, issue, person)).fetchall()
        return [StoredClaim(_decode("claims", row[:n]), *row[n:]) for row in rows]

    def conflicts(self) -> list[tuple[StoredClaim, StoredClaim]]:
        """Return pairs of claims that contradict each other across sources.

        Two claims conflict when they are about the same actor and the same issue, one has
        stance ``"support"`` and the other ``"oppose"`` (``"neutral"`` conflicts with
        nothing), they do not name different options of the issue (supporting option X and
        opposing option Y is consistent; a claim naming no option conflicts with any), and
        they come from different documents of different sources (see :func:`same_source`:
        neither the publishers nor the URL hosts match). A source changing its story over
        time is an update, not a conflict.

        Returns:
            Each conflicting pair once, earlier claim first (by document date, id,
            position); pairs ordered by actor, issue, then that same order.
        """
        groups: dict[tuple[str, str], list[StoredClaim]] = {}
        for sc in self.claims():
            if sc.claim.stance != "neutral":
                groups.setdefault((sc.claim.actor, sc.claim.issue), []).append(sc)
        out: list[tuple[StoredClaim, StoredClaim]] = []
        for key in sorted(groups):
            claims = groups[key]
            pairs: list[tuple[StoredClaim, StoredClaim]] = []
            for s in (c for c in claims if c.claim.stance == "support"):
                for o in (c for c in claims if c.claim.stance == "oppose"):
                    if s.document_id == o.document_id or same_source(s, o):
                        continue
                    if s.claim.option and o.claim.option and s.claim.option != o.claim.option:
                        continue
                    pairs.append((s, o) if _chrono(s) <= _chrono(o) else (o, s))
            pairs.sort(key=lambda p: (_chrono(p[0]), _chrono(p[1])))
            out.extend(pairs)
        return out

    def timeline(self, person: str | None = None) -> list[TimelineEntry]:
        """Return every dated thing: publication dates, dates in the texts, commitment deadlines.

        A mentioned date comes with its sentence (text between sentence ends, ``. ! ?`` then
        space, or line breaks; at most 400 characters each side of the date) and the canonical
        ids of the people named in that sentence; a deadline with the id of the person who
        commits, else of the people named in the commitment. Entries are sorted by date, then
        document id, then offset (a publication before the items of its document).

        Args:
            person: Only the entries naming this person (a canonical id); publications are
                then left out.

        Returns:
            The entries.
        """
        entries: list[TimelineEntry] = []
        with self._reading("read the timeline") as conn:
            named: dict[int, list[tuple[int, str]]] = {}
            for doc_id, spans, entity_id in conn.execute(
                "SELECT document_id, mentions, entity_id FROM people WHERE entity_id IS NOT NULL"
            ).fetchall():
                named.setdefault(doc_id, []).extend((int(a), entity_id) for a, _b in json.loads(spans))
            for spans_of_doc in named.values():
                spans_of_doc.sort()

            def people_in(doc_id: int, start: int, end: int) -> tuple[str, ...]:
                return tuple(dict.fromkeys(e for p, e in named.get(doc_id, ()) if start <= p < end))

            for doc_id, url, title, date in conn.execute(
                "SELECT id, url, title, date FROM documents WHERE date IS NOT NULL"
            ).fetchall():
                label = title or ""
                entries.append(
                    TimelineEntry(
                        date, "published", label, label, None, None, "day", None, doc_id, url, title
                    )
                )
            w = _CONTEXT_CHARS
            for row in conn.execute(
                'SELECT d.id, d.url, d.title, x.iso, x.text, x."start", x."end", x.granularity,'
                ' max(x."start" - ?1, 0), substr(d.text, max(x."start" - ?1, 0) + 1,'
                ' max(x."end", x."start") - max(x."start" - ?1, 0) + ?1)'
                " FROM dates x JOIN documents d ON d.id = x.document_id",
                (w,),
            ).fetchall():
                doc_id, url, title, iso, text, start, end, gran, w0, window = row
                left, right = _sentence_span(window or "", start - w0, max(end, start) - w0)
                context = (window or "")[left:right].strip()
                entries.append(
                    TimelineEntry(
                        iso,
                        "mentioned",
                        text,
                        context,
                        start,
                        end,
                        gran,
                        None,
                        doc_id,
                        url,
                        title,
                        people_in(doc_id, w0 + left, w0 + right),
                    )
                )
            for row in conn.execute(
                'SELECT d.id, d.url, d.title, c.due, c.text, c.deadline_text, c."start", c."end", c.actor,'
                " c.holder_id FROM commitments c JOIN documents d ON d.id = c.document_id"
                " WHERE c.due IS NOT NULL"
            ).fetchall():
                doc_id, url, title, due, text, deadline, start, end, actor, holder = row
                ids = people_in(doc_id, start, end)
                if holder is not None:
                    ids = (holder, *(i for i in ids if i != holder))
                entries.append(
                    TimelineEntry(
                        due, "due", deadline or text, text, start, end, "day", actor, doc_id, url, title, ids
                    )
                )
        if person is not None:
            entries = [e for e in entries if person in e.people]
        rank = {"published": 0, "mentioned": 1, "due": 2}
        entries.sort(key=lambda e: (e.date, e.document_id, -1 if e.start is None else e.start, rank[e.kind]))
        return entries

    def people(self) -> list[PersonSummary]:
        """Return every person in the store, most mentioned first (then by name).

        People are grouped by their canonical id, so "Zelensky" in one article and
        "Volodymyr Zelenskyy" in another are one person with summed counts.
        """
        from accord.evidence.entities import Registry, person_id

        registry = Registry.default()
        acc: dict[str, dict[str, Any]] = {}
        with self._reading("list people") as conn:
            rows = conn.execute(
                "SELECT p.entity_id, p.name, p.actor, p.mentions, p.document_id, d.date"
                " FROM people p JOIN documents d ON d.id = p.document_id ORDER BY p.document_id, p.seq"
            ).fetchall()
            quotes = conn.execute(
                "SELECT q.speaker_id, count(*), min(d.date), max(d.date) FROM quotes q"
                " JOIN documents d ON d.id = q.document_id WHERE q.speaker_id IS NOT NULL"
                " GROUP BY q.speaker_id"
            ).fetchall()
        for entity_id, name, actor, mentions, doc_id, date in rows:
            key = entity_id or person_id(name)
            a = acc.setdefault(key, {"names": {}, "actor": None, "docs": set(), "mentions": 0, "dates": []})
            a["names"][name] = a["names"].get(name, 0) + 1
            a["actor"] = a["actor"] or actor
            a["docs"].add(doc_id)
            a["mentions"] += max(1, len(json.loads(mentions)))
            if date:
                a["dates"].append(date)
        counts = {row[0]: row for row in quotes}
        out = []
        for key, a in acc.items():
            known = registry.get(key)
            name = (
                known.name if known is not None else max(a["names"].items(), key=lambda kv: (kv[1], kv[0]))[0]
            )
            n_quotes = int(counts[key][1]) if key in counts else 0
            dates = a["dates"] + [d for d in (counts[key][2:] if key in counts else ()) if d]
            out.append(
                PersonSummary(
                    key,
                    name,
                    a["actor"] or (known.actor if known is not None else None),
                    len(a["docs"]),
                    a["mentions"],
                    n_quotes,
                    min(dates) if dates else None,
                    max(dates) if dates else None,
                )
            )
        out.sort(key=lambda p: (-p.mentions, p.name.casefold(), p.entity_id))
        return out

    def stats(self) -> StoreStats:
        """Return counts over the whole store."""
        with self._reading("read statistics") as conn:
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            docs, first, last = conn.execute(
                "SELECT count(*), min(date), max(date) FROM documents"
            ).fetchone()
            items = {
                kind: int(conn.execute(f"SELECT count(*) FROM {spec.table}").fetchone()[0])
                for kind, spec in _KINDS.items()
            }
            grades = dict(
                conn.execute(
                    "SELECT reliability, count(*) FROM documents GROUP BY reliability ORDER BY 1"
                ).fetchall()
            )
            versions = dict(
                conn.execute(
                    "SELECT extractor_version, count(*) FROM documents GROUP BY extractor_version ORDER BY 1"
                ).fetchall()
            )
        return StoreStats(version, int(docs), items, grades, versions, first, last)

    def integrity_check(self) -> list[str]:
        """Run SQLite's full integrity check and the foreign-key check.

        Returns:
            The problems found; empty when the file is sound.

        Raises:
            StoreError: The file is too damaged to be checked at all.
        """
        with self._using("check integrity") as conn:
            problems = [str(r[0]) for r in conn.execute("PRAGMA integrity_check").fetchall()]
            problems = [p for p in problems if p != "ok"]
            problems += [
                f"foreign key: {tuple(r)}" for r in conn.execute("PRAGMA foreign_key_check").fetchall()
            ]
        return problems

    # -- internals -------------------------------------------------------------------------------

    @contextlib.contextmanager
    def _using(self, action: str) -> Iterator[sqlite3.Connection]:
        """Hold the lock, yield the connection, and turn sqlite3 errors into StoreError."""
        with self._lock:
            if self._connection is None:
                raise StoreError(f"{self._path}: cannot {action}: the store is closed")
            try:
                yield self._connection
            except sqlite3.Error as exc:
                raise StoreError(_describe(self._path, action, exc)) from exc

    @contextlib.contextmanager
    def _reading(self, action: str) -> Iterator[sqlite3.Connection]:
        """Like :meth:`_using`, inside one read transaction (a consistent snapshot)."""
        with self._using(action) as conn:
            conn.execute("BEGIN")
            try:
                yield conn
            finally:
                if conn.in_transaction:
                    conn.execute("COMMIT")

    def _resolve(self, conn: sqlite3.Connection, key: int | str) -> int | None:
        if isinstance(key, bool):
            raise TypeError("a document key is an id or a content hash, not a bool")
        value: int | str
        if isinstance(key, int):
            where, value = "id = ?", key
        elif isinstance(key, str) and key.strip().isdecimal() and len(key.strip()) < 64:
            where, value = "id = ?", int(key.strip())
        elif isinstance(key, str) and re.fullmatch(r"[0-9a-fA-F]{64}", key.strip()):
            where, value = "content_hash = ?", key.strip().lower()
        else:
            raise ValueError(f"a document key is an id or a 64-digit content hash, got {key!r}")
        try:
            row = conn.execute(f"SELECT id FROM documents WHERE {where}", (value,)).fetchone()
        except OverflowError:
            return None
        return int(row[0]) if row else None

    def _require(self, conn: sqlite3.Connection, key: int | str) -> int:
        doc_id = self._resolve(conn, key)
        if doc_id is None:
            raise DocumentNotFoundError(f"{self._path}: no document {key!r}")
        return doc_id


_DOC_COLUMNS: Final = (
    "id, content_hash, url, date, title, path, publisher, reliability, ingested_at, extractor_version"
)


def _insert_sql(table: str, columns: Sequence[str]) -> str:
    names = ", ".join(f'"{c}"' for c in columns)
    marks = ", ".join("?" * len(columns))
    return f"INSERT INTO {table} (document_id, seq, extractor_version, {names}) VALUES (?, ?, ?, {marks})"


def _encode_items(kind: ItemKind, items: Sequence[Any]) -> list[tuple[Any, ...]]:
    spec = _KINDS[kind]
    rows: list[tuple[Any, ...]] = []
    for item in items:
        if type(item) is not spec.cls:
            raise ValueError(f"Extraction.{kind} holds a {type(item).__name__}, expected {spec.cls.__name__}")
        row: list[Any] = []
        for col in spec.columns:
            value = getattr(item, col)
            if isinstance(value, float) and math.isnan(value):
                raise ValueError(f"cannot store NaN in {spec.cls.__name__}.{col}")
            if col in _BOOL_COLUMNS:
                value = int(bool(value))
            elif col == "mentions":
                value = json.dumps([[int(s), int(e)] for s, e in value])
            row.append(value)
        rows.append(tuple(row))
    return rows


def _decode(kind: ItemKind, row: Sequence[Any]) -> Any:
    spec = _KINDS[kind]
    values: dict[str, Any] = {}
    for col, value in zip(spec.columns, row, strict=True):
        if col in _BOOL_COLUMNS:
            value = bool(value)
        elif col == "mentions":
            value = tuple((int(s), int(e)) for s, e in json.loads(value))
        values[col] = value
    return spec.cls(**values)


def _read_items(conn: sqlite3.Connection, kind: ItemKind, doc_id: int) -> list[Any]:
    spec = _KINDS[kind]
    cols = ", ".join(f'"{c}"' for c in spec.columns)
    rows = conn.execute(f"SELECT {cols} FROM {spec.table} WHERE document_id = ? ORDER BY seq", (doc_id,))
    return [_decode(kind, row) for row in rows.fetchall()]


def _chrono(sc: StoredClaim) -> tuple[bool, str, int, int]:
    return (sc.date is None, sc.date or "", sc.document_id, sc.seq)


_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)\]]*\s+|\n\s*")


def _sentence_span(window: str, start: int, end: int) -> tuple[int, int]:
    """Return the span of the sentence of ``window`` containing ``window[start:end]`` (approximate)."""
    start = max(0, min(start, len(window)))
    end = max(start, min(end, len(window)))
    left = 0
    for m in _SENTENCE_END.finditer(window, 0, start):
        left = m.end()
    after = _SENTENCE_END.search(window, end)
    right = after.start() + len(after.group().rstrip()) if after else len(window)
    return left, right


def _migrate(conn: sqlite3.Connection, path: Path, migrations: Sequence[Migration]) -> None:
    """Bring the file up to ``len(migrations)`` in one transaction, or refuse it."""
    target = len(migrations)

    def check(version: int, app_id: int, tables: int) -> None:
        if version > target:
            raise StoreError(
                f"{path}: the evidence store has schema version {version}, newer than this accord"
                f" understands ({target}); upgrade accord to use it"
            )
        if version > 0 and app_id != APPLICATION_ID:
            raise StoreError(
                f"{path}: is an SQLite database of another program, not an accord evidence store"
            )
        if version == 0 and tables:
            raise StoreError(
                f"{path}: is an SQLite database with unversioned tables, not an accord evidence store"
            )

    def state() -> tuple[int, int, int]:
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        app_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
        tables = int(conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0])
        return version, app_id, tables

    version, app_id, tables = state()
    check(version, app_id, tables)
    if version == target:
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        version, app_id, tables = state()  # another process may have migrated meanwhile
        check(version, app_id, tables)
        for step in migrations[version:]:
            if callable(step):
                step(conn)
            else:
                for statement in step:
                    conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {int(target)}")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def _describe(path: Path, action: str, exc: sqlite3.Error) -> str:
    message = str(exc)
    if isinstance(exc, sqlite3.DatabaseError) and (
        "not a database" in message or "malformed" in message or "corrupt" in message
    ):
        return f"{path}: cannot {action}: not an SQLite database, or a damaged one ({message})"
    return f"{path}: cannot {action}: {message}"


def _check_kinds_match_types() -> None:
    """Fail at import if types.py gained or lost a field without a schema migration."""
    for kind, spec in _KINDS.items():
        names = tuple(f.name for f in fields(spec.cls))
        if sorted(names) != sorted(spec.columns):  # pragma: no cover - a developer error
            raise RuntimeError(f"evidence store columns for {kind} {spec.columns} do not match {names}")


_check_kinds_match_types()
