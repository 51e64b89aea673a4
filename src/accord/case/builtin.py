"""The case files that ship inside the package."""

from __future__ import annotations

from importlib import resources
from importlib.abc import Traversable

__all__ = ["builtin_case_names", "builtin_case_resource"]

_PACKAGE = "accord.cases"


def builtin_case_names() -> list[str]:
    """Return the names of the built-in cases, sorted."""
    root = resources.files(_PACKAGE)
    return sorted(p.name[: -len(".yaml")] for p in root.iterdir() if p.name.endswith(".yaml"))


def builtin_case_resource(name: str) -> Traversable | None:
    """Return the packaged file of a built-in case, or ``None`` if there is none by that name."""
    if name not in builtin_case_names():
        return None
    return resources.files(_PACKAGE).joinpath(f"{name}.yaml")
