"""Validation of the war-recurrence model: backtest, a known-effect check and retrodictions.

Three checks anyone can rerun (``python scripts/validate_guarantees.py``; the figures it writes
to ``accord/guarantees/data/validation.json`` are what :func:`shipped_validation` returns):

1. **Leave one war out.** For each war in the shipped spells
   (``accord/guarantees/data/war_spells.csv``), refit the Weibull model on the other wars and
   predict the held-out pairs' probability of the outcome within 5 and 10 years. Scored by the
   Brier score with inverse-probability-of-censoring weights (Graf et al. 1999: a spell censored
   before the horizon gets weight 0, the others ``1/G``, ``G`` the Kaplan-Meier survival of the
   censoring times over all spells) and Harrell's concordance (risk = predicted probability within
   10 years; comparable pairs are those where the shorter time is an event; tied risks count 1/2),
   against a constant-rate (exponential, no covariate) model refitted in the same folds. The
   constant rate ranks no pair, so its concordance is 1/2; pooling its fold predictions instead
   gives a value below 1/2 (a war with many renewals, left out, lowers its own predicted rate),
   reported as ``constant_rate_pooled_folds`` to show the size of that artefact. A
   calibration table groups the held-out predictions into quintiles and compares the mean
   prediction with the Kaplan-Meier estimate in each.
2. **Fortna's civil-war peacekeeping effect**, when ``fortna-peacekeeping-civil.dta`` is in the
   data folder: cease-fires since 1988 (one spell per cease-fire, peacekeeping as at its start), a
   Cox model with Breslow ties written here, naive and adjusted for the file's pre-treatment
   predictions (``lntime3``, log predicted time at peace; ``Ppk``, predicted probability of
   peacekeeping). Reading the Stata file needs pandas (a dev extra); it is imported only then.
3. **Retrodictions** of Georgia 2008, Crimea 2014 after the Budapest Memorandum and the end of
   Minsk II by 2022, each from a model refitted on the spells truncated at the date of the
   forecast (data after it are treated as unknown), with intervals from parameter draws.
"""

from __future__ import annotations

import csv
import importlib
import io
import json
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from accord.errors import AnalysisError
from accord.guarantees.recurrence import (
    COVARIATES,
    RecurrenceModel,
    constant_rate_fit,
    draw_parameters,
    fit_weibull,
    linear_predictor,
    prob_between,
)

__all__ = [
    "FORTNA_FILE",
    "HORIZONS",
    "RETRODICTIONS",
    "Retrodiction",
    "Spells",
    "ValidationReport",
    "brier_ipcw",
    "cox_fit",
    "harrell_c",
    "kaplan_meier",
    "load_spells",
    "shipped_validation",
    "validate",
]

ProgressUpdate = Callable[[int, int], None]

#: Horizons (years) of the backtest's Brier scores.
HORIZONS: tuple[float, ...] = (5.0, 10.0)
#: Horizon (years) whose predicted probability is the risk score for concordance and calibration.
RISK_HORIZON = 10.0
#: Fortna's civil-war cease-fire file, looked up in ``data_dir``.
FORTNA_FILE = "fortna-peacekeeping-civil.dta"

_SPELLS_FILE = "data/war_spells.csv"
_VALIDATION_FILE = "data/validation.json"
_Z95 = 1.959963984540054
_OUTCOME_COLUMNS = {"war": ("t_war", "war"), "violation": ("t_violation", "violation")}


