"""Benchmarks of the KTAB-style spatial model of politics (``accord.forecast.smp``).

The baseline is a straightforward pure-Python implementation of the same model (loops over
actors and pairs of options, lists instead of arrays), written here independently of the numpy
kernels: every round it holds the same elections (votes, coalitions, head-to-head victory
probabilities, conditional probabilistic Condorcet election), picks the same challenges and
bargains and moves the actors the same way. ``tests/test_forecast_smp.py`` checks that the two
agree, so the speed-up column measures vectorisation only.

Supported switches in the loop version: every ``voting_rule``, ``victory``, ``risk`` and
``bargain``; ``election="conditional"`` and ``transition="deterministic"`` only.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence

import numpy as np
from timing import timed

from accord.forecast.base import IssueData
from accord.forecast.smp import SpatialModel

FLOOR = 1e-15  # smp_kernels.COALITION_FLOOR
INDIFFERENCE = 1e-12  # smp_kernels.INDIFFERENCE
TIE = 1e-9
BARGAIN_EPS = 1e-6


# ---- the pure-Python reference ---------------------------------------------------------------


def loop_utility(d: float, r: float) -> float:
    d = min(d, 1.0)
    return (1.0 - d) * (1.0 + d * r)


def loop_vote(du: float, rule: str) -> float:
    binary = max(-1.0, min(1.0, du / 1e-8))
    return {
        "proportional": du,
        "binary": binary,
        "prop_bin": 0.8 * du + 0.2 * binary,
        "cubic": du**3,
        "prop_cubic": 0.5 * du + 0.5 * du**3,
    }[rule]


def loop_victory(c1: float, c2: float, model: str) -> float:
    if model == "binary":
        p = (c1 / (c1 + c2) * 2.1 - 1.0) / 0.1
        lo = 1e-6 / (1 + 1e-6)
        return min(max(p, lo), 1.0 - lo)
    k = {"linear": 1, "square": 2, "quartic": 4, "octic": 8}[model]
    return c1**k / (c1**k + c2**k)


def loop_pairwise(util: list[list[float]], w: Sequence[float], rule: str, model: str) -> list[list[float]]:
    """The votes/probabilities step: pv[i][j] = P(option i beats option j)."""
    m = len(util[0])
    pv = [[0.5] * m for _ in range(m)]
    for i in range(m):
        for j in range(m):
            if i == j:
                continue
            cij, cji = FLOOR, FLOOR
            for a, wa in enumerate(w):
                du = util[a][i] - util[a][j]
                if du > INDIFFERENCE:
                    cij += wa * loop_vote(du, rule)
                elif -du > INDIFFERENCE:
                    cji += wa * loop_vote(-du, rule)
            pv[i][j] = loop_victory(cij, cji, model)
    return pv


def loop_conditional(pv: list[list[float]], options: Sequence[int]) -> list[float]:
    logs = [sum(math.log(max(pv[i][j], 1e-300)) for j in options) for i in options]
    top = max(logs)
    raw = [math.exp(v - top) for v in logs]
    total = sum(raw)
    return [v / total for v in raw]


def loop_groups(x: Sequence[float], tol: float) -> tuple[list[int], list[float]]:
    order = sorted(range(len(x)), key=lambda k: x[k])
    label = [0] * len(x)
    members: list[list[float]] = [[x[order[0]]]]
    anchor = x[order[0]]
    for k in order[1:]:
        if x[k] - anchor >= tol and x[k] != anchor:
            members.append([])
            anchor = x[k]
        members[-1].append(x[k])
        label[k] = len(members) - 1
    return label, [sum(g) / len(g) for g in members]


def loop_state(
    x: Sequence[float], w: Sequence[float], model: SpatialModel
) -> tuple[list[int], list[float], list[float], list[list[float]], list[float]]:
    """Election among the distinct positions: (label, centre, risk, pv, probabilities)."""
    n = len(x)
    label, centre = loop_groups(x, model.position_tolerance)
    everyone = range(len(centre))
    risk = [0.0] * n
    if model.risk != "neutral":
        util0 = [[loop_utility(abs(x[a] - y), 0.0) for y in centre] for a in range(n)]
        p0 = loop_conditional(loop_pairwise(util0, w, model.voting_rule, model.victory), everyone)
        lo, hi = min(p0), max(p0)
        bottom = {"min": 0.0, "mid": -0.5, "max": -1.0}[model.risk]
        if hi - lo > 1e-12:
            risk = [bottom + (1 - bottom) * (p0[label[a]] - lo) / (hi - lo) for a in range(n)]
    util = [[loop_utility(abs(x[a] - y), risk[a]) for y in centre] for a in range(n)]
    pv = loop_pairwise(util, w, model.voting_rule, model.victory)
    return label, centre, risk, pv, loop_conditional(pv, everyone)


def loop_round(
    x: Sequence[float], s: Sequence[float], w: Sequence[float], model: SpatialModel
) -> list[float]:
    """One round of the model in pure Python, on [0, 1] positions in canonical actor order."""
    n = len(x)
    label, _, risk, pv_state, _ = loop_state(x, w, model)
    u = [[loop_utility(abs(x[a] - x[b]), risk[a]) for b in range(n)] for a in range(n)]
    bargains: list[tuple[int, int, float, float]] = []  # (initiator, target, new x_i, new x_j)
    for i in range(n):
        gains = []
        for j in range(n):
            if j == i:
                gains.append(-math.inf)
                continue
            p = pv_state[label[i]][label[j]]
            own, other = u[i][i], u[i][j]
            gains.append((1 - s[j]) * 2 * own + s[j] * (2 * p * own + 2 * (1 - p) * other) - own - other)
        best = max(gains)
        if best <= model.min_gain:
            continue
        j = next(k for k in range(n) if gains[k] >= best - TIE * abs(best))
        p = pv_state[label[i]][label[j]]
        wi, wj = s[i] * p, s[j] * (1 - p)
        if model.bargain == "s2p2":
            wi, wj = wi * wi, wj * wj
        total = wi + wj + BARGAIN_EPS
        bargains.append(
            (
                i,
                j,
                ((wi + BARGAIN_EPS) * x[i] + wj * x[j]) / total,
                (wi * x[i] + (wj + BARGAIN_EPS) * x[j]) / total,
            )
        )
    if not bargains:
        return list(x)
    values = []  # values[a][m]: a's mean utility of the state after option m (0 = status quo)
    for a in range(n):
        base = sum(u[a])
        row = [base / n]
        for i, j, bi, bj in bargains:
            changed = loop_utility(abs(x[a] - bi), risk[a]) + loop_utility(abs(x[a] - bj), risk[a])
            row.append((base - u[a][i] - u[a][j] + changed) / n)
        values.append(row)
    pv = loop_pairwise(values, w, model.voting_rule, model.victory)
    new_x = list(x)
    for k in range(n):
        options = [0] + [m + 1 for m, (i, j, _, _) in enumerate(bargains) if k in (i, j)]
        probs = loop_conditional(pv, options)
        outcome = [x[k]]
        for m in options[1:]:
            i, _, bi, bj = bargains[m - 1]
            outcome.append(bi if i == k else bj)
        top = max(probs)
        tied = [q for q in range(len(options)) if probs[q] >= top * (1 - TIE)]
        new_x[k] = min((abs(outcome[q] - x[k]), outcome[q]) for q in tied)[1]
    return new_x


def canonical(issue: IssueData) -> tuple[list[float], list[float], list[float], float, float]:
    """Positions on [0, 1], saliences and normalised weights in canonical order, and the scale."""
    order = np.lexsort((issue.capabilities, issue.saliences, issue.positions))
    low, high = issue.scale
    x = [(float(issue.positions[k]) - low) / (high - low) for k in order]
    s = [float(issue.saliences[k]) for k in order]
    w = [float(issue.capabilities[k] * issue.saliences[k]) for k in order]
    total = sum(w)
    w = [v / total for v in w] if total > 0 else [1.0 / len(w)] * len(w)
    return x, s, w, low, high - low


def loop_predict(issue: IssueData, model: SpatialModel) -> tuple[float, int]:
    """The whole run in pure Python: (expected outcome of the final state, rounds)."""
    x, s, w, low, span = canonical(issue)
    steps: list[float] = []
    for t in range(1, model.max_iter + 1):
        new_x = loop_round(x, s, w, model)
        steps.append(sum(abs(a - b) for a, b in zip(new_x, x, strict=True)))
        x = new_x
        if t >= model.min_iter and (
            steps[-1] < model.min_delta_ratio * steps[0] or steps[-1] < model.min_sig_delta
        ):
            break
    _, centre, _, _, p = loop_state(x, w, model)
    return low + span * sum(pi * ci for pi, ci in zip(p, centre, strict=True)), len(steps)


# ---- rows ------------------------------------------------------------------------------------


def random_issue(rng: np.random.Generator, n_actors: int, key: str = "") -> IssueData:
    return IssueData.of(
        rng.integers(0, 101, n_actors).astype(float),
        rng.uniform(0.1, 1.0, n_actors),
        rng.uniform(0.1, 1.0, n_actors),
        key=key,
    )


def bench_smp(large: bool) -> Iterator[tuple[str, float, float | None]]:
    model = SpatialModel()
    rng = np.random.default_rng(7)

    big = random_issue(rng, 100, "big")
    run = model.run(big)
    seconds = timed(lambda: model.predict(big))
    _, s, w, low, span = canonical(big)
    order = np.lexsort((big.capabilities, big.saliences, big.positions))
    states = [[(float(v) - low) / span for v in row[order]] for row in run.positions[:-1]]
    picked = states if large else [states[k] for k in sorted({0, len(states) // 2, len(states) - 1})]
    per_round = timed(lambda: [loop_round(x, s, w, model) for x in picked], repeat=1) / len(picked)
    final = [(float(v) - low) / span for v in run.positions[-1][order]]
    last = timed(lambda: loop_state(final, w, model), repeat=1)
    yield (
        f"SMP 100 actors x 1 issue ({run.iterations} rounds) vs pure-Python loop"
        + ("" if large else f" (extrapolated from {len(picked)} of its rounds)"),
        seconds,
        per_round * run.iterations + last,
    )

    issues = [random_issue(rng, 30, f"i{k}") for k in range(364)]
    seconds = timed(lambda: [model.predict(i) for i in issues], repeat=1)
    subset = issues if large else issues[:12]
    loop_seconds = timed(lambda: [loop_predict(i, model) for i in subset], repeat=1)
    yield (
        "SMP 30 actors x 364 issues vs pure-Python loop"
        + ("" if large else f" (extrapolated from {len(subset)} issues)"),
        seconds,
        loop_seconds * len(issues) / len(subset),
    )


if __name__ == "__main__":
    for label, secs, base in bench_smp(large=False):
        ratio = f"{base / secs:.1f}x" if base is not None else "-"
        print(f"{label}: {secs:.3f} s, baseline {base if base is None else round(base, 3)} s, {ratio}")
