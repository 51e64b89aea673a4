"""Derive honour rates with war-clustered intervals for accord.guarantees.

The rates of honouring alliance commitments when invoked in war (Berkemeier and Fuhrmann
2018) count alliance-war invocations, but several invocations share one war (the Second
World War, Sinai 1956, the Six-Day War) and some alliances are invoked again and again (the
Arab League treaty of 1950 supplies 7 of the 43 post-1945 defence cases). A Wilson interval
treats those cases as independent. This script adds, for each figure:

* the number of distinct wars (the clusters) and alliances, and the largest war's and
  largest alliance's share of the cases;
* a cluster bootstrap over wars (fixed seed, 10,000 resamples; percentile 2.5/97.5 and
  10/90), with an alliance-clustered bootstrap as a sensitivity check;
* the design effect ``deff`` = bootstrap variance of the rate / binomial variance
  p(1 - p)/n, a deterministic linearised (ratio-estimator) version for comparison, and the
  effective sample size ``n_eff`` = n / max(deff, 1), so that Beta(h n_eff, (1 - h) n_eff)
  carries the clustered uncertainty;
* whether the war pits members of the invoked alliance against each other (an
  intra-alliance war, e.g. Iraq against Kuwait and the Arab League states in 1990-91), and
  the post-1945 defence rate with those invocations left out.

Data (not redistributed; only derived figures are written to
``src/accord/guarantees/data/honour_rates.json``):

* Berkemeier, M. and Fuhrmann, M. (2018). "Reassessing the fulfillment of alliance
  commitments in war". Research & Politics 5(2). ``berkemeier-fuhrmann-2018.dta``; same
  sample, coding (``honorLLM`` / ``violateLLM``) and era rule (``sample``) as
  ``scripts/derive_base_rates.py``.
* Leeds, B. A. et al. (2002). "Alliance Treaty Obligations and Provisions, 1815-1944".
  International Interactions 28(3). ATOP v4.01 member-level file
  ``atop4-member-level.csv`` (members and their entry and exit years).
* Sarkees, M. R. and Wayman, F. (2010). Resort to War. CQ Press. COW inter-state wars v4
  as directed dyad-years in ``peace-science/cow_war_inter.csv.gz`` (sides and years).

Three wars of the Berkemeier-Fuhrmann file are not COW inter-state wars (no ``cowwarid``);
their sides are hand-coded below (:data:`HAND_CODED_SIDES`) and flagged in the output.

Usage::

    python scripts/derive_honour_rates.py [DATA_DIR] [--out PATH]

DATA_DIR defaults to ``../shared/data`` relative to the repository root.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from derive_base_rates import invocations, wilson, wilson_rate

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "data"
DEFAULT_OUT = REPO / "src" / "accord" / "guarantees" / "data" / "honour_rates.json"

BF_FILE = "berkemeier-fuhrmann-2018.dta"
ATOP_MEMBER_FILE = "atop4-member-level.csv"
COW_WAR_FILE = "peace-science/cow_war_inter.csv.gz"

SEED = 20180502
N_BOOT = 10_000
Z95 = 1.959963984540054
Z80 = 1.2815515655446004

BF_CITATION = (
    'Berkemeier, M. and Fuhrmann, M. (2018). "Reassessing the fulfillment of alliance '
    'commitments in war". Research & Politics 5(2). Replication file berkemeier-fuhrmann-2018.dta.'
)
ATOP_CITATION = (
    'Leeds, B. A., Ritter, J. M., Mitchell, S. M. and Long, A. G. (2002). "Alliance Treaty '
    'Obligations and Provisions, 1815-1944". International Interactions 28(3): 237-60. '
    "ATOP v4.01 member-level file atop4-member-level.csv."
)
COW_WAR_CITATION = (
    "Sarkees, M. R. and Wayman, F. W. (2010). Resort to War: 1816-2007. CQ Press. COW inter-state "
    "war data v4 as distributed by peacesciencer (Miller 2022), cow_war_inter.csv.gz."
)

#: IWD war id -> (side A ccodes, side B ccodes, first year, last year) for the wars of the
#: Berkemeier-Fuhrmann file that are not COW inter-state wars. Standard historical facts:
#: Italy invaded Albania in April 1939; France fought Tunisia at Bizerte in July 1961;
#: Indonesia fought Malaysia, the United Kingdom, Australia and New Zealand in 1963-66.
HAND_CODED_SIDES: dict[int, tuple[frozenset[int], frozenset[int], int, int]] = {
    90: (frozenset({325}), frozenset({339}), 1939, 1939),
    93: (frozenset({220}), frozenset({616}), 1961, 1961),
    94: (frozenset({850}), frozenset({820, 200, 900, 920}), 1963, 1966),
}

ERA_TEXT = {"all": "1816-2003", "pre1945": "1816-1944", "post1945": "1945-2003"}


def wilson_eff(p: float, n_eff: float, z: float = Z95) -> tuple[float, float]:
    """Return the Wilson interval for a rate p with an effective sample size n_eff."""
    return wilson_rate(p, n_eff, z)


def _r(x: float) -> float:
    return round(float(x), 6)


def load_invocations(data_dir: Path) -> pd.DataFrame:
    """Return the 146 invocations with honoured, era and pact-type flags."""
    s = invocations(data_dir / BF_FILE)
    s["warid"] = s["warid"].astype(int)
    s["atopid"] = s["atopid"].astype(int)
    return s.reset_index(drop=True)


def war_sides(data_dir: Path) -> dict[int, tuple[frozenset[int], frozenset[int], int, int]]:
    """Return COW war number -> (side A, side B, first year, last year)."""
    w = pd.read_csv(data_dir / COW_WAR_FILE)
    out: dict[int, tuple[frozenset[int], frozenset[int], int, int]] = {}
    for warnum, g in w.groupby("warnum"):
        a = frozenset(int(c) for c in g.loc[g["sidea1"] == 1, "ccode1"])
        b = frozenset(int(c) for c in g.loc[g["sidea1"] != 1, "ccode1"])
        out[int(warnum)] = (a, b, int(g["year"].min()), int(g["year"].max()))
    return out


def intra_alliance(s: pd.DataFrame, data_dir: Path) -> pd.DataFrame:
    """Flag invocations whose war has members of the invoked alliance on both sides.

    A state counts as a member if its ATOP membership spell overlaps the war's years
    (``yrexit`` 0 means still a member). States COW lists on both sides of a war (the
    side-switchers of the world wars: France and Vichy, Italy 1943, Romania and Bulgaria
    1944) are left out of the main flag ``intra_alliance``; ``intra_alliance_loose`` keeps
    them (two different member states must still be on opposite sides).
    """
    members = pd.read_csv(data_dir / ATOP_MEMBER_FILE, usecols=["atopid", "member", "yrent", "yrexit"])
    sides = war_sides(data_dir)
    rows = []
    for r in s.itertuples():
        if pd.notna(r.cowwarid):
            side_a, side_b, y0, y1 = sides[int(r.cowwarid)]
            sides_source = "cow"
        else:
            side_a, side_b, y0, y1 = HAND_CODED_SIDES[int(r.warid)]
            sides_source = "hand-coded"
        m = members[members["atopid"] == r.atopid]
        active = m[(m["yrent"] <= y1) & ((m["yrexit"] == 0) | (m["yrexit"] >= y0))]
        mem = {int(x) for x in active["member"]}
        in_a, in_b = mem & side_a, mem & side_b
        loose = any(x != y for x in in_a for y in in_b)
        switchers = side_a & side_b
        strict = bool(in_a - switchers) and bool(in_b - switchers)
        rows.append(
            {
                "intra_alliance": strict,
                "intra_alliance_loose": loose,
                "sides_source": sides_source,
                "members_side_a": sorted(in_a),
                "members_side_b": sorted(in_b),
                "war_years": [y0, y1],
            }
        )
    return pd.concat([s, pd.DataFrame(rows, index=s.index)], axis=1)


def _boot_rates(h: np.ndarray, groups: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Return N_BOOT cluster-bootstrap rates: resample whole clusters with replacement."""
    labels, inv = np.unique(groups, return_inverse=True)
    g = len(labels)
    hk = np.bincount(inv, weights=h, minlength=g)
    nk = np.bincount(inv, minlength=g).astype(float)
    idx = rng.integers(0, g, size=(N_BOOT, g))
    rates: np.ndarray = hk[idx].sum(axis=1) / nk[idx].sum(axis=1)
    return rates


