"""Fit the durability model of accord.guarantees on PA-X and write the shipped figures.

Data: PA-X Peace Agreements Database v9, Bell, C. and Badanjak, S. (2019), "Introducing
PA-X: A new peace agreement database and dataset", Journal of Peace Research 56(3). The
dataset is not redistributed with accord; this script reads a user's copy and writes only
derived figures (coefficients, covariance, counts) to
``src/accord/guarantees/data/durability.json``.

Outcome ("holds"). Within each peace process (``PP``), agreements are ordered by signing
date (``Dat``). An agreement *fails* if a later agreement of the same process, signed
strictly after it and at most ``window`` years (``round(365.25 * window)`` days) after it,
is a ceasefire agreement, i.e. has ``Stage == "Cea"`` (PA-X stage "ceasefire/related").
It *holds* otherwise: the process did not need a renewed ceasefire within the window.
Agreements signed less than ``window`` years before the last date in the file are
right-censored (dropped from the logistic fit), whatever happened after them.

Model: logistic regression of holding on seven binarised provisions of the agreement
itself, fitted by maximum likelihood with ``scipy.optimize.minimize`` (trust-region,
analytic gradient and Hessian). Standard errors come from the inverse Hessian and, for
the reported intervals, from the cluster-robust sandwich estimator clustered by peace
process with the small-sample factor G/(G-1).

Usage::

    python scripts/fit_durability.py [--data ../shared/data/pax-v9-agreements.csv]
        [--window 2] [--sensitivity 1 2 3] [--out src/accord/guarantees/data/durability.json]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy import optimize, stats

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "data" / "pax-v9-agreements.csv"
DEFAULT_OUT = REPO / "src" / "accord" / "guarantees" / "data" / "durability.json"

CITATION = (
    'Bell, C. and Badanjak, S. (2019). "Introducing PA-X: A new peace agreement database and '
    'dataset". Journal of Peace Research 56(3). PA-X v9, PeaceRep, University of Edinburgh.'
)

#: Provision name -> (PA-X column, threshold): provision is 1 when column value >= threshold.
PROVISIONS: dict[str, tuple[str, int]] = {
    "ceasefire_detail": ("Ce", 2),
    "peacekeeping": ("ImPK", 1),
    "enforcement": ("ImE", 1),
    "un_signatory": ("ImUN", 1),
    "other_international_signatory": ("ImOth", 1),
    "foreign_forces_withdrawal": ("SsrFf", 1),
    "border_delimitation": ("StBor", 1),
}

CODING = {
    "ceasefire_detail": "Ce coded 0-3 in PA-X v9 (0: 1142, 1: 302, 2: 467, 3: 233 agreements); "
    "1 when Ce >= 2, i.e. more than a passing (level-1) ceasefire provision. Ce >= 1 is "
    "reported as a sensitivity check.",
    "peacekeeping": "ImPK coded 0/1; used as is (UN or other peacekeeping force provided for).",
    "enforcement": "ImE coded 0/1; used as is (enforcement mechanism provided for).",
    "un_signatory": "ImUN coded 0/1; used as is (UN signatory).",
    "other_international_signatory": "ImOth coded 0/1; used as is (other international signatory).",
    "foreign_forces_withdrawal": "SsrFf coded 0/1; used as is (withdrawal of foreign forces).",
    "border_delimitation": "StBor coded 0/1; used as is (border delimitation).",
}

CEASEFIRE_STAGE = "Cea"

OUTCOME_RULE = (
    "Within each peace process (PP), agreements are ordered by signing date (Dat). An agreement "
    "FAILS if another agreement of the same process signed strictly later and at most "
    "round(365.25*W) days later (365, 730, 1096 days for W = 1, 2, 3) has Stage == 'Cea' "
    "(PA-X stage: ceasefire/related); it HOLDS "
    "otherwise (the process did not need a renewed ceasefire within W years). Agreements signed "
    "the same day belong to the same package and never count against each other. Stage 'Ren' "
    "(renewal) is not counted as a failure: it extends an agreement rather than re-establishing "
    "a ceasefire. Agreements signed less than W years before the last date in the file are "
    "right-censored and excluded."
)


@dataclass(frozen=True)
class Agreement:
    """One PA-X agreement with the fields the model uses."""

    agt_id: str
    process: str
    signed: date
    stage: str
    codes: dict[str, int]


def read_agreements(path: Path) -> list[Agreement]:
    """Read the PA-X CSV with the standard library.

    Args:
        path: The PA-X agreements CSV.

    Returns:
        One record per row.
    """
    columns = {col for col, _ in PROVISIONS.values()}
    out: list[Agreement] = []
    with path.open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            out.append(
                Agreement(
                    agt_id=row["AgtId"],
                    process=row["PP"],
                    signed=datetime.strptime(row["Dat"], "%d/%m/%Y").date(),
                    stage=row["Stage"],
                    codes={c: int(row[c]) for c in columns},
                )
            )
    return out


def outcomes(agreements: Sequence[Agreement], window_years: float) -> tuple[list[Agreement], list[int], date]:
    """Label each uncensored agreement as holding (1) or failing (0).

    Args:
        agreements: All agreements.
        window_years: The window W in years.

    Returns:
        The uncensored agreements, their labels (1 = holds) and the data end date.
    """
    end = max(a.signed for a in agreements)
    window = timedelta(days=round(365.25 * window_years))
    by_process: dict[str, list[Agreement]] = defaultdict(list)
    for a in agreements:
        by_process[a.process].append(a)
    kept: list[Agreement] = []
    labels: list[int] = []
    for a in sorted(agreements, key=lambda x: (x.signed, x.agt_id)):
        if a.signed + window > end:
            continue
        renewed = any(
            b.stage == CEASEFIRE_STAGE and a.signed < b.signed <= a.signed + window
            for b in by_process[a.process]
        )
        kept.append(a)
        labels.append(0 if renewed else 1)
    return kept, labels, end


def design(agreements: Sequence[Agreement], ce_threshold: int = 2) -> NDArray[np.float64]:
    """Build the design matrix: intercept then the binarised provisions in PROVISIONS order."""
    x = np.ones((len(agreements), 1 + len(PROVISIONS)))
    for j, (name, (col, thr)) in enumerate(PROVISIONS.items(), start=1):
        t = ce_threshold if name == "ceasefire_detail" else thr
        x[:, j] = [1.0 if a.codes[col] >= t else 0.0 for a in agreements]
    return x


def fit_logit(
    x: NDArray[np.float64], y: NDArray[np.float64], clusters: Sequence[str]
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64], float]:
    """Maximum-likelihood logistic regression.

    Args:
        x: Design matrix (n, k), first column the intercept.
        y: 0/1 outcome (n,).
        clusters: Cluster label per row, for the sandwich covariance.

    Returns:
        Coefficients, model-based covariance (inverse Hessian), cluster-robust covariance,
        and the maximised log-likelihood.
    """

    def nll(b: NDArray[np.float64]) -> float:
        eta = x @ b
        return float(np.sum(np.logaddexp(0.0, eta) - y * eta))

    def grad(b: NDArray[np.float64]) -> NDArray[np.float64]:
        p = 1.0 / (1.0 + np.exp(-(x @ b)))
        return np.asarray(x.T @ (p - y), dtype=np.float64)

    def hess(b: NDArray[np.float64]) -> NDArray[np.float64]:
        p = 1.0 / (1.0 + np.exp(-(x @ b)))
        return np.asarray((x * (p * (1 - p))[:, None]).T @ x, dtype=np.float64)

    res = optimize.minimize(
        nll, np.zeros(x.shape[1]), jac=grad, hess=hess, method="trust-exact", options={"gtol": 1e-9}
    )
    b = np.asarray(res.x, dtype=np.float64)
    if not np.max(np.abs(grad(b))) < 1e-6:
        raise RuntimeError(f"logistic fit did not converge: {res.message}")
    bread = np.asarray(np.linalg.inv(hess(b)), dtype=np.float64)
    p = 1.0 / (1.0 + np.exp(-(x @ b)))
    scores = x * (y - p)[:, None]
    groups: dict[str, NDArray[np.float64]] = {}
    for s, g in zip(scores, clusters, strict=True):
        groups[g] = groups.get(g, np.zeros(x.shape[1])) + s
    meat = sum((np.outer(s, s) for s in groups.values()), np.zeros((x.shape[1], x.shape[1])))
    n_g = len(groups)
    robust = bread @ meat @ bread * (n_g / (n_g - 1))
    return b, bread, robust, -float(res.fun)


def person_periods(
    agreements: Sequence[Agreement], horizon_years: int, ce_threshold: int = 2
) -> tuple[NDArray[np.float64], NDArray[np.float64], list[str], int, int]:
    """Expand agreements into agreement-years for a discrete-time hazard model.

    Year k of an agreement runs from ``(k-1)*365`` to ``k*365`` days after signing. It is
    kept only if it ends on or before the last date in the file (partial years are
    censored), and the agreement leaves the risk set after its first renewed ceasefire.

    Args:
        agreements: All agreements.
        horizon_years: Number of yearly periods followed.
        ce_threshold: Ce level from which ``ceasefire_detail`` is 1.

    Returns:
        Design matrix (intercept = year 1, year dummies, provisions), event indicator,
        cluster labels, number of agreements contributing at least one year, and events.
    """
    end = max(a.signed for a in agreements)
    year = timedelta(days=365)
    by_process: dict[str, list[Agreement]] = defaultdict(list)
    for a in agreements:
        by_process[a.process].append(a)
    base = design(agreements, ce_threshold)
    rows: list[NDArray[np.float64]] = []
    events: list[float] = []
    clusters: list[str] = []
    contributing = 0
    for i, a in enumerate(agreements):
        later = [
            b.signed for b in by_process[a.process] if b.stage == CEASEFIRE_STAGE and b.signed > a.signed
        ]
        first = min(later) if later else None
        used = False
        for k in range(1, horizon_years + 1):
            start, stop = a.signed + (k - 1) * year, a.signed + k * year
            if stop > end:
                break
            dummies = [1.0 if k == j else 0.0 for j in range(2, horizon_years + 1)]
            rows.append(np.concatenate([base[i, :1], dummies, base[i, 1:]]))
            event = first is not None and start < first <= stop
            events.append(1.0 if event else 0.0)
            clusters.append(a.process)
            used = True
            if event:
                break
        contributing += used
    return np.asarray(rows), np.asarray(events), clusters, contributing, int(sum(events))


def fit_survival(data: Path, horizon_years: int = 3) -> dict[str, Any]:
    """Fit the discrete-time (yearly) logit hazard of a renewed ceasefire, as a cross-check.

    Args:
        data: PA-X agreements CSV.
        horizon_years: Years followed.

    Returns:
        A JSON-ready mapping: hazard coefficients (positive = more renewed ceasefires, the
        opposite sign convention from the logistic model of holding) with cluster-robust SEs.
    """
    agreements = read_agreements(data)
    x, y, clusters, contributing, n_events = person_periods(agreements, horizon_years)
    b, _, cov, ll = fit_logit(x, y, clusters)
    z = float(stats.norm.ppf(0.975))
    names = ["intercept_year1", *(f"year{k}" for k in range(2, horizon_years + 1)), *PROVISIONS]
    coefs = {}
    for j, name in enumerate(names):
        se = math.sqrt(cov[j, j])
        coefs[name] = {
            "coef": _r(b[j]),
            "se_cluster": _r(se),
            "ci95_low": _r(b[j] - z * se),
            "ci95_high": _r(b[j] + z * se),
            "hazard_odds_ratio": _r(math.exp(b[j])),
        }
    return {
        "model": "discrete-time logit hazard of a renewed ceasefire, yearly periods, partial years censored",
        "horizon_years": horizon_years,
        "agreement_years": len(y),
        "agreements": contributing,
        "events_renewed_ceasefire": n_events,
        "log_likelihood": _r(ll),
        "coefficients": coefs,
    }


def _r(v: float) -> float:
    """Round for the shipped file (8 significant digits)."""
    return float(f"{v:.8g}")


def fit(data: Path, window_years: float, ce_threshold: int = 2) -> dict[str, Any]:
    """Fit the model for one window and return the figures to ship.

    Args:
        data: PA-X agreements CSV.
        window_years: The window W in years.
        ce_threshold: Ce level from which ``ceasefire_detail`` is 1.

    Returns:
        A JSON-ready mapping of the fit.
    """
    agreements = read_agreements(data)
    kept, labels, end = outcomes(agreements, window_years)
    x = design(kept, ce_threshold)
    y = np.asarray(labels, dtype=np.float64)
    clusters = [a.process for a in kept]
    b, cov_model, cov_robust, ll = fit_logit(x, y, clusters)
    z = float(stats.norm.ppf(0.975))
    names = ["intercept", *PROVISIONS]
    coefs: dict[str, dict[str, float | int]] = {}
    for j, name in enumerate(names):
        se_r = math.sqrt(cov_robust[j, j])
        se_m = math.sqrt(cov_model[j, j])
        coefs[name] = {
            "coef": _r(b[j]),
            "se_model": _r(se_m),
            "se_cluster": _r(se_r),
            "ci95_low": _r(b[j] - z * se_r),
            "ci95_high": _r(b[j] + z * se_r),
            "odds_ratio": _r(math.exp(b[j])),
            "p_value": _r(2 * stats.norm.sf(abs(b[j]) / se_r)),
            "n_with_provision": int(x[:, j].sum()),
        }
    by_stage: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for a, lab in zip(kept, labels, strict=True):
        by_stage[a.stage][0] += 1
        by_stage[a.stage][1] += 1 - lab
    return {
        "window_years": window_years,
        "ce_threshold": ce_threshold,
        "by_index_stage": {k: {"n": v[0], "events": v[1]} for k, v in sorted(by_stage.items())},
        "n_agreements_in_file": len(agreements),
        "n": len(kept),
        "n_censored": len(agreements) - len(kept),
        "n_processes": len(set(clusters)),
        "holds": int(y.sum()),
        "events_renewed_ceasefire": int(len(y) - y.sum()),
        "data_end": end.isoformat(),
        "log_likelihood": _r(ll),
        "names": names,
        "coefficients": coefs,
        "covariance_cluster": [[_r(v) for v in row] for row in cov_robust],
    }


def build(data: Path, window_years: float, sensitivity: Sequence[float]) -> dict[str, Any]:
    """Build the whole shipped document: main fit, sensitivity fits, provenance.

    Args:
        data: PA-X agreements CSV.
        window_years: Main window W in years.
        sensitivity: Other windows to report.

    Returns:
        The JSON-ready document.
    """
    main = fit(data, window_years)
    sens = []
    for w in sensitivity:
        f = fit(data, w)
        sens.append(_summary(f, f"window {w:g} years, Ce >= 2"))
    f = fit(data, window_years, ce_threshold=1)
    sens.append(_summary(f, f"window {window_years:g} years, Ce >= 1"))
    args = " ".join(f"{w:g}" for w in sensitivity)
    return {
        "model": "logistic regression of P(holds within window) on binarised PA-X provisions",
        "citation": CITATION,
        "command": f"python scripts/fit_durability.py --window {window_years:g} --sensitivity {args}",
        "data_file": data.name,
        "data_sha256": hashlib.sha256(data.read_bytes()).hexdigest(),
        "outcome_rule": OUTCOME_RULE,
        "provisions": {
            name: {"column": col, "threshold": thr, "coding": CODING[name]}
            for name, (col, thr) in PROVISIONS.items()
        },
        "covariance": "cluster-robust (sandwich) by peace process PP, factor G/(G-1)",
        "fit": main,
        "sensitivity": sens,
        "survival_check": fit_survival(data),
    }


def _summary(f: dict[str, Any], label: str) -> dict[str, Any]:
    return {
        "label": label,
        "window_years": f["window_years"],
        "ce_threshold": f["ce_threshold"],
        "n": f["n"],
        "events_renewed_ceasefire": f["events_renewed_ceasefire"],
        "coef": {k: v["coef"] for k, v in f["coefficients"].items()},
        "se_cluster": {k: v["se_cluster"] for k, v in f["coefficients"].items()},
    }


def main(argv: Sequence[str] | None = None) -> None:
    """Command-line entry point."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--window", type=float, default=2.0)
    ap.add_argument("--sensitivity", type=float, nargs="*", default=[1.0, 2.0, 3.0])
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args(argv)
    doc = build(args.data, args.window, args.sensitivity)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
    fm = doc["fit"]
    print(f"n={fm['n']} events={fm['events_renewed_ceasefire']} processes={fm['n_processes']}")
    for name, c in fm["coefficients"].items():
        print(f"{name:32s} {c['coef']:+.3f} ({c['se_cluster']:.3f})  OR {c['odds_ratio']:.2f}")
    sv = doc["survival_check"]
    print(f"survival: agreement-years={sv['agreement_years']} events={sv['events_renewed_ceasefire']}")
    for name, c in sv["coefficients"].items():
        print(f"  {name:32s} {c['coef']:+.3f} ({c['se_cluster']:.3f})")
    for s in doc["sensitivity"]:
        print(
            s["label"], s["n"], s["events_renewed_ceasefire"], {k: round(v, 2) for k, v in s["coef"].items()}
        )


if __name__ == "__main__":
    main()
