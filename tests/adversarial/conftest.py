"""Scale of the adversarial run: a fast sample by default, the full run under ``--fuzz``."""

from __future__ import annotations

from dataclasses import dataclass

import pytest


@dataclass(frozen=True)
class FuzzScale:
    """How hard each adversarial generator pushes.

    Attributes:
        full: True under ``make fuzz`` (``pytest --fuzz``).
        examples: Random mutations or generated inputs per property.
        kills: kill -9 attempts against an ingest.
    """

    full: bool
    examples: int
    kills: int

    def pick(self, fast: int, full: int) -> int:
        """Return ``full`` in the full run, ``fast`` otherwise."""
        return full if self.full else fast


@pytest.fixture(scope="session")
def fuzz(request: pytest.FixtureRequest) -> FuzzScale:
    """The scale of this run (see :class:`FuzzScale`)."""
    full = bool(request.config.getoption("--fuzz"))
    return FuzzScale(full=full, examples=400 if full else 25, kills=40 if full else 12)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test collected under tests/adversarial as ``adversarial``."""
    for item in items:
        if "adversarial" in item.path.parts:
            item.add_marker(pytest.mark.adversarial)
