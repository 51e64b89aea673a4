"""The evidence store: round trips, idempotence, migrations, refusals, semantics, concurrency, kills."""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.errors import AccordError
from accord.evidence import store as store_module
from accord.evidence.document import Document, content_hash
from accord.evidence.store import (
    ITEM_KINDS,
    SCHEMA_VERSION,
    DocumentNotFoundError,
    EvidenceStore,
    StoreError,
    default_db_path,
    same_source,
    url_host,
)
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

# ---- strategies ------------------------------------------------------------------------------------

_text = st.text(max_size=12)
_opt_text = st.none() | _text
_int = st.integers(-(2**63), 2**63 - 1)
_float = st.floats(allow_nan=False)  # infinities included
_iso = st.dates().map(lambda d: d.isoformat())


def _tuples(strategy: st.SearchStrategy[object], n: int = 4) -> st.SearchStrategy[tuple[object, ...]]:
    return st.lists(strategy, max_size=n).map(tuple)


EXTRACTIONS = st.builds(
    Extraction,
    actors=_tuples(st.builds(ActorMention, actor=_text, text=_text, start=_int, end=_int)),
    people=_tuples(
        st.builds(
            Person,
            name=_text,
            start=_int,
            end=_int,
            mentions=_tuples(st.tuples(_int, _int), 3),
            actor=_opt_text,
        )
    ),
    quotes=_tuples(
        st.builds(
            Quote, speaker=_opt_text, text=_text, start=_int, end=_int, partial=st.booleans(), actor=_opt_text
        )
    ),
    numbers=_tuples(
        st.builds(
            NumberItem, text=_text, value=_float, unit=_text, start=_int, end=_int, high=st.none() | _float
        )
    ),
    dates=_tuples(
        st.builds(
            DateItem,
            text=_text,
            iso=_iso,
            start=_int,
            end=_int,
            granularity=st.sampled_from(["day", "week", "month", "year"]),
            relative=st.booleans(),
        )
    ),
    commitments=_tuples(
        st.builds(
            Commitment,
            text=_text,
            start=_int,
            end=_int,
            due=st.none() | _iso,
            actor=_opt_text,
            deadline_text=_opt_text,
        )
    ),
    claims=_tuples(
        st.builds(
            ClaimItem,
            actor=_text,
            issue=_text,
            stance=st.sampled_from(["support", "oppose", "neutral"]),
            text=_text,
            start=_int,
            end=_int,
            option=_opt_text,
            score=_float,
        )
    ),
    notes=_tuples(st.text(max_size=30), 3),
)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "sub" / "evidence.sqlite3"


@pytest.fixture
def store(db: Path) -> Iterator[EvidenceStore]:
    with EvidenceStore.open(db) as s:
        yield s


@pytest.fixture(scope="module")
def shared_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EvidenceStore]:
    with EvidenceStore.open(tmp_path_factory.mktemp("rt") / "rt.sqlite3") as s:
        yield s


def doc(text: str, url: str | None = None, date: str | None = None, title: str | None = None) -> Document:
    return Document.create(text, url=url, date=date, title=title)


# ---- document --------------------------------------------------------------------------------------


def test_document_hash_is_sha256_of_utf8_text_and_ignores_metadata() -> None:
    a = Document.create("Grüße", url="https://a.example/1", date="2025-08-15", title="T", path="/x")
    b = Document("Grüße")
    assert a.content_hash == b.content_hash == content_hash("Grüße")
    assert a.content_hash == hashlib.sha256("Grüße".encode()).hexdigest()
    assert "Grüße" not in repr(a)
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.text = "x"  # type: ignore[misc]


@pytest.mark.parametrize("bad", ["2025-13-01", "2025-02-30", "20250101", "2025-1-1", "yesterday"])
def test_document_rejects_bad_dates(bad: str) -> None:
    with pytest.raises(ValueError, match="date"):
        Document.create("x", date=bad)


# ---- round trips -----------------------------------------------------------------------------------

