"""`accord serve` as a user runs it: a real uvicorn process, loopback by default."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx2 as httpx

from accord.web.server import is_loopback
from browser import free_port

ACCORD = str(Path(sys.executable).with_name("accord"))


def _serve(*args: str) -> tuple[subprocess.Popen[str], int]:
    port = free_port()
    proc = subprocess.Popen(
        [ACCORD, "serve", *args, "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "ACCORD_DATA_DIR": os.environ.get("ACCORD_DATA_DIR", "/nonexistent-accord")},
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/cases", timeout=1).status_code == 200:
                return proc, port
        except httpx.HTTPError:
            time.sleep(0.2)
        if proc.poll() is not None:
            break
    proc.kill()
    raise AssertionError(f"accord serve did not start: {proc.communicate()[1][-2000:]}")


def _stop(proc: subprocess.Popen[str]) -> str:
    proc.send_signal(signal.SIGINT)
    try:
        _out, err = proc.communicate(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        _out, err = proc.communicate()
    return err


def test_serve_opens_the_case_on_loopback() -> None:
    proc, port = _serve("tutorial")
    try:
        cases = httpx.get(f"http://127.0.0.1:{port}/api/cases").json()
        assert next(c for c in cases if c["default"])["key"] == "tutorial"
        page = httpx.get(f"http://127.0.0.1:{port}/explorer")
        assert page.status_code == 200
        assert "Deal explorer" in page.text
    finally:
        err = _stop(proc)
    assert f"http://127.0.0.1:{port}/" in err
    assert "Uvicorn running on http://127.0.0.1" in err
    assert "warning" not in err
    assert "Traceback" not in err


def test_serve_warns_when_not_on_loopback() -> None:
    proc, _port = _serve("tutorial", "--host", "0.0.0.0")
    err = _stop(proc)
    assert "warning: listening on 0.0.0.0" in err


def test_serve_bad_case_is_a_clear_error() -> None:
    done = subprocess.run([ACCORD, "serve", "no-such-case"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "no-such-case" in done.stderr
    assert "Traceback" not in done.stderr


def test_loopback_detection() -> None:
    assert is_loopback("127.0.0.1")
    assert is_loopback("localhost")
    assert is_loopback("::1")
    assert not is_loopback("0.0.0.0")
    assert not is_loopback("192.168.1.10")
    assert not is_loopback("example.org")
