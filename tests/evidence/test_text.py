"""Reading articles: encodings, binary junk, HTML main text, the URL/DATE header, size limits."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.evidence.text import MAX_ARTICLE_BYTES, ArticleError, looks_like_html, parse_article, read_article

BODY = "Russian President Vladimir Putin met U.S. envoy Steve Witkoff in Moscow on Wednesday."


def test_header_is_metadata_and_offsets_start_after_it() -> None:
    doc, notes = parse_article(f"URL: https://example.org/a\nDATE: 2025-08-07\n\n{BODY}\n".encode())
    assert doc.url == "https://example.org/a"
    assert doc.date == "2025-08-07"
    assert doc.text.startswith("Russian President")
    assert notes == []


def test_header_with_only_a_date_and_bad_date_is_a_note() -> None:
    doc, _ = parse_article(f"DATE: 2025-08-07\n\n{BODY}".encode())
    assert (doc.url, doc.date) == (None, "2025-08-07")
    doc, notes = parse_article(f"URL: https://x.org\nDATE: 2025-02-30\n\n{BODY}".encode())
    assert doc.date is None
    assert any("2025-02-30" in n for n in notes)


def test_no_header_leaves_text_alone() -> None:
    doc, _ = parse_article(BODY.encode())
    assert doc.text == BODY
    assert doc.url is None


def test_date_option_overrides_and_is_checked() -> None:
    doc, _ = parse_article(f"DATE: 2025-08-07\n\n{BODY}".encode(), date="2025-09-01")
    assert doc.date == "2025-09-01"
    with pytest.raises(ArticleError, match="YYYY-MM-DD"):
        parse_article(BODY.encode(), date="7 Aug")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Zelenskyy\u2019s office".encode("utf-8-sig"), "Zelenskyy\u2019s office"),
        ("Zelenskyy\u2019s office".encode("utf-16"), "Zelenskyy\u2019s office"),
        ("Café in Kyiv — talks".encode("cp1252"), "Café in Kyiv — talks"),
    ],
)
def test_encodings(raw: bytes, expected: str) -> None:
    doc, _ = parse_article(raw)
    assert doc.text == expected


def test_windows_1252_is_noted() -> None:
    _doc, notes = parse_article("Café".encode("cp1252"))
    assert any("Windows-1252" in n for n in notes)


@pytest.mark.parametrize(
    "raw", [b"\x00\x01\x02binary\x00", bytes(range(256)) * 20, b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 100]
)
def test_binary_junk_is_refused(raw: bytes) -> None:
    with pytest.raises(ArticleError, match="binary"):
        parse_article(raw)


def test_oversized_is_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"a " * (MAX_ARTICLE_BYTES // 2 + 10))
    with pytest.raises(ArticleError, match="limit"):
        read_article(big)


def test_empty_file_gives_empty_text(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    doc, notes = read_article(empty)
    assert doc.text == ""
    assert "the article has no text" in notes


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ArticleError, match="cannot read"):
        read_article(tmp_path / "nope.txt")


HTML = """<!DOCTYPE html><html><head><title>Envoy in Moscow</title>
<meta property="article:published_time" content="2025-08-07T10:00:00Z"></head>
<body><nav><a href="/">Home</a> | <a href="/world">World</a> | Subscribe now</nav>
<div class="ad">BUY CHEAP FLIGHTS</div>
<article><h1>Envoy in Moscow</h1>
<p>Russian President Vladimir Putin met U.S. envoy Steve Witkoff in Moscow on Wednesday,
the Kremlin said.</p>
<p>"The talks were useful and constructive," Yuri Ushakov, a Kremlin aide,
told reporters after the meeting.</p>
<p>Ukraine's President Volodymyr Zelensky said Kyiv would not cede any territory in the Donbas region.</p>
</article><footer>Copyright 2025 Example News. All rights reserved.</footer>
<script>var tracking = "do not extract me";</script></body></html>"""


def test_html_keeps_main_text_and_metadata() -> None:
    doc, _ = parse_article(HTML.encode())
    assert "Vladimir Putin met" in doc.text
    assert "Yuri Ushakov" in doc.text
    assert "BUY CHEAP FLIGHTS" not in doc.text
    assert "do not extract me" not in doc.text
    assert "Subscribe" not in doc.text
    assert "<p>" not in doc.text
    assert doc.date == "2025-08-07"
    assert doc.title == "Envoy in Moscow"


@pytest.mark.parametrize(
    "html",
    [
        "<p>Putin met Witkoff in <b>Moscow</b> on Wednesday.<p>Talks went on<div><span>late",
        "<html><body><p>Unclosed <a href='x>broken</body>",
        "<div><div><div>" * 500 + "deep text" + "</div>" * 10,
        "<p>" + "&amp;&lt;&#xZZ;" * 100 + "</p><p>more</p><p>and more</p>",
    ],
)
def test_malformed_html_gives_text_not_a_crash(html: str) -> None:
    doc, _ = parse_article(html.encode())
    assert "<p>" not in doc.text
    assert "<div>" not in doc.text


def test_plain_text_with_a_few_angle_brackets_is_not_html() -> None:
    text = "Troops < 5,000 would be a tripwire; > 20,000 a deterrent, analysts said."
    assert not looks_like_html(text)
    assert parse_article(text.encode())[0].text == text


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=3000))
def test_any_bytes_give_a_document_or_a_clear_error(raw: bytes) -> None:
    try:
        doc, notes = parse_article(raw)
    except ArticleError as exc:
        message = str(exc)
        assert message, "an error must say what is wrong"
        return
    assert isinstance(doc.text, str)
    assert all(isinstance(n, str) for n in notes)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=3000))
def test_any_text_round_trips_as_utf8(text: str) -> None:
    try:
        doc, _ = parse_article(text.encode("utf-8"))
    except ArticleError:
        return
    assert isinstance(doc.text, str)
