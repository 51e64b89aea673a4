"""Benchmark group ``bench_forecast``: the EU model against the jmckib/dmasad Python replication.

Usage (standalone):
    python benchmarks/bench_forecast.py [--large] [--baseline DIR]

``DIR`` holds ``bdm_scholz_model.py`` from github.com/dmasad/bdm-scholz-expected-utility-model
(the Python 3 fork of jmckib's replication of Scholz, Calbert and Smith 2011). It is imported
from there at run time and never copied into this repository. Without ``--baseline`` (or when
DIR lacks the module) the baseline column is left empty and a note is printed.

Both sides run on the same seeded random issues with the switches that reproduce the
replication (``EUModel.jmckib``); before timing, every row checks that the round-1 risk
exponents and positions agree to 1e-9. The published code recomputes every probability's
all-triples denominator (O(n^3)) inside every expected utility and every danger level inside
every risk estimate, about O(n^7) per round (41 s for one round with 20 actors on the
development machine), so the rows on 30 and 100 actors time it with two caches added from
outside: the denominator and each actor's danger level are computed once per model state
(positions and risk exponents). This changes no output and makes the baseline faster, so the
speed-ups reported against it are lower bounds. One row times the unmodified code on the
10-actor emissions example.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import time
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
from timing import timed

from accord.forecast.base import IssueData
from accord.forecast.eu import EUModel

EMISSIONS = (  # BDM (1994), Scholz et al. (2011) Table 1: actor, capability, position, salience
    ("NL", 0.08, 4.0, 0.8),
    ("BE", 0.08, 7.0, 0.4),
    ("LU", 0.03, 4.0, 0.2),
    ("DE", 0.16, 4.0, 0.8),
    ("FR", 0.16, 10.0, 0.6),
    ("IT", 0.16, 10.0, 0.6),
    ("UK", 0.16, 10.0, 0.9),
    ("IE", 0.05, 7.0, 0.1),
    ("DK", 0.05, 4.0, 1.0),
    ("GR", 0.08, 7.0, 0.7),
)


def random_issues(n_actors: int, n_issues: int, seed: int) -> list[IssueData]:
    """Seeded random issues on 0-100: positions uniform, saliences 0.05-1, capabilities 0.1-1."""
    rng = np.random.default_rng(seed)
    return [
        IssueData.of(
            rng.uniform(0.0, 100.0, n_actors),
            rng.uniform(0.05, 1.0, n_actors),
            rng.uniform(0.1, 1.0, n_actors),
            actors=[f"A{i}" for i in range(n_actors)],
            key=f"i{k}",
        )
        for k in range(n_issues)
    ]


def emissions_issue() -> IssueData:
    return IssueData.of(
        [p for _, _, p, _ in EMISSIONS],
        [s for _, _, _, s in EMISSIONS],
        [c for _, c, _, _ in EMISSIONS],
        scale=(0.0, 20.0),
        actors=[a for a, _, _, _ in EMISSIONS],
    )


def rows_of(issue: IssueData) -> list[dict[str, Any]]:
    """The baseline's input: one dict per actor, as its CSV reader would give."""
    return [
        {"Actor": name, "Capability": float(c), "Position": float(x), "Salience": float(s)}
        for name, x, s, c in zip(
            issue.actors or [f"A{i}" for i in range(issue.positions.size)],
            issue.positions,
            issue.saliences,
            issue.capabilities,
            strict=True,
        )
    ]


def load_baseline(baseline_dir: str | None) -> ModuleType | None:
    if baseline_dir is None:
        print("note: no --baseline DIR given; the baseline column is skipped", file=sys.stderr)
        return None
    if not (Path(baseline_dir) / "bdm_scholz_model.py").is_file():
        print(
            f"note: {baseline_dir}/bdm_scholz_model.py not found; the baseline column is skipped",
            file=sys.stderr,
        )
        return None
    sys.path.insert(0, str(Path(baseline_dir).resolve()))
    try:
        return importlib.import_module("bdm_scholz_model")
    finally:
        sys.path.pop(0)