@dataclass(frozen=True)
class Spells:
    """The shipped spells of former belligerents, as arrays.

    Attributes:
        warnum: COW war number per spell (the cluster).
        end_year: Last calendar year of the war for the pair; the spell starts at ``end_year + 0.5``.
        X: Covariates, shape ``(n, k)``, columns in :data:`COVARIATES` order.
        times: Per outcome, time at risk in years.
        events: Per outcome, 1 for an event and 0 for censored.
    """

    warnum: NDArray[np.int64]
    end_year: NDArray[np.int64]
    X: NDArray[np.float64]
    times: dict[str, NDArray[np.float64]]
    events: dict[str, NDArray[np.float64]]

    @property
    def start(self) -> NDArray[np.float64]:
        """Calendar time at which each spell starts."""
        out: NDArray[np.float64] = self.end_year.astype(float) + 0.5
        return out

    def truncated(
        self, outcome: str, cutoff: float
    ) -> tuple[NDArray[np.bool_], NDArray[np.float64], NDArray[np.float64]]:
        """What was known at calendar time ``cutoff``: spells begun before it, censored at it.

        Returns:
            ``(keep, t, d)``: the mask of spells begun before ``cutoff`` and their truncated times
            and events.
        """
        t, d = self.times[outcome], self.events[outcome]
        room = cutoff - self.start
        keep = room > 0
        t_cut = np.minimum(t, room)
        d_cut = np.where(t <= room, d, 0.0)
        return keep, t_cut[keep], d_cut[keep]


def load_spells(path: Path | None = None) -> Spells:
    """Read the spells CSV (the shipped one by default).

    Raises:
        AnalysisError: When a required column is missing or a value does not parse.
    """
    if path is None:
        text = resources.files("accord.guarantees").joinpath(_SPELLS_FILE).read_text(encoding="utf-8")
    else:
        text = Path(path).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    rows = list(csv.DictReader(io.StringIO("\n".join(lines))))
    needed = ("warnum", "end_year", *COVARIATES, "t_war", "war", "t_violation", "violation")
    if not rows:
        raise AnalysisError("the spells file has no rows")
    missing = [c for c in needed if c not in rows[0]]
    if missing:
        raise AnalysisError(f"the spells file lacks columns {missing!r}")
    try:
        cols = {c: np.array([float(r[c]) for r in rows]) for c in needed}
    except ValueError as exc:
        raise AnalysisError(f"the spells file has a value that is not a number: {exc}") from exc
    return Spells(
        warnum=cols["warnum"].astype(np.int64),
        end_year=cols["end_year"].astype(np.int64),
        X=np.column_stack([cols[c] for c in COVARIATES]),
        times={o: cols[tc] for o, (tc, _) in _OUTCOME_COLUMNS.items()},
        events={o: cols[ec] for o, (_, ec) in _OUTCOME_COLUMNS.items()},
    )


# --- survival helpers -------------------------------------------------------------------------


