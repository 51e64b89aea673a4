"""Derive the base rates of honouring alliance commitments used by accord.guarantees.

Data (not redistributed with accord; this script reads a user's copy and writes only
derived counts, rates and intervals to ``src/accord/guarantees/data/base_rates.json``):

* Berkemeier, M. and Fuhrmann, M. (2018). "Reassessing the fulfillment of alliance
  commitments in war". Research & Politics 5(2). File ``berkemeier-fuhrmann-2018.dta``.
  The fulfilment sample is every alliance-war observation coded honoured or violated
  under the primary coding that replicates Leeds, Long and Mitchell (``honorLLM`` /
  ``violateLLM``): 146 invocations. Era: the file's ``sample`` flag: 1 marks the
  observations in Leeds, Long and Mitchell's original 1816-1944 domain ("before 1945"),
  0 the observations Berkemeier and Fuhrmann added for 1945-2003 (including a few
  Second World War dyads involving alliances formed in 1945).
* Leeds, B. A. and Anac, S. (2005). "Alliance institutionalization and alliance
  performance". International Interactions 31(3). File ``leeds-anac-2005.dta``
  (1816-1944). Honour rates (``honor2``; ``honor3`` as a check) overall and by the
  institutionalisation scores ``milinst`` (military institutionalisation, 0-2) and
  ``formal`` (formal institutionalisation, 0-2). These are raw cross-tabulations with
  no controls.

Intervals are 95% Wilson score intervals.

Usage::

    python scripts/derive_base_rates.py [DATA_DIR] [--out PATH]

DATA_DIR defaults to ``../shared/data`` relative to the repository root.
"""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path
from typing import Any

import pandas as pd

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "data"
DEFAULT_OUT = REPO / "src" / "accord" / "guarantees" / "data" / "base_rates.json"

BF_FILE = "berkemeier-fuhrmann-2018.dta"
LA_FILE = "leeds-anac-2005.dta"

BF_CITATION = (
    'Berkemeier, M. and Fuhrmann, M. (2018). "Reassessing the fulfillment of alliance '
    'commitments in war". Research & Politics 5(2). Replication file berkemeier-fuhrmann-2018.dta.'
)
LA_CITATION = (
    'Leeds, B. A. and Anac, S. (2005). "Alliance institutionalization and alliance performance". '
    "International Interactions 31(3). Replication file leeds-anac-2005.dta."
)
LLM_CITATION = (
    'Leeds, B. A., Long, A. G. and Mitchell, S. M. (2000). "Reevaluating alliance reliability: '
    'specific threats, specific promises". Journal of Conflict Resolution 44(5).'
)

#: accord obligation -> (figure key in the Berkemeier-Fuhrmann table, True if the mapping is
#: an assumption because no coded type matches, note).
OBLIGATION_MAP: dict[str, tuple[str, bool, str]] = {
    "defence": (
        "defence",
        False,
        "ATOP defence pacts (defense == 1): the promise to fight if the beneficiary is attacked.",
    ),
    "assurance": (
        "neutrality_only",
        True,
        "Closest coded type: neutrality pacts with no defence or offence promise (a promise to "
        "stay out or refrain), which is what assurances such as Budapest 1994 mostly demand of a "
        "guarantor. Loose: assurances also ask for diplomatic action, which is not coded.",
    ),
    "consultation": (
        "all",
        True,
        "No data: Berkemeier and Fuhrmann treat consultation pacts as not testable in war. "
        "Assumed equal to the rate for all invoked pacts.",
    ),
    "assistance_without_combat": (
        "all",
        True,
        "No data: aid short of combat is not coded. Assumed equal to the rate for all invoked pacts.",
    ),
    "arms_supply": (
        "all",
        True,
        "No data: arms supply is not coded. Assumed equal to the rate for all invoked pacts.",
    ),
    "monitoring": (
        "all",
        True,
        "No data: monitoring is not coded. Assumed equal to the rate for all invoked pacts.",
    ),
}


def wilson_rate(p: float, n: float, z: float = 1.959963984540054) -> tuple[float, float]:
    """Return the Wilson score interval for a rate ``p`` observed on ``n`` trials (``n`` may be effective)."""
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return (max(0.0, centre - half), min(1.0, centre + half))


def wilson(k: int, n: int, z: float = 1.959963984540054) -> tuple[float, float]:
    """Return the Wilson score interval for k successes in n trials."""
    if n == 0:
        return (0.0, 1.0)
    return wilson_rate(k / n, n, z)