def _linearised_var(h: np.ndarray, groups: np.ndarray) -> float:
    """Cluster-robust (ratio-estimator) variance of the rate with the G/(G-1) correction."""
    labels, inv = np.unique(groups, return_inverse=True)
    g = len(labels)
    if g < 2:
        return float("nan")
    n = len(h)
    p = h.mean()
    resid = np.bincount(inv, weights=h - p, minlength=g)
    return float(g / (g - 1) * (resid**2).sum() / n**2)


def figure(sub: pd.DataFrame, description: str, seed_offset: int) -> dict[str, Any]:
    """Return one figure: counts, naive and clustered intervals, design effect, n_eff."""
    h = sub["honoured"].to_numpy(dtype=float)
    n = len(h)
    k = int(h.sum())
    p = k / n
    wars = sub["warid"].to_numpy()
    allies = sub["atopid"].to_numpy()
    war_counts = sub["warid"].value_counts()
    ally_counts = sub["atopid"].value_counts()
    rng = np.random.default_rng(SEED + seed_offset)
    boot = _boot_rates(h, wars, rng)
    boot_a = _boot_rates(h, allies, np.random.default_rng(SEED + seed_offset + 1))
    binom_var = p * (1 - p) / n
    deff: float | None = None
    deff_lin: float | None = None
    deff_alliance: float | None = None
    n_eff = float(n)
    if 0 < k < n:
        deff = float(boot.var(ddof=1)) / binom_var
        deff_lin = _linearised_var(h, wars) / binom_var
        deff_alliance = float(boot_a.var(ddof=1)) / binom_var
        n_eff = n / max(deff, 1.0)
    w95 = wilson(k, n)
    w80 = wilson(k, n, Z80)
    wn = wilson_eff(p, n_eff)
    q = np.percentile(boot, [2.5, 10, 90, 97.5])
    qa = np.percentile(boot_a, [2.5, 97.5])
    top_war = int(war_counts.index[0])
    top_war_name = str(sub.loc[sub["warid"] == top_war, "warname"].iloc[0])
    return {
        "honoured": k,
        "n": n,
        "rate": _r(p),
        "wars": len(war_counts),
        "alliances": len(ally_counts),
        "largest_war_share": _r(war_counts.iloc[0] / n),
        "largest_war": top_war_name,
        "largest_alliance_share": _r(ally_counts.iloc[0] / n),
        "largest_alliance_atopid": int(ally_counts.index[0]),
        "wilson95": [_r(w95[0]), _r(w95[1])],
        "wilson80": [_r(w80[0]), _r(w80[1])],
        "wilson95_neff": [_r(wn[0]), _r(wn[1])],
        "cluster_boot95": [_r(q[0]), _r(q[3])],
        "cluster_boot80": [_r(q[1]), _r(q[2])],
        "alliance_boot95": [_r(qa[0]), _r(qa[1])],
        "deff": None if deff is None else _r(deff),
        "deff_linearised": None if deff_lin is None else _r(deff_lin),
        "deff_alliance_clustered": None if deff_alliance is None else _r(deff_alliance),
        "n_eff": _r(n_eff),
        "beta": [_r(p * n_eff), _r((1 - p) * n_eff)],
        "description": description,
    }


