"""Enumerate a deal space in bounded-memory chunks, keeping counts and the Pareto frontier.

Every solution concept accord reports (Nash, Kalai-Smorodinsky, egalitarian, utilitarian,
each actor's best acceptable package) is attained on the Pareto frontier of the acceptable
set, so the scan keeps only that frontier: one row per distinct utility vector, with the
lowest package index that reaches it and how many packages do.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from accord.deals import _kernels
from accord.deals.pareto import pareto_indices
from accord.deals.security import security_flags, security_gains
from accord.deals.space import DealSpace

__all__ = ["DEFAULT_CHUNK", "ProgressFn", "ScanResult", "scan"]

DEFAULT_CHUNK = 1 << 17
_DECIMALS = 9  # utilities are compared after rounding to this many decimals
_BLOCK = 4096  # largest inner block the compiled scorer precomputes
_HEADS = 1 << 18  # most heads (outer options) the compiled scorer filters as it filters inner blocks
_MARGIN = 1e-7  # an inner block or head is dropped only if another beats it by more than this somewhere

ProgressFn = Callable[[int, int], None]
"""Called as ``progress(done, total)`` after each chunk."""


@dataclass(frozen=True)
class ScanResult:
    """What a full enumeration found.

    Attributes:
        packages: Number of packages scanned.
        acceptable: Number acceptable to every actor at the table.
        frontier_index: Lowest package index reaching each distinct frontier utility vector.
        frontier_utilities: ``(points, actors)`` utilities of those packages.
        frontier_count: How many packages reach each frontier vector.
        acceptable_to: Per actor, how many packages it accepts on its own.
        security_flagged: Acceptable packages flagged by the indivisible-security check
            (``None`` when no threshold was given).
    """

    packages: int
    acceptable: int
    frontier_index: NDArray[np.int64]
    frontier_utilities: NDArray[np.float64]
    frontier_count: NDArray[np.int64]
    acceptable_to: NDArray[np.int64]
    security_flagged: int | None

    @property
    def pareto(self) -> int:
        """Number of packages on the Pareto frontier of the acceptable set."""
        return int(self.frontier_count.sum())


def _collapse(
    index: NDArray[np.int64], util: NDArray[np.float64], count: NDArray[np.int64]
) -> tuple[NDArray[np.int64], NDArray[np.float64], NDArray[np.int64]]:
    """Collapse equal utility rows into one, keeping the lowest index and summing counts."""
    uniq, inverse = np.unique(util, axis=0, return_inverse=True)
    inverse = inverse.reshape(-1)
    first = np.full(uniq.shape[0], np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(first, inverse, index)
    total = np.bincount(inverse, weights=count, minlength=uniq.shape[0]).astype(np.int64)
    return first, uniq, total


_PENDING = 16  # chunks' worth of chunk frontiers held before they are merged into one
_PARALLEL = 1 << 16  # rows from which the skyline runs on every core
_BATCH = 1024  # rows the compiled skyline tests against the frontier at once, in parallel
_BATCH_SERIAL = 64  # the same on one thread (rows of a batch are also tested against each other)
_Front = tuple[NDArray[np.int64], NDArray[np.float64], NDArray[np.int64]]


def _merge(front: _Front, index: NDArray[np.int64], util: NDArray[np.float64]) -> _Front:
    """The frontier of the frontier so far and new acceptable packages together (numpy path)."""
    f_index, f_util, f_count = front
    merged = _collapse(
        np.concatenate([f_index, index]),
        np.concatenate([f_util, util]),
        np.concatenate([f_count, np.ones(index.size, dtype=np.int64)]),
    )
    sky = pareto_indices(merged[1])
    return merged[0][sky], merged[1][sky], merged[2][sky]


def _frontier(index: NDArray[np.int64], util: NDArray[np.float64], count: NDArray[np.int64]) -> _Front:
    """One row per distinct non-dominated vector of ``util``, with its lowest index and total count.

    Compiled path only: a sort-filter skyline (``_kernels.skyline_counts``).
    """
    kernel, batch = _kernels.skyline_counts, _BATCH_SERIAL
    if util.shape[0] >= _PARALLEL and _kernels.skyline_counts_parallel is not None:
        kernel, batch = _kernels.skyline_counts_parallel, _BATCH
    if kernel is None:  # pragma: no cover - guarded by the caller
        raise RuntimeError("compiled kernels are not available")
    util = np.ascontiguousarray(util)
    rep, low, total = kernel(util, np.ascontiguousarray(index), np.ascontiguousarray(count), batch)
    return low, util[rep], total


def _concat(parts: list[_Front]) -> _Front:
    """Stack frontiers (index, utilities, counts) into one set of rows."""
    return (
        np.concatenate([p[0] for p in parts]),
        np.concatenate([p[1] for p in parts]),
        np.concatenate([p[2] for p in parts]),
    )


class _BlockScorer:
    """Packs a deal space for the compiled kernel.

    Package numbers split into an outer part (the first free issues) and an inner block
    (the last free issues, at most ``_BLOCK`` packages). The inner block's utilities and
    red-line flags are computed once; each package then costs one addition per actor.
    """

    def __init__(self, space: DealSpace, *, serial: bool = False) -> None:
        self.serial = serial  # one thread: the space is too small to share out
        n_actors = len(space.actors)
        width = max(w.shape[1] for w in space.weights)
        self.weights = np.zeros((len(space.issues), n_actors, width))
        self.red = np.zeros((len(space.issues), n_actors, width), dtype=np.bool_)
        for k, (w, r) in enumerate(zip(space.weights, space.red, strict=True)):
            self.weights[k, :, : w.shape[1]] = w
            self.red[k, :, : r.shape[1]] = r
        fixed = space.fixed_choices()
        self.base = np.zeros(n_actors)
        self.base_ok = np.ones(n_actors, dtype=np.bool_)
        for k in range(len(space.issues)):
            if k not in space.free:
                self.base += space.weights[k][:, fixed[k]]
                self.base_ok &= ~space.red[k][:, fixed[k]]
        split = len(space.free)
        block = 1
        while split > 0 and block * space.radices[split - 1] <= _BLOCK:
            split -= 1
            block *= space.radices[split]
        self.block = block
        self.outer_free = np.array(space.free[:split], dtype=np.int64)
        self.outer_radices = np.array(space.radices[:split], dtype=np.int64)
        inner_free = space.free[split:]
        self.inner_util = np.zeros((block, n_actors))
        self.inner_ok = np.ones((block, n_actors), dtype=np.bool_)
        if inner_free:
            digits = np.unravel_index(np.arange(block), space.radices[split:])
            for k, d in zip(inner_free, digits, strict=True):
                self.inner_util += space.weights[k][:, d].T
                self.inner_ok &= ~space.red[k][:, d].T
        self.floor = space.no_deal - 1e-9
        self.n_actors = n_actors
        self.candidate = _undominated(self.inner_util, self.inner_ok, serial)
        n_heads = int(np.prod(self.outer_radices))
        self.head_keep = np.ones(n_heads, dtype=np.bool_)
        head_values = _kernels.head_values
        if 1 < n_heads <= _HEADS and head_values is not None:
            h_util, h_ok = head_values(
                n_heads, self.outer_free, self.outer_radices, self.weights, self.red, self.base, self.base_ok
            )
            # a head crossing a red line yields no acceptable package
            self.head_keep = _undominated(h_util, h_ok, serial) & h_ok.all(axis=1)

    def run(
        self, start: int, count: int
    ) -> tuple[NDArray[np.float64], NDArray[np.int64], NDArray[np.bool_], NDArray[np.int64]]:
        """Score packages ``start .. start + count`` (both multiples of the block, but the last).

        Returns:
            The utilities and package numbers of the acceptable packages that may reach the
            frontier (their head and inner block are both candidates), which packages are
            acceptable, and how many each actor accepts.
        """
        kernel = _kernels.score_blocks_serial if self.serial else _kernels.score_blocks
        if kernel is None:  # pragma: no cover - guarded by the caller
            raise RuntimeError("compiled kernels are not available")
        n_outer = -(-count // self.block)
        first = start // self.block
        util = np.empty((n_outer * self.block, self.n_actors))
        pick = np.empty(n_outer * self.block, dtype=np.int64)
        n_pick = np.empty(n_outer, dtype=np.int64)
        ok = np.empty(n_outer * self.block, dtype=np.bool_)
        counts = np.zeros((n_outer, self.n_actors), dtype=np.int64)
        kernel(
            first,
            n_outer,
            self.outer_free,
            self.outer_radices,
            self.weights,
            self.red,
            self.base,
            self.base_ok,
            self.inner_util,
            self.inner_ok,
            self.floor,
            self.head_keep[first : first + n_outer],
            self.candidate,
            util,
            pick,
            n_pick,
            ok,
            counts,
        )
        sel = (np.arange(self.block) < n_pick[:, None]).reshape(-1)
        index = (start + np.arange(n_outer, dtype=np.int64)[:, None] * self.block).repeat(self.block, axis=1)
        index = index.reshape(-1)[sel] + pick[sel]
        return util[sel], index, ok[:count], counts.sum(axis=0)


def _undominated(util: NDArray[np.float64], ok: NDArray[np.bool_], serial: bool) -> NDArray[np.bool_]:
    """Rows that can put a package on the frontier, by a Minkowski-sum argument.

    Package utilities are a head (the outer issues) plus an inner block's. If inner block
    ``j`` is at least as good as block ``i`` for every actor, clearly better for one (by
    ``_MARGIN``, so rounding cannot make them equal) and crosses no red line ``i`` does not,
    then wherever ``head + i`` is acceptable, ``head + j`` is acceptable and dominates it:
    no package ending in ``i`` reaches the frontier or equals a frontier vector. The same
    holds for heads with the inner block fixed.
    """
    n = util.shape[0]
    keep = np.ones(n, dtype=np.bool_)
    kernel = _kernels.clearly_dominated_serial if serial else _kernels.clearly_dominated
    if kernel is None or _kernels.skyline_counts is None or n < 2:
        return keep
    sky = _frontier(np.arange(n, dtype=np.int64), util, np.ones(n, dtype=np.int64))[0]
    keep[:] = False
    keep[sky] = True
    rest = np.flatnonzero(~keep)
    beaten = kernel(util[rest], ok[rest], util[sky], ok[sky], _MARGIN)
    keep[rest[~beaten]] = True
    return keep


def scan(
    space: DealSpace,
    *,
    chunk: int = DEFAULT_CHUNK,
    security_threshold: float | None = None,
    progress: ProgressFn | None = None,
) -> ScanResult:
    """Score every package of ``space`` and keep what the analysis needs.

    Memory stays bounded by ``chunk`` (about ``chunk * (actors + issues) * 8`` bytes) plus
    the frontier and, on the compiled path, the frontiers of up to ``_PENDING`` chunks (or
    twice the merged frontier) waiting to be merged.

    Args:
        space: The deal space.
        chunk: Packages scored per step.
        security_threshold: When given, count acceptable packages flagged by the
            indivisible-security check at this threshold.
        progress: Optional callback ``progress(done, total)``.

    Returns:
        Counts and the Pareto frontier of the acceptable set.
    """
    total = space.size
    n_actors = len(space.actors)
    f_index = np.zeros(0, dtype=np.int64)
    f_util = np.zeros((0, n_actors))
    f_count = np.zeros(0, dtype=np.int64)
    acceptable = 0
    flagged = 0 if security_threshold is not None else None
    acceptable_to = np.zeros(n_actors, dtype=np.int64)
    nd = space.no_deal[:, None] - 1e-9
    scorer = _BlockScorer(space, serial=total <= chunk) if _kernels.score_blocks is not None else None
    if scorer is not None:
        chunk = max(1, -(-chunk // scorer.block)) * scorer.block
    compiled = scorer is not None and _kernels.skyline_counts is not None
    pending: list[_Front] = []  # compiled path: frontiers of chunks, not yet merged
    pending_rows = 0
    merged_rows = 0
    for start in range(0, total, chunk):
        idx = np.arange(start, min(start + chunk, total), dtype=np.int64)
        if scorer is not None:
            rows, lead, ok, counts = scorer.run(start, idx.size)
            acceptable_to += counts
        else:
            choices = space.choices(idx)
            util = space.utilities(choices)
            ok_each = (util >= nd) & ~space.red_lines_crossed(choices)
            acceptable_to += ok_each.sum(axis=1)
            ok = np.asarray(ok_each.all(axis=0))
            lead = idx[ok]
            rows = util[:, ok].T
        n_ok = int(ok.sum())
        if n_ok:
            acceptable += n_ok
            ok_idx = idx[ok]
            if flagged is not None and security_threshold is not None:
                gains = security_gains(space, space.choices(ok_idx))
                flagged += int(security_flags(gains, security_threshold).sum())
            if rows.shape[0] and compiled:
                local = _frontier(lead, np.round(rows, _DECIMALS), np.ones(rows.shape[0], dtype=np.int64))
                pending.append(local)
                pending_rows += local[0].size
                if pending_rows > max(_PENDING * chunk, 2 * merged_rows):
                    pending = [_frontier(*_concat(pending))]
                    pending_rows = merged_rows = pending[0][0].size
            elif rows.shape[0]:
                f_index, f_util, f_count = _merge((f_index, f_util, f_count), lead, np.round(rows, _DECIMALS))
        if progress is not None:
            progress(int(idx[-1]) + 1, total)
    if compiled and pending:
        f_index, f_util, f_count = pending[0] if len(pending) == 1 else _frontier(*_concat(pending))
    if total == 0 and progress is not None:
        progress(0, 0)
    order = np.argsort(f_index)
    return ScanResult(
        packages=total,
        acceptable=acceptable,
        frontier_index=f_index[order],
        frontier_utilities=f_util[order],
        frontier_count=f_count[order],
        acceptable_to=acceptable_to,
        security_flagged=flagged,
    )
