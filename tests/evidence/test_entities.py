"""Canonical people, role resolution, attribution with a parse, boilerplate and `accord people`."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from accord.cli import app
from accord.evidence import store as store_module
from accord.evidence.actors import find_actors
from accord.evidence.boilerplate import blank, boilerplate_spans
from accord.evidence.document import Document, content_hash
from accord.evidence.entities import Registry, normalise_title, person_id
from accord.evidence.extract import EXTRACTOR_VERSION, extract_text
from accord.evidence.gazetteer import Gazetteer
from accord.evidence.nlp import load_parser
from accord.evidence.people import find_people
from accord.evidence.quotes import find_quotes
from accord.evidence.sentences import split_sentences
from accord.evidence.store import EvidenceStore

ENV = {"COLUMNS": "240", "NO_COLOR": "1", "TERM": "dumb", "ACCORD_NO_NLP": "1"}

ARTICLE_A = (
    "President Volodymyr Zelenskyy met envoys in Kyiv. Zelenskyy said talks were hard.\n"
    '"We will not give up land," Zelenskyy told reporters.'
)
ARTICLE_B = "Zelenskyj flew to Berlin on Monday. Whitkoff and Zelenskyj met there."


def _quotes(text: str, date: str | None, parser: object | None = None) -> list[tuple[str | None, str | None]]:
    sentences = split_sentences(text)
    gz = Gazetteer.default()
    people = find_people(text, sentences, gz, None)
    actors = find_actors(text, gz)
    return [
        (q.speaker, q.speaker_id)
        for q in find_quotes(text, sentences, people, actors, date=date, parser=parser)
    ]


# ---- registry ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "entity"),
    [
        ("Zelensky", "volodymyr-zelensky"),
        ("Zelenskyy", "volodymyr-zelensky"),
        ("Zelenskiy", "volodymyr-zelensky"),
        ("Volodymyr Zelenskyj", "volodymyr-zelensky"),
        ("Whitkoff", "steve-witkoff"),
        ("Steven Witkoff", "steve-witkoff"),
        ("Peskov's", "dmitry-peskov"),
        ("Viktor Orban", "viktor-orban"),
        ("Andriy Sybiha", "andrii-sybiha"),
    ],
)
def test_spellings_resolve_to_one_entity(name: str, entity: str) -> None:
    ent = Registry.default().resolve(name)
    assert ent is not None
    assert ent.id == entity


def test_unknown_and_ambiguous_names() -> None:
    reg = Registry.default()
    assert reg.resolve("Melania Trump") is None  # the surname is known, the given name is not Donald
    assert reg.resolve("Costa") is None  # an ambiguous surname alone
    assert reg.id_for("Jean-Noël Barraud") == person_id("Jean-Noel Barraud") == "person:jean-noel-barraud"


def test_role_holders_depend_on_the_date() -> None:
    reg = Registry.default()
    assert [e.id for e in reg.role_holders("chief of staff", "UKR", "2025-06-01")] == ["andriy-yermak"]
    assert [e.id for e in reg.role_holders("chief of staff", "UKR", "2026-02-01")] == ["kyrylo-budanov"]
    assert normalise_title("the Kremlin's press secretary") == "spokesman"
    assert normalise_title("the Head of State") == "president"
    assert normalise_title("the talks") is None
    # "the head of" a ministry or delegation holds its title; the ministry alone is an institution
    assert normalise_title("the head of Ukraine\u2019s Foreign Ministry") == "foreign minister"
    assert normalise_title("The head of Russia's delegation") == "chief negotiator"
    assert normalise_title("the head of the presidential office") == "chief of staff"
    assert normalise_title("the Russian Foreign Ministry") is None
    assert [e.id for e in reg.role_holders("foreign minister", "CHN", "2026-02-14")] == ["wang-yi"]
    assert reg.role_holders("foreign minister", "CHN", "2023-03-01") == []  # Qin Gang (not listed)


def test_data_file_is_consistent() -> None:
    ids = [e.id for e in Registry.default().entities]
    assert len(ids) == len(set(ids))
    for ent in Registry.default().entities:
        for role in ent.roles:
            assert role.start is None or role.end is None or role.start <= role.end, ent.id


# ---- people --------------------------------------------------------------------------------------


def test_surname_only_is_completed_and_typed_spelling_linked() -> None:
    text = "Whitkoff arrived in Moscow. Putin received Whitkoff at the Kremlin."
    people = {p.name: p for p in find_people(text, split_sentences(text), Gazetteer.default(), None)}
    assert people["Steve Whitkoff"].entity_id == "steve-witkoff"
    assert len(people["Steve Whitkoff"].mentions) == 2
    assert people["Vladimir Putin"].entity_id == "vladimir-putin"


def test_a_surname_goes_to_the_one_person_of_the_article() -> None:
    text = "Olena Kovalenko, an analyst, spoke on Monday. Kovalenko said the front was stable."
    (person,) = find_people(text, split_sentences(text), Gazetteer.default(), None)
    assert person.name == "Olena Kovalenko"
    assert len(person.mentions) == 2
    assert person.entity_id == "person:olena-kovalenko"


def test_variants_across_two_articles_are_one_person_in_the_store(tmp_path: Path) -> None:
    with EvidenceStore.open(tmp_path / "e.sqlite3") as store:
        for text, date in ((ARTICLE_A, "2025-12-01"), (ARTICLE_B, "2025-12-08")):
            store.ingest(Document(text, date=date), extract_text(text, date, nlp=None), EXTRACTOR_VERSION)
        people = {p.entity_id: p for p in store.people()}
    zel = people["volodymyr-zelensky"]
    assert zel.name == "Volodymyr Zelensky"
    assert (zel.documents, zel.mentions, zel.quotes) == (2, 5, 1)
    assert (zel.first_date, zel.last_date) == ("2025-12-01", "2025-12-08")
    assert people["steve-witkoff"].mentions == 1


# ---- attribution ---------------------------------------------------------------------------------


def test_institution_speaks_when_no_person_does() -> None:
    assert _quotes('"There is no deal yet," the Kremlin said on Monday.', "2026-02-09") == [("Kremlin", None)]


def test_standalone_quote_takes_the_previous_sentence_speaker() -> None:
    text = 'The situation is critical, Dmitry Peskov also said.\n"Russia is aware of this."'
    assert _quotes(text, "2026-02-09") == [("Dmitry Peskov", "dmitry-peskov")]


@pytest.fixture(scope="module")
def parser() -> object:
    model = load_parser()
    if model is None:
        pytest.skip("spaCy model not installed")
    return model


def test_named_person_wins_over_institution_in_one_attribution(parser: object) -> None:
    text = (
        "Pete Hegseth visited Kyiv. "
        'The Pentagon chief, Defense Secretary Pete Hegseth, expressed hope, stating that "peace is near".'
    )
    assert _quotes(text, "2025-12-01", parser) == [("Pete Hegseth", "pete-hegseth")]


def test_role_phrase_resolves_to_the_role_holder(parser: object) -> None:
    text = 'The talks went on. "Work continues," the Kremlin spokesman told reporters on Monday.'
    assert _quotes(text, "2026-02-09", parser) == [("Dmitry Peskov", "dmitry-peskov")]
    text = 'Zelensky met Merz. "We are ready for dialogue," the Ukrainian president said in Berlin.'
    assert _quotes(text, "2025-12-14", parser) == [("Volodymyr Zelensky", "volodymyr-zelensky")]


def test_a_former_role_is_held_by_a_person_the_article_names(parser: object) -> None:
    text = (
        "Antonio Costa chaired the summit in Brussels.\n"
        '"We have an agreement," said the former Portuguese prime minister after 16 hours of talks.'
    )
    assert _quotes(text, "2025-12-19", parser) == [("Antonio Costa", "antonio-costa")]
    # a role someone holds now is not "former": nobody named here held the French presidency before
    text = 'Macron spoke in Paris.\n"We are ready," said the former French president on Monday.'
    assert _quotes(text, "2025-12-19", parser)[0][1] != "emmanuel-macron"


def test_the_head_of_military_intelligence_holds_its_title(parser: object) -> None:
    text = (
        "Kirill Budanov gave an interview to TSN.\n"
        '"As of now, Russia has not yet agreed to this," the former head of the GUR replied.'
    )
    assert _quotes(text, "2026-01-22", parser) == [("Kirill Budanov", "kyrylo-budanov")]


def test_an_outlet_quoting_someone_as_saying_is_not_the_speaker(parser: object) -> None:
    text = (
        "Presidential aide Yuri Ushakov briefed reporters after Putin met Witkoff.\n"
        '"Russia will not disclose details of the negotiations," TASS quoted Putin\u2019s aide as saying.'
    )
    assert _quotes(text, "2025-12-03", parser) == [("Yuri Ushakov", "yuri-ushakov")]


def test_generic_titles_of_organisations_and_british_usage(parser: object) -> None:
    text = (
        "Kaja Kallas spoke in Brussels.\n"
        '"I think it is important that they are on board," the EU\u2019s top diplomat stressed.'
    )
    assert _quotes(text, "2025-12-10", parser) == [("Kaja Kallas", "kaja-kallas")]
    text = 'Sir Keir Starmer hosted the talks.\n"It needs to be just," the PM said.'
    assert _quotes(text, "2025-12-08", parser) == [("Keir Starmer", "keir-starmer")]
    text = 'Sir Keir Starmer hosted the talks. Before they began, Sir Keir said Putin would "respect" a deal.'
    assert _quotes(text, "2025-12-08", parser) == [("Keir Starmer", "keir-starmer")]


def test_according_to_her_and_he_believes(parser: object) -> None:
    text = (
        "Kaja Kallas spoke to Politico.\n"
        'According to her, the reparations loan is becoming "increasingly difficult."'
    )
    assert _quotes(text, "2025-12-10", parser) == [("Kaja Kallas", "kaja-kallas")]
    text = 'Keith Kellogg spoke on Sunday. He believes that the rest "will fall into place."'
    assert _quotes(text, "2025-12-07", parser) == [("Keith Kellogg", "keith-kellogg")]


def test_relative_clause_speaker(parser: object) -> None:
    text = 'The swap was announced by US envoy Steve Witkoff, who said talks were "detailed and productive".'
    assert _quotes(text, "2026-02-05", parser) == [("Steve Witkoff", "steve-witkoff")]


# ---- boilerplate ---------------------------------------------------------------------------------

PAGE = (
    "Advertisement\n"
    "Peskov spoke on Monday. (Photo by Jane Roe / POOL / AFP via Getty Images)\n"
    "Share on Facebook\n"
    "Read more: Talks in Geneva\n"
    "The delegation of 12 officials arrived on Tuesday.\n"
)


def test_boilerplate_is_blanked_and_offsets_kept() -> None:
    spans = boilerplate_spans(PAGE)
    cleaned = blank(PAGE, spans)
    assert len(cleaned) == len(PAGE)
    assert cleaned.count("\n") == PAGE.count("\n")
    for word in ("Advertisement", "Getty", "Facebook", "Read more"):
        assert word not in cleaned
    assert "Peskov spoke on Monday." in cleaned
    ex = extract_text(PAGE, "2026-02-10", nlp=None)
    assert [n.text for n in ex.numbers] == ["12 officials"]
    for item in (*ex.numbers, *ex.dates):
        assert PAGE[item.start : item.end] == item.text
    assert "Jane Roe" in {p.name for p in ex.people}  # a photographer named in a credit


# ---- CLI and store migration ---------------------------------------------------------------------


def test_people_cli(tmp_path: Path) -> None:
    db = tmp_path / "e.sqlite3"
    for name, text in (("a.txt", ARTICLE_A), ("b.txt", ARTICLE_B)):
        path = tmp_path / name
        path.write_text(
            f"URL: https://example.org/{name}\nDATE: 2025-12-0{len(name)}\n\n{text}\n", encoding="utf-8"
        )
        r = CliRunner().invoke(app, ["ingest", "--db", str(db), str(path)], env=ENV)
        assert r.exit_code == 0, r.output
    r = CliRunner().invoke(app, ["people", "--db", str(db), "--json"], env=ENV)
    assert r.exit_code == 0, r.output
    rows = {row["entity_id"]: row for row in json.loads(r.stdout)}
    assert rows["volodymyr-zelensky"]["documents"] == 2
    assert rows["volodymyr-zelensky"]["quotes"] == 1
    r = CliRunner().invoke(app, ["people", "--db", str(db)], env=ENV)
    assert r.exit_code == 0, r.output
    assert "Volodymyr Zelensky" in r.stdout
    assert "volodymyr-zelensky" in r.stdout


def test_version_1_store_gets_person_ids(tmp_path: Path) -> None:
    db = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(db)
    for statement in store_module._V1:
        conn.execute(statement)
    conn.execute("PRAGMA user_version = 1")
    conn.execute(
        "INSERT INTO documents (content_hash, text, date, ingested_at, extractor_version)"
        " VALUES (?, 'Zelenskyy spoke.', '2025-12-01', '2025-12-01T00:00:00+00:00', 'v0')",
        (content_hash("Zelenskyy spoke."),),
    )
    conn.execute(
        'INSERT INTO people (document_id, seq, extractor_version, "start", "end", name, mentions, actor)'
        " VALUES (1, 0, 'v0', 0, 9, 'Zelenskyy', '[[0, 9]]', 'UKR')"
    )
    conn.execute(
        'INSERT INTO quotes (document_id, seq, extractor_version, "start", "end", speaker, text, partial,'
        " actor) VALUES (1, 0, 'v0', 0, 9, 'Zelenskyy', 'Zelenskyy', 0, 'UKR')"
    )
    conn.commit()
    conn.close()
    with EvidenceStore.open(db) as store:
        assert store.schema_version == store_module.SCHEMA_VERSION
        (person,) = store.extraction(1).people
        (quote,) = store.extraction(1).quotes
        assert person.entity_id == quote.speaker_id == "volodymyr-zelensky"
        (summary,) = store.people()
        assert (summary.name, summary.quotes) == ("Volodymyr Zelensky", 1)


# ---- the timeline and claims use the canonical ids ----------------------------------------------

ARTICLE_C = (
    "Ukrainian President Volodymyr Zelenskyy said on Monday that Kyiv rejects any withdrawal from Donbas. "
    '"We need security guarantees first," Zelenskyy told reporters. '
    "Zelenskyy pledged to sign the guarantees by 20 December."
)
ARTICLE_D = (
    "Kremlin spokesman Dmitry Peskov said on Tuesday that Russia demands a withdrawal from Donbas. "
    "Zelenskyj dismissed any withdrawal from Donbas on 10 December."
)


def _loaded_store(tmp_path: Path) -> Path:
    from accord import load_case

    case = load_case("ukraine-2025")
    db = tmp_path / "ids.sqlite3"
    with EvidenceStore.open(db) as store:
        for text, date in ((ARTICLE_C, "2025-12-08"), (ARTICLE_D, "2025-12-09")):
            store.ingest(
                Document(text, date=date), extract_text(text, date, case, nlp=None), EXTRACTOR_VERSION
            )
    return db


def test_claims_name_their_holder_by_canonical_id() -> None:
    from accord import load_case

    claims = extract_text(ARTICLE_C, "2025-12-08", load_case("ukraine-2025"), nlp=None).claims
    held = {(c.actor, c.issue, c.stance): c.holder_id for c in claims if c.stance != "neutral"}
    assert held[("UKR", "donetsk", "oppose")] == "volodymyr-zelensky"
    assert held[("UKR", "guarantee_form", "support")] == "volodymyr-zelensky"  # the quote's speaker
    # an institution alone holds a claim without a person
    (claim,) = (
        c
        for c in extract_text(
            "The Kremlin rejected a ceasefire.", "2025-12-08", load_case("ukraine-2025"), nlp=None
        ).claims
        if c.stance == "oppose"
    )
    assert (claim.actor, claim.holder_id) == ("RUS", None)


def test_store_timeline_and_claims_filter_by_person_across_spellings(tmp_path: Path) -> None:
    db = _loaded_store(tmp_path)
    with EvidenceStore.open(db) as store:
        zel = store.claims(person="volodymyr-zelensky")
        assert zel
        assert {c.claim.holder_id for c in zel} == {"volodymyr-zelensky"}
        assert {c.document_id for c in zel} == {1, 2}  # "Zelenskyy" and "Zelenskyj"
        assert {c.claim.actor for c in store.claims(person="dmitry-peskov")} == {"RUS"}
        timeline = store.timeline()
        mentioned = {(e.text, e.people) for e in timeline if e.kind == "mentioned"}
        assert ("Tuesday", ("dmitry-peskov",)) in mentioned
        assert ("10 December", ("volodymyr-zelensky",)) in mentioned
        (due,) = (e for e in timeline if e.kind == "due")
        assert (due.date, due.actor, due.people) == ("2025-12-20", "UKR", ("volodymyr-zelensky",))
        only = store.timeline(person="volodymyr-zelensky")
        assert only
        assert all("volodymyr-zelensky" in e.people for e in only)
        assert not any(e.kind == "published" for e in only)


def test_claims_and_timeline_cli_take_a_person_by_any_spelling(tmp_path: Path) -> None:
    db = _loaded_store(tmp_path)
    runner = CliRunner()
    r = runner.invoke(app, ["claims", "--db", str(db), "--person", "Zelenskyj", "--json"], env=ENV)
    assert r.exit_code == 0, r.output
    rows = json.loads(r.stdout)
    assert rows
    assert {row["holder_id"] for row in rows} == {"volodymyr-zelensky"}
    assert {row["holder"] for row in rows} == {"Volodymyr Zelensky"}
    r = runner.invoke(app, ["claims", "--db", str(db)], env=ENV)
    assert r.exit_code == 0, r.output
    assert "Dmitry Peskov" in r.stdout
    assert "holder" in r.stdout
    r = runner.invoke(app, ["timeline", "--db", str(db), "--person", "dmitry-peskov", "--json"], env=ENV)
    assert r.exit_code == 0, r.output
    entries = json.loads(r.stdout)
    assert entries
    assert all("dmitry-peskov" in e["people"] for e in entries)
    r = runner.invoke(app, ["timeline", "--db", str(db)], env=ENV)
    assert r.exit_code == 0, r.output
    assert "Volodymyr Zelensky" in r.stdout


def test_version_2_store_gets_claim_holder_ids(tmp_path: Path) -> None:
    db = tmp_path / "v2.sqlite3"
    conn = sqlite3.connect(db)
    for statement in store_module._V1:
        conn.execute(statement)
    conn.execute("PRAGMA user_version = 1")
    text = "Zelenskyy rejected a withdrawal from Donbas."
    conn.execute(
        "INSERT INTO documents (content_hash, text, date, ingested_at, extractor_version)"
        " VALUES (?, ?, '2025-12-01', '2025-12-01T00:00:00+00:00', 'v0')",
        (content_hash(text), text),
    )
    conn.execute(
        'INSERT INTO people (document_id, seq, extractor_version, "start", "end", name, mentions, actor)'
        " VALUES (1, 0, 'v0', 0, 9, 'Zelenskyy', '[[0, 9]]', 'UKR')"
    )
    conn.execute(
        'INSERT INTO claims (document_id, seq, extractor_version, "start", "end", actor, issue, stance,'
        " text, option, score) VALUES (1, 0, 'v0', 0, 44, 'UKR', 'donetsk', 'oppose', ?, NULL, 0.5)",
        (text,),
    )
    conn.execute(
        'INSERT INTO claims (document_id, seq, extractor_version, "start", "end", actor, issue, stance,'
        " text, option, score) VALUES (1, 1, 'v0', 0, 44, 'RUS', 'donetsk', 'support', ?, NULL, 0.5)",
        (text,),
    )
    conn.commit()
    conn.close()
    with EvidenceStore.open(db) as store:
        assert store.schema_version == store_module.SCHEMA_VERSION == 3
        assert [c.holder_id for c in store.extraction(1).claims] == ["volodymyr-zelensky", None]