_counter = itertools.count()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    extraction=EXTRACTIONS,
    body=st.text(max_size=40),
    url=_opt_text,
    date=st.none() | _iso,
    title=_opt_text,
    version=st.text(min_size=1, max_size=8).filter(str.strip),
)
def test_round_trip_of_arbitrary_extractions(
    shared_store: EvidenceStore,
    extraction: Extraction,
    body: str,
    url: str | None,
    date: str | None,
    title: str | None,
    version: str,
) -> None:
    document = Document.create(f"{next(_counter)}:{body}", url=url, date=date, title=title, path="p")
    assert shared_store.ingest(document, extraction, version)
    stored = shared_store.get_document(document.content_hash)
    assert stored is not None
    assert stored.extractor_version == version
    assert stored.reliability == "F"
    assert shared_store.document(stored.id) == document
    assert shared_store.extraction(stored.id) == extraction
    assert shared_store.extraction(document.content_hash) == extraction
    for kind in ITEM_KINDS:
        assert shared_store.items(stored.id, kind) == list(getattr(extraction, kind))


def test_item_columns_follow_the_types() -> None:
    for spec in store_module._KINDS.values():
        assert spec.columns == tuple(f.name for f in dataclasses.fields(spec.cls))


def test_reingest_is_a_no_op(store: EvidenceStore) -> None:
    ex = Extraction(claims=(ClaimItem("ru", "ceasefire", "support", "s", 0, 1),))
    assert store.ingest(doc("same text", url="https://a.example/1"), ex, "v1", reliability="B")
    before = store.documents()
    assert not store.ingest(doc("same text", url="https://b.example/2"), Extraction(), "v2", publisher="X")
    assert store.documents() == before
    assert store.extraction(before[0].id) == ex
    assert store.stats().items["claims"] == 1


def test_failed_ingest_writes_nothing(store: EvidenceStore) -> None:
    bad = Extraction(
        actors=(ActorMention("ru", "Russia", 0, 6),),
        claims=(ClaimItem("ru", "i", "maybe", "s", 0, 1),),  # type: ignore[arg-type]
    )
    with pytest.raises(StoreError):
        store.ingest(doc("text"), bad, "v1")
    assert store.documents() == []
    assert store.stats().items["actors"] == 0
    assert store.ingest(doc("text"), Extraction(), "v1")


@pytest.mark.parametrize(
    ("kwargs", "extraction"),
    [
        ({"reliability": "G"}, Extraction()),
        ({}, Extraction(numbers=(NumberItem("x", float("nan"), "", 0, 1),))),
        ({}, Extraction(claims=(ActorMention("ru", "x", 0, 1),))),  # type: ignore[arg-type]
    ],
)
def test_invalid_arguments_are_value_errors(
    store: EvidenceStore, kwargs: dict[str, str], extraction: Extraction
) -> None:
    with pytest.raises(ValueError):  # noqa: PT011
        store.ingest(doc("t"), extraction, "v1", **kwargs)
    assert store.documents() == []


def test_lookup_delete_and_cascade(store: EvidenceStore) -> None:
    d = doc("body", url="https://x.example/a", date="2025-01-02", title="Title")
    ex = Extraction(actors=(ActorMention("ru", "b", 0, 1),), notes=("n1",))
    store.ingest(d, ex, "v1", reliability="a", publisher="Pub")
    (row,) = store.documents()
    assert row.reliability == "A"
    assert row.publisher == "Pub"
    assert store.get_document(row.id) == row
    assert store.get_document(str(row.id)) == row
    assert store.get_document(d.content_hash.upper()) == row
    assert store.get_document(row.id + 1) is None
    with pytest.raises(DocumentNotFoundError):
        store.extraction(row.id + 1)
    with pytest.raises(ValueError, match="key"):
        store.get_document("nonsense")
    assert store.delete(d.content_hash)
    assert not store.delete(d.content_hash)
    assert store.stats().items == dict.fromkeys(ITEM_KINDS, 0)
    conn = sqlite3.connect(store.path)
    assert conn.execute("SELECT count(*) FROM notes").fetchone() == (0,)
    conn.close()


def test_closed_store_refuses_politely(db: Path) -> None:
    s = EvidenceStore.open(db)
    s.close()
    s.close()
    with pytest.raises(StoreError, match="closed"):
        s.documents()