def _subsets(s: pd.DataFrame) -> dict[str, tuple[pd.Series, str]]:
    # pandas boolean masks for each pact type; the names follow base_rates.json.
    return {
        "defence": (s["defense"] == 1, "defence pacts (defense == 1)"),
        "all": (s["honoured"] >= 0, "all invoked pacts"),
        "offence": (s["offense"] == 1, "offence pacts (offense == 1)"),
        "nonaggression": (s["nonagg"] == 1, "non-aggression pacts (nonagg == 1)"),
        "neutrality": (s["neutral"] == 1, "neutrality pacts (neutral == 1)"),
        "neutrality_only": (
            (s["neutral"] == 1) & (s["defense"] == 0) & (s["offense"] == 0),
            "neutrality pacts with no defence or offence promise",
        ),
    }


def derive(data_dir: Path) -> dict[str, Any]:
    """Compute every figure and the intra-alliance check from ``data_dir``."""
    s = intra_alliance(load_invocations(data_dir), data_dir)
    eras: dict[str, Callable[[pd.DataFrame], pd.Series]] = {
        "all": lambda x: x["honoured"] >= 0,
        "pre1945": lambda x: x["pre1945"],
        "post1945": lambda x: ~x["pre1945"],
    }
    figures: dict[str, dict[str, Any]] = {}
    offset = 0
    for name, (mask, text) in _subsets(s).items():
        for era, emask in eras.items():
            sub = s[mask & emask(s)]
            figures[f"{name}.{era}"] = figure(
                sub, f"Share of invoked commitments honoured, {text}, {ERA_TEXT[era]}", offset
            )
            offset += 10
    defence_post = s[(s["defense"] == 1) & ~s["pre1945"]]
    defence_pre = s[(s["defense"] == 1) & s["pre1945"]]
    for era, sub in (("post1945", defence_post), ("pre1945", defence_pre), ("all", s[s["defense"] == 1])):
        kept = sub[~sub["intra_alliance"]]
        figures[f"defence.{era}.excluding_intra_alliance"] = figure(
            kept,
            f"Share of invoked defence commitments honoured, {ERA_TEXT[era]}, leaving out wars "
            "with members of the invoked alliance on both sides",
            offset,
        )
        offset += 10
    intra = s[s["intra_alliance_loose"]].sort_values(
        ["sample", "warid", "atopid"], ascending=[False, True, True]
    )
    cases = [
        {
            "war": str(r.warname),
            "iwd_warid": int(r.warid),
            "cow_warnum": None if pd.isna(r.cowwarid) else int(r.cowwarid),
            "atopid": int(r.atopid),
            "era": "pre1945" if r.pre1945 else "post1945",
            "defence": bool(r.defense == 1),
            "honoured": int(r.honoured),
            "intra_alliance": bool(r.intra_alliance),
            "members_side_a": r.members_side_a,
            "members_side_b": r.members_side_b,
            "sides_source": r.sides_source,
        }
        for r in intra.itertuples()
    ]

    def _count(mask: pd.Series) -> dict[str, int]:
        sub = s[mask]
        return {
            "n": len(sub),
            "intra_alliance": int(sub["intra_alliance"].sum()),
            "intra_alliance_honoured": int(sub.loc[sub["intra_alliance"], "honoured"].sum()),
            "intra_alliance_loose": int(sub["intra_alliance_loose"].sum()),
            "intra_alliance_loose_honoured": int(sub.loc[sub["intra_alliance_loose"], "honoured"].sum()),
        }

    check = {
        "definition": (
            "An invocation is intra-alliance when the war has at least one member of the invoked "
            "alliance on each side, leaving out states COW lists on both sides of the war "
            "(side-switchers); intra_alliance_loose keeps switchers but still needs two different "
            "member states on opposite sides. Membership is an ATOP v4.01 member-level spell "
            "(yrent..yrexit, yrexit 0 = still a member) overlapping the war's years; sides are "
            "COW inter-state war sides (hand-coded for IWD wars 90, 93 and 94, which COW does not "
            "list). By the Berkemeier-Fuhrmann coding, allies fighting each other is a violation, "
            "so intra-alliance invocations are violations by construction. ATOP ids in the "
            "Berkemeier-Fuhrmann file (v3.0) all exist in ATOP v4.01."
        ),
        "counts": {
            "defence.post1945": _count((s["defense"] == 1) & ~s["pre1945"]),
            "defence.pre1945": _count((s["defense"] == 1) & s["pre1945"]),
            "all.all": _count(s["honoured"] >= 0),
        },
        "hand_coded_wars": {
            str(k): {"side_a": sorted(v[0]), "side_b": sorted(v[1]), "years": [v[2], v[3]]}
            for k, v in HAND_CODED_SIDES.items()
        },
        "cases": cases,
    }
    return {"figures": figures, "intra_alliance_check": check}