def cached_baseline(module: ModuleType) -> type:
    """The baseline model with per-state caches of the probability denominator and danger levels.

    Only the published methods are called; the caches are emptied whenever the model state
    (positions or risk exponents) can change, i.e. at the start and end of the two update steps.
    """
    base_model: Any = module.BDMScholzModel
    base_actor: Any = module.Actor

    class CachedActor(base_actor):  # type: ignore[misc]
        def danger_level(self) -> float:
            cache: dict[int, float] = self.model._danger_cache
            key = id(self)
            if key not in cache:
                cache[key] = float(super().danger_level())
            return cache[key]

    class CachedModel(base_model):  # type: ignore[misc]
        def __init__(self, data: list[dict[str, Any]]) -> None:
            super().__init__(data, verbose=False)
            self._danger_cache: dict[int, float] = {}
            self._denominator: float | None = None
            for actor in self.actors:
                actor.__class__ = CachedActor

        def _clear(self) -> None:
            self._danger_cache.clear()
            self._denominator = None

        def probability(self, x_i: float, x_j: float) -> float:
            if x_i == x_j:
                return 0.0
            if self._denominator is None:
                self._denominator = sum(
                    abs(k.compare(a.x, b.x)) for k in self.actors for a in self.actors for b in self.actors
                )
            return float(sum(max(0, k.compare(x_i, x_j)) for k in self.actors) / self._denominator)

        def update_risk_aversions(self) -> None:
            self._clear()
            super().update_risk_aversions()
            self._clear()

        def update_positions(self) -> None:
            self._clear()
            super().update_positions()
            self._clear()

    return CachedModel


Factory = Callable[[list[dict[str, Any]]], Any]


def check_round_one(factory: Factory, issue: IssueData) -> None:
    """Raise unless the baseline's round-1 risk exponents and positions equal the EU model's."""
    baseline = factory(rows_of(issue))
    baseline.run_model(1)
    ours = EUModel.jmckib(max_rounds=1).play_round(issue)
    r = np.array([a.r for a in baseline.actors])
    x = np.array([a.x for a in baseline.actors])
    if not (
        np.allclose(r, ours.risk, rtol=0, atol=1e-9) and np.allclose(x, ours.positions, rtol=0, atol=1e-9)
    ):
        raise AssertionError(
            f"round-1 outputs differ from the baseline: max |dr| {np.max(np.abs(r - ours.risk)):.3g}, "
            f"max |dx| {np.max(np.abs(x - ours.positions)):.3g}"
        )


def run_baseline(factory: Factory, issues: list[IssueData], rounds: int) -> list[np.ndarray]:
    finals = []
    for issue in issues:
        model = factory(rows_of(issue))
        model.run_model(rounds)
        finals.append(np.array([a.x for a in model.actors]))
    return finals


def run_ours(model: EUModel, issues: list[IssueData]) -> list[np.ndarray]:
    return [np.asarray(model.predict(issue).trace[-1].positions) for issue in issues]