def test_default_db_path(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("ACCORD_DATA_DIR", str(tmp_path / "data"))
    assert default_db_path() == tmp_path / "data" / "evidence.sqlite3"
    monkeypatch.delenv("ACCORD_DATA_DIR")
    assert default_db_path().name == "evidence.sqlite3"
    assert "accord" in str(default_db_path())


def test_connection_settings(store: EvidenceStore) -> None:
    conn = store._connection
    assert conn is not None
    assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert conn.execute("PRAGMA foreign_keys").fetchone() == (1,)
    assert conn.execute("PRAGMA synchronous").fetchone() == (1,)  # NORMAL
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] > 0
    assert store.schema_version == SCHEMA_VERSION
    assert store.integrity_check() == []


# ---- migrations and refusals -----------------------------------------------------------------------


def test_empty_file_is_migrated(db: Path) -> None:
    db.parent.mkdir(parents=True)
    db.write_bytes(b"")
    with EvidenceStore.open(db) as s:
        assert s.schema_version == SCHEMA_VERSION
        assert s.documents() == []


def _hand_built_v1(db: Path) -> None:
    db.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(db)
    for statement in store_module._V1:
        conn.execute(statement)
    conn.execute("PRAGMA user_version = 1")
    conn.execute(
        "INSERT INTO documents (content_hash, text, url, date, title, path, publisher, ingested_at,"
        " extractor_version) VALUES (?, 'old text', 'https://old.example/', '2024-05-01', 'Old', NULL, NULL,"
        " '2024-05-01T00:00:00+00:00', 'v0')",
        (content_hash("old text"),),
    )
    conn.execute(
        'INSERT INTO claims (document_id, seq, extractor_version, "start", "end", actor, issue, stance,'
        " text, option, score) VALUES (1, 0, 'v0', 0, 3, 'ru', 'i', 'oppose', 'old', NULL, 0.5)"
    )
    conn.commit()
    conn.close()


def test_hand_built_version_1_store_opens_and_reads(db: Path) -> None:
    _hand_built_v1(db)
    with EvidenceStore.open(db) as s:
        (row,) = s.documents()
        assert row.reliability == "F"
        assert s.extraction(row.id).claims == (ClaimItem("ru", "i", "oppose", "old", 0, 3, None, 0.5),)


def test_older_store_is_migrated_step_by_step(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _hand_built_v1(db)
    v2 = ("ALTER TABLE documents ADD COLUMN language TEXT", "UPDATE documents SET language = 'en'")
    monkeypatch.setattr(store_module, "MIGRATIONS", [store_module._V1, v2])
    with EvidenceStore.open(db) as s:
        assert s.schema_version == 2
        assert len(s.documents()) == 1
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT language FROM documents").fetchall() == [("en",)]
    conn.close()


def test_failed_migration_leaves_the_file_untouched(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _hand_built_v1(db)

    def broken(conn: sqlite3.Connection) -> None:
        conn.execute("ALTER TABLE documents ADD COLUMN half_done TEXT")
        conn.execute("this is not SQL")

    monkeypatch.setattr(store_module, "MIGRATIONS", [store_module._V1, broken])
    with pytest.raises(StoreError, match="open"):
        EvidenceStore.open(db)
    monkeypatch.undo()
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA user_version").fetchone() == (1,)
    columns = [r[1] for r in conn.execute("PRAGMA table_info(documents)")]
    conn.close()
    assert "half_done" not in columns


def test_newer_store_is_refused(db: Path) -> None:
    EvidenceStore.open(db).close()
    conn = sqlite3.connect(db)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.close()
    with pytest.raises(StoreError, match="newer") as info:
        EvidenceStore.open(db)
    assert isinstance(info.value, AccordError)


def test_text_file_is_refused(db: Path) -> None:
    db.parent.mkdir(parents=True)
    db.write_text("URL: https://example.com\n\nThis is an article, not a database.\n" * 50)
    with pytest.raises(StoreError, match="not an SQLite database"):
        EvidenceStore.open(db)
    assert db.read_text().startswith("URL:")  # left as it was


def test_foreign_sqlite_database_is_refused(db: Path) -> None:
    db.parent.mkdir(parents=True)
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="not an accord evidence store"):
        EvidenceStore.open(db)
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA user_version = 1")
    conn.close()
    with pytest.raises(StoreError, match="another program"):
        EvidenceStore.open(db)


def test_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="folder"):
        EvidenceStore.open(tmp_path)