def kaplan_meier(
    t: NDArray[np.float64], d: NDArray[np.float64]
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Kaplan-Meier estimate: distinct event times and the survival just after each.

    Raises:
        AnalysisError: When the arrays are empty or differ in shape.
    """
    t = np.asarray(t, dtype=float)
    d = np.asarray(d, dtype=float)
    if t.size == 0 or t.shape != d.shape:
        raise AnalysisError("kaplan_meier needs non-empty times and events of equal shape")
    times = np.unique(t[d > 0])
    at_risk = (t[None, :] >= times[:, None]).sum(axis=1)
    deaths = ((t[None, :] == times[:, None]) & (d[None, :] > 0)).sum(axis=1)
    surv = np.cumprod(1.0 - deaths / at_risk)
    return times, surv


def _step(
    times: NDArray[np.float64], surv: NDArray[np.float64], at: NDArray[np.float64]
) -> NDArray[np.float64]:
    """Evaluate a right-continuous survival step function at ``at``."""
    idx = np.searchsorted(times, at, side="right")
    out: NDArray[np.float64] = np.where(idx == 0, 1.0, surv[np.maximum(idx - 1, 0)])
    return out


def brier_ipcw(
    t: NDArray[np.float64], d: NDArray[np.float64], pred: NDArray[np.float64], horizon: float
) -> tuple[float, int]:
    """Inverse-probability-of-censoring-weighted Brier score of ``P(event by horizon)``.

    Args:
        t: Observed times.
        d: Event indicators.
        pred: Predicted probability of the event by ``horizon``, per spell.
        horizon: The horizon in years.

    Returns:
        ``(brier, n_informative)``: the score and the number of spells with a known status at
        the horizon (events before it, or still at risk at it).
    """
    gt, gs = kaplan_meier(t, 1.0 - d)  # censoring "survival"
    event_before = (t <= horizon) & (d > 0)
    at_risk_after = t > horizon
    g_event = _step(gt, gs, t - 1e-9)
    g_h = float(_step(gt, gs, np.array([horizon]))[0])
    w = np.zeros_like(t)
    w[event_before] = 1.0 / np.maximum(g_event[event_before], 1e-12)
    w[at_risk_after] = 1.0 / max(g_h, 1e-12)
    y = event_before.astype(float)
    score = float(np.sum(w * (y - pred) ** 2) / t.size)
    return score, int(event_before.sum() + at_risk_after.sum())


def harrell_c(t: NDArray[np.float64], d: NDArray[np.float64], risk: NDArray[np.float64]) -> float:
    """Harrell's concordance: of comparable pairs, the share where the earlier event had higher risk.

    A pair is comparable when the shorter time is an event (ties in time count when only the
    first is an event). Tied risks count one half.

    Raises:
        AnalysisError: When no pair is comparable.
    """
    ti, tj = t[:, None], t[None, :]
    comparable = (d[:, None] > 0) & ((ti < tj) | ((ti == tj) & (d[None, :] == 0)))
    n = int(comparable.sum())
    if n == 0:
        raise AnalysisError("no comparable pairs for the concordance index")
    ri, rj = risk[:, None], risk[None, :]
    score = np.where(ri > rj, 1.0, np.where(ri == rj, 0.5, 0.0))
    return float(score[comparable].sum() / n)


def cox_fit(
    t: NDArray[np.float64], d: NDArray[np.float64], X: NDArray[np.float64]
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Cox proportional-hazards fit by Newton-Raphson on the Breslow partial likelihood.

    Args:
        t: Times.
        d: Event indicators.
        X: Covariates, shape ``(n, k)``.

    Returns:
        ``(coef, cov)``: log hazard ratios and their model-based covariance.

    Raises:
        AnalysisError: When the fit does not converge or the information is singular.
    """
    t = np.asarray(t, dtype=float)
    d = np.asarray(d, dtype=float)
    X = np.atleast_2d(np.asarray(X, dtype=float))
    if X.shape[0] != t.size:
        X = X.T
    k = X.shape[1]
    event_times = np.unique(t[d > 0])
    risk_sets = [t >= s for s in event_times]
    event_sets = [(t == s) & (d > 0) for s in event_times]

    def derivs(b: NDArray[np.float64]) -> tuple[float, NDArray[np.float64], NDArray[np.float64]]:
        eta = X @ b
        shift = float(eta.max())
        w = np.exp(eta - shift)
        ll, grad, info = 0.0, np.zeros(k), np.zeros((k, k))
        for risk, ev in zip(risk_sets, event_sets, strict=True):
            m = float(ev.sum())
            wr = w[risk]
            xr = X[risk]
            s0 = float(wr.sum())
            s1 = wr @ xr
            s2 = (xr * wr[:, None]).T @ xr
            ll += float(eta[ev].sum()) - m * (math.log(s0) + shift)
            grad += X[ev].sum(axis=0) - m * s1 / s0
            info += m * (s2 / s0 - np.outer(s1, s1) / (s0 * s0))
        return ll, grad, info

    b = np.zeros(k)
    ll, grad, info = derivs(b)
    for _ in range(100):
        step = np.linalg.solve(info, grad)
        scale = 1.0
        while True:
            nb = b + scale * step
            nll, ngrad, ninfo = derivs(nb)
            if nll >= ll - 1e-12 or scale < 1e-6:
                break
            scale /= 2.0
        b, ll, grad, info = nb, nll, ngrad, ninfo
        if float(np.max(np.abs(scale * step))) < 1e-10:
            break
    else:
        raise AnalysisError("Cox fit did not converge in 100 Newton steps")
    try:
        cov = np.linalg.inv(info)
    except np.linalg.LinAlgError as exc:
        raise AnalysisError("Cox fit: singular information matrix") from exc
    return np.asarray(b, dtype=np.float64), np.asarray(cov, dtype=np.float64)


# --- backtest -----------------------------------------------------------------------------------


def _pred(model: RecurrenceModel, X: NDArray[np.float64], horizon: float) -> NDArray[np.float64]:
    lp = model.intercept + X @ model.coef
    out: NDArray[np.float64] = -np.expm1(-np.exp(lp) * horizon**model.shape)
    return out


def _backtest(
    spells: Spells, outcome: str, progress: ProgressUpdate | None, done: int, total: int
) -> dict[str, Any]:
    t, d = spells.times[outcome], spells.events[outcome]
    wars = np.unique(spells.warnum)
    horizons = (*HORIZONS, RISK_HORIZON) if RISK_HORIZON not in HORIZONS else HORIZONS
    pred_w = {h: np.full(t.size, np.nan) for h in horizons}
    pred_c = {h: np.full(t.size, np.nan) for h in horizons}
    failed: list[int] = []
    for i, war in enumerate(wars):
        test = spells.warnum == war
        train = ~test
        rate = constant_rate_fit(t[train], d[train])
        for h in horizons:
            pred_c[h][test] = -math.expm1(-rate * h)
        try:
            model = fit_weibull(t[train], d[train], spells.X[train], COVARIATES, outcome=outcome)
        except AnalysisError:
            failed.append(int(war))
            for h in horizons:
                pred_w[h][test] = pred_c[h][test]
        else:
            for h in horizons:
                pred_w[h][test] = _pred(model, spells.X[test], h)
        if progress is not None:
            progress(done + i + 1, total)
    brier: dict[str, dict[str, float | int]] = {}
    for h in HORIZONS:
        bw, n_inf = brier_ipcw(t, d, pred_w[h], h)
        bc, _ = brier_ipcw(t, d, pred_c[h], h)
        brier[f"{h:g}"] = {
            "weibull": bw,
            "constant_rate": bc,
            "skill": 1.0 - bw / bc if bc > 0 else math.nan,
            "n_informative": n_inf,
            "events_by_horizon": int(((t <= h) & (d > 0)).sum()),
        }
    risk_w, risk_c = pred_w[RISK_HORIZON], pred_c[RISK_HORIZON]
    full = fit_weibull(t, d, spells.X, COVARIATES, outcome=outcome)
    return {
        "outcome": outcome,
        "n_spells": int(t.size),
        "n_events": int(d.sum()),
        "n_wars": int(wars.size),
        "folds_failed": failed,
        "brier": brier,
        "c_index": {
            "weibull": harrell_c(t, d, risk_w),
            "weibull_in_sample": harrell_c(t, d, _pred(full, spells.X, RISK_HORIZON)),
            "constant_rate": harrell_c(t, d, np.full(t.size, pred_c[RISK_HORIZON].mean())),
            "constant_rate_pooled_folds": harrell_c(t, d, risk_c),
        },
        "risk_horizon": RISK_HORIZON,
        "calibration": _calibration(t, d, risk_w, RISK_HORIZON),
    }


def _calibration(
    t: NDArray[np.float64], d: NDArray[np.float64], pred: NDArray[np.float64], horizon: float, groups: int = 5
) -> list[dict[str, float | int]]:
    """Quantile groups of predictions: mean prediction against the Kaplan-Meier estimate."""
    order = np.argsort(pred, kind="stable")
    rows: list[dict[str, float | int]] = []
    for g, idx in enumerate(np.array_split(order, groups)):
        kt, ks = kaplan_meier(t[idx], d[idx]) if d[idx].sum() > 0 else (np.array([]), np.array([]))
        observed = 1.0 - float(_step(kt, ks, np.array([horizon]))[0]) if kt.size else 0.0
        rows.append(
            {
                "group": g + 1,
                "n": int(idx.size),
                "predicted": float(pred[idx].mean()),
                "observed_km": observed,
                "events_by_horizon": int(((t[idx] <= horizon) & (d[idx] > 0)).sum()),
            }
        )
    return rows


# --- Fortna's civil-war data -------------------------------------------------------------------


def _hr_row(b: float, se: float) -> dict[str, float]:
    return {
        "hr": math.exp(b),
        "low": math.exp(b - _Z95 * se),
        "high": math.exp(b + _Z95 * se),
        "coef": b,
        "se": se,
    }


def fortna_check(path: Path) -> dict[str, Any]:
    """Recover Fortna's civil-war peacekeeping effect from her cease-fire file.

    Sample: cease-fires since 1988 (``cfdate``), one spell per cease-fire id (time ``_t`` in days
    and failure ``_d`` of its last record; peacekeeping ``pk_dum`` of its first record).

    Raises:
        AnalysisError: When pandas is missing or the file lacks a needed variable.
    """
    try:
        pd: Any = importlib.import_module("pandas")
    except ImportError as exc:  # pragma: no cover - pandas is a dev extra
        raise AnalysisError("reading Fortna's Stata file needs pandas (pip install 'accord[dev]')") from exc
    df = pd.read_stata(path)
    needed = ["id", "cfdate", "pk_dum", "_t", "_d", "lntime3", "Ppk", "morewar"]
    missing = [c for c in needed if c not in df.columns]
    if missing:
        raise AnalysisError(f"{path.name} lacks {missing!r}")
    g = df.groupby("id", sort=True).agg(
        cf=("cfdate", "first"),
        pk=("pk_dum", "first"),
        t=("_t", "max"),
        d=("_d", "max"),
        lntime3=("lntime3", "first"),
        ppk=("Ppk", "first"),
    )
    s = g[g["cf"].dt.year >= 1988]
    pk = s["pk"].to_numpy(dtype=float)
    t = s["t"].to_numpy(dtype=float)
    d = s["d"].to_numpy(dtype=float)
    held_pk = float(np.mean(d[pk == 1] == 0))
    held_no = float(np.mean(d[pk == 0] == 0))
    b, cov = cox_fit(t, d, pk[:, None])
    naive = _hr_row(float(b[0]), math.sqrt(cov[0, 0]))
    adjusted: dict[str, dict[str, float]] = {}
    n_adjusted = 0
    for name, cols in (("lntime3", ["lntime3"]), ("Ppk", ["ppk"]), ("lntime3+Ppk", ["lntime3", "ppk"])):
        ok = s[cols].notna().all(axis=1).to_numpy()
        Xa = np.column_stack([pk[ok], s.loc[ok, cols].to_numpy(dtype=float)])
        ba, ca = cox_fit(t[ok], d[ok], Xa)
        adjusted[name] = _hr_row(float(ba[0]), math.sqrt(ca[0, 0]))
        n_adjusted = int(ok.sum())
    main = adjusted["lntime3"]
    return {
        "file": path.name,
        "sample": "cease-fires since 1988, one spell per cease-fire, peacekeeping at its start",
        "n": int(s.shape[0]),
        "n_with_pk": int((pk == 1).sum()),
        "n_without_pk": int((pk == 0).sum()),
        "share_held_with_pk": held_pk,
        "share_held_without_pk": held_no,
        "naive": naive,
        "adjusted": adjusted,
        "n_adjusted": n_adjusted,
        "adjusted_below_naive": main["hr"] < naive["hr"],
        "adjusted_well_below_1": main["high"] < 1.0,
        "brief_target": {
            "naive": "0.54 [0.30-0.97]",
            "adjusted": "0.28 [0.13-0.60], n=79",
            "shares": "56% of 34 with peacekeepers held, 34% of 62 without",
        },
    }


# --- retrodictions ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Retrodiction:
    """A forecast as it could have been made before a known event.

    Attributes:
        key: Short identifier.
        title: What is forecast.
        outcome: ``"war"`` or ``"violation"``.
        forecast_year: Calendar time of the forecast; the model is refitted on data known then.
        t0: Years since the spell's origin at the forecast.
        horizon: Years since the origin at the end of the forecast window.
        profile: Covariate values.
        justification: One line per covariate (and ``"origin"``) saying where the value comes from.
        happened: What happened.
        variants: Named covariate overrides reported as sensitivities.
        other_outcomes: Outcomes also reported for the main profile.
    """

    key: str
    title: str
    outcome: str
    forecast_year: float
    t0: float
    horizon: float
    profile: Mapping[str, float]
    justification: Mapping[str, str]
    happened: str
    variants: Mapping[str, Mapping[str, float]] = field(default_factory=dict)
    other_outcomes: tuple[str, ...] = ()


_NMC = "COW NMC v6 CINC"

RETRODICTIONS: tuple[Retrodiction, ...] = (
    Retrodiction(
        key="georgia_2008",
        title="Russia-Georgia: renewed war in 2008, forecast on 1 January 2008",
        outcome="war",
        forecast_year=2008.0,
        t0=14.25,
        horizon=15.25,
        profile={
            "decisive": 1.0,
            "log_deaths": 4.0,
            "parity": 0.000416 / 0.040958,
            "contiguous": 1.0,
            "rivalry": 0.0,
            "pact_major": 0.0,
        },
        justification={
            "origin": "End of the 1992-93 Abkhazia war (September 1993, Russian-backed side won); not a "
            "COW inter-state war, so Russia-Georgia is treated as a former-belligerent pair by analogy.",
            "decisive": "Georgian forces were driven out of Abkhazia in September 1993.",
            "log_deaths": "Order of magnitude: published estimates of deaths in the 1992-93 war run from "
            "about 8,000 to 30,000; log10(10,000) = 4.",
            "parity": f"{_NMC} 2007: Georgia 0.000416, Russia 0.040958.",
            "contiguous": "Land border (COW direct contiguity type 1).",
            "rivalry": "Not a strategic rivalry in Thompson & Dreyer (2012) (see the rivalry=1 variant).",
            "pact_major": "ATOP v5 codes Georgia's only defence pacts in 2007 with CIS states incl. Russia, "
            "which is in the dyad: 0.",
        },
        happened="Five-day war from 7 August 2008.",
        variants={"rivalry=1": {"rivalry": 1.0}},
    ),
    Retrodiction(
        key="crimea_2014",
        title="Russia-Ukraine: attack within 20 years of the Budapest Memorandum, forecast in December 1994",
        outcome="violation",
        forecast_year=1995.0,
        t0=0.0,
        horizon=20.0,
        profile={
            "decisive": 0.0,
            "log_deaths": 3.0,
            "parity": 0.016407 / 0.067017,
            "contiguous": 1.0,
            "rivalry": 0.0,
            "pact_major": 0.0,
        },
        justification={
            "origin": "Budapest Memorandum, 5 December 1994. Russia and Ukraine had not fought a war: the "
            "pair is outside the model's population, so the profile is the mildest war in it.",
            "decisive": "No war, no victor: 0.",
            "log_deaths": "No war: COW's 1,000 battle-death threshold, log10(1,000) = 3, the smallest value "
            "in the data.",
            "parity": f"{_NMC} 1994: Ukraine 0.016407, Russia 0.067017.",
            "contiguous": "Land border.",
            "rivalry": "Not a strategic rivalry in Thompson & Dreyer (2012).",
            "pact_major": "The Budapest assurances are not a defence pact; Ukraine had no ATOP defence pact "
            "in 1994: 0.",
        },
        happened="Russia seized Crimea in February-March 2014 (19.2 years on); fatal fighting in Donbas "
        "followed.",
        other_outcomes=("war",),
    ),
    Retrodiction(
        key="minsk_2022",
        title="Russia-Ukraine: major war within 7 years of Minsk II, forecast in February 2015",
        outcome="war",
        forecast_year=2015.0,
        t0=0.0,
        horizon=7.0,
        profile={
            "decisive": 0.0,
            "log_deaths": math.log10(6000.0),
            "parity": 0.007116 / 0.039199,
            "contiguous": 1.0,
            "rivalry": 0.0,
            "pact_major": 0.0,
        },
        justification={
            "origin": "Minsk II cease-fire, 12-15 February 2015.",
            "decisive": "Cease-fire on a contested line, no victor: 0.",
            "log_deaths": "Order of magnitude: the UN human-rights monitors counted about 5,700 conflict "
            "deaths (civilians included) by mid-February 2015; log10(6,000) = 3.78.",
            "parity": f"{_NMC} 2014: Ukraine 0.007116, Russia 0.039199.",
            "contiguous": "Land border.",
            "rivalry": "Thompson & Dreyer (2012) end in 2010 with no Russia-Ukraine rivalry (see the "
            "rivalry=1 variant: by 2015 one would plausibly be coded).",
            "pact_major": "No ATOP defence pact of Ukraine with a major power in 2014 (the data end 2018).",
        },
        happened="Full-scale invasion on 24 February 2022 (7.0 years on).",
        variants={"rivalry=1": {"rivalry": 1.0}},
    ),
)


def _retrodict(spells: Spells, r: Retrodiction, rng: np.random.Generator, draws: int) -> dict[str, Any]:
    results: dict[str, Any] = {}
    variants: dict[str, tuple[str, Mapping[str, float]]] = {"main": (r.outcome, {})}
    for other in r.other_outcomes:
        variants[f"{other} outcome"] = (other, {})
    for name, override in r.variants.items():
        variants[name] = (r.outcome, override)
    models: dict[str, RecurrenceModel] = {}
    for name, (outcome, override) in variants.items():
        if outcome not in models:
            keep, t, d = spells.truncated(outcome, r.forecast_year)
            models[outcome] = fit_weibull(
                t, d, spells.X[keep], COVARIATES, clusters=spells.warnum[keep], outcome=outcome
            )
        model = models[outcome]
        profile = {**r.profile, **override}
        point_lp = linear_predictor(model, profile, model.intercept, model.coef)
        point = float(prob_between(r.t0, [r.horizon], np.array([model.shape]), point_lp)[0, 0])
        shape, b0, b = draw_parameters(model, rng, draws)
        p = prob_between(r.t0, [r.horizon], shape, linear_predictor(model, profile, b0, b))[:, 0]
        q = np.quantile(p, [0.025, 0.05, 0.5, 0.95, 0.975])
        results[name] = {
            "outcome": outcome,
            "profile": profile,
            "p_point": point,
            "p_median": float(q[2]),
            "p_90": [float(q[1]), float(q[3])],
            "p_95": [float(q[0]), float(q[4])],
            "fit": {"n_spells": model.n_spells, "n_events": model.n_events, "shape": model.shape},
        }
    return {
        "key": r.key,
        "title": r.title,
        "forecast_year": r.forecast_year,
        "t0": r.t0,
        "horizon": r.horizon,
        "justification": dict(r.justification),
        "happened": r.happened,
        "results": results,
    }


# --- report -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ValidationReport:
    """Everything :func:`validate` measured, JSON-ready through :meth:`to_dict`.

    Attributes:
        backtest: Per outcome: leave-one-war-out Brier scores (Weibull and constant rate) per
            horizon, concordance, calibration rows, counts.
        models: Per outcome: the full-data fit as rows of :meth:`RecurrenceModel.summary`.
        fortna: The civil-war peacekeeping check, or ``None`` when the file was not available.
        fortna_status: Why ``fortna`` is ``None``, or ``"ok"``.
        retrodictions: One dict per :data:`RETRODICTIONS` entry.
        meta: Seed, number of draws, horizons, data sources.
    """

    backtest: dict[str, Any]
    models: dict[str, Any]
    fortna: dict[str, Any] | None
    fortna_status: str
    retrodictions: list[dict[str, Any]]
    meta: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready deep copy."""
        data: dict[str, Any] = json.loads(
            json.dumps(
                {
                    "backtest": self.backtest,
                    "models": self.models,
                    "fortna": self.fortna,
                    "fortna_status": self.fortna_status,
                    "retrodictions": self.retrodictions,
                    "meta": self.meta,
                }
            )
        )
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ValidationReport:
        """Rebuild a report from :meth:`to_dict` output.

        Raises:
            AnalysisError: When a section is missing.
        """
        try:
            return cls(
                backtest=dict(data["backtest"]),
                models=dict(data["models"]),
                fortna=None if data["fortna"] is None else dict(data["fortna"]),
                fortna_status=str(data["fortna_status"]),
                retrodictions=list(data["retrodictions"]),
                meta=dict(data["meta"]),
            )
        except (KeyError, TypeError) as exc:
            raise AnalysisError(f"malformed validation report: missing {exc}") from exc


def validate(
    data_dir: Path | None = None,
    *,
    progress: ProgressUpdate | None = None,
    seed: int = 20260101,
    draws: int = 4000,
    spells_path: Path | None = None,
) -> ValidationReport:
    """Run the backtest, the Fortna check (when its file is in ``data_dir``) and the retrodictions.

    Args:
        data_dir: Folder holding ``fortna-peacekeeping-civil.dta``; ``None`` skips that check.
        progress: Called as ``progress(done, total)`` after each backtest fold.
        seed: Seed of the parameter draws for the retrodiction intervals.
        draws: Parameter draws per retrodiction.
        spells_path: Another spells CSV (the shipped one by default).

    Returns:
        The report.
    """
    spells = load_spells(spells_path)
    outcomes: Sequence[str] = ("war", "violation")
    n_wars = int(np.unique(spells.warnum).size)
    total = n_wars * len(outcomes)
    backtest = {}
    for i, outcome in enumerate(outcomes):
        backtest[outcome] = _backtest(spells, outcome, progress, i * n_wars, total)
    models = {}
    for outcome in outcomes:
        m = fit_weibull(
            spells.times[outcome],
            spells.events[outcome],
            spells.X,
            COVARIATES,
            clusters=spells.warnum,
            outcome=outcome,
        )
        models[outcome] = {
            "n_spells": m.n_spells,
            "n_events": m.n_events,
            "n_clusters": m.n_clusters,
            "cov_type": m.cov_type,
            "rows": m.summary(),
        }
    fortna: dict[str, Any] | None = None
    if data_dir is None:
        status = "skipped: no data folder given"
    elif not (Path(data_dir) / FORTNA_FILE).is_file():
        status = f"skipped: {FORTNA_FILE} not found in {data_dir}"
    else:
        fortna = fortna_check(Path(data_dir) / FORTNA_FILE)
        status = "ok"
    rng = np.random.default_rng(seed)
    retro = [_retrodict(spells, r, rng, draws) for r in RETRODICTIONS]
    meta = {
        "seed": seed,
        "draws": draws,
        "horizons": list(HORIZONS),
        "risk_horizon": RISK_HORIZON,
        "brier": "IPCW (Graf et al. 1999), censoring survival by Kaplan-Meier over all spells",
        "c_index": "Harrell; risk = held-out predicted P(event within risk_horizon)",
        "spells": "accord/guarantees/data/war_spells.csv (scripts/derive_war_recurrence.py)",
    }
    return ValidationReport(backtest, models, fortna, status, retro, meta)


def shipped_validation() -> ValidationReport:
    """The report written by ``scripts/validate_guarantees.py`` (no rerun)."""
    text = resources.files("accord.guarantees").joinpath(_VALIDATION_FILE).read_text(encoding="utf-8")
    return ValidationReport.from_dict(json.loads(text))
