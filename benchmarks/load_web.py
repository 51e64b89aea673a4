"""Bounded load test of the dashboard's JSON API on loopback.

Usage:
    python benchmarks/load_web.py [--clients 200] [--requests 10] [--case ukraine-2025]

Starts ``accord serve`` in a subprocess (the real server: uvicorn, one process), waits until it
answers, makes one cold ``/api/deals`` request (the analysis is computed once and cached), then
runs ``--clients`` concurrent clients each sending ``--requests`` requests, first against
``/api/cases`` (the cheapest endpoint: the baseline, measured in the same run) and then against
``/api/deals``. Prints p50, p99, max latency, throughput and errors per endpoint, and the ratio
of each to the baseline.
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
from pathlib import Path

import httpx2 as httpx


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def start_server(case: str, port: int) -> subprocess.Popen[bytes]:
    accord = Path(sys.executable).with_name("accord")
    cmd = [str(accord), "serve", case, "--port", str(port)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/cases", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("the server did not start within 60 s")


async def client(
    http: httpx.AsyncClient, url: str, n: int, latencies: list[float], errors: list[str]
) -> None:
    for _ in range(n):
        start = time.perf_counter()
        try:
            r = await http.get(url)
            if r.status_code != 200:
                errors.append(f"HTTP {r.status_code}")
            else:
                r.json()
        except (httpx.HTTPError, ValueError) as exc:
            errors.append(type(exc).__name__)
        latencies.append(time.perf_counter() - start)


async def load(url: str, clients: int, requests: int) -> dict[str, float]:
    latencies: list[float] = []
    errors: list[str] = []
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(limits=limits, timeout=120) as http:
        start = time.perf_counter()
        await asyncio.gather(*(client(http, url, requests, latencies, errors) for _ in range(clients)))
        wall = time.perf_counter() - start
    q = statistics.quantiles(latencies, n=100, method="inclusive")
    return {
        "requests": len(latencies),
        "errors": len(errors),
        "p50": statistics.median(latencies),
        "p99": q[98],
        "max": max(latencies),
        "rps": len(latencies) / wall,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--requests", type=int, default=10, help="requests per client")
    parser.add_argument("--case", default="ukraine-2025")
    args = parser.parse_args()
    port = free_port()
    proc = start_server(args.case, port)
    base = f"http://127.0.0.1:{port}"
    try:
        start = time.perf_counter()
        cold = httpx.get(f"{base}/api/deals", timeout=600)
        cold_s = time.perf_counter() - start
        if cold.status_code != 200:
            raise SystemExit(f"/api/deals answered {cold.status_code}: {cold.text[:200]}")
        rows = {
            "/api/cases (baseline)": asyncio.run(load(f"{base}/api/cases", args.clients, args.requests)),
            "/api/deals": asyncio.run(load(f"{base}/api/deals", args.clients, args.requests)),
        }
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
    ref = rows["/api/cases (baseline)"]
    print(
        f"case {args.case}, {args.clients} concurrent clients x {args.requests} requests, "
        f"cpus {os.cpu_count()}"
    )
    print(f"cold /api/deals (computes the analysis): {cold_s:.2f} s")
    print("| endpoint | requests | errors | p50 ms | p99 ms | max ms | req/s | p50 vs baseline |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, r in rows.items():
        print(
            f"| {name} | {r['requests']:.0f} | {r['errors']:.0f} | {r['p50'] * 1e3:.1f} "
            f"| {r['p99'] * 1e3:.1f} | {r['max'] * 1e3:.1f} | {r['rps']:.0f} | {r['p50'] / ref['p50']:.2f}x |"
        )


if __name__ == "__main__":
    main()