def test_damaged_store_raises_store_error(db: Path) -> None:
    with EvidenceStore.open(db) as s:
        for i in range(30):
            s.ingest(doc(f"doc {i} " * 200), Extraction(actors=(ActorMention("ru", "x", 0, 1),) * 50), "v1")
    data = bytearray(db.read_bytes())
    half = len(data) // 2  # the schema and the tables' root pages are in the first pages
    data[half:] = b"\xa5" * (len(data) - half)
    db.write_bytes(bytes(data))
    with EvidenceStore.open(db) as s:
        with pytest.raises(StoreError, match="damaged"):
            s.documents()
        with pytest.raises(StoreError, match="damaged"):
            s.stats()


# ---- semantics -------------------------------------------------------------------------------------


def _claim(stance: str, option: str | None = None, actor: str = "ru", issue: str = "ceasefire") -> Extraction:
    return Extraction(claims=(ClaimItem(actor, issue, stance, f"{actor} {stance}", 0, 5, option),))  # type: ignore[arg-type]


def test_url_host_and_same_source() -> None:
    assert url_host("https://www.Reuters.com:443/world/x") == "reuters.com"
    assert url_host("reuters.com/a") == "reuters.com"
    assert url_host(None) is None
    assert url_host("") is None
    row = store_module.StoredDocument

    def d(url: str | None, pub: str | None) -> store_module.StoredDocument:
        return row(1, "h", url, None, None, None, pub, "F", "t", "v")

    assert same_source(d("https://reuters.com/a", None), d("http://www.reuters.com/b", None))
    assert same_source(d("https://a.example/", "Reuters"), d("https://b.example/", " reuters "))
    assert not same_source(d("https://reuters.com/a", "Reuters"), d("https://bbc.co.uk/a", "BBC"))
    assert not same_source(d(None, None), d(None, None))
    assert not same_source(d("https://edition.cnn.com/", None), d("https://cnn.com/", None))


def test_conflicts(store: EvidenceStore) -> None:
    ingest = store.ingest
    ingest(doc("a", "https://www.reuters.com/1", "2025-03-02"), _claim("support"), "v")
    ingest(doc("b", "https://reuters.com/2", "2025-03-01"), _claim("oppose"), "v")  # same host as a
    ingest(doc("c", "https://bbc.co.uk/3", "2025-03-03"), _claim("oppose"), "v")
    ingest(doc("d", "https://ap.org/4", "2025-03-04"), _claim("neutral"), "v")  # neutral: never
    ingest(doc("e", "https://dw.com/5", "2025-03-05"), _claim("oppose", issue="sanctions"), "v")  # alone
    ingest(doc("f", "https://x.example/6", "2025-03-06"), _claim("support", actor="ua"), "v")  # alone
    ingest(doc("g", "https://lemonde.fr/7", "2025-02-01"), _claim("oppose", option="o2"), "v")
    ingest(doc("h", "https://y.example/8"), _claim("support", option="o1"), "v")  # o1 vs g's o2: none
    # Publisher "BBC" on afp.com vs c (bbc.co.uk, no publisher): publishers are compared with
    # publishers and hosts with hosts, so these count as different sources.
    ingest(doc("i", "https://afp.com/9", "2025-03-01"), _claim("support", option="o2"), "v", publisher="BBC")
    both = Extraction(claims=(*_claim("support").claims, *_claim("oppose").claims))  # never with itself
    ingest(doc("j", "https://z.example/10"), both, "v")
    ingest(doc("k", "https://l.example/11", "2025-03-01"), _claim("oppose"), "v", publisher="bbc")  # = i

    letter = {f"{r.url}": t for r, t in zip(store.documents(), "abcdefghijk", strict=True)}
    got = ["".join(letter[str(x.url)] for x in pair) for pair in store.conflicts()]
    # each pair earlier-first; pairs ordered by their first, then second claim (date, id, position)
    assert got == [
        "gi",
        "ga",
        "gj",
        "bi",
        "bh",
        "bj",
        "ic",
        "ij",
        "ka",
        "kh",
        "kj",
        "ac",
        "aj",
        "ch",
        "cj",
        "hj",
    ]
    for a, b in store.conflicts():
        assert (a.claim.actor, a.claim.issue) == (b.claim.actor, b.claim.issue) == ("ru", "ceasefire")
        assert {a.claim.stance, b.claim.stance} == {"support", "oppose"}


