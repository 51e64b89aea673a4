"""Strict JSON for the command line: never a bare ``NaN`` or ``Infinity``, which JSON does not have.

A float that is not finite becomes ``null``; :func:`finite_json` names where, so the
output can say what those nulls mean.
"""

from __future__ import annotations

import json
import math
from typing import Any

__all__ = ["NON_FINITE_NOTE", "finite_json", "strict_dumps"]

NON_FINITE_NOTE = "these values were not finite numbers (NaN or infinity) and are printed as null"
"""The ``note`` of the ``non_finite`` field :func:`strict_dumps` adds to an object."""


def finite_json(data: Any, path: str = "$") -> tuple[Any, list[str]]:
    """Return a copy of ``data`` with every non-finite float replaced by ``None``.

    Args:
        data: JSON-ready data (dicts, lists, tuples, scalars).
        path: The JSON path of ``data`` (for the list of replacements).

    Returns:
        ``(copy, paths of the replaced values)``.
    """
    if isinstance(data, float):
        return (data, []) if math.isfinite(data) else (None, [path])
    if isinstance(data, dict):
        out: dict[Any, Any] = {}
        found: list[str] = []
        for key, value in data.items():
            out[key], sub = finite_json(value, f"{path}.{key}")
            found.extend(sub)
        return out, found
    if isinstance(data, list | tuple):
        items: list[Any] = []
        found = []
        for k, value in enumerate(data):
            item, sub = finite_json(value, f"{path}[{k}]")
            items.append(item)
            found.extend(sub)
        return items, found
    return data, []


def strict_dumps(data: Any, **kwargs: Any) -> str:
    """Serialise ``data`` as valid JSON: non-finite floats become ``null``.

    When ``data`` is an object and some value was replaced, a ``non_finite`` field says so
    (``{"note": ..., "paths": [...]}``, at most 50 paths).

    Args:
        data: JSON-ready data.
        **kwargs: Passed to :func:`json.dumps` (``allow_nan`` is always ``False``).

    Returns:
        The JSON text.
    """
    clean, paths = finite_json(data)
    if paths and isinstance(clean, dict):
        clean["non_finite"] = {"note": NON_FINITE_NOTE, "paths": paths[:50], "count": len(paths)}
    kwargs["allow_nan"] = False
    return json.dumps(clean, **kwargs)
