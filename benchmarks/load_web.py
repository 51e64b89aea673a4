"""The dashboard under load: cheap pages while the worst-case upload is validated and analysed.

Usage:
    python benchmarks/load_web.py [--clients 50] [--idle 10] [--queries 30] [--case ukraine-2025]

Starts the real server (``accord serve``: uvicorn in a subprocess on a free loopback port) and
waits until it answers and its warm-up is done. Then:

1. Baseline: ``--clients`` clients read cheap pages (the case page ``/``, ``/api/cases``,
   ``/api/case``, ``/static/app.js``, ``/static/style.css``) for ``--idle`` seconds, nothing else
   running.
2. Under load: the same clients read the same pages while one more client uploads the 1 MB
   worst case (``benchmarks/worst_case.py``: ukraine-2025 plus 300 generated actors, 3,697
   positions), asks for its deal analysis, then for ``--queries`` distinct ``/api/deals``
   rankings (``top=0..queries-1``) and for the deals page (every analysis of the case).

Prints p50, p99 and max latency of the cheap pages in both phases, the errors (any answer
other than 200, or a failed connection) and the heavy client's timings. ``--clients 0`` runs
the heavy client alone (the before/after measure of the ``/api/deals`` queries).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx2 as httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from worst_case import worst_case_text

CHEAP = ("/", "/api/cases", "/api/case", "/static/app.js", "/static/style.css")
"""The cheap pages: none waits on an analysis once the served case's sections are cached."""