def test_claims_filters(store: EvidenceStore) -> None:
    store.ingest(doc("a", date="2025-01-02"), _claim("support"), "v", reliability="B", publisher="P")
    store.ingest(doc("b", date="2025-01-01"), _claim("oppose", actor="ua"), "v")
    store.ingest(doc("c"), _claim("oppose", issue="sanctions"), "v")
    assert [c.claim.actor for c in store.claims()] == ["ua", "ru", "ru"]
    (only,) = store.claims(actor="ru", issue="ceasefire")
    assert (only.reliability, only.publisher, only.date) == ("B", "P", "2025-01-02")
    assert [c.claim.issue for c in store.claims(issue="sanctions")] == ["sanctions"]


def test_timeline(store: EvidenceStore) -> None:
    text = "Talks began on Monday. The ceasefire starts on August 15 at noon! Officials said more.\nNew line."
    s = text.index("August 15")
    dates = (DateItem("August 15", "2025-08-15", s, s + 9), DateItem("Monday", "2025-08-04", 15, 21))
    c_start = text.index("Officials")
    commitment = Commitment("Officials said more.", c_start, c_start + 20, "2025-08-10", "ru", "by the 10th")
    no_due = Commitment("x", 0, 1)
    store.ingest(
        doc(text, "https://e.example/a", "2025-08-05", "Ceasefire"),
        Extraction(dates=dates, commitments=(commitment, no_due)),
        "v",
    )
    store.ingest(doc("undated", None, None, "No date"), Extraction(), "v")
    entries = store.timeline()
    assert [(e.date, e.kind) for e in entries] == [
        ("2025-08-04", "mentioned"),
        ("2025-08-05", "published"),
        ("2025-08-10", "due"),
        ("2025-08-15", "mentioned"),
    ]
    monday, published, due, august = entries
    assert monday.context == "Talks began on Monday."
    assert (monday.start, monday.end, monday.text) == (15, 21, "Monday")
    assert august.context == "The ceasefire starts on August 15 at noon!"
    assert text[august.start or 0 : august.end or 0] == "August 15"
    assert (published.text, published.start, published.url, published.title) == (
        "Ceasefire",
        None,
        "https://e.example/a",
        "Ceasefire",
    )
    assert (due.text, due.context, due.actor) == ("by the 10th", "Officials said more.", "ru")
    assert all(e.title == "Ceasefire" for e in entries)


def test_stats(store: EvidenceStore) -> None:
    store.ingest(doc("a", date="2025-01-02"), _claim("support"), "v1", reliability="B")
    store.ingest(doc("b", date="2024-12-31"), Extraction(actors=(ActorMention("x", "y", 0, 1),) * 3), "v2")
    st_ = store.stats()
    assert st_.documents == 2
    assert st_.items["claims"] == 1
    assert st_.items["actors"] == 3
    assert st_.reliability == {"B": 1, "F": 1}
    assert st_.extractor_versions == {"v1": 1, "v2": 1}
    assert (st_.first_date, st_.last_date) == ("2024-12-31", "2025-01-02")
    assert st_.schema_version == SCHEMA_VERSION


# ---- processes -------------------------------------------------------------------------------------

WORKER = textwrap.dedent(
    """
    import sys
    from accord.evidence.document import Document
    from accord.evidence.store import EvidenceStore
    from accord.evidence.types import ActorMention, ClaimItem, DateItem, Extraction

    path, tag, per_doc, count, wait = sys.argv[1:]
    per_doc, count = int(per_doc), int(count)

    def extraction(n):
        a, c = n // 2, n // 4
        return Extraction(
            actors=tuple(ActorMention("a%d" % (i % 7), "Actor", i, i + 5) for i in range(a)),
            claims=tuple(ClaimItem("a1", "i1", "support", "s%d" % i, i, i + 9) for i in range(c)),
            dates=tuple(DateItem("d", "2025-01-01", i, i + 1) for i in range(n - a - c)),
        )

    def trace(sql):  # report when the transaction starts and when COMMIT is issued
        if sql.startswith(("BEGIN", "COMMIT", "ROLLBACK")):
            print("sql", sql.split()[0], flush=True)

    sizes = [per_doc + 37 * k for k in range(5)]
    extractions = [extraction(n) for n in sizes]
    with EvidenceStore.open(path) as store:
        print("ready", flush=True)
        if wait == "wait":
            sys.stdin.readline()
        store._connection.set_trace_callback(trace)
        for i in range(count):
            n = sizes[i % 5]
            document = Document.create(f"{tag} document {i}", title=f"items={n}")
            print("begin", i, flush=True)
            assert store.ingest(document, extractions[i % 5], "proc-test")
            print("commit", i, flush=True)
    """
)


