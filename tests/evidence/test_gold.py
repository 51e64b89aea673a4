"""The evidence gold set is well-formed, and the scorer's matching rules do what they say."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from accord.evidence.entities import Registry
from accord.evidence.types import DateItem, Extraction, NumberItem, Person, Quote

REPO = Path(__file__).resolve().parents[2]
GOLD = REPO / "tests" / "data" / "evidence"
CORPUS = REPO.parent / "shared" / "corpus"
FIELDS = ("actors", "people", "quotes", "numbers", "dates", "commitments")
OPENING = "\"'\u201c\u2018"
CLOSING = "\"'\u201d\u2019"


def _load(name: str, path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


bench = _load("evidence_accuracy", REPO / "benchmarks" / "evidence_accuracy.py")
make_gold = _load("evidence_make_gold", GOLD / "make_gold.py")


def _texts(split: str) -> list[Path]:
    return sorted((GOLD / split).glob("*.txt"))


def _written() -> list[Path]:
    return _texts("dev") + _texts("heldout")


def _docs() -> list[Any]:
    return [d for split in bench.SPLITS for d in bench.load_split(split)]


def _iso(value: str) -> None:
    assert dt.date.fromisoformat(value).isoformat() == value


# ---- the gold set -------------------------------------------------------------------------------


def test_split_sizes_and_names() -> None:
    dev, heldout = {p.stem for p in _texts("dev")}, {p.stem for p in _texts("heldout")}
    assert 10 <= len(dev) <= 14
    assert 16 <= len(heldout) <= 20
    assert not dev & heldout
    assert {p.stem for p in (GOLD / "corpus").glob("*.json")} == {
        "nato-like-security-explainer",
        "truce-deal-commentary",
    }
    assert not list((GOLD / "corpus").glob("*.txt")), "real articles must not be copied into the repo"


@pytest.mark.parametrize("path", _written(), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_text_has_header_gold_and_annotations(path: Path) -> None:
    raw = path.read_text(encoding="utf-8")
    url, date, body = bench.split_header(raw)
    assert url is not None
    assert url.startswith("https://example.org/")
    assert date is not None
    _iso(date)
    assert 80 <= len(body.split()) <= 300
    assert path.with_suffix(".ann").exists()
    gold = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    assert gold["date"] == date


def _real() -> list[Path]:
    return (
        _texts("real")
        + _texts("real-heldout")
        + _texts("real-heldout2")
        + _texts("real-heldout3")
        + _texts("real-heldout4")
    )


@pytest.mark.parametrize("path", _real(), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_real_text_has_header_gold_and_annotations(path: Path) -> None:
    url, date, _body = bench.split_header(path.read_text(encoding="utf-8"))
    assert url is not None
    assert url.startswith(("https://", "http://"))
    assert "example.org" not in url
    assert date is not None
    _iso(date)
    assert "2025-12-01" <= date <= "2026-03-15"
    assert path.with_suffix(".ann").exists()
    gold = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    assert gold["date"] == date


@pytest.mark.parametrize(
    ("split", "before"), [("real-heldout2", 2), ("real-heldout3", 3), ("real-heldout4", 4)]
)
def test_later_held_out_splits_are_fresh(split: str, before: int) -> None:
    """At least 10 excerpts of 150-500 words, none shared with an earlier real split."""
    texts = _texts(split)
    assert len(texts) >= 10

    def url(path: Path) -> str | None:
        return bench.split_header(path.read_text(encoding="utf-8"))[0]

    for path in texts:
        assert 150 <= len(bench.split_header(path.read_text(encoding="utf-8"))[2].split()) <= 500, path.name
    new = [url(p) for p in texts]
    assert len(set(new)) == len(new)
    earlier = ["real", "real-heldout", "real-heldout2", "real-heldout3"][:before]
    older_texts = [p for s in earlier for p in _texts(s)]
    assert not set(new) & {url(p) for p in older_texts}
    assert not {p.stem for p in texts} & {p.stem for p in older_texts}


PARTIAL = {
    "real-quotes": ["people", "quotes"],
    "real-quotes-heldout": ["people", "quotes"],
    "real-claims": ["claims"],
    "real-claims-heldout": ["claims"],
}


def _partial_sets() -> list[Path]:
    return [p for split in PARTIAL for p in _texts(split)]


@pytest.mark.parametrize("path", _partial_sets(), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_partly_annotated_text_is_real_and_says_what_it_annotates(path: Path) -> None:
    url, date, body = bench.split_header(path.read_text(encoding="utf-8"))
    assert url is not None
    assert url.startswith(("https://", "http://"))
    assert "example.org" not in url
    assert date is not None
    _iso(date)
    assert "2025-11-01" <= date <= "2026-03-31"
    assert 60 <= len(body.split()) <= 600
    gold = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    assert gold["fields"] == PARTIAL[path.parent.name]
    assert not any(gold[f] for f in (*FIELDS, "claims") if f not in gold["fields"])


def test_partly_annotated_sets_are_fresh_and_large_enough() -> None:
    """Disjoint sets, no URL shared with any other split, enough items to measure with."""

    def url(path: Path) -> str | None:
        return bench.split_header(path.read_text(encoding="utf-8"))[0]

    urls = [url(p) for p in _partial_sets()]
    assert len(set(urls)) == len(urls)
    others = {url(p) for p in _written() + _real()}
    assert not set(urls) & others
    for split, fields in PARTIAL.items():
        field = fields[-1]
        items = sum(len(d.gold[field]) for d in bench.load_split(split))
        assert items >= 25, (split, field, items)


@pytest.mark.parametrize("split", [*bench.SEALED])
def test_sealed_split_is_not_pooled(split: str) -> None:
    assert split in bench.SPLITS
    assert split in make_gold.SPLITS
    assert split in bench.SEALED
    assert split not in bench.POOLED


@pytest.mark.parametrize("path", sorted(GOLD.glob("*/*.json")), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_gold_file_has_every_field(path: Path) -> None:
    gold = json.loads(path.read_text(encoding="utf-8"))
    assert set(FIELDS) <= set(gold)
    if path.parent.name == "corpus":
        assert gold["date"] is None
        assert len(gold["sha256"]) == 64
    else:
        assert path.with_suffix(".txt").exists()


def test_gold_is_current() -> None:
    """The .json files are what make_gold.py builds from the .ann files."""
    assert make_gold.main(["--check"]) == 0


def test_corpus_is_scored_when_present() -> None:
    docs = bench.load_split("corpus")
    if not CORPUS.exists():
        assert docs == []
    else:
        assert len(docs) == 2


@pytest.mark.parametrize("doc", _docs(), ids=lambda d: f"{d.split}/{d.name}")
def test_spans_match_body(doc: Any) -> None:
    body, gold = doc.body, doc.gold
    for field in FIELDS:
        starts = [(i["start"], i["end"]) for i in gold[field]]
        assert starts == sorted(starts), f"{field} not in text order"
        assert len(set(starts)) == len(starts), f"{field} has duplicate spans"
        for item in gold[field]:
            start, end = item["start"], item["end"]
            assert 0 <= start < end <= len(body)
            if "text" in item:
                assert body[start:end] == item["text"]
            assert body[start:end] == body[start:end].strip()
    for person in gold["people"]:
        # a nickname in quotation marks ("Denys \u201cRedis\u201d Prokopenko") is not part of the name
        surface = [w for w in body[person["start"] : person["end"]].casefold().split() if w[0] not in OPENING]
        if not set(surface) <= set(person["name"].casefold().split()):
            # a transliteration the registry knows ("Selenskyj" for Volodymyr Zelensky)
            registry = Registry.default()
            known = registry.resolve(" ".join(surface))
            assert known is not None, person
            assert known == registry.resolve(person["name"]), person
    for actor in gold["actors"]:
        assert actor["actor"].isupper()
        assert actor["actor"].isalpha()
        assert len(actor["actor"]) in (2, 3, 4)
    for quote in gold["quotes"]:
        # real copy may leave a quote's opening mark out (a dash, or a paragraph that continues one)
        # real copy as found: a quote may open with a closing mark or none (a dash, a continued paragraph)
        unopened = doc.split.startswith("real") and body[quote["start"] - 1] in "\n \u2014" + CLOSING
        assert body[quote["start"] - 1] in OPENING or unopened, quote
        after = body[quote["end"] : quote["end"] + 1]
        # real articles may lack a closing mark where a dash follows the quote
        # ... and close with an opening mark, a dash, or not at all (a page cut off, a quote never closed)
        unclosed = doc.split.startswith("real") and after in ("", " ", "\u2014", *OPENING)
        assert after in CLOSING or after == "\n" or unclosed, quote
    for number in gold["numbers"]:
        assert isinstance(number["value"], float)
        assert isinstance(number["unit"], str)
        assert number["high"] is None or number["high"] > number["value"]
        assert number["unit"] == number["unit"].strip()


@pytest.mark.parametrize("doc", _docs(), ids=lambda d: f"{d.split}/{d.name}")
def test_dates_are_valid(doc: Any) -> None:
    for item in doc.gold["dates"]:
        if item["iso"] is None:
            assert doc.date is None, "only an undated text may leave a relative date unresolved"
        else:
            _iso(item["iso"])
    for item in doc.gold["commitments"]:
        if item["due"] is not None:
            _iso(item["due"])


def test_gold_covers_every_field() -> None:
    totals = {f: sum(len(d.gold[f]) for d in bench.load_split("heldout")) for f in FIELDS}
    assert all(n >= 20 for n in totals.values()), totals


# ---- the scorer ------------------------------------------------------------------------------------

GOLD_DOC: dict[str, list[dict[str, Any]]] = {
    "actors": [{"actor": "RUS", "text": "Kremlin", "start": 0, "end": 7}],
    "people": [{"name": "Dmitry Peskov", "start": 20, "end": 33}],
    "numbers": [
        {"text": "$90 billion", "value": 9e10, "unit": "USD", "start": 40, "end": 51, "high": None},
        {"text": "a week to 10 days", "value": 7.0, "unit": "day", "start": 60, "end": 77, "high": 10.0},
    ],
    "dates": [{"text": "next week", "iso": "2025-08-11", "start": 80, "end": 89}],
    "quotes": [{"speaker": "Dmitry Peskov", "text": "x" * 20, "start": 100, "end": 120}],
    "commitments": [{"text": "y" * 30, "due": "2025-08-17", "start": 130, "end": 160}],
}


def _copy(doc: dict[str, list[dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
    return {k: [dict(i) for i in v] for k, v in doc.items()}


def _summary(pred: Any, gold: Any = None) -> dict[str, Any]:
    result: dict[str, Any] = bench.summarise(bench.count_document(gold or GOLD_DOC, pred), 1)
    return result


def test_perfect_prediction_scores_one() -> None:
    result = _summary(_copy(GOLD_DOC))
    for field in bench.FIELDS:
        assert result["fields"][field]["f1"] == 1.0, field
    assert result["numbers_span_recall"] == 1.0
    assert result["quote_speaker"]["accuracy"] == 1.0


def test_perfect_extractor_on_the_gold_set_scores_one() -> None:
    by_body = {d.body: d.gold for d in bench.load_split("dev")}
    result = bench.score("dev", extract=lambda body, date: by_body[body])
    assert result["documents"] == len(by_body)
    assert all(r["f1"] == 1.0 for r in result["fields"].values())
    assert result["errors"] == []


def test_missing_item_lowers_recall_only() -> None:
    pred = _copy(GOLD_DOC)
    pred["numbers"].pop()
    numbers = _summary(pred)["fields"]["numbers"]
    assert numbers["recall"] == 0.5
    assert numbers["precision"] == 1.0


def test_extra_item_lowers_precision_only() -> None:
    pred = _copy(GOLD_DOC)
    pred["actors"].append({"actor": "UKR", "text": "Kyiv", "start": 200, "end": 204})
    actors = _summary(pred)["fields"]["actors"]
    assert actors["precision"] == 0.5
    assert actors["recall"] == 1.0


def test_wrong_unit_is_not_a_match_but_counts_for_span_recall() -> None:
    pred = _copy(GOLD_DOC)
    pred["numbers"][1]["unit"] = "week"
    result = _summary(pred)
    assert result["fields"]["numbers"]["match"] == 1
    assert result["numbers_span_recall"] == 1.0


def test_number_value_tolerance() -> None:
    pred = _copy(GOLD_DOC)
    pred["numbers"][0]["value"] = 9e10 * (1 + 1e-8)
    assert _summary(pred)["fields"]["numbers"]["match"] == 2
    pred["numbers"][0]["value"] = 9e9
    assert _summary(pred)["fields"]["numbers"]["match"] == 1


def test_spans_must_overlap() -> None:
    pred = _copy(GOLD_DOC)
    pred["actors"][0].update(start=300, end=307)
    assert _summary(pred)["fields"]["actors"]["match"] == 0


def test_person_matches_on_surname() -> None:
    pred = _copy(GOLD_DOC)
    pred["people"][0].update(name="Peskov", start=27, end=33)
    assert _summary(pred)["fields"]["people"]["match"] == 1
    pred["people"][0]["name"] = "Dmitry Medvedev"
    assert _summary(pred)["fields"]["people"]["match"] == 0


def test_wrong_iso_is_not_a_match_but_unresolved_gold_matches_any() -> None:
    pred = _copy(GOLD_DOC)
    pred["dates"][0]["iso"] = "2025-08-04"
    assert _summary(pred)["fields"]["dates"]["match"] == 0
    gold = _copy(GOLD_DOC)
    gold["dates"][0]["iso"] = None
    assert _summary(pred, gold)["fields"]["dates"]["match"] == 1


def test_quote_needs_half_the_gold_span() -> None:
    pred = _copy(GOLD_DOC)
    pred["quotes"][0].update(start=110, end=125)
    assert _summary(pred)["fields"]["quotes"]["match"] == 1
    pred["quotes"][0].update(start=111, end=125)
    assert _summary(pred)["fields"]["quotes"]["match"] == 0


def test_quote_speaker_accuracy() -> None:
    pred = _copy(GOLD_DOC)
    pred["quotes"][0]["speaker"] = "peskov"
    assert _summary(pred)["quote_speaker"]["accuracy"] == 1.0
    pred["quotes"][0]["speaker"] = None
    result = _summary(pred)
    assert result["fields"]["quotes"]["match"] == 1
    assert result["quote_speaker"]["accuracy"] == 0.0
    gold = _copy(GOLD_DOC)
    gold["quotes"][0]["speaker"] = None
    assert _summary(pred, gold)["quote_speaker"]["accuracy"] == 1.0
    assert bench.same_person("the Kremlin", "Kremlin")


def test_commitment_needs_the_same_due_date() -> None:
    pred = _copy(GOLD_DOC)
    pred["commitments"][0]["due"] = None
    assert _summary(pred)["fields"]["commitments"]["match"] == 0


def test_matching_is_one_to_one() -> None:
    pred = _copy(GOLD_DOC)
    pred["actors"].append(dict(pred["actors"][0]))
    actors = _summary(pred)["fields"]["actors"]
    assert actors["match"] == 1
    assert actors["precision"] == 0.5


def test_extraction_dataclass_is_accepted() -> None:
    gold = {
        "people": [{"name": "Vladimir Putin", "start": 0, "end": 14}],
        "quotes": [{"speaker": "Vladimir Putin", "text": "abc", "start": 30, "end": 33}],
        "numbers": [{"text": "20%", "value": 20.0, "unit": "percent", "start": 40, "end": 43, "high": None}],
        "dates": [{"text": "Monday", "iso": "2025-08-04", "start": 50, "end": 56}],
    }
    pred = Extraction(
        people=(Person("Vladimir Putin", 0, 14, ((0, 14),), "RUS"),),
        quotes=(Quote("Putin", "abc", 30, 33),),
        numbers=(NumberItem("20%", 20.0, "percent", 40, 43),),
        dates=(DateItem("Monday", "2025-08-04", 50, 56),),
    )
    result = _summary(pred, gold)
    assert all(r["f1"] == 1.0 for r in result["fields"].values())
    assert result["quote_speaker"]["accuracy"] == 1.0


def test_missing_extractor_gives_a_clear_message(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "accord.evidence.extract", None)
    with pytest.raises(bench.ExtractorMissing, match="not available"):
        bench.load_extractor()
    assert bench.main(["--split", "dev"]) == 2
    assert "cannot import accord.evidence.extract" in capsys.readouterr().err


def test_scorer_reports_crashes(capsys: pytest.CaptureFixture[str]) -> None:
    def broken(body: str, date: str | None) -> Any:
        raise ValueError("boom")

    result = bench.score("dev", extract=broken)
    assert len(result["errors"]) == result["documents"]
    assert result["fields"]["people"]["recall"] == 0.0
    assert "error:" in bench.format_table(result)


# ---- claims ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("doc", _docs(), ids=lambda d: f"{d.split}/{d.name}")
def test_claims_are_well_formed(doc: Any) -> None:
    from accord.case import load_case

    case = load_case("ukraine-2025")
    actors = {a.id for a in case.actors}
    issues = {i.id: {o.id for o in i.options} for i in case.issues}
    sentences = set(make_gold.sentences(doc.body))
    keys = [(c["start"], c["actor"], c["issue"]) for c in doc.gold["claims"]]
    assert keys == sorted(keys)
    assert len(set(keys)) == len(keys), "one claim per actor-issue pair and sentence"
    for claim in doc.gold["claims"]:
        assert claim["actor"] in actors, claim
        assert claim["issue"] in issues, claim
        assert claim["stance"] in ("support", "oppose"), claim
        assert claim["option"] is None or claim["option"] in issues[claim["issue"]], claim
        assert (claim["start"], claim["end"]) in sentences, claim
        assert doc.body[claim["start"] : claim["end"]] == claim["text"]


def test_gold_has_claims() -> None:
    for split in ("dev", "heldout"):
        assert sum(len(d.gold["claims"]) for d in bench.load_split(split)) >= 10, split


def test_claim_matching() -> None:
    def claim(actor: str, issue: str, stance: str, start: int, end: int) -> dict[str, Any]:
        return {"actor": actor, "issue": issue, "stance": stance, "text": "s", "start": start, "end": end}

    gold = {
        "claims": [
            claim("RUS", "foreign_troops", "oppose", 0, 50),
            claim("UKR", "foreign_troops", "support", 0, 50),
            claim("USA", "sanctions", "support", 60, 100),
        ]
    }
    pred = {
        "claims": [
            claim("RUS", "foreign_troops", "oppose", 10, 40),  # match
            claim("UKR", "foreign_troops", "oppose", 0, 50),  # wrong stance: actor+issue only
            claim("USA", "sanctions", "support", 200, 240),  # no overlap
            claim("FRA", "sequencing", "neutral", 0, 50),  # neutral: ignored
        ]
    }
    result = _summary(pred, gold)
    claims = result["fields"]["claims"]
    assert (claims["gold"], claims["pred"], claims["match"]) == (3, 3, 1)
    assert claims["precision"] == pytest.approx(1 / 3)
    assert claims["recall"] == pytest.approx(1 / 3)
    assert result["claims_actor_issue_recall"] == pytest.approx(2 / 3)
    assert "claims (actor+issue only) recall" in bench.format_table({**result, "split": "x"})


def test_a_partly_annotated_text_counts_only_its_fields() -> None:
    gold = {**_copy(GOLD_DOC), "fields": ["people", "quotes"]}
    for field in ("actors", "numbers", "dates", "commitments"):
        gold[field] = []
    pred = _copy(GOLD_DOC)  # predicts numbers, dates, ... that the gold does not annotate
    result = _summary(pred, gold)
    assert result["fields"]["numbers"]["pred"] == 0
    assert result["fields"]["numbers"]["texts"] == 0
    assert result["fields"]["quotes"]["texts"] == 1
    assert result["fields"]["quotes"]["f1"] == 1.0
    full = _summary(pred, {k: v for k, v in gold.items() if k != "fields"})
    assert full["fields"]["numbers"]["pred"] == 2
    assert full["fields"]["numbers"]["precision"] == 0.0
    assert "not annotated" in bench.format_table({**result, "split": "x"})


def test_fields_line_limits_what_an_annotation_may_hold() -> None:
    body = 'Peskov said: "We are ready." The talks lasted 3 hours.'
    gold = make_gold.build(body, "FIELDS people quotes\nP Peskov\nQ We are ready. | Peskov\n", "t")
    assert [q["speaker"] for q in gold["quotes"]] == ["Peskov"]
    assert gold["actors"] == []
    with pytest.raises(ValueError, match="leaves out numbers"):
        make_gold.build(body, "FIELDS people quotes\nN 3 hours | 3 | hour\n", "t")
    with pytest.raises(ValueError, match="unknown fields"):
        make_gold.build(body, "FIELDS people quots\n", "t")


def test_claims_come_from_the_case_extractor() -> None:
    doc = bench.load_split("dev")[0]
    gold_claim = {"actor": "RUS", "issue": "donetsk", "stance": "support", "start": 0, "end": 5}
    gold = {**doc.gold, "claims": [gold_claim]}
    docs = [bench.Document(doc.name, doc.split, doc.date, doc.body, gold)]
    result = bench.score_documents(docs, lambda body, date: gold, lambda body, date: {"claims": []})
    assert result["fields"]["claims"]["match"] == 0
    assert result["fields"]["actors"]["f1"] == 1.0
