"""The parsed-case cache: a hit skips the YAML parser, and nothing it holds can change a result."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest

from accord import load_case, parse_case
from accord.case import parse_cache, yaml_io
from accord.errors import CaseFormatError, CaseValidationError


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("ACCORD_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("ACCORD_NO_CACHE", raising=False)
    return tmp_path / "cases"


def _big_text() -> str:
    return resources.files("accord.cases").joinpath("ukraine-2025.yaml").read_text(encoding="utf-8")


def _no_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the YAML parser ran")

    monkeypatch.setattr(yaml_io, "read_yaml_document", fail)


def test_second_load_skips_the_parser_and_gives_an_equal_case(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = _big_text()
    first = parse_case(text, "u.yaml")
    assert len(list(cache.glob("*.json"))) == 1
    _no_parser(monkeypatch)
    assert parse_case(text, "u.yaml") == first


def test_small_documents_are_not_cached(cache: Path, tutorial_text: str) -> None:
    assert len(tutorial_text) < parse_cache.MIN_CACHED_CHARS
    parse_case(tutorial_text)
    assert not cache.exists() or not list(cache.glob("*.json"))


def test_no_cache_env_turns_it_off(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ACCORD_NO_CACHE", "1")
    parse_case(_big_text())
    assert not cache.exists()


def test_corrupt_entry_is_ignored(cache: Path) -> None:
    text = _big_text()
    expected = parse_case(text)
    (entry,) = cache.glob("*.json")
    entry.write_text("{not json", encoding="utf-8")
    assert parse_case(text) == expected


def test_entry_that_fails_validation_falls_back_to_the_located_error(cache: Path) -> None:
    text = _big_text().replace("title:", "title: [", 1)  # still a big document, now invalid YAML
    with pytest.raises(CaseFormatError) as plain:
        parse_case(text, "u.yaml")
    # plant data under this text's key as if an older version had cached it
    cache.mkdir(parents=True, exist_ok=True)
    (cache / f"{parse_cache._key(text)}.json").write_text(json.dumps({"id": "x"}), encoding="utf-8")
    with pytest.raises(type(plain.value)) as again:
        parse_case(text, "u.yaml")
    assert str(again.value) == str(plain.value)


def test_planted_invalid_data_never_becomes_a_case(cache: Path) -> None:
    text = _big_text()
    bad = {"format": 1, "id": "not valid at all"}
    cache.mkdir(parents=True, exist_ok=True)
    (cache / f"{parse_cache._key(text)}.json").write_text(json.dumps(bad), encoding="utf-8")
    case = parse_case(text, "u.yaml")
    assert case == load_case("ukraine-2025")


def test_validation_error_is_located_even_when_cached_data_exists(cache: Path) -> None:
    text = _big_text()
    parse_case(text)
    broken = text.replace("as_of:", "as_of: notadate\nx_unknown:", 1)
    with pytest.raises(CaseValidationError) as exc:
        parse_case(broken, "u.yaml")
    assert "u.yaml:" in str(exc.value)


def test_pruned_to_the_entry_limit(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parse_cache, "MAX_ENTRIES", 3)
    text = _big_text()
    for k in range(5):
        parse_case(text + f"\n# variant {k}\n")
    assert len(list(cache.glob("*.json"))) == 3