def _spawn(db: Path, tag: str, per_doc: int, count: int, wait: bool = False) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(
        [sys.executable, "-c", WORKER, str(db), tag, str(per_doc), str(count), "wait" if wait else "go"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        bufsize=0,  # unbuffered: readline below must not swallow output that communicate() should see
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    if line != b"ready\n":
        proc.kill()
        _, err = proc.communicate()
        pytest.fail(f"worker did not start: {line!r} {err.decode()}")
    return proc


def _check_store(db: Path) -> dict[str, int]:
    """Every document has exactly the items its title promises, and the file is sound.

    Returns:
        The number of items of every document present, by text.
    """
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        counts: dict[int, int] = {}
        for table in ("actor_mentions", "claims", "dates"):
            for doc_id, n in conn.execute(f"SELECT document_id, count(*) FROM {table} GROUP BY document_id"):
                counts[doc_id] = counts.get(doc_id, 0) + n
        present: dict[str, int] = {}
        for doc_id, title, text in conn.execute("SELECT id, title, text FROM documents"):
            expected = int(title.removeprefix("items="))
            assert counts.get(doc_id, 0) == expected, (text, counts.get(doc_id), expected)
            present[text] = expected
        assert set(counts) <= {i for (i,) in conn.execute("SELECT id FROM documents")}
    finally:
        conn.close()
    with EvidenceStore.open(db) as s:  # and the store itself opens and agrees
        assert s.integrity_check() == []
    return present


def test_two_processes_ingest_at_once(db: Path) -> None:
    procs = [_spawn(db, tag, 400, 40, wait=True) for tag in ("left", "right")]
    for p in procs:
        assert p.stdin is not None
        p.stdin.write(b"go\n")
        p.stdin.flush()
    for p in procs:
        _, err = p.communicate(timeout=60)
        assert p.returncode == 0, err.decode()
    present = _check_store(db)
    assert len(present) == 80
    assert {t.split()[0] for t in present} == {"left", "right"}


def test_kill_during_ingest_leaves_whole_documents(db: Path) -> None:
    """SIGKILL a writer at random moments; every document present must be complete.

    Each worker ingests documents of 2,000-2,148 items (~10 ms a transaction) until killed
    0.05-0.5 s after it opened the store. Its output says where the kill landed: before the
    transaction, inside it (after BEGIN, before COMMIT was issued), during COMMIT, or after.
    At least five rounds, and more until at least four kills landed inside a transaction.
    """
    rng = random.Random(20250815)
    phases: list[str] = []
    present: dict[str, int] = {}
    for round_ in range(10):
        if round_ >= 5 and phases.count("inside") >= 4:
            break
        proc = _spawn(db, f"round{round_}", 2000, 100_000)
        time.sleep(rng.uniform(0.05, 0.5))
        os.kill(proc.pid, signal.SIGKILL)
        out, _ = proc.communicate(timeout=30)
        assert proc.returncode == -signal.SIGKILL
        lines = out.decode().splitlines()
        committed = sum(1 for line in lines if line.startswith("commit "))
        last = lines[-1]
        phase = {"sql BEGIN": "inside", "sql COMMIT": "committing"}.get(last, "between")
        phases.append(phase)
        print(f"kill {round_}: {phase} (last line {last!r}, {committed} committed)")
        present = _check_store(db)
        mine = sum(1 for text in present if text.startswith(f"round{round_} "))
        if phase == "inside":  # killed inside the transaction: that document must be absent
            assert mine == committed, (round_, last)
        elif phase == "committing":  # killed while committing: in or out, but whole (checked above)
            assert committed <= mine <= committed + 1, (round_, last)
        else:  # killed between documents (or before BEGIN, after the ready line was read)
            assert mine == committed, (round_, last)
    assert phases.count("inside") >= 4, phases
    assert len(present) > 10
