"""Derive the war-recurrence spells of former belligerents and fit the recurrence models.

Data (not redistributed with accord; this script reads a user's copy under
``DATA_DIR/peace-science/`` and writes only derived columns):

* Correlates of War inter-state wars v4.0, directed dyad-years (``cow_war_inter.csv.gz``):
  Sarkees, M. R. and Wayman, F. (2010). *Resort to War: 1816-2007*. CQ Press.
* Gibler-Miller-Little militarised interstate disputes v2.2.1 (``gml_dirdisp.csv.gz``,
  ``gml_mid_disps.csv.gz``): Gibler, D. M., Miller, S. V. and Little, E. K. (2016). "An analysis
  of the Militarized Interstate Dispute (MID) dataset, 1816-2001". International Studies
  Quarterly 60(4).
* COW National Material Capabilities v6 (``cow_nmc.csv.gz``): Singer, J. D., Bremer, S. and
  Stuckey, J. (1972). "Capability distribution, uncertainty, and major power war, 1820-1965".
* COW direct contiguity v3.2 (``cow_contdir.csv.gz``) and major powers (``cow_majors.csv.gz``).
* Thompson, W. R. and Dreyer, D. R. (2012). *Handbook of International Rivalries*. CQ Press
  (``td_rivalries.csv.gz``).
* ATOP v5 directed dyad-years (``atop_alliance.csv.gz``): Leeds, B. A. et al. (2002).
  "Alliance Treaty Obligations and Provisions, 1815-1944". International Interactions 28.

All files as distributed by the peacesciencer R package (Miller, S. V. (2022). "peacesciencer:
An R package for quantitative peace science research". Conflict Management and Peace Science).

Construction (documented in ``docs/guarantees.md``):

* A *spell* is one unordered pair of states that fought on opposite sides of one COW
  inter-state war. It starts at the middle of the last calendar year in which the pair is
  coded at war in that war (``end_year + 0.5``: COW dyad-years give no month).
* ``war`` outcome: the pair's next COW inter-state war (a different war number) whose first
  dyad-year is after ``end_year``; time = that year minus ``end_year`` (both at mid-year).
  Right-censored at the end of 2007 (COW data end).
* ``violation`` outcome: the first GML dispute between the pair (opposite sides) in which the
  pair first appears in a calendar year after ``end_year``, with a dispute fatality level above 0
  and fatalities for at least one of the two states (participant fatality level above 0); time
  from the dispute's start month when the pair joined in its first year, else from mid-year. A
  renewed COW war counts as a violation if it comes first. Right-censored at the end of 2010
  (GML data end).
* Both outcomes are also censored at the first year after ``end_year`` in which either state is
  absent from COW NMC (the state left the system: occupation, unification, dissolution).
* Covariates at war end: ``decisive`` (the pair's COW outcomes are winner and loser), ``log_deaths``
  (log10 of the war's total battle deaths, all participants), ``parity`` (min CINC / max CINC of the
  pair in ``end_year``, or the latest war year with both present), ``contiguous`` (COW direct
  contiguity type 1, land border, in force in ``end_year``), ``rivalry`` (a Thompson-Dreyer
  strategic rivalry of the pair in force in ``end_year``), ``pact_major`` (the pair member on the
  war's target side, the side with no initiator, has an ATOP defence obligation in ``end_year``
  with a COW major power of that year other than the pair's two states).
* Spells missing a covariate are dropped (counted in the JSON).

Usage::

    python scripts/derive_war_recurrence.py [DATA_DIR] [--out-dir DIR]

DATA_DIR defaults to ``../shared/data`` relative to the repository root.
"""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from accord.guarantees.recurrence import COVARIATES, RecurrenceModel, fit_weibull

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "data"
DEFAULT_OUT = REPO / "src" / "accord" / "guarantees" / "data"

COW_END = 2008.0  # COW inter-state wars cover 1816-2007: censor at the end of 2007
GML_END = 2011.0  # GML MIDs cover 1816-2010: censor at the end of 2010

