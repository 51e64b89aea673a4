"""Rerun the validation of the war-recurrence model and write the shipped figures.

Runs :func:`accord.guarantees.validation.validate` (leave-one-war-out backtest against a
constant-rate baseline, Fortna's civil-war peacekeeping check when her file is in DATA_DIR, and
the Georgia 2008 / Crimea 2014 / Minsk 2022 retrodictions), prints a summary and writes the
report to ``src/accord/guarantees/data/validation.json``.

Usage::

    python scripts/validate_guarantees.py [DATA_DIR] [--out PATH] [--no-write]

DATA_DIR defaults to ``../shared/data`` relative to the repository root.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from accord.guarantees.validation import validate

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "data"
DEFAULT_OUT = REPO / "src" / "accord" / "guarantees" / "data" / "validation.json"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("data_dir", nargs="?", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args()
    report = validate(args.data_dir if args.data_dir.is_dir() else None).to_dict()
    for outcome, bt in report["backtest"].items():
        print(f"{outcome}: {bt['n_spells']} spells, {bt['n_events']} events, {bt['n_wars']} wars")
        for h, b in bt["brier"].items():
            print(
                f"  Brier {h:>3} y: Weibull {b['weibull']:.4f}  constant {b['constant_rate']:.4f}  "
                f"skill {b['skill']:+.3f}  (n informative {b['n_informative']})"
            )
        c = bt["c_index"]
        print(f"  C-index: Weibull {c['weibull']:.3f}  constant {c['constant_rate']:.3f}")
        for row in bt["calibration"]:
            print(
                f"    Q{row['group']}: n={row['n']:<3} predicted {row['predicted']:.3f}  "
                f"observed (KM) {row['observed_km']:.3f}"
            )
    print(f"Fortna: {report['fortna_status']}")
    if report["fortna"]:
        f = report["fortna"]
        print(
            f"  n={f['n']} ({f['n_with_pk']} with peacekeepers, held {f['share_held_with_pk']:.0%}; "
            f"{f['n_without_pk']} without, held {f['share_held_without_pk']:.0%})"
        )
        nv = f["naive"]
        print(f"  naive HR {nv['hr']:.2f} [{nv['low']:.2f}-{nv['high']:.2f}]")
        for name, a in f["adjusted"].items():
            print(
                f"  adjusted ({name}) HR {a['hr']:.2f} [{a['low']:.2f}-{a['high']:.2f}] n={f['n_adjusted']}"
            )
    for r in report["retrodictions"]:
        print(r["title"])
        for name, res in r["results"].items():
            lo, hi = res["p_90"]
            print(
                f"  {name:<12} {res['outcome']:<9} P={res['p_point']:.3f} median {res['p_median']:.3f} "
                f"90% [{lo:.3f}-{hi:.3f}]"
            )
    if not args.no_write:
        args.out.write_text(json.dumps(report, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
