"""Hostile articles: refused with a message naming the limit, or extracted with linear work."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from accord.cli import app
from accord.evidence.extract import MAX_TEXT_CHARS, extract_text
from accord.evidence.text import MAX_ATTRIBUTES, MAX_TAG_DEPTH, ArticleError, parse_article
from evidence.scaling import assert_linear

from . import hostile
from .conftest import FuzzScale


def test_a_tag_with_too_many_attributes_is_refused_naming_the_limit() -> None:
    with pytest.raises(ArticleError, match=r"<p> tag has 200,000 attributes.*limit `max_attributes`"):
        parse_article(hostile.attributes(200_000))


def test_a_tag_at_the_attribute_limit_is_read() -> None:
    doc, _notes = parse_article(hostile.attributes(MAX_ATTRIBUTES))
    assert "Ukraine and Russia met." in doc.text


def test_deeply_nested_tags_are_refused_naming_the_limit() -> None:
    with pytest.raises(ArticleError, match=r"limit `max_tag_depth`"):
        parse_article(hostile.nested_tags(MAX_TAG_DEPTH + 1))


def test_unclosed_paragraphs_do_not_count_as_nesting() -> None:
    page = "<!doctype html><html><body>" + "<p>Ukraine met Russia. " * (3 * MAX_TAG_DEPTH) + "</body></html>"
    doc, _notes = parse_article(page.encode())
    assert "Ukraine met Russia." in doc.text


def test_extract_cli_refuses_a_hostile_page_with_one_message(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(hostile.attributes(50_000))
    result = CliRunner().invoke(app, ["extract", str(path)])
    assert result.exit_code == 2
    assert "limit `max_attributes`" in result.output
    assert "Traceback" not in result.output


def test_very_long_text_is_cut_with_a_note() -> None:
    ex = extract_text("x " * (MAX_TEXT_CHARS // 2 + 10), "2025-03-01", nlp=None)
    assert any("cut to its first" in n for n in ex.notes)


@pytest.mark.parametrize("make", [hostile.prose, hostile.numbers, hostile.one_line, hostile.quotes])
def test_extraction_work_grows_linearly(make: object, fuzz: FuzzScale) -> None:
    assert callable(make)
    size = fuzz.pick(60_000, 400_000)
    assert_linear(lambda n: extract_text(make(n).decode(), "2025-03-01", nlp=None), size)


def test_commitments_in_long_prose_are_all_found() -> None:
    one = extract_text(hostile.prose(4_000).decode(), "2025-03-01", nlp=None)
    four = extract_text(hostile.prose(16_000).decode(), "2025-03-01", nlp=None)
    assert one.commitments
    assert len(four.commitments) >= 3 * len(one.commitments)
    assert all(c.actor is not None for c in four.commitments if "United States" in c.text)