def invocations(path: Path) -> pd.DataFrame:
    """Return the invocations coded honoured or violated (``honorLLM`` / ``violateLLM``), with era flags."""
    d = pd.read_stata(path, convert_categoricals=False)
    s = d[(d["honorLLM"] == 1) | (d["violateLLM"] == 1)].copy()
    s["honoured"] = (s["honorLLM"] == 1).astype(int)
    s["pre1945"] = s["sample"] == 1
    return s


def _figure(k: int, n: int, description: str, citation: str) -> dict[str, Any]:
    low, high = wilson(k, n)
    return {
        "honoured": k,
        "n": n,
        "rate": round(k / n, 6) if n else None,
        "ci95": [round(low, 6), round(high, 6)],
        "description": description,
        "citation": citation,
    }


def berkemeier_fuhrmann(path: Path) -> dict[str, dict[str, Any]]:
    """Return honour rates by pact type and era from the Berkemeier-Fuhrmann file."""
    s = invocations(path)
    subsets = {
        "all": s["honoured"] >= 0,
        "defence": s["defense"] == 1,
        "offence": s["offense"] == 1,
        "neutrality": s["neutral"] == 1,
        "neutrality_only": (s["neutral"] == 1) & (s["defense"] == 0) & (s["offense"] == 0),
    }
    eras = {"all": s["pre1945"] | ~s["pre1945"], "pre1945": s["pre1945"], "post1945": ~s["pre1945"]}
    era_text = {"all": "1816-2003", "pre1945": "1816-1944", "post1945": "1945-2003"}
    out: dict[str, dict[str, Any]] = {}
    for name, mask in subsets.items():
        for era, emask in eras.items():
            sub = s[mask & emask]
            out[f"{name}.{era}"] = _figure(
                int(sub["honoured"].sum()),
                len(sub),
                f"Share of invoked {name.replace('_', ' ')} commitments honoured, {era_text[era]}",
                BF_CITATION,
            )
    return out


def leeds_anac(path: Path) -> dict[str, dict[str, Any]]:
    """Return honour rates overall and by institutionalisation from the Leeds-Anac file."""
    d = pd.read_stata(path, convert_categoricals=False)
    out: dict[str, dict[str, Any]] = {}
    for outcome in ("honor2", "honor3"):
        k = int((d[outcome] == 1).sum())
        out[f"{outcome}.all"] = _figure(k, len(d), f"Share honoured ({outcome}), 1816-1944", LA_CITATION)
    for var in ("milinst", "formal"):
        if var not in d.columns:
            continue
        for level in sorted(int(v) for v in d[var].dropna().unique()):
            sub = d[d[var] == level]
            out[f"honor2.{var}_{level}"] = _figure(
                int((sub["honor2"] == 1).sum()),
                len(sub),
                f"Share honoured (honor2) where {var} == {level}, 1816-1944; raw, no controls",
                LA_CITATION,
            )
    return out


def derive(data_dir: Path) -> dict[str, Any]:
    """Compute every figure from the data files in ``data_dir``."""
    return {
        "berkemeier_fuhrmann_2018": berkemeier_fuhrmann(data_dir / BF_FILE),
        "leeds_anac_2005": leeds_anac(data_dir / LA_FILE),
    }


def build(data_dir: Path, command: str) -> dict[str, Any]:
    """Return the full JSON document: figures, obligation mapping, citations, command."""
    return {
        "about": (
            "Base rates of honouring alliance commitments when invoked in war, derived by "
            "scripts/derive_base_rates.py. Only derived figures are shipped; the datasets are not."
        ),
        "command": command,
        "interval": "95% Wilson score interval",
        "era_rule": "pre1945: sample == 1 (1816-1944); post1945: sample == 0 (1945-2003)",
        "citations": {
            "berkemeier_fuhrmann_2018": BF_CITATION,
            "leeds_anac_2005": LA_CITATION,
            "leeds_long_mitchell_2000": LLM_CITATION,
        },
        "obligation_map": {
            ob: {"figure": fig, "assumption": assumed, "note": note}
            for ob, (fig, assumed, note) in OBLIGATION_MAP.items()
        },
        "figures": derive(data_dir),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "data", nargs="?", type=Path, default=DEFAULT_DATA, help="folder holding the .dta files"
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    command = "python scripts/derive_base_rates.py ../shared/data"
    if args.data.resolve() != DEFAULT_DATA.resolve():
        command = f"python scripts/derive_base_rates.py {args.data}"
    doc = build(args.data, command)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    bf = doc["figures"]["berkemeier_fuhrmann_2018"]
    for key in (
        "all.all",
        "all.pre1945",
        "all.post1945",
        "defence.all",
        "defence.pre1945",
        "defence.post1945",
    ):
        f = bf[key]
        print(f"{key:18} {f['honoured']:3}/{f['n']:3} = {f['rate']:.3f}  CI {f['ci95']}")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
