"""Built-in cases, dumping and re-loading, frozen models, and the Case helpers and lint warnings."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from pydantic import ValidationError

import accord
from accord import (
    Actor,
    Case,
    CaseValidationError,
    Claim,
    Issue,
    Option,
    Position,
    Source,
    Track,
    dump_case,
    load_case,
    parse_case,
)
from accord.case.lint import case_warnings

BUILTINS = accord.builtin_case_names()


def test_tutorial_is_a_builtin() -> None:
    assert "tutorial" in BUILTINS
    assert sorted(BUILTINS) == BUILTINS


@pytest.mark.parametrize("name", BUILTINS)
def test_builtin_case_loads(name: str) -> None:
    case = load_case(name)
    assert isinstance(case, Case)
    assert case.actors
    assert case.issues


@pytest.mark.parametrize("name", BUILTINS)
def test_builtin_case_round_trips(name: str) -> None:
    case = load_case(name)
    text = dump_case(case)
    again = parse_case(text)
    assert again == case
    assert dump_case(again) == text
    assert text.startswith("format: 1\n")


@pytest.mark.parametrize("name", BUILTINS)
def test_builtin_case_has_no_warnings(name: str) -> None:
    assert case_warnings(load_case(name)) == []


@pytest.mark.parametrize("name", BUILTINS)
def test_builtin_positions_rest_on_claims(name: str) -> None:
    case = load_case(name)
    unsupported = [(p.actor, p.issue) for p in case.positions if not p.claims]
    assert unsupported == []


@pytest.mark.parametrize("name", BUILTINS)
def test_builtin_analyst_estimates_are_graded_f(name: str) -> None:
    case = load_case(name)
    wrong = [
        (s.id, s.reliability) for s in case.sources if s.kind == "analyst_estimate" and s.reliability != "F"
    ]
    assert wrong == []


def test_ukraine_2025() -> None:
    if "ukraine-2025" not in BUILTINS:
        pytest.skip("the ukraine-2025 case is not in this checkout yet")
    case = load_case("ukraine-2025")
    assert len(case.actors) >= 9
    assert len(case.issues) >= 10
    assert len(case.conflicts()) >= 1
    estimates = [s for s in case.sources if s.kind == "analyst_estimate"]
    assert all(s.reliability == "F" for s in estimates)
    assert all(p.claims for p in case.positions)
    assert case_warnings(case) == []
    assert parse_case(dump_case(case)) == case


# ---- dumping ------------------------------------------------------------------------------


def test_dump_to_path_writes_atomically(tmp_path: Path) -> None:
    case = load_case("tutorial")
    dest = tmp_path / "out.yaml"
    text = dump_case(case, dest)
    assert dest.read_text(encoding="utf-8") == text
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.yaml"]
    assert load_case(dest) == case


def test_dump_replaces_an_existing_file(tmp_path: Path) -> None:
    dest = tmp_path / "out.yaml"
    dest.write_text("old content that is longer than nothing\n" * 1000, encoding="utf-8")
    case = load_case("tutorial")
    text = dump_case(case, str(dest))
    assert dest.read_text(encoding="utf-8") == text
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.yaml"]


def test_dump_to_missing_folder_leaves_nothing(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        dump_case(load_case("tutorial"), tmp_path / "missing" / "out.yaml")
    assert list(tmp_path.iterdir()) == []


def test_dump_failure_during_write_leaves_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import accord._io as io_mod

    dest = tmp_path / "out.yaml"
    dest.write_text("previous\n", encoding="utf-8")

    def boom(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(io_mod.os, "replace", boom)
    with pytest.raises(OSError, match="disk full"):
        dump_case(load_case("tutorial"), dest)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.yaml"]
    assert dest.read_text(encoding="utf-8") == "previous\n"


def test_dump_omits_defaults_but_keeps_format() -> None:
    case = small_case()
    text = dump_case(case)
    assert text.startswith("format: 1\n")
    assert "quote: false" not in text  # the default
    assert "quote: true" in text
    assert "security:" not in text
    assert "guarantees:" not in text  # empty default
    assert parse_case(text) == case


def test_dump_keeps_multiline_text_and_unicode() -> None:
    base = small_case()
    case = base.model_copy(
        update={
            "description": "Line one.\nLine two: with a colon — and a dash.\n\n  indented\n",
            "title": "Ω «x»",
        }
    )
    case = Case.model_validate(case.model_dump())
    text = dump_case(case)
    assert "description: |" in text
    assert "Ω «x»" in text
    assert parse_case(text) == case


def test_dump_quotes_strings_that_look_like_other_types() -> None:
    base = small_case()
    actor = base.actors[0].model_copy(update={"name": "yes", "capability_basis": "1.5"})
    case = Case.model_validate(
        {**base.model_dump(), "actors": [actor.model_dump(), *(a.model_dump() for a in base.actors[1:])]}
    )
    again = parse_case(dump_case(case))
    assert again.actors[0].name == "yes"
    assert again.actors[0].capability_basis == "1.5"
    assert again == case


# ---- frozen models -------------------------------------------------------------------------


def test_models_are_frozen() -> None:
    case = load_case("tutorial")
    with pytest.raises(ValidationError, match="frozen"):
        case.title = "changed"  # type: ignore[misc]
    with pytest.raises(ValidationError, match="frozen"):
        case.actors[0].capability = 0.9  # type: ignore[misc]
    with pytest.raises(ValidationError, match="frozen"):
        case.issues[0].options[0].label = "x"  # type: ignore[misc]
    with pytest.raises(ValidationError, match="frozen"):
        case.positions[0].salience = 0.1  # type: ignore[misc]
    with pytest.raises(AttributeError):
        case.actors.append(case.actors[0])  # type: ignore[attr-defined]
    assert case == load_case("tutorial")


def test_models_are_hashable_and_equal_by_value() -> None:
    a = load_case("tutorial")
    b = load_case("tutorial")
    assert a == b
    assert a is not b
    assert hash(a.actors[0]) == hash(b.actors[0])
    assert len({a.issues[0], b.issues[0]}) == 1


def test_model_copy_update() -> None:
    case = load_case("tutorial")
    up = case.actor("UP")
    stronger = up.model_copy(update={"capability": 0.8})
    assert stronger.capability == 0.8
    assert up.capability == 0.5
    assert stronger.id == up.id
    changed = case.model_copy(update={"title": "Another title"})
    assert changed.title == "Another title"
    assert case.title == "River accord (tutorial)"
    assert changed.actors == case.actors


def test_revalidating_a_copy_catches_broken_references() -> None:
    case = load_case("tutorial")
    broken = case.model_copy(update={"actors": case.actors[:2]})  # drops BANK, still referenced
    with pytest.raises(ValidationError, match="unknown actor 'BANK'"):
        Case.model_validate(broken.model_dump())


def test_unknown_field_in_constructor() -> None:
    with pytest.raises(ValidationError, match="Extra inputs are not permitted"):
        Option(id="a", label="A", position=1, colour="red")  # type: ignore[call-arg]


def test_id_whitespace_is_stripped() -> None:
    assert Option(id="  a  ", label=" A ", position=1).id == "a"


# ---- a small case built in code --------------------------------------------------------------


def small_case() -> Case:
    issue = Issue(
        id="border",
        name="Border",
        description="0 = old line; 100 = new line.",
        options=(
            Option(id="old", label="Old line", position=0),
            Option(id="mid", label="Midway", position=50),
            Option(id="new", label="New line", position=100),
        ),
    )
    actors = (
        Actor(id="A", name="Alpha", kind="state", capability=0.6, capability_basis="x", no_deal_utility=0.2),
        Actor(id="B", name="Beta", kind="state", capability=0.4, capability_basis="x", no_deal_utility=0.3),
    )
    sources = (
        Source(id="s1", title="Paper one", kind="news", reliability="B", date=dt.date(2025, 3, 1)),
        Source(id="s2", title="Paper two", kind="official", reliability="A", url="https://example.org/two"),
    )
    claims = (
        Claim(id="c1", source="s1", actor="A", issue="border", text="A wants the old line.", credibility=2),
        Claim(
            id="c2",
            source="s2",
            actor="A",
            issue="border",
            text="A accepts a midway line.",
            credibility=3,
            contradicts=("c1",),
        ),
        Claim(id="c3", source="s1", actor="B", issue="border", text="B wants the new line.", credibility=2),
        Claim(
            id="c4",
            source="s2",
            actor="B",
            text="B denies it.",
            credibility=4,
            contradicts=("c3", "c2"),
            quote=True,
        ),
    )
    positions = (
        Position(actor="A", issue="border", ideal=10, salience=0.9, red_line=("new",), claims=("c1", "c2")),
        Position(actor="B", issue="border", ideal=90, salience=0.8, claims=("c3",)),
    )
    return Case(
        id="small",
        title="Small",
        as_of=dt.date(2025, 6, 1),
        description="A small case built in code.",
        actors=actors,
        issues=(issue,),
        positions=positions,
        sources=sources,
        claims=claims,
    )


def test_small_case_helpers() -> None:
    case = small_case()
    assert case.actor("A").name == "Alpha"
    assert case.issue("border").option("mid").position == 50
    assert case.issue("border").option_ids == ("old", "mid", "new")
    assert case.position("A", "border") is case.positions[0]
    assert case.position("A", "nowhere") is None
    with pytest.raises(KeyError, match="Z"):
        case.actor("Z")
    with pytest.raises(KeyError, match="nowhere"):
        case.issue("nowhere")
    with pytest.raises(KeyError, match="far"):
        case.issue("border").option("far")


def test_tutorial_tracks() -> None:
    case = load_case("tutorial")
    assert [(t.id, t.actors) for t in case.tracks] == [
        ("riparian", ("UP", "DOWN")),
        ("full", ("UP", "DOWN", "BANK")),
    ]
    riparian = case.track("riparian")
    assert riparian is case.tracks[0]
    assert isinstance(riparian, Track)
    assert riparian.name == "The two states alone"
    assert riparian.description == "Talks between the two governments without the bank."
    assert riparian.claims == ()
    assert case.track("full").description is None
    with pytest.raises(KeyError, match="nope"):
        case.track("nope")


def test_case_without_tracks() -> None:
    case = small_case()
    assert case.tracks == ()
    assert "tracks:" not in dump_case(case)  # empty default
    with pytest.raises(KeyError, match="riparian"):
        case.track("riparian")


def test_track_round_trips_with_claims() -> None:
    case = small_case()
    track = Track(id="pair", name="A and B", actors=("A", "B"), claims=("c1",))
    with_track = Case.model_validate({**case.model_dump(), "tracks": [track.model_dump()]})
    assert with_track.track("pair") == track
    again = parse_case(dump_case(with_track))
    assert again == with_track
    assert again.track("pair").claims == ("c1",)


def test_track_needs_an_actor() -> None:
    with pytest.raises(ValidationError, match="at least 1 item"):
        Track(id="empty", name="Nobody", actors=())


def test_conflicts_lists_each_pair_once_in_file_order() -> None:
    case = small_case()
    pairs = [(a.id, b.id) for a, b in case.conflicts()]
    # c2->c1 first; c4 lists c3 and c2; a symmetric mark (c1 -> c2) would not add a pair.
    assert pairs == [("c2", "c1"), ("c4", "c3"), ("c4", "c2")]
    symmetric = Case.model_validate(
        {
            **case.model_dump(),
            "claims": [
                {**c.model_dump(), "contradicts": ["c2"]} if c.id == "c1" else c.model_dump()
                for c in case.claims
            ],
        }
    )
    assert [(a.id, b.id) for a, b in symmetric.conflicts()] == [("c1", "c2"), ("c4", "c3"), ("c4", "c2")]


def test_conflicts_empty_without_contradictions() -> None:
    assert load_case("tutorial").conflicts() == []


def test_claims_for_source() -> None:
    case = small_case()
    assert [c.id for c in case.claims_for_source("s1")] == ["c1", "c3"]
    assert [c.id for c in case.claims_for_source("s2")] == ["c2", "c4"]
    assert case.claims_for_source("nope") == ()


def test_small_case_round_trips() -> None:
    case = small_case()
    assert parse_case(dump_case(case)) == case


def test_small_case_self_contradiction_is_refused() -> None:
    case = small_case()
    data = case.model_dump()
    data["claims"][0]["contradicts"] = ["c1"]
    with pytest.raises(ValidationError, match="a claim cannot contradict itself"):
        Case.model_validate(data)


# ---- lint ----------------------------------------------------------------------------------


def test_case_warnings() -> None:
    case = small_case()
    data = case.model_dump(mode="json")
    data["actors"].append(
        {
            "id": "C",
            "name": "Gamma",
            "kind": "person",
            "capability": 0.1,
            "capability_basis": "x",
            "no_deal_utility": 0,
        }
    )
    data["issues"].append(
        {
            "id": "trade",
            "name": "Trade",
            "description": "0 = closed; 100 = open.",
            "options": [
                {"id": "closed", "label": "Closed", "position": 0},
                {"id": "open", "label": "Open", "position": 100},
            ],
        }
    )
    data["sources"].append({"id": "s3", "title": "Unused", "kind": "dataset", "reliability": "C"})
    data["positions"][1]["claims"] = []
    warned = Case.model_validate(data)
    assert case_warnings(warned) == [
        "positions[1] (B on border) rests on no claim: "
        "add a claim (from an analyst_estimate source graded F if it is a judgement)",
        "actor 'C' has no position and no guarantee role",
        "source 's3' supports no claim",
        "issue 'trade' has no positions",
    ]
    assert case_warnings(case) == []


def test_guarantee_role_counts_as_involvement() -> None:
    case = small_case()
    data = case.model_dump(mode="json")
    data["actors"].append(
        {
            "id": "G",
            "name": "Guarantor",
            "kind": "state",
            "capability": 0.1,
            "capability_basis": "x",
            "no_deal_utility": 0,
        }
    )
    assert case_warnings(Case.model_validate(data)) == ["actor 'G' has no position and no guarantee role"]
    data["guarantees"] = [
        {
            "id": "g",
            "name": "Guarantee",
            "guarantors": ["G"],
            "beneficiary": "A",
            "obligation": "consultation",
            "trigger": "attack",
            "legal_form": "political_declaration",
        }
    ]
    assert case_warnings(Case.model_validate(data)) == []


def test_lint_warns_about_tutorial_edits(tutorial_text: str) -> None:
    text = tutorial_text.replace(
        "  - {actor: BANK, issue: funding, ideal: 30, salience: 0.8, claims: [c-bank]}\n",
        "  - {actor: BANK, issue: funding, ideal: 30, salience: 0.8}\n",
    )
    assert text != tutorial_text
    assert case_warnings(parse_case(text)) == [
        "positions[6] (BANK on funding) rests on no claim: "
        "add a claim (from an analyst_estimate source graded F if it is a judgement)"
    ]


def test_case_validation_error_from_case_model() -> None:
    # A reference problem raised inside pydantic becomes a located problem when loading text.
    case = small_case()
    data = case.model_dump(mode="json")
    data["positions"][0]["actor"] = "Q"

    with pytest.raises(
        CaseValidationError, match=r"^<string>:\d+:\d+: positions\[0\]\.actor: unknown actor 'Q'"
    ):
        parse_case(json.dumps(data))