def build(data_dir: Path, command: str) -> dict[str, Any]:
    """Return the full JSON document."""
    derived = derive(data_dir)
    return {
        "about": (
            "Honour rates of alliance commitments invoked in war with war-clustered intervals and "
            "design effects, derived by scripts/derive_honour_rates.py. Only derived figures are "
            "shipped; the datasets are not."
        ),
        "command": command,
        "source": BF_CITATION,
        "citations": {
            "berkemeier_fuhrmann_2018": BF_CITATION,
            "atop": ATOP_CITATION,
            "cow_war": COW_WAR_CITATION,
        },
        "sample_rule": (
            "Invocations coded honorLLM == 1 or violateLLM == 1 (146); honoured = honorLLM == 1. "
            "pre1945: sample == 1 (1816-1944); post1945: sample == 0 (1945-2003)."
        ),
        "method": {
            "wilson95": "95% Wilson score interval treating invocations as independent",
            "wilson80": "80% Wilson score interval",
            "wilson95_neff": "95% Wilson score interval with n replaced by n_eff (design-effect adjusted)",
            "cluster_boot95": (
                f"cluster bootstrap over wars (IWD warid): {N_BOOT} resamples of whole wars with "
                "replacement, rate = honoured / invocations in the resample, percentiles 2.5 and 97.5; "
                f"numpy default_rng seed {SEED} + a per-figure offset"
            ),
            "cluster_boot80": "the same bootstrap, percentiles 10 and 90",
            "alliance_boot95": "sensitivity: the same bootstrap clustered by alliance (atopid)",
            "deff": "bootstrap variance of the rate / (p (1 - p) / n); null when the rate is 0 or 1",
            "deff_linearised": (
                "ratio-estimator variance G/(G-1) * sum_g (h_g - p n_g)^2 / n^2 over wars g, "
                "divided by p (1 - p) / n (deterministic check on deff)"
            ),
            "n_eff": "n / max(deff, 1): clustering is not allowed to make cases count more than once",
            "beta": "[rate * n_eff, (1 - rate) * n_eff]: Beta parameters carrying the clustered spread",
        },
        **derived,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "data", nargs="?", type=Path, default=DEFAULT_DATA, help="folder holding the shared datasets"
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    command = "python scripts/derive_honour_rates.py ../shared/data"
    if args.data.resolve() != DEFAULT_DATA.resolve():
        command = f"python scripts/derive_honour_rates.py {args.data}"
    doc = build(args.data, command)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    for key, f in doc["figures"].items():
        print(
            f"{key:44} {f['honoured']:3}/{f['n']:3} = {f['rate']:.3f} wars {f['wars']:2} "
            f"all. {f['alliances']:2} W95 {f['wilson95']} CB95 {f['cluster_boot95']} "
            f"CB80 {f['cluster_boot80']} WN {f['wilson95_neff']} AB95 {f['alliance_boot95']} "
            f"deff {f['deff']} lin {f['deff_linearised']} ally {f['deff_alliance_clustered']} "
            f"n_eff {f['n_eff']:.1f}"
        )
    for key, c in doc["intra_alliance_check"]["counts"].items():
        print(f"intra-alliance {key}: {c}")
    for c in doc["intra_alliance_check"]["cases"]:
        print(
            f"  {c['era']:8} {c['war']:28} atopid {c['atopid']} honoured {c['honoured']} "
            f"strict {c['intra_alliance']} "
            f"A {c['members_side_a']} B {c['members_side_b']} ({c['sides_source']})"
        )
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