def free_port() -> int:
    """Return a free TCP port on loopback."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def start_server(case: str, port: int) -> subprocess.Popen[bytes]:
    """Start ``accord serve`` and wait until it answers."""
    accord = Path(sys.executable).with_name("accord")
    cmd = [str(accord), "serve", case, "--port", str(port)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/cases", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("the server did not start within 90 s")


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    """Stop the server (SIGINT, then kill)."""
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@dataclass
class Tally:
    """Latencies and errors of the cheap clients."""

    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def row(self) -> dict[str, float]:
        """Return requests, errors, p50, p99 and max (seconds)."""
        lat = sorted(self.latencies) or [0.0]
        q = statistics.quantiles(lat, n=100, method="inclusive") if len(lat) > 1 else [lat[0]] * 99
        return {
            "requests": len(self.latencies),
            "errors": len(self.errors),
            "p50": statistics.median(lat),
            "p99": q[98],
            "max": lat[-1],
        }


async def cheap_client(http: httpx.AsyncClient, n: int, stop: asyncio.Event, tally: Tally) -> None:
    """Read the cheap pages in turn until ``stop`` is set."""
    i = n
    while not stop.is_set():
        path = CHEAP[i % len(CHEAP)]
        i += 1
        start = time.perf_counter()
        try:
            r = await http.get(path)
            if r.status_code != 200:
                tally.errors.append(f"{path}: HTTP {r.status_code}")
        except httpx.HTTPError as exc:
            tally.errors.append(f"{path}: {type(exc).__name__}")
        tally.latencies.append(time.perf_counter() - start)


async def heavy_client(
    http: httpx.AsyncClient, queries: int, timings: dict[str, float], errors: list[str], *, pages: bool = True
) -> None:
    """Upload the worst case, analyse it, ask ``queries`` rankings, its guarantees and its deals page.

    A 503 at the time limit is the designed answer (the analysis goes on in the background):
    it is noted in the timing's name, not counted as an error.
    """

    async def timed(name: str, method: str, path: str, **kwargs: object) -> httpx.Response | None:
        start = time.perf_counter()
        try:
            r = await http.request(method, path, **kwargs)  # type: ignore[arg-type]
        except httpx.HTTPError as exc:
            errors.append(f"{name}: {type(exc).__name__}")
            return None
        if r.status_code == 503 and "took longer than" in r.text:
            name = f"{name}: 503 at the time limit"
        elif r.status_code not in (200, 201):
            errors.append(f"{name}: HTTP {r.status_code} {r.text[:200]}")
        timings[name] = timings.get(name, 0.0) + time.perf_counter() - start
        return r

    text = worst_case_text().encode("utf-8")
    timings["upload bytes"] = len(text)
    up = await timed("upload", "POST", "/api/cases", content=text)
    if up is None or up.status_code != 201:
        return
    key = up.json()["key"]
    await timed("first /api/deals (the analysis)", "GET", "/api/deals", params={"case": key})
    for top in range(queries):
        await timed(
            f"{queries} distinct /api/deals (top=0..{queries - 1})",
            "GET",
            "/api/deals",
            params={"case": key, "top": top},
        )
    if not pages:
        return
    await timed("/api/guarantees (2,000 draws)", "GET", "/api/guarantees", params={"case": key})
    await timed("/deals page (every analysis of the case)", "GET", "/deals", params={"case": key})


async def phase(
    base: str, clients: int, seconds: float | None, queries: int, pages: bool = True
) -> tuple[Tally, dict[str, float], list[str]]:
    """Run the cheap clients for ``seconds`` or, with ``seconds=None``, alongside the heavy client."""
    tally = Tally()
    timings: dict[str, float] = {}
    heavy_errors: list[str] = []
    stop = asyncio.Event()
    limits = httpx.Limits(max_connections=clients + 2, max_keepalive_connections=clients + 2)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=600) as http:
        cheap = [asyncio.create_task(cheap_client(http, n, stop, tally)) for n in range(clients)]
        if seconds is None:
            start = time.perf_counter()
            await heavy_client(http, queries, timings, heavy_errors, pages=pages)
            timings["heavy client, total"] = time.perf_counter() - start
        else:
            await asyncio.sleep(seconds)
        stop.set()
        await asyncio.gather(*cheap)
    return tally, timings, heavy_errors


@dataclass
class Result:
    """Both phases of a run."""

    idle: Tally
    busy: Tally
    timings: dict[str, float]
    heavy_errors: list[str]


def run(case: str, clients: int, idle: float, queries: int, pages: bool = True) -> Result:
    """Start the server, run both phases and return their results."""
    port = free_port()
    proc = start_server(case, port)
    base = f"http://127.0.0.1:{port}"
    try:
        for path in CHEAP:  # the case page's sections are computed once, then cached
            httpx.get(f"{base}{path}", timeout=600).raise_for_status()
        httpx.get(f"{base}/deals", timeout=600).raise_for_status()  # the warm-up is done
        idle_tally = asyncio.run(phase(base, clients, idle, queries))[0] if clients else Tally()
        busy_tally, timings, heavy_errors = asyncio.run(phase(base, clients, None, queries, pages))
    finally:
        stop_server(proc)
    return Result(idle_tally, busy_tally, timings, heavy_errors)


def bench_web(large: bool) -> Iterator[tuple[str, float, float | None]]:
    """Rows for ``benchmarks/run.py --only web``: cheap-page p99 under load vs alone, the queries."""
    out = run("ukraine-2025", 50, 10.0, 30)
    errors = len(out.busy.errors) + len(out.heavy_errors)
    label = "dashboard: cheap pages p99 (50 clients) during the 1 MB upload and analyses vs alone"
    yield (f"{label}, {errors} errors", out.busy.row()["p99"], out.idle.row()["p99"])
    yield (
        "dashboard: 30 distinct /api/deals on the 1 MB case",
        out.timings["30 distinct /api/deals (top=0..29)"],
        None,
    )


def main() -> None:
    """Run the load test and print its tables."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--clients", type=int, default=50, help="cheap-page clients (0: the heavy client alone)"
    )
    parser.add_argument("--idle", type=float, default=10.0, help="seconds of the baseline phase")
    parser.add_argument("--queries", type=int, default=30, help="distinct /api/deals rankings asked")
    parser.add_argument(
        "--case", default="ukraine-2025", help="the case served (its pages are the cheap ones)"
    )
    parser.add_argument(
        "--deals-only", action="store_true", help="the heavy client stops after the /api/deals queries"
    )
    args = parser.parse_args()
    out = run(args.case, args.clients, args.idle, args.queries, pages=not args.deals_only)
    print(f"case {args.case}, {args.clients} cheap-page clients, cpus {os.cpu_count()}")
    if args.clients:
        print("| phase | cheap requests | errors | p50 ms | p99 ms | max ms |")
        print("|---|---:|---:|---:|---:|---:|")
        for label, tally in (
            ("cheap pages alone", out.idle),
            ("cheap pages during the worst-case upload and analyses", out.busy),
        ):
            r = tally.row()
            cells = [
                f"{r['requests']:.0f}",
                f"{r['errors']:.0f}",
                *(f"{r[k] * 1e3:.1f}" for k in ("p50", "p99", "max")),
            ]
            print(f"| {label} | {' | '.join(cells)} |")
    print("| heavy client | seconds |")
    print("|---|---:|")
    for name, seconds in out.timings.items():
        value = f"{seconds:,.0f} bytes" if name == "upload bytes" else f"{seconds:.2f}"
        print(f"| {name} | {value} |")
    for line in [*out.heavy_errors, *out.busy.errors[:10], *out.idle.errors[:10]]:
        print(f"error: {line}")


if __name__ == "__main__":
    main()
