"""Hostile input: generated worst-case case files and articles, each run in a fresh child process.

Usage:
    python benchmarks/bench_hostile.py [--only NAME] [--timeout S]
    python benchmarks/run.py --only hostile

Each worst case (generators in ``tests/adversarial/hostile.py``) is built close to the size limit
(5 MB for a case file and for an article), written to a temporary file and run in a child
process: ``accord validate FILE`` for a case file, ``accord extract FILE --case ukraine-2025
--json`` for an article (the optional spaCy model is used when installed, as the CLI does). The
child times the command (imports excluded) and reports its own peak RSS. A row passes when the
command ends (validated or refused with a message, never a traceback) within the target: 5 s and
500 MB for a case file, 10 s and 500 MB for an article. The "baseline" column is the target.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from adversarial import hostile  # noqa: E402

CASE_SECONDS, ARTICLE_SECONDS, PEAK_MB = 5.0, 10.0, 500.0
"""Targets: a case file validated or refused, an article extracted or refused."""

CASE_ROWS: list[tuple[str, int, str]] = [
    ("unknown_keys", 200_000, "200,000 unknown top-level keys"),
    ("unknown_nested_keys", 200_000, "200,000 unknown fields in one source"),
    ("flow_list", 2_400_000, "flow list of 2.4 million items"),
    ("block_list", 1_200_000, "block list of 1.2 million items"),
    ("sources", 40_000, "40,000 sources supporting no claim"),
    ("claims", 40_000, "40,000 claims citing unknown sources"),
    ("valid_claims", 20_000, "20,000 valid claims"),
    ("actors", 40_000, "40,000 actors"),
    ("issues", 40_000, "40,000 issues"),
    ("options", 40_000, "one issue with 40,000 options"),
    ("positions", 60_000, "60,000 positions"),
    ("deep_flow", 2_400_000, "flow lists nested 2.4 million deep"),
    ("deep_flow_unclosed", 4_900_000, "4.9 million unclosed '['"),
    ("deep_flow_maps", 900_000, "flow mappings nested 900,000 deep"),
    ("deep_block", 2_400_000, "block lists nested 2.4 million deep ('- - - ...')"),
    ("deep_block_maps", 3_000, "block mappings nested 3,000 deep by indentation"),
    ("alias_bomb", 9, "alias bomb, 10^9 strings"),
    ("long_string", 4_900_000, "a 4.9 MB description"),
    ("long_key", 4_900_000, "a 4.9 MB key"),
    ("many_anchors", 20_000, "20,000 anchors and aliases"),
]
ARTICLE_ROWS: list[tuple[str, int, str]] = [
    ("attributes", 200_000, "<p> with 200,000 attributes"),
    ("prose", 4_900_000, "4.9 MB plain-text prose"),
    ("one_line", 4_900_000, "4.9 MB on one line, no sentence break"),
    ("nested_tags", 200_000, "200,000 nested <div>"),
    ("unclosed_tags", 400_000, "400,000 unclosed <b>"),
    ("numbers", 4_900_000, "4.9 MB of numbers, dates and quotes"),
    ("quotes", 4_900_000, "4.9 MB of unbalanced quotation marks"),
]

_CHILD = """
import io, json, resource, sys, time, contextlib
from accord.cli import app
args = json.loads(sys.argv[1])
if args[0] == "extract":
    import accord.evidence.extract, accord.evidence.text, accord.evidence.nlp
    accord.evidence.nlp.load_nlp()
    import trafilatura
out, err = io.StringIO(), io.StringIO()
t = time.perf_counter()
with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
    try:
        app(args, standalone_mode=False)
        code = 0
    except SystemExit as exc:
        code = exc.code
    except BaseException as exc:
        code = "crash: " + type(exc).__name__
t = time.perf_counter() - t
message = (err.getvalue() or out.getvalue()).strip().splitlines()
print(json.dumps({"seconds": t, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "code": code if isinstance(code, (int, str)) else str(code),
                  "lines": len(message), "first": message[0][:160] if message else ""}))
"""


def run_child(args: list[str], timeout: float) -> dict[str, object]:
    """Run the CLI with ``args`` in a fresh interpreter; return its timing, peak memory and outcome."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    try:
        proc = subprocess.run(
            [sys.executable, "-c", _CHILD, json.dumps(args)],
            capture_output=True,
            text=True,
            timeout=timeout,
            env=env,
        )
    except subprocess.TimeoutExpired:
        return {"seconds": float("inf"), "peak_mb": float("nan"), "code": f"killed after {timeout:g} s"}
    try:
        return dict(json.loads(proc.stdout.strip().splitlines()[-1]))
    except (ValueError, IndexError):
        return {"seconds": float("inf"), "peak_mb": float("nan"), "code": f"died: {proc.stderr[-200:]!r}"}


def measure(only: str | None, timeout: float) -> Iterator[tuple[str, str, dict[str, object], float]]:
    """Yield (kind, label, child result, target seconds) for each worst case."""
    with tempfile.TemporaryDirectory() as tmp:
        for kind, rows, target in (
            ("case", CASE_ROWS, CASE_SECONDS),
            ("article", ARTICLE_ROWS, ARTICLE_SECONDS),
        ):
            for name, size, label in rows:
                if only and only != name:
                    continue
                if kind == "case":
                    path = Path(tmp) / f"{name}.yaml"
                    path.write_text(hostile.CASES[name](size), encoding="utf-8")
                    args = ["validate", str(path)]
                else:
                    path = Path(tmp) / f"{name}.html"
                    path.write_bytes(hostile.ARTICLES[name](size))
                    args = ["extract", str(path), "--case", "ukraine-2025", "--json"]
                label = f"{kind}: {label} ({path.stat().st_size / 1e6:.1f} MB)"
                yield kind, label, run_child(args, timeout), target
                path.unlink()


def bench_hostile(large: bool) -> Iterator[tuple[str, float, float | None]]:
    """Rows for ``benchmarks/run.py``: seconds against the target seconds (peak MB in the label)."""
    for _kind, label, res, target in measure(None, 120.0):
        yield f"{label}: peak {float(res['peak_mb']):.0f} MB, {res['code']}", float(res["seconds"]), target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", help="one worst case by generator name")
    parser.add_argument("--timeout", type=float, default=120.0, help="kill a child after this many seconds")
    args = parser.parse_args()
    print("| worst case | seconds | target s | peak MB | target MB | outcome | exit |")
    print("|---|---:|---:|---:|---:|---|---|")
    failed = 0
    for _kind, label, res, target in measure(args.only, args.timeout):
        seconds, peak = float(res["seconds"]), float(res["peak_mb"])
        ok = (
            seconds <= target
            and peak <= PEAK_MB
            and not str(res["code"]).startswith(("crash", "killed", "died"))
        )
        failed += not ok
        first = str(res.get("first", "")).replace("|", "\\|")
        lines = res.get("lines", 0)
        outcome = f"{first} ({lines} lines)" if first else "-"
        print(
            f"| {label} | {seconds:.3g} | {target:g} | {peak:.0f} | {PEAK_MB:g} | {outcome} | "
            f"{res['code']}{'' if ok else ' **over target**'} |",
            flush=True,
        )
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
