"""Built-in cases cite sources a reader can follow (issue 17, item 4).

Every source names what a reader can look for (title, publisher, date, an address where one
is known) and nothing a user of the package does not have: no case brief, no corpus file, no
path into the repository or a working machine. ``accord sources`` prints the publisher and
the address of each source.
"""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest
from typer.testing import CliRunner

import accord
from accord import Case, load_case
from accord.cli import app

BUILTINS = accord.builtin_case_names()

# Words that point at material the user of the package does not have.
_PRIVATE_WORDS = re.compile(r"\bbrief\b|\bcorpus\b|\.txt\b", re.IGNORECASE)
# Paths into a repository checkout or a machine, as opposed to web addresses.
_PATHS = re.compile(
    r"(?:^|[\s(\"'`])(?:/(?:work|home|tmp|Users|mnt|var)/"
    r"|\.{1,2}/"
    r"|(?:corpus|docs|tests|src|data|benchmarks|notes|scripts)/)",
)
_NO_PUBLISHER = re.compile(r"publisher is not known|no publisher|publisher unknown", re.IGNORECASE)
_UNDATED = re.compile(r"\bundated\b", re.IGNORECASE)


def _private_reference(text: str | None) -> str | None:
    """The first reference to a file or brief the user lacks, or None."""
    if not text:
        return None
    match = _PRIVATE_WORDS.search(text) or _PATHS.search(text)
    return match.group(0).strip() if match else None


def _case(name: str) -> Case:
    return load_case(name)


@pytest.mark.parametrize("name", BUILTINS)
def test_sources_name_nothing_the_user_lacks(name: str) -> None:
    case = _case(name)
    found = []
    for s in case.sources:
        for field in ("title", "notes"):
            hit = _private_reference(getattr(s, field))
            if hit:
                found.append(f"source {s.id} {field}: {hit!r}")
    for c in case.claims:
        hit = _private_reference(c.text)
        if hit:
            found.append(f"claim {c.id} text: {hit!r}")
    assert not found, "references to files or briefs a user does not have:\n" + "\n".join(found)


@pytest.mark.parametrize("name", BUILTINS)
def test_sources_say_who_published_them_and_when(name: str) -> None:
    case = _case(name)
    problems = []
    for s in case.sources:
        if s.kind == "analyst_estimate":
            continue
        if not s.title.strip():
            problems.append(f"{s.id}: no title")
        if not s.publisher and not _NO_PUBLISHER.search(s.notes or ""):
            problems.append(f"{s.id}: no publisher, and the notes do not say none is known")
        if s.date is None and not _UNDATED.search(s.notes or ""):
            problems.append(f"{s.id}: no date, and the notes do not say it is undated")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name", BUILTINS)
def test_source_urls_are_absolute_web_addresses(name: str) -> None:
    for s in _case(name).sources:
        if s.url is None:
            continue
        parsed = urlparse(str(s.url))
        assert parsed.scheme in ("http", "https"), (s.id, str(s.url))
        assert parsed.netloc, (s.id, str(s.url))
        assert "." in parsed.netloc, (s.id, str(s.url))


def test_the_shared_2025_sources_agree_across_cases() -> None:
    older = {s.id: s for s in _case("ukraine-2025").sources}
    newer = {s.id: s for s in _case("ukraine-2026").sources}
    shared = sorted(set(older) & set(newer) - {"accord-analyst"})
    assert shared, "ukraine-2026 carries over the 2025 sources"
    for sid in shared:
        assert older[sid] == newer[sid], sid


@pytest.mark.parametrize("name", BUILTINS)
def test_sources_command_prints_publisher_and_url(name: str) -> None:
    result = CliRunner().invoke(app, ["sources", name])
    assert result.exit_code == 0, result.output
    # The console wraps long lines: compare publishers with whitespace collapsed and
    # addresses (which may be folded mid-word) with whitespace removed.
    collapsed = " ".join(result.output.split())
    squeezed = re.sub(r"\s+", "", result.output)
    for s in _case(name).sources:
        if s.publisher:
            assert " ".join(s.publisher.split()) in collapsed, (s.id, s.publisher)
        if s.url:
            assert str(s.url) in squeezed, (s.id, str(s.url))