CITATION = (
    "Derived by scripts/derive_war_recurrence.py from: Sarkees & Wayman (2010), Resort to War, COW "
    "inter-state wars v4.0; Gibler, Miller & Little (2016), ISQ 60(4), GML MID v2.2.1; Singer, "
    "Bremer & Stuckey (1972), COW NMC v6; COW direct contiguity v3.2 and major powers (2016); "
    "Thompson & Dreyer (2012), Handbook of International Rivalries; Leeds et al. (2002), ATOP v5; "
    "via peacesciencer (Miller 2022, CMPS). Only derived columns."
)

CSV_COLUMNS = (
    "spell",
    "warnum",
    "ccode_a",
    "ccode_b",
    "target",
    "end_year",
    *COVARIATES,
    "t_war",
    "war",
    "t_violation",
    "violation",
)


def _read(data: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(data / "peace-science" / name)


def _war_pairs(war: pd.DataFrame) -> pd.DataFrame:
    """One row per (war, unordered pair) with first/last year, outcomes and the target member."""
    w = war[war["ccode1"] < war["ccode2"]]
    pairs = (
        w.groupby(["warnum", "ccode1", "ccode2"])
        .agg(
            y0=("year", "min"),
            y1=("year", "max"),
            o1=("outcome1", "first"),
            o2=("outcome2", "first"),
            side1=("sidea1", "first"),
            side2=("sidea2", "first"),
        )
        .reset_index()
    )
    # The initiating side of each war: the side of the states flagged as initiators.
    states = war[["warnum", "ccode1", "sidea1", "initiator1"]].drop_duplicates()
    init = states.groupby(["warnum", "sidea1"])["initiator1"].max().unstack(fill_value=0.0)
    init_side: dict[int, float] = {}
    for warnum, row in init.iterrows():
        sides = [s for s in row.index if row[s] > 0]
        if len(sides) != 1:
            raise SystemExit(f"war {warnum}: initiators on {len(sides)} sides; rule undefined")
        init_side[int(warnum)] = float(sides[0])
    pairs["init_side"] = pairs["warnum"].astype(int).map(init_side)
    pairs["target"] = np.where(pairs["side1"] != pairs["init_side"], pairs["ccode1"], pairs["ccode2"])
    pairs["decisive"] = (
        ((pairs["o1"] == 1) & (pairs["o2"] == 2)) | ((pairs["o1"] == 2) & (pairs["o2"] == 1))
    ).astype(int)
    # War-level battle deaths: each participant's deaths once (missing -9 treated as unknown, 0).
    per_state = war[["warnum", "ccode1", "batdeath1"]].drop_duplicates(["warnum", "ccode1"])
    deaths = per_state["batdeath1"].clip(lower=0).groupby(per_state["warnum"]).sum()
    pairs["log_deaths"] = pairs["warnum"].map(np.log10(deaths.clip(lower=1.0)))
    return pairs


def _present(nmc: pd.DataFrame) -> dict[int, set[int]]:
    out: dict[int, set[int]] = {}
    for ccode, year in zip(nmc["ccode"].astype(int), nmc["year"].astype(int), strict=True):
        out.setdefault(ccode, set()).add(year)
    return out


def _exit_time(present: dict[int, set[int]], a: int, b: int, end_year: int, horizon: float) -> float:
    """First calendar year after ``end_year`` in which ``a`` or ``b`` is absent (as a time point)."""
    year = end_year + 1
    while year < horizon:
        if year not in present.get(a, set()) or year not in present.get(b, set()):
            return float(year)
        year += 1
    return horizon


def _cinc_parity(cinc: dict[tuple[int, int], float], a: int, b: int, y0: int, y1: int) -> float:
    for year in range(y1, y0 - 1, -1):
        ca, cb = cinc.get((a, year)), cinc.get((b, year))
        if ca is not None and cb is not None and max(ca, cb) > 0:
            return min(ca, cb) / max(ca, cb)
    return math.nan


def build_spells(data: Path) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Return the spell table and counts describing its construction."""
    war = _read(data, "cow_war_inter.csv.gz")
    pairs = _war_pairs(war)
    nmc = _read(data, "cow_nmc.csv.gz")
    present = _present(nmc)
    cinc = {
        (int(c), int(y)): float(v)
        for c, y, v in zip(nmc["ccode"], nmc["year"], nmc["cinc"], strict=True)
        if not math.isnan(v)
    }
    cont = _read(data, "cow_contdir.csv.gz")
    cont = cont[cont["conttype"] == 1].copy()
    cont["sy"] = cont["stdate"].str[:4].astype(int)
    cont["ey"] = cont["enddate"].str[:4].astype(int)
    land: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for a, b, sy, ey in zip(cont["ccode1"], cont["ccode2"], cont["sy"], cont["ey"], strict=True):
        land.setdefault((int(min(a, b)), int(max(a, b))), []).append((sy, ey))
    riv = _read(data, "td_rivalries.csv.gz")
    rivals: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for a, b, sy, ey in zip(riv["ccode1"], riv["ccode2"], riv["styear"], riv["endyear"], strict=True):
        end = 9999 if math.isnan(ey) else int(ey)
        rivals.setdefault((int(min(a, b)), int(max(a, b))), []).append((int(sy), end))
    majors = _read(data, "cow_majors.csv.gz")
    atop = _read(data, "atop_alliance.csv.gz")
    atop = atop[atop["atop_defense"] == 1]
    defence: dict[tuple[int, int], set[int]] = {}
    for a, b, y in zip(atop["ccode1"], atop["ccode2"], atop["year"], strict=True):
        defence.setdefault((int(a), int(y)), set()).add(int(b))

    def is_major(ccode: int, year: int) -> bool:
        rows = majors[majors["ccode"] == ccode]
        return bool(((rows["styear"] <= year) & (rows["endyear"] >= year)).any())

    # Renewed wars: first year of each (pair, war).
    onsets: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for r in pairs.itertuples():
        onsets.setdefault((int(r.ccode1), int(r.ccode2)), []).append((int(r.y0), int(r.warnum)))
    # Fatal disputes between opposite sides, with start year and month.
    dd = _read(data, "gml_dirdisp.csv.gz")
    disp = _read(data, "gml_mid_disps.csv.gz").set_index("dispnum")
    dd = dd[(dd["ccode1"] < dd["ccode2"]) & (dd["sidea1"] != dd["sidea2"]) & (dd["fatality"] > 0)]
    dd = dd[(dd["fatality1"] > 0) | (dd["fatality2"] > 0)]
    # The pair's own first year in the dispute: in long multilateral disputes (the Second World
    # War is one MID) a pair can enter years after the dispute began.
    first = dd.groupby(["dispnum", "ccode1", "ccode2"])["year"].min().reset_index()
    fatal: dict[tuple[int, int], list[float]] = {}
    for num, a, b, year in zip(
        first["dispnum"], first["ccode1"], first["ccode2"], first["year"], strict=True
    ):
        styear = int(disp.at[num, "styear"])
        stmon = disp.at[num, "stmon"]
        if int(year) == styear and not math.isnan(stmon) and stmon >= 1:
            when = styear + (float(stmon) - 0.5) / 12.0
        else:
            when = int(year) + 0.5
        fatal.setdefault((int(a), int(b)), []).append(when)

    rows: list[dict[str, Any]] = []
    counts = {"war_pairs": len(pairs), "wars": int(pairs["warnum"].nunique()), "dropped_missing": 0}
    for r in pairs.sort_values(["warnum", "ccode1", "ccode2"]).itertuples():
        a, b, y1 = int(r.ccode1), int(r.ccode2), int(r.y1)
        start = y1 + 0.5
        later = [y for y, num in onsets[(a, b)] if num != int(r.warnum) and y > y1]
        exit_war = _exit_time(present, a, b, y1, COW_END)
        if later and min(later) + 0.5 <= exit_war:
            t_war, e_war = min(later) - y1 + 0.0, 1
        else:
            t_war, e_war = exit_war - start, 0
        exit_mid = _exit_time(present, a, b, y1, GML_END)
        fatal_later = [t for t in fatal.get((a, b), []) if t >= y1 + 1.0]
        if fatal_later and min(fatal_later) <= exit_mid:
            t_vio, e_vio = min(fatal_later) - start, 1
        else:
            t_vio, e_vio = exit_mid - start, 0
        if e_war and t_war < t_vio:
            # A renewed COW war is fatal fighting between the pair: it is a violation too.
            t_vio, e_vio = t_war, 1
        parity = _cinc_parity(cinc, a, b, int(r.y0), y1)
        target = int(r.target)
        other = b if target == a else a
        allies = defence.get((target, y1), set())
        pact_major = int(any(m != other and m != target and is_major(m, y1) for m in allies))
        contiguous = int(any(sy <= y1 <= ey for sy, ey in land.get((a, b), [])))
        rivalry = int(any(sy <= y1 <= ey for sy, ey in rivals.get((a, b), [])))
        if math.isnan(parity) or math.isnan(r.log_deaths):
            counts["dropped_missing"] += 1
            continue
        rows.append(
            {
                "warnum": int(r.warnum),
                "ccode_a": a,
                "ccode_b": b,
                "target": target,
                "end_year": y1,
                "decisive": int(r.decisive),
                "log_deaths": float(r.log_deaths),
                "parity": parity,
                "contiguous": contiguous,
                "rivalry": rivalry,
                "pact_major": pact_major,
                "t_war": t_war,
                "war": e_war,
                "t_violation": t_vio,
                "violation": e_vio,
            }
        )
    spells = pd.DataFrame(rows)
    spells.insert(0, "spell", range(1, len(spells) + 1))
    counts.update(
        {
            "spells": len(spells),
            "clusters": int(spells["warnum"].nunique()),
            "war_events": int(spells["war"].sum()),
            "violation_events": int(spells["violation"].sum()),
        }
    )
    return spells, counts


def write_csv(spells: pd.DataFrame, path: Path) -> None:
    """Write the spells with fixed formatting so a rerun reproduces the file byte for byte."""
    lines = ["# " + CITATION, ",".join(CSV_COLUMNS)]
    for row in spells.itertuples(index=False):
        rec = row._asdict()
        cells = []
        for col in CSV_COLUMNS:
            value = rec[col]
            if col in ("log_deaths", "parity", "t_war", "t_violation"):
                cells.append(f"{float(value):.6f}")
            else:
                cells.append(str(int(value)))
        lines.append(",".join(cells))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def fit_models(spells: pd.DataFrame) -> dict[str, RecurrenceModel]:
    """Fit the Weibull proportional-hazards model for each outcome, clustered by war."""
    X = spells[list(COVARIATES)].to_numpy(dtype=float)
    clusters = spells["warnum"].to_numpy(dtype=int)
    out = {}
    for outcome, tcol in (("war", "t_war"), ("violation", "t_violation")):
        out[outcome] = fit_weibull(
            spells[tcol].to_numpy(dtype=float),
            spells[outcome].to_numpy(dtype=int),
            X,
            COVARIATES,
            clusters=clusters,
            outcome=outcome,
            source=CITATION,
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("data_dir", nargs="?", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--out-dir", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    spells, counts = build_spells(args.data_dir)
    args.out_dir.mkdir(parents=True, exist_ok=True)
    write_csv(spells, args.out_dir / "war_spells.csv")
    models = fit_models(spells)
    payload = {
        "description": (
            "Weibull proportional-hazards models of renewed war and of the first fatal dispute "
            "between former belligerents (opposite sides of a COW inter-state war), t in years "
            "from war end; covariance cluster-robust by war."
        ),
        "source": CITATION,
        "construction": counts,
        "models": {name: m.to_dict() for name, m in models.items()},
    }
    (args.out_dir / "war_recurrence.json").write_text(
        json.dumps(payload, indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )
    print(json.dumps(counts, indent=2))
    for name, m in models.items():
        print(f"\n{name}: n={m.n_spells} events={m.n_events} clusters={m.n_clusters} shape p={m.shape:.3f}")
        for row in m.summary():
            print(
                f"  {row['name']:<11} coef {row['coef']:+.3f}  HR {row['hr']:.3f} "
                f"[{row['hr_low']:.3f}-{row['hr_high']:.3f}]"
            )


if __name__ == "__main__":
    main()