def bench_forecast(large: bool, baseline_dir: str | None) -> Iterator[tuple[str, float, float | None]]:
    module = load_baseline(baseline_dir)
    cached = cached_baseline(module) if module is not None else None

    emissions = [emissions_issue()]
    ours_small = EUModel.jmckib(max_rounds=1)
    t_small = timed(partial(run_ours, ours_small, emissions))
    b_small: float | None = None
    if module is not None:

        def plain(data: list[dict[str, Any]]) -> Any:
            return module.BDMScholzModel(data, verbose=False)

        check_round_one(plain, emissions[0])
        b_small = timed(partial(run_baseline, plain, emissions, 1), repeat=1)
    yield ("EU emissions example (10 actors), 1 round: vs unmodified replication", t_small, b_small)

    for n_actors, n_issues, rounds, seed in (
        (100, 1, 10 if large else 3, 11),
        (30, 364, 3 if large else 1, 12),
    ):
        issues = random_issues(n_actors, n_issues, seed)
        model = EUModel.jmckib(max_rounds=rounds)
        ours = run_ours(model, issues)
        t_ours = timed(partial(run_ours, model, issues))
        t_base: float | None = None
        if cached is not None:
            for issue in issues[:3]:
                check_round_one(cached, issue)
            t0 = time.perf_counter()
            theirs = run_baseline(cached, issues, rounds)
            t_base = time.perf_counter() - t0
            same = sum(np.allclose(a, b, rtol=0, atol=1e-9) for a, b in zip(ours, theirs, strict=True))
            print(
                f"note: {n_actors} actors: positions after {rounds} round(s) agree with the baseline "
                f"on {same} of {n_issues} issues",
                file=sys.stderr,
            )
        plural = "s" if n_issues > 1 else ""
        yield (
            f"EU {n_actors} actors x {n_issues} issue{plural}, {rounds} round{'s' if rounds > 1 else ''} "
            "(jmckib switches): vs replication with per-state caches",
            t_ours,
            t_base,
        )
        t_default = timed(partial(run_ours, EUModel(), issues))
        yield (
            f"EU {n_actors} actors x {n_issues} issue{plural}, default switches, to convergence",
            t_default,
            None,
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--large", action="store_true", help="more rounds on the random issues")
    parser.add_argument("--baseline", metavar="DIR", help="directory holding bdm_scholz_model.py")
    args = parser.parse_args()
    print("| benchmark | seconds | baseline s | speed-up |")
    print("|---|---:|---:|---:|")
    for label, seconds, baseline in bench_forecast(args.large, args.baseline):
        b = f"{baseline:.3f}" if baseline is not None else "-"
        ratio = f"{baseline / seconds:.1f}x" if baseline is not None else "-"
        print(f"| {label} | {seconds:.4f} | {b} | {ratio} |", flush=True)


if __name__ == "__main__":
    main()


def synthetic_deu(n_issues: int, seed: int = 0) -> list[Any]:
    """DEU-like issues: 30 actors with DEU codes, procedures, dates, reference points, outcomes."""
    import datetime as dt

    from accord.forecast.base import IssueContext
    from accord.forecast.deu import DeuIssue
    from accord.forecast.voting_power import NICE

    rng = np.random.default_rng(seed)
    actors = ["com", "ep", *NICE]
    out = []
    for n in range(n_issues):
        x = rng.choice([0.0, 25.0, 50.0, 75.0, 100.0], len(actors))
        s = rng.uniform(0.1, 1.0, len(actors))
        ctx = IssueContext(
            procedure="codecision" if n % 2 else "consultation",
            voting="qmv" if n % 4 else "unanimity",
            reference=float(rng.choice([0.0, 100.0])),
            date=dt.date(2008, 1, 1),
            gdp=tuple(rng.uniform(0.1, 4.0, len(actors))),
            group=f"p{n // 3}",
        )
        data = IssueData.of(x, s, np.ones(len(actors)), actors=actors, key=f"i{n}", context=ctx)
        outcome = float(np.clip((x * s).sum() / s.sum() + rng.normal(0, 20), 0, 100))
        out.append(DeuIssue(f"i{n}", f"p{n // 3}", data, ctx.reference, outcome, n + 3))
    return out


def loop_backtest(issues: list[Any]) -> float:
    """Baseline: a plain loop computing the weighted mean's absolute error per issue (no intervals)."""
    total = 0.0
    for issue in issues:
        d = issue.data
        num = den = 0.0
        for x, s, c in zip(d.positions.tolist(), d.saliences.tolist(), d.capabilities.tolist(), strict=True):
            num += x * s * c
            den += s * c
        total += abs(num / den - issue.outcome)
    return total / len(issues)


def bench_backtest(large: bool) -> Iterator[tuple[str, float, float | None]]:
    """Backtest of one model on 1,000 issues, with intervals and the bootstrap, vs a bare error loop."""
    from accord.forecast.backtest import evaluate, with_bootstrap
    from accord.forecast.compromise import CompromiseModel
    from accord.forecast.institutional import PowerModel, WeightedMeanBaseline

    issues = synthetic_deu(1000)
    base = evaluate(WeightedMeanBaseline(), issues)
    t_loop = timed(lambda: loop_backtest(issues))
    for model, label in ((CompromiseModel(), "compromise (direct)"), (PowerModel(), "power (10-fold CV)")):
        t = timed(lambda m=model: with_bootstrap(evaluate(m, issues), base))
        yield (f"backtest {label}, 1,000 issues, intervals + bootstrap, vs bare error loop", t, t_loop)
    if large:
        from accord.forecast.select import learned_mix

        t = timed(lambda: with_bootstrap(evaluate(learned_mix(), issues[:300]), base), repeat=1)
        yield ("backtest learned-mix (nested 10 x 5-fold CV), 300 issues", t, None)
