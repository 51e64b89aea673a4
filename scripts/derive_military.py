"""Derive the military weights used by accord.guarantees.military from COW NMC and ATOP.

accord weighs guarantors by military capacity, not by negotiating influence. This script
writes ``src/accord/guarantees/data/military.json`` with:

* per state (keyed by ISO3, with the COW ccode): military expenditure ``milex`` (thousands
  of current US dollars, as coded by COW), military personnel ``milper`` (thousands) and the
  Composite Index of National Capability ``cinc``, for the latest year in the file with
  expenditure data, as a mean of the five years ending there, and for 2016 (the last year
  of NMC v6.0);
* organisations as member lists: NATO today (32 members, with accession years), NATO in
  2016 (28) and the EU (27 members; no forces of its own);
* ``historical_ally_weight``: how strong defence allies have been, historically, against the
  protected state's strategic rival (definitions in the JSON). It converts an average
  deterrent effect of defence pacts (e.g. Leeds 2003) into an effect per unit of weight.

Data (not redistributed; only derived figures are written):

* Singer, J. D., Bremer, S. and Stuckey, J. (1972). "Capability distribution, uncertainty,
  and major power war, 1820-1965". In B. Russett (ed.), Peace, War, and Numbers. Sage.
  COW National Material Capabilities, ``peace-science/cow_nmc.csv.gz``.
* Leeds, B. A., Ritter, J. M., Mitchell, S. M. and Long, A. G. (2002). "Alliance Treaty
  Obligations and Provisions, 1815-1944". International Interactions 28(3). ATOP v5
  directed dyad-years, ``peace-science/atop_alliance.csv.gz``.
* Thompson, W. R. and Dreyer, D. R. (2012). Handbook of International Rivalries,
  1494-2010. CQ Press. ``peace-science/td_rivalries.csv.gz``.

Usage::

    python scripts/derive_military.py [DATA_DIR] [--out PATH]

DATA_DIR defaults to ``../shared/data`` relative to the repository root.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "data"
DEFAULT_OUT = REPO / "src" / "accord" / "guarantees" / "data" / "military.json"

NMC_FILE = "peace-science/cow_nmc.csv.gz"
ATOP_FILE = "peace-science/atop_alliance.csv.gz"
RIVALRY_FILE = "peace-science/td_rivalries.csv.gz"

NMC_CITATION = (
    'Singer, J. D., Bremer, S. and Stuckey, J. (1972). "Capability distribution, uncertainty, and '
    'major power war, 1820-1965". In B. Russett (ed.), Peace, War, and Numbers, Sage, 19-48. '
    "COW National Material Capabilities via peacesciencer (Miller 2022), cow_nmc.csv.gz."
)
ATOP_CITATION = (
    'Leeds, B. A., Ritter, J. M., Mitchell, S. M. and Long, A. G. (2002). "Alliance Treaty '
    'Obligations and Provisions, 1815-1944". International Interactions 28(3): 237-60. ATOP v5 '
    "directed dyad-years via peacesciencer, atop_alliance.csv.gz."
)
RIVALRY_CITATION = (
    "Thompson, W. R. and Dreyer, D. R. (2012). Handbook of International Rivalries, 1494-2010. "
    "CQ Press. td_rivalries.csv.gz."
)

#: ISO 3166-1 alpha-3 -> (COW ccode, name).
STATES: dict[str, tuple[int, str]] = {
    "USA": (2, "United States"),
    "CAN": (20, "Canada"),
    "BRA": (140, "Brazil"),
    "GBR": (200, "United Kingdom"),
    "IRL": (205, "Ireland"),
    "NLD": (210, "Netherlands"),
    "BEL": (211, "Belgium"),
    "LUX": (212, "Luxembourg"),
    "FRA": (220, "France"),
    "CHE": (225, "Switzerland"),
    "ESP": (230, "Spain"),
    "PRT": (235, "Portugal"),
    "DEU": (255, "Germany"),
    "POL": (290, "Poland"),
    "AUT": (305, "Austria"),
    "HUN": (310, "Hungary"),
    "CZE": (316, "Czechia"),
    "SVK": (317, "Slovakia"),
    "ITA": (325, "Italy"),
    "MLT": (338, "Malta"),
    "ALB": (339, "Albania"),
    "MNE": (341, "Montenegro"),
    "MKD": (343, "North Macedonia"),
    "HRV": (344, "Croatia"),
    "SRB": (345, "Serbia"),
    "BIH": (346, "Bosnia and Herzegovina"),
    "SVN": (349, "Slovenia"),
    "GRC": (350, "Greece"),
    "CYP": (352, "Cyprus"),
    "BGR": (355, "Bulgaria"),
    "MDA": (359, "Moldova"),
    "ROU": (360, "Romania"),
    "RUS": (365, "Russia"),
    "EST": (366, "Estonia"),
    "LVA": (367, "Latvia"),
    "LTU": (368, "Lithuania"),
    "UKR": (369, "Ukraine"),
    "BLR": (370, "Belarus"),
    "ARM": (371, "Armenia"),
    "GEO": (372, "Georgia"),
    "AZE": (373, "Azerbaijan"),
    "FIN": (375, "Finland"),
    "SWE": (380, "Sweden"),
    "NOR": (385, "Norway"),
    "DNK": (390, "Denmark"),
    "ISL": (395, "Iceland"),
    "IRN": (630, "Iran"),
    "TUR": (640, "Turkey"),
    "ISR": (666, "Israel"),
    "SAU": (670, "Saudi Arabia"),
    "KAZ": (705, "Kazakhstan"),
    "CHN": (710, "China"),
    "PRK": (731, "North Korea"),
    "KOR": (732, "South Korea"),
    "JPN": (740, "Japan"),
    "IND": (750, "India"),
    "PAK": (770, "Pakistan"),
    "AUS": (900, "Australia"),
}

#: NATO members -> accession year (public record).
NATO_JOINED: dict[str, int] = {
    "USA": 1949, "CAN": 1949, "GBR": 1949, "NLD": 1949, "BEL": 1949, "LUX": 1949, "FRA": 1949,
    "PRT": 1949, "ITA": 1949, "NOR": 1949, "DNK": 1949, "ISL": 1949, "GRC": 1952, "TUR": 1952,
    "DEU": 1955, "ESP": 1982, "POL": 1999, "HUN": 1999, "CZE": 1999, "BGR": 2004, "EST": 2004,
    "LVA": 2004, "LTU": 2004, "ROU": 2004, "SVK": 2004, "SVN": 2004, "ALB": 2009, "HRV": 2009,
    "MNE": 2017, "MKD": 2020, "FIN": 2023, "SWE": 2024,
}  # fmt: skip

#: EU members today (the United Kingdom left on 31 January 2020).
EU_MEMBERS: tuple[str, ...] = (
    "AUT", "BEL", "BGR", "HRV", "CYP", "CZE", "DNK", "EST", "FIN", "FRA", "DEU", "GRC", "HUN",
    "IRL", "ITA", "LVA", "LTU", "LUX", "MLT", "NLD", "POL", "PRT", "ROU", "SVK", "SVN", "ESP",
    "SWE",
)  # fmt: skip

FIELDS = ("milex", "milper", "cinc")


def _num(x: float) -> float | None:
    return None if pd.isna(x) else round(float(x), 6)


def _stats(values: np.ndarray) -> dict[str, Any]:
    v = values[np.isfinite(values)]
    if len(v) == 0:
        return {"n": 0}
    q = np.percentile(v, [10, 25, 50, 75, 90])
    return {
        "n": len(v),
        "mean": round(float(v.mean()), 6),
        "median": round(float(q[2]), 6),
        "p10": round(float(q[0]), 6),
        "p25": round(float(q[1]), 6),
        "p75": round(float(q[3]), 6),
        "p90": round(float(q[4]), 6),
        "share_at_least_half": round(float((v >= 0.5).mean()), 6),
    }


def load_nmc(data_dir: Path) -> pd.DataFrame:
    """Return the NMC state-years (ccode and year as int)."""
    n = pd.read_csv(data_dir / NMC_FILE)
    n["ccode"] = n["ccode"].astype(int)
    n["year"] = n["year"].astype(int)
    return n


def state_table(nmc: pd.DataFrame) -> tuple[dict[str, Any], dict[str, Any]]:
    """Return (per-state figures keyed by ISO3, description of the years used)."""
    latest = int(nmc.loc[nmc["milex"].notna(), "year"].max())
    window = list(range(latest - 4, latest + 1))
    v6_end = 2016
    out: dict[str, Any] = {}
    for iso, (ccode, name) in STATES.items():
        rows = nmc[nmc["ccode"] == ccode].set_index("year")
        last = rows.loc[latest] if latest in rows.index else None
        y16 = rows.loc[v6_end] if v6_end in rows.index else None
        win = rows.loc[rows.index.isin(window)]
        out[iso] = {
            "ccode": ccode,
            "name": name,
            "latest": {f: None if last is None else _num(last[f]) for f in FIELDS},
            "mean5": {f: _num(win[f].mean()) for f in FIELDS},
            "mean5_years_with_milex": int(win["milex"].notna().sum()),
            "year2016": {f: None if y16 is None else _num(y16[f]) for f in FIELDS},
        }
    years = {
        "latest": latest,
        "mean5": window,
        "year2016": v6_end,
        "note": (
            f"The file holds state-years 1816-{int(nmc['year'].max())}; the peacesciencer version "
            "table still names NMC v6.0 (which ends in 2016), so the years after 2016 come from a "
            "later COW release bundled with it. Wartime figures are uneven: Ukraine's 2022 milex "
            "is below its 2021 value while its milper more than triples."
        ),
    }
    return out, years


def organisations(states: dict[str, Any]) -> dict[str, Any]:
    """Return NATO (today, 2016) and the EU as member lists."""
    nato_now = sorted(NATO_JOINED, key=lambda i: (NATO_JOINED[i], states[i]["ccode"]))
    nato_2016 = [i for i in nato_now if NATO_JOINED[i] <= 2016]
    return {
        "NATO": {
            "name": "North Atlantic Treaty Organization (members today)",
            "own_forces": False,
            "milex_rule": "sum_of_members",
            "members": nato_now,
            "ccodes": [states[i]["ccode"] for i in nato_now],
            "joined": {i: NATO_JOINED[i] for i in nato_now},
            "as_of": 2024,
            "note": "32 members since Sweden joined in March 2024 (Finland: April 2023).",
        },
        "NATO2016": {
            "name": "North Atlantic Treaty Organization (members in 2016)",
            "own_forces": False,
            "milex_rule": "sum_of_members",
            "members": nato_2016,
            "ccodes": [states[i]["ccode"] for i in nato_2016],
            "as_of": 2016,
            "note": "28 members; Montenegro (2017), North Macedonia (2020), Finland and Sweden later.",
        },
        "EU": {
            "name": "European Union",
            "own_forces": False,
            "milex_rule": "zero_own_forces",
            "members": list(EU_MEMBERS),
            "ccodes": [states[i]["ccode"] for i in EU_MEMBERS],
            "as_of": 2020,
            "note": (
                "27 members since the United Kingdom left on 31 January 2020. The EU has no forces "
                "of its own: its military weight is 0; count member states individually."
            ),
        },
    }


def historical_ally_weight(data_dir: Path, nmc: pd.DataFrame) -> dict[str, Any]:
    """Return the distribution of defence allies' weight against the protected state's rival."""
    atop = pd.read_csv(data_dir / ATOP_FILE)
    atop = atop[atop["atop_defense"] == 1][["ccode1", "ccode2", "year"]].astype(int)
    atop = atop.rename(columns={"ccode1": "ally", "ccode2": "protected"})
    riv = pd.read_csv(data_dir / RIVALRY_FILE)
    pairs = pd.concat(
        [
            riv[["ccode1", "ccode2", "styear", "endyear"]].rename(
                columns={"ccode1": "protected", "ccode2": "rival"}
            ),
            riv[["ccode2", "ccode1", "styear", "endyear"]].rename(
                columns={"ccode2": "protected", "ccode1": "rival"}
            ),
        ]
    ).astype(int)
    years = pd.DataFrame({"year": range(int(atop["year"].min()), int(atop["year"].max()) + 1)})
    ry = pairs.merge(years, how="cross")
    ry = ry[(ry["year"] >= ry["styear"]) & (ry["year"] <= ry["endyear"])][["protected", "rival", "year"]]
    cap = nmc[["ccode", "year", "cinc", "milex"]]
    ry = ry.merge(cap.rename(columns={"ccode": "rival", "cinc": "cinc_r", "milex": "milex_r"}))
    # Leave out rivals that are themselves defence allies of the protected state that year.
    allied = atop.rename(columns={"ally": "rival"}).assign(allied=True)
    ry = ry.merge(allied, how="left", on=["protected", "rival", "year"])
    ry = ry[ry["allied"].isna()].drop(columns="allied")
    # The strongest such rival (by CINC) of each protected state-year.
    ry = ry.dropna(subset=["cinc_r"]).sort_values("cinc_r", ascending=False)
    top = ry.drop_duplicates(["protected", "year"])
    d = atop.merge(top, on=["protected", "year"])
    d = d[d["ally"] != d["rival"]]
    d = d.merge(cap.rename(columns={"ccode": "ally", "cinc": "cinc_a", "milex": "milex_a"}))
    d["w_cinc"] = d["cinc_a"] / (d["cinc_a"] + d["cinc_r"])
    d["w_milex"] = d["milex_a"] / (d["milex_a"] + d["milex_r"])
    coal = d.groupby(["protected", "rival", "year"], as_index=False).agg(
        cinc_s=("cinc_a", "sum"), cinc_r=("cinc_r", "first"), allies=("ally", "size")
    )
    coal["w_cinc"] = coal["cinc_s"] / (coal["cinc_s"] + coal["cinc_r"])

    def _block(dd: pd.DataFrame, cc: pd.DataFrame) -> dict[str, Any]:
        per_dyad = dd.groupby(["ally", "protected"])["w_cinc"].mean().to_numpy()
        return {
            "dyad_year_cinc": _stats(dd["w_cinc"].to_numpy(dtype=float)),
            "dyad_year_milex": _stats(dd["w_milex"].to_numpy(dtype=float)),
            "dyad_mean_cinc": _stats(per_dyad.astype(float)),
            "coalition_year_cinc": _stats(cc["w_cinc"].to_numpy(dtype=float)),
            "directed_dyads": int(dd.groupby(["ally", "protected"]).ngroups),
            "protected_rival_pairs": int(cc.groupby(["protected", "rival"]).ngroups),
            "years": [int(dd["year"].min()), int(dd["year"].max())],
        }

    post = 1945
    return {
        "definition": (
            "For each ATOP v5 directed dyad-year with a defence obligation (ally A protects B; "
            "atop_defense == 1) in which B has an active Thompson-Dreyer strategic rival R that is "
            "not itself a defence ally of B that year and is not A (if B has several, the one with "
            "the highest CINC): dyad_year_cinc is the distribution of CINC_A / (CINC_A + CINC_R); "
            "dyad_year_milex the same with COW milex (same-year, same-currency ratio; rows with "
            "missing milex dropped); dyad_mean_cinc averages each directed dyad over its years "
            "first so long-lived pacts count once; coalition_year_cinc sums the CINC of all of B's "
            "defence allies against R, one value per (B, R, year). Years are limited by the "
            "rivalry data (to 2010)."
        ),
        "use": (
            "Average deterrent effects of defence pacts were estimated on allies of this typical "
            "weight; dividing such an effect by the mean (or median) weight gives an effect per "
            "unit of relative weight, to be scaled by a guarantor's weight against the threat."
        ),
        "post1945": _block(d[d["year"] >= post], coal[coal["year"] >= post]),
        "all_years": _block(d, coal),
    }


def build(data_dir: Path, command: str) -> dict[str, Any]:
    """Return the full JSON document."""
    nmc = load_nmc(data_dir)
    states, years = state_table(nmc)
    return {
        "about": (
            "Military capacity of states and organisations from COW National Material Capabilities, "
            "and the historical weight of defence allies against the protected state's rival, "
            "derived by scripts/derive_military.py. Only derived figures are shipped."
        ),
        "command": command,
        "source": NMC_CITATION,
        "citations": {"nmc": NMC_CITATION, "atop": ATOP_CITATION, "rivalries": RIVALRY_CITATION},
        "organisation_rules": {
            "sum_of_members": "milex, milper and cinc are the sums of the members' national figures",
            "zero_own_forces": "no forces of its own: milex, milper and cinc are 0",
        },
        "units": {
            "milex": "thousands of current US dollars (COW coding, from 1914)",
            "milper": "thousands of personnel",
            "cinc": "share of the world's composite capability (0-1)",
        },
        "years": years,
        "states": states,
        "organisations": organisations(states),
        "historical_ally_weight": historical_ally_weight(data_dir, nmc),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "data", nargs="?", type=Path, default=DEFAULT_DATA, help="folder holding the shared datasets"
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    command = "python scripts/derive_military.py ../shared/data"
    if args.data.resolve() != DEFAULT_DATA.resolve():
        command = f"python scripts/derive_military.py {args.data}"
    doc = build(args.data, command)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    y = doc["years"]
    print(f"latest year {y['latest']}, mean5 {y['mean5'][0]}-{y['mean5'][-1]}")
    for iso in ("USA", "RUS", "UKR", "GBR", "FRA", "DEU", "POL", "ITA", "CHN"):
        s = doc["states"][iso]
        print(f"{iso} ccode {s['ccode']:3} latest {s['latest']} mean5 {s['mean5']} 2016 {s['year2016']}")
    for org in ("NATO", "NATO2016"):
        members = doc["organisations"][org]["members"]
        tot = sum(doc["states"][i]["latest"]["milex"] or 0.0 for i in members)
        tot5 = sum(doc["states"][i]["mean5"]["milex"] or 0.0 for i in members)
        print(f"{org} {len(members)} members, milex latest {tot:.0f}, mean5 {tot5:.0f}")
    for era, block in doc["historical_ally_weight"].items():
        if isinstance(block, dict):
            print(era, json.dumps(block))
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
