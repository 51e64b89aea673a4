"""Shared fixtures: the tutorial case text, targeted edits of it, and loading files expected to fail."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import TypeVar

import pytest

from accord import load_case
from accord.errors import CaseError

E = TypeVar("E", bound=CaseError)


def pytest_addoption(parser: pytest.Parser) -> None:
    """``--fuzz``: run the adversarial generators in full (``make fuzz``)."""
    parser.addoption("--fuzz", action="store_true", default=False, help="full adversarial run")


def pytest_configure(config: pytest.Config) -> None:
    """Declare the ``adversarial`` marker; keep the parsed-case cache out of the user's folders."""
    if "ACCORD_CACHE_DIR" not in os.environ:
        os.environ["ACCORD_CACHE_DIR"] = tempfile.mkdtemp(prefix="accord-test-cache-")
    config.addinivalue_line("markers", "adversarial: generated hostile input or fault (tests/adversarial)")


EditTutorial = Callable[..., str]
LoadBad = Callable[..., CaseError]


def _tutorial_text() -> str:
    return resources.files("accord.cases").joinpath("tutorial.yaml").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def tutorial_text() -> str:
    """The text of the built-in tutorial case, a small valid case to edit."""
    return _tutorial_text()


@pytest.fixture(scope="session")
def edit_tutorial(tutorial_text: str) -> EditTutorial:
    """Return ``edit(*(old, new))``: the tutorial text with each ``old`` (found exactly once) replaced.

    Failing loudly when ``old`` is missing or ambiguous keeps a table of edits honest
    when the tutorial changes.
    """

    def edit(*pairs: tuple[str, str]) -> str:
        text = tutorial_text
        for old, new in pairs:
            count = text.count(old)
            assert count == 1, f"{old!r} occurs {count} times in the tutorial, expected exactly once"
            text = text.replace(old, new)
        return text

    return edit


@pytest.fixture
def case_path(tmp_path: Path) -> Path:
    """Where :func:`load_bad` writes the case under test."""
    return tmp_path / "case.yaml"


@pytest.fixture
def load_bad(case_path: Path) -> LoadBad:
    """Return ``load_bad(content, error_type)``: write, load and return the error raised.

    ``content`` may be ``str`` (written as UTF-8) or ``bytes`` (written as is). The load
    must raise ``error_type`` (a ``CaseError`` subclass), which is returned for inspection.
    """

    def load(content: str | bytes, error_type: type[E]) -> E:
        if isinstance(content, bytes):
            case_path.write_bytes(content)
        else:
            case_path.write_text(content, encoding="utf-8")
        with pytest.raises(error_type) as info:
            load_case(case_path)
        return info.value

    return load
