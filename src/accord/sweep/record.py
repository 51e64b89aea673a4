"""The schema of one draw record, derived from the sweep's header.

A record is either a finished draw ``{"i", "nash", "base_nash_product", "accept",
"forecasts", "honour"}`` or a failed one ``{"i", "error"}``. :func:`record_problem` says what
is wrong with a record (``None``: nothing): exact keys, types (a ``bool`` is never taken for
a number, nor a float such as ``10.0`` for an index), lengths that match the header, option
indices within each issue's options, finite numbers, probabilities within ``[0, 1]``.
The checksum field (``sum``, :mod:`accord.sweep.seal`) is not part of the schema.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

__all__ = ["MAX_INDEX", "checked", "record_problem"]

MAX_INDEX = 2**63 - 1
"""The largest draw index (a draw's generator is seeded with ``[seed, index]``)."""

_OK_KEYS = frozenset({"i", "nash", "base_nash_product", "accept", "forecasts", "honour"})
_ERROR_KEYS = frozenset({"i", "error"})


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _numbers(
    name: str, values: Any, length: int, low: float | None = None, high: float | None = None
) -> str | None:
    if not isinstance(values, list):
        return f"{name} is not a list"
    if len(values) != length:
        return f"{name} has {len(values)} values, not {length}"
    for k, v in enumerate(values):
        if not _is_number(v):
            return f"{name}[{k}] is not a finite number: {_short(v)}"
        if (low is not None and v < low) or (high is not None and v > high):
            return f"{name}[{k}] = {v!r} is outside [{low}, {high}]"
    return None


def _nash_problem(nash: Any, issues: Sequence[Any]) -> str | None:
    if nash is None:
        return None
    if not isinstance(nash, list) or len(nash) != len(issues):
        return f"nash is not a list of {len(issues)} option indices"
    for k, (choice, (_issue, options)) in enumerate(zip(nash, issues, strict=True)):
        if not _is_int(choice) or not 0 <= choice < len(options):
            return f"nash[{k}] is not an option index below {len(options)}: {_short(choice)}"
    return None


def _body_problem(rec: Mapping[str, Any], header: Mapping[str, Any]) -> str | None:
    problem = _nash_problem(rec["nash"], header["issues"])
    if problem:
        return problem
    product = rec["base_nash_product"]
    if header["baseline"]["nash"] is None:
        if product is not None:
            return "base_nash_product must be null: there is no baseline Nash package"
    elif product is not None and not (_is_number(product) and product >= 0):
        return f"base_nash_product is not a finite number at least 0: {_short(product)}"
    accept = rec["accept"]
    if not isinstance(accept, list) or len(accept) != len(header["candidates"]):
        return f"accept is not a list of {len(header['candidates'])} values"
    if not all(isinstance(a, bool) for a in accept):
        return "accept holds a value that is not true or false"
    forecasts = rec["forecasts"]
    wanted = header["forecast_issues"]
    if not isinstance(forecasts, dict) or set(forecasts) != set(wanted):
        return f"forecasts does not hold exactly the models {sorted(wanted)}"
    for model, issues in wanted.items():
        problem = _numbers(f"forecasts.{model}", forecasts[model], len(issues))
        if problem:
            return problem
    honour = rec["honour"]
    guarantees = header["guarantees"]
    if not isinstance(honour, list) or len(honour) != len(guarantees):
        return f"honour is not a list of {len(guarantees)} guarantees"
    for g, (gid, guarantors) in enumerate(guarantees):
        problem = _numbers(f"honour[{g}] ({gid})", honour[g], len(guarantors), 0.0, 1.0)
        if problem:
            return problem
    return None


def record_problem(rec: Any, header: Mapping[str, Any]) -> str | None:
    """Say what is wrong with a draw record, or return ``None`` when it fits the schema.

    Args:
        rec: The record as parsed (without its ``sum`` field).
        header: The sweep's header (:func:`accord.sweep.run.prepare`), which fixes the
            issues, candidates, models and guarantees.

    Returns:
        A short reason, or ``None``.
    """
    if not isinstance(rec, dict):
        return "not a JSON object"
    if "i" not in rec:
        return "the draw index 'i' is missing"
    index = rec["i"]
    if not _is_int(index):
        return f"the draw index is not an integer: {_short(index)}"
    if not 0 <= index <= MAX_INDEX:
        return f"the draw index is out of range: {_short(index)}"
    keys = set(rec)
    expected = _ERROR_KEYS if "error" in keys else _OK_KEYS
    if keys != expected:
        missing, extra = sorted(expected - keys), sorted(keys - expected)
        parts = ([f"missing {', '.join(missing)}"] if missing else []) + (
            [f"unexpected {', '.join(_short(k) for k in extra)}"] if extra else []
        )
        return "; ".join(parts)
    if expected is _ERROR_KEYS:
        return None if isinstance(rec["error"], str) else "error is not a string"
    return _body_problem(rec, header)


def checked(rec: dict[str, Any], header: Mapping[str, Any]) -> dict[str, Any]:
    """Return a freshly computed record, or a failed-draw record saying why it does not fit the schema.

    A draw whose analysis produced, say, a NaN forecast is recorded as failed rather than
    written (JSON has no NaN) or summarised.
    """
    problem = record_problem(rec, header)
    if problem is None:
        return rec
    return {"i": rec["i"], "error": f"the draw's results are invalid: {problem}"}
