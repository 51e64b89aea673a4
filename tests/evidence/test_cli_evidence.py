"""accord extract / ingest / timeline / claims / suggest, end to end through the CLI."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from accord.cli import app

ENV = {"COLUMNS": "240", "NO_COLOR": "1", "TERM": "dumb", "ACCORD_NO_NLP": "1"}

TASS = """URL: https://tass.example/politics/1
DATE: 2025-08-13

The Kremlin on Wednesday rejected any deployment of European troops in Ukraine after a settlement.
"There will be no NATO soldiers in Ukraine," Kremlin spokesman Dmitry Peskov told reporters.
Talks on security guarantees are to be concluded by Friday, Peskov said.
"""

GUARDIAN = """URL: https://guardian.example/world/2
DATE: 2025-08-15

A Russian official said Moscow was ready to accept European troops in Ukraine as part of a deal, \
according to two people briefed on the talks.
Britain and France will send a reassurance force of 20,000 soldiers within six months, officials said.
"""


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(app, list(args), env={**ENV, **(env or {})})


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "tass.txt").write_text(TASS, encoding="utf-8")
    (folder / "guardian.txt").write_text(GUARDIAN, encoding="utf-8")
    (folder / "ignored.csv").write_text("not,an,article", encoding="utf-8")
    return folder


def test_extract_json(articles: Path) -> None:
    r = run("extract", str(articles / "tass.txt"), "--json", "--case", "ukraine-2025")
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert data["url"] == "https://tass.example/politics/1"
    assert data["date"] == "2025-08-13"
    body = TASS.split("\n\n", 1)[1]
    for quote in data["quotes"]:
        assert body[quote["start"] : quote["end"]] == quote["text"]
    assert data["quotes"][0]["speaker"] == "Dmitry Peskov"
    assert {"actor": "RUS", "issue": "foreign_troops", "stance": "oppose"}.items() <= data["claims"][
        0
    ].items()
    assert any(c["due"] == "2025-08-15" for c in data["commitments"])


def test_extract_date_option_and_tables(tmp_path: Path) -> None:
    f = tmp_path / "plain.txt"
    f.write_text("Talks will resume on Monday in Istanbul, Rustem Umerov said.", encoding="utf-8")
    r = run("extract", str(f), "--date", "2025-05-14", "--json")
    dates = json.loads(r.stdout)["dates"]
    assert dates[0]["iso"] == "2025-05-19"
    r = run("extract", str(f), "--date", "2025-05-14")
    assert r.exit_code == 0
    assert "Rustem Umerov" in r.stdout


@pytest.mark.parametrize(
    ("content", "needle"),
    [(b"\x00\x01\x02\x03binary" * 10, "binary"), (None, "cannot read")],
)
def test_extract_bad_input_is_a_clear_error(tmp_path: Path, content: bytes | None, needle: str) -> None:
    f = tmp_path / "bad.txt"
    if content is not None:
        f.write_bytes(content)
    r = run("extract", str(f))
    assert r.exit_code == 2
    assert needle in r.stderr
    assert "Traceback" not in r.output


def test_extract_empty_file_is_an_empty_result(tmp_path: Path) -> None:
    f = tmp_path / "empty.txt"
    f.write_bytes(b"")
    r = run("extract", str(f), "--json")
    assert r.exit_code == 0
    data = json.loads(r.stdout)
    assert data["actors"] == []
    assert data["claims"] == []


def test_extract_bad_date(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text("Putin spoke.", encoding="utf-8")
    r = run("extract", str(f), "--date", "yesterday")
    assert r.exit_code == 2
    assert "YYYY-MM-DD" in r.stderr


def test_ingest_is_idempotent_and_claims_conflict(articles: Path, tmp_path: Path) -> None:
    db = tmp_path / "ev.sqlite3"
    r = run("ingest", str(articles), "--db", str(db))
    assert r.exit_code == 0, r.output
    assert "2 ingested, 0 already present, 0 skipped" in r.stdout
    again = run("ingest", str(articles / "tass.txt"), "--db", str(db))
    assert "0 ingested, 1 already present" in again.stdout

    claims = json.loads(run("claims", "--db", str(db), "--actor", "RUS", "--json").stdout)
    assert claims
    assert all(c["actor"] == "RUS" for c in claims)
    pairs = json.loads(run("claims", "--db", str(db), "--conflicts", "--json").stdout)
    troops = [p for p in pairs if p[0]["issue"] == "foreign_troops"]
    assert troops, pairs
    a, b = troops[0]
    assert {a["stance"], b["stance"]} == {"support", "oppose"}
    assert {a["url"], b["url"]} == {"https://tass.example/politics/1", "https://guardian.example/world/2"}
    table = run("claims", "--db", str(db), "--conflicts")
    assert "reliability F" in table.stdout


def test_ingest_reports_bad_files_and_keeps_the_good(tmp_path: Path, articles: Path) -> None:
    (articles / "junk.txt").write_bytes(b"\x00\xff" * 500)
    db = tmp_path / "ev.sqlite3"
    r = run("ingest", str(articles), "--db", str(db), "--reliability", "B", "--publisher", "Wire")
    assert r.exit_code == 2
    assert "skipped:" in r.stderr
    assert "binary" in r.stderr
    assert "2 ingested" in r.stdout
    bad = run("ingest", str(articles), "--db", str(db), "--reliability", "Z")
    assert bad.exit_code == 2
    assert "reliability must be one of" in bad.stderr


def test_timeline_is_sorted_and_dated(articles: Path, tmp_path: Path) -> None:
    db = tmp_path / "ev.sqlite3"
    run("ingest", str(articles), "--db", str(db))
    entries = json.loads(run("timeline", "--db", str(db), "--json").stdout)
    dates = [e["date"] for e in entries]
    assert dates == sorted(dates)
    kinds = {e["kind"] for e in entries}
    assert {"published", "mentioned", "due"} <= kinds
    assert "2025-08-15" in dates
    assert run("timeline", "--db", str(db)).exit_code == 0


def test_suggest_is_a_diff_never_applied(articles: Path, tmp_path: Path) -> None:
    db = tmp_path / "ev.sqlite3"
    run("ingest", str(articles), "--db", str(db))
    case_file = tmp_path / "ukraine.yaml"
    original = resources.files("accord.cases").joinpath("ukraine-2025.yaml").read_text(encoding="utf-8")
    case_file.write_text(original, encoding="utf-8")
    r = run("suggest", str(case_file), "--db", str(db))
    assert r.exit_code == 0, r.output
    assert r.stdout.startswith("--- a/ukraine.yaml\n+++ b/ukraine.yaml\n")
    assert "+  - id: ev-" in r.stdout
    assert "+    source: ev-" in r.stdout
    assert "nothing was changed" in r.stderr
    assert case_file.read_text(encoding="utf-8") == original
    out = tmp_path / "proposed.yaml"
    w = run("suggest", str(case_file), "--db", str(db), "--write", str(out))
    assert w.exit_code == 0, w.output
    assert run("validate", str(out)).exit_code == 0
    refuse = run("suggest", str(case_file), "--db", str(db), "--write", str(case_file))
    assert refuse.exit_code == 2
    assert "not the case itself" in refuse.stderr
    exists = run("suggest", str(case_file), "--db", str(db), "--write", str(out))
    assert exists.exit_code == 2
    assert "never overwrites" in exists.stderr
    assert case_file.read_text(encoding="utf-8") == original


def test_suggest_with_empty_store(tmp_path: Path) -> None:
    r = run("suggest", "tutorial", "--db", str(tmp_path / "empty.sqlite3"))
    assert r.exit_code == 0
    assert r.stdout == ""
    assert "no changes to suggest" in r.stderr


def test_store_default_location_follows_env(tmp_path: Path, articles: Path) -> None:
    r = run("ingest", str(articles / "tass.txt"), env={"ACCORD_DATA_DIR": str(tmp_path / "data")})
    assert r.exit_code == 0, r.output
    assert (tmp_path / "data" / "evidence.sqlite3").exists()


def test_not_a_database_is_a_clear_error(tmp_path: Path) -> None:
    db = tmp_path / "fake.sqlite3"
    db.write_text("this is not sqlite", encoding="utf-8")
    r = run("claims", "--db", str(db))
    assert r.exit_code == 2
    assert "Traceback" not in r.output
