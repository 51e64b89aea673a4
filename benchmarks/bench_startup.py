"""Start-up of the command line: each command against the same command of the eager CLI it replaced.

The baseline is the source tree of commit ``BASELINE_REF`` (the last one whose ``accord.cli``
imported every engine at start-up), extracted from git into a temporary folder and run with the
same interpreter, so both sides are measured in the same run on the same machine. Each command
runs ``REPEAT`` times in a fresh process; the best wall time counts (the parsed-case cache is warm
for both, since the first run fills it).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path

BASELINE_REF = "e9b592c"
"""The commit before the CLI became a package with lazy imports."""

REPEAT = 5

COMMANDS = (["--help"], ["cases"], ["validate", "ukraine-2025"], ["show", "ukraine-2025"])

ROOT = Path(__file__).resolve().parents[1]


def _baseline_src(folder: Path) -> Path | None:
    try:
        blob = subprocess.run(
            ["git", "-C", str(ROOT), "archive", BASELINE_REF, "src"], capture_output=True, check=True
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    with tarfile.open(fileobj=BytesIO(blob)) as tar:
        tar.extractall(folder, filter="data")
    return folder / "src"


def _best(src: Path, args: list[str]) -> float:
    env = {**os.environ, "PYTHONPATH": str(src)}
    best = float("inf")
    for _ in range(REPEAT):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "accord.cli", *args], env=env, capture_output=True, check=True)
        best = min(best, time.perf_counter() - t0)
    return best


def bench_startup(large: bool) -> Iterator[tuple[str, float, float | None]]:
    """Rows ``(name, seconds, baseline seconds)`` for each light command."""
    with tempfile.TemporaryDirectory() as tmp:
        old = _baseline_src(Path(tmp))
        for args in COMMANDS:
            new_s = _best(ROOT / "src", args)
            old_s = _best(old, args) if old is not None else None
            yield f"accord {' '.join(args)}: start-up, best of {REPEAT} (goal < 0.5 s)", new_s, old_s
