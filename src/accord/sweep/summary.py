"""Aggregate a sweep's draws into robustness results and a sensitivity ranking.

* P(acceptable to all) per candidate package, with a Wilson 95% interval (Wilson 1927);
* how often each package is the Nash solution (top 10) and P(no acceptable package);
* 5th, 50th and 95th percentiles of every forecast and every guarantor's P(honour);
* Spearman rank correlations of every input with key outputs, and the inputs ranked by
  their largest absolute correlation (Saltelli et al. 2008, *Global Sensitivity Analysis:
  The Primer*, ch. 1.2: rank-based measures for monotonic models). docs/sweep.md says why
  rank correlations rather than Sobol indices.

Everything is computed from the records in draw-index order, so the summary depends only
on which draws finished, never on the order they finished in.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy.stats import rankdata

from accord.sweep.draw import Record
from accord.sweep.spec import SweepSpec

__all__ = ["NASH_TOP", "NULL_MEANS", "spearman", "summarise", "wilson"]

NULL_MEANS = (
    "null is a value that does not exist: a proportion or percentile with no successful draw, "
    "a correlation with a constant input or output, or a baseline Nash package when nothing "
    "is acceptable at the baseline"
)
"""The summary's ``null_means`` note."""

NASH_TOP = 10
"""Nash packages listed, most frequent first."""

Z95 = 1.959963984540054
"""The standard normal 97.5th percentile."""


def wilson(successes: int, n: int, z: float = Z95) -> tuple[float, float]:
    """Return the Wilson score interval for a binomial proportion (``(0, 1)`` when ``n`` is 0)."""
    if n <= 0:
        return 0.0, 1.0
    p = successes / n
    denom = 1.0 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


def spearman(x: NDArray[np.float64], y: NDArray[np.float64]) -> float | None:
    """Return Spearman's rank correlation (``None`` when either is constant or too short)."""
    if x.size < 3:
        return None
    rx, ry = rankdata(x), rankdata(y)
    sx, sy = float(np.std(rx)), float(np.std(ry))
    if sx == 0.0 or sy == 0.0:
        return None
    return float(np.mean((rx - rx.mean()) * (ry - ry.mean())) / (sx * sy))


def _proportion(successes: int, n: int) -> dict[str, Any]:
    low, high = wilson(successes, n)
    return {"p": successes / n if n else None, "low": low, "high": high, "count": successes, "n": n}


def _percentiles(values: Sequence[float], baseline: float | None) -> dict[str, Any]:
    arr = np.asarray(values, dtype=np.float64)
    if arr.size == 0:
        return {"p5": None, "p50": None, "p95": None, "baseline": baseline}
    p5, p50, p95 = (float(v) for v in np.percentile(arr, [5, 50, 95]))
    return {"p5": p5, "p50": p50, "p95": p95, "baseline": baseline}


def _package(header: Mapping[str, Any], choices: Sequence[int]) -> dict[str, str]:
    return {issue: options[c] for (issue, options), c in zip(header["issues"], choices, strict=True)}


def _sensitivity(spec: SweepSpec, seed: int, ok: list[Record], header: Mapping[str, Any]) -> dict[str, Any]:
    outputs: dict[str, NDArray[np.float64]] = {}
    for model, issues in (header["forecast_issues"] or {}).items():
        for k, issue in enumerate(issues):
            outputs[f"forecast.{model}.{issue}"] = np.array([r["forecasts"][model][k] for r in ok])
    base = header["baseline"]["nash"]
    if base is not None:
        outputs["nash_product.baseline_package"] = np.array([r["base_nash_product"] or 0.0 for r in ok])
        outputs["nash.is_baseline_package"] = np.array([1.0 if r["nash"] == base else 0.0 for r in ok])
    values = spec.sample_many(seed, [int(r["i"]) for r in ok]) if ok else np.zeros((0, len(spec.inputs)))
    rho: dict[str, dict[str, float | None]] = {}
    ranking: list[dict[str, Any]] = []
    for k, name in enumerate(spec.names):
        row = {out: spearman(values[:, k], y) for out, y in outputs.items()}
        rho[name] = row
        known = [(abs(v), out, v) for out, v in row.items() if v is not None]
        if known:
            top_abs, top_out, top_v = max(known, key=lambda t: (t[0], t[1]))
            ranking.append({"input": name, "max_abs_rho": top_abs, "rho": top_v, "output": top_out})
    ranking.sort(key=lambda e: (-e["max_abs_rho"], e["input"]))
    return {"method": "spearman", "outputs": list(outputs), "rho": rho, "ranking": ranking}


def summarise(header: Mapping[str, Any], records: Mapping[int, Record], spec: SweepSpec) -> dict[str, Any]:
    """Aggregate finished draws.

    Args:
        header: The sweep header (see :mod:`accord.sweep.store`).
        records: Finished draws by index.
        spec: The uncertain inputs (draw values are recomputed from ``(seed, index)``).

    Returns:
        The JSON-ready summary.
    """
    ordered = [records[i] for i in sorted(records)]
    ok = [r for r in ordered if "error" not in r]
    n = len(ok)
    candidates = header["candidates"]
    acceptability = []
    for c, cand in enumerate(candidates):
        hits = sum(1 for r in ok if r["accept"][c])
        acceptability.append({"labels": cand["labels"], "options": cand["options"], **_proportion(hits, n)})
    counts: Counter[tuple[int, ...] | None] = Counter(
        None if r["nash"] is None else tuple(r["nash"]) for r in ok
    )
    first_seen: dict[tuple[int, ...] | None, int] = {}
    for r in ok:
        first_seen.setdefault(None if r["nash"] is None else tuple(r["nash"]), int(r["i"]))
    base = header["baseline"]["nash"]
    found = [(k, v) for k, v in counts.items() if k is not None]
    found.sort(key=lambda kv: (-kv[1], first_seen[kv[0]]))
    nash = {
        "baseline": None if base is None else _package(header, base),
        "no_acceptable": _proportion(counts.get(None, 0), n),
        "baseline_package": None if base is None else _proportion(counts.get(tuple(base), 0), n),
        "distinct": len(found),
        "packages": [
            {
                "options": _package(header, k),
                "is_baseline": base is not None and list(k) == base,
                **_proportion(v, n),
            }
            for k, v in found[:NASH_TOP]
        ],
    }
    forecasts = {
        model: {
            issue: _percentiles(
                [r["forecasts"][model][k] for r in ok], header["baseline"]["forecasts"][model][k]
            )
            for k, issue in enumerate(issues)
        }
        for model, issues in header["forecast_issues"].items()
    }
    honour: dict[str, dict[str, Any]] = {}
    for g, (gid, guarantors) in enumerate(header["guarantees"]):
        honour[gid] = {
            who: _percentiles([r["honour"][g][j] for r in ok], header["baseline"]["honour"][g][j])
            for j, who in enumerate(guarantors)
        }
    return {
        "case": header["case"],
        "seed": header["seed"],
        "options": header["options"],
        "draws": {"done": len(ordered), "ok": n, "failed": len(ordered) - n},
        "errors": sorted({r["error"] for r in ordered if "error" in r})[:5],
        "inputs": len(spec.inputs),
        "acceptability": acceptability,
        "nash": nash,
        "forecasts": forecasts,
        "honour": honour,
        "sensitivity": _sensitivity(spec, int(header["seed"]), ok, header),
        "null_means": NULL_MEANS,
    }
