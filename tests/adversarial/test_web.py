"""Hostile clients against the dashboard: non-finite numbers, oversized and endless bodies,
heavy work next to cheap requests, a full pool, disconnects, script payloads, path traversal,
malformed JSON, wrong content types and a request storm.

Most tests use FastAPI's test client in its context-manager form (one event loop shared by
every request, as in the real server); those about connections, disconnects and logging
run the real server (``accord serve`` in a subprocess) and read its log. Heavy work is made
to wait on an event (a monkeypatched engine), so no test depends on how fast anything runs.
"""

from __future__ import annotations

import http.client
import json
import os
import random
import signal
import socket
import string
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import httpx2 as httpx
import pytest
from fastapi.testclient import TestClient

from accord import load_case
from accord.case import Case, dump_case
from accord.deals import DealSpace, analyse_deals, default_track
from accord.web import analyses, api, create_app
from accord.web import state as state_module
from accord.web.limits import MAX_JSON_BYTES
from accord.web.state import AppState
from accord.web.workers import PoolLimits
from adversarial.conftest import FuzzScale
from browser import free_port

ACCORD = str(Path(sys.executable).with_name("accord"))
WAIT = 30.0
"""Longest a test waits for something that should happen at once (a failure, not a threshold)."""

NON_FINITE = ("Infinity", "-Infinity", "NaN", "1e999", "-1e999")
"""JSON spellings Python's json module reads as non-finite floats."""

# numeric fields of every JSON endpoint: (path, valid body, where the number goes)
JSON_NUMBERS: list[tuple[str, dict[str, Any], tuple[str, ...]]] = [
    ("/api/guarantees", {"draws": 200}, ("draws",)),
    ("/api/guarantees", {"draws": 200}, ("seed",)),
    ("/api/guarantees", {"draws": 200}, ("horizon_years",)),
    ("/api/guarantees", {"draws": 200, "honour": {}}, ("honour", "USA")),
    (
        "/api/guarantees",
        {"draws": 200, "assumptions": {}},
        ("assumptions", "guarantees.walkback_probability"),
    ),
    ("/api/guarantees/target", {"target": "war10<0.2"}, ("seed",)),
    ("/api/evaluate", {"case": "tutorial", "options": {}}, ("options", "share")),
]
QUERY_NUMBERS = [("/api/guarantees", "horizon"), ("/api/guarantees", "draws"), ("/api/deals", "top")]
JSON_ENDPOINTS = ("/api/evaluate", "/api/guarantees", "/api/guarantees/target")
JSON_TYPE = "Content-Type: application/json\r\n"


def strict_json(text: str) -> Any:
    """Parse ``text`` as JSON proper: NaN and infinities are not JSON."""

    def refuse(token: str) -> Any:
        raise ValueError(f"not JSON: {token}")

    return json.loads(text, parse_constant=refuse)


def body_with(base: dict[str, Any], where: tuple[str, ...], token: str) -> bytes:
    """Return ``base`` as JSON with the raw ``token`` at ``where`` (a path of keys)."""
    marker = "__NUMBER__"
    data = json.loads(json.dumps(base))
    node = data
    for key in where[:-1]:
        node = node.setdefault(key, {})
    node[where[-1]] = marker
    return json.dumps(data).replace(f'"{marker}"', token).encode()


_BUILTINS: dict[str, Case] = {}


def fresh_state(limits: PoolLimits | None = None) -> AppState:
    """Return a new state (empty cache, own pool) sharing the built-in cases already loaded."""

    def load(name: str) -> Case:
        if name not in _BUILTINS:
            _BUILTINS[name] = load_case(name)
        return _BUILTINS[name]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(state_module, "load_case", load)
        return AppState(limits=limits)


@pytest.fixture(scope="module")
def state() -> AppState:
    return fresh_state()


@pytest.fixture
def client(state: AppState) -> Iterator[TestClient]:
    with TestClient(create_app(state=state), raise_server_exceptions=False) as c:
        yield c


# ---------------------------------------------------------------------------- non-finite numbers


@pytest.mark.parametrize(("path", "base", "where"), JSON_NUMBERS, ids=lambda v: str(v))
@pytest.mark.parametrize("token", NON_FINITE)
def test_non_finite_json_numbers_are_422_with_valid_json(
    client: TestClient, path: str, base: dict[str, Any], where: tuple[str, ...], token: str
) -> None:
    r = client.post(path, content=body_with(base, where, token), headers={"content-type": "application/json"})
    assert r.status_code == 422, r.text
    detail = strict_json(r.text)["detail"]
    assert detail


@pytest.mark.parametrize(("path", "name"), QUERY_NUMBERS)
@pytest.mark.parametrize("token", ["inf", "-inf", "nan", "Infinity", "NaN", "1e999"])
def test_non_finite_query_numbers_are_422(client: TestClient, path: str, name: str, token: str) -> None:
    r = client.get(path, params={name: token, "case": "tutorial"})
    assert r.status_code == 422, r.text
    assert strict_json(r.text)["detail"]


def test_non_finite_numbers_leave_the_connection_usable(server: Server) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=WAIT)
    conn.connect()
    sock = conn.sock
    for path, base, where in JSON_NUMBERS:
        for token in NON_FINITE:
            conn.request("POST", path, body_with(base, where, token), {"Content-Type": "application/json"})
            r = conn.getresponse()
            assert r.status == 422, (path, where, token)
            strict_json(r.read().decode())
            conn.request("GET", "/api/cases")
            ok = conn.getresponse()
            assert ok.status == 200
            ok.read()
            assert conn.sock is sock, "the server closed the connection"
    conn.close()


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/api/evaluate", b'"\\ud800"'),
        ("/api/evaluate", b'{"case": "tutorial", "options": {"share": "\\udfff"}}'),
        ("/api/evaluate", b'{"case": "\\ud800", "options": {}}'),
        ("/api/guarantees", b'{"draws": 200, "honour": {"\\ud800": 0.5}}'),
        ("/api/guarantees/target", b'{"target": "war10<\\ud800"}'),
    ],
)
def test_lone_surrogates_are_a_clean_4xx(client: TestClient, path: str, body: bytes) -> None:
    # found by the full run: a lone surrogate echoed in an error could not be written as UTF-8
    r = client.post(path, content=body, headers={"content-type": "application/json"})
    assert 400 <= r.status_code < 500, (r.status_code, r.text[:300])
    assert strict_json(r.text)["detail"]


# ---------------------------------------------------------------------------- oversized bodies


@pytest.mark.parametrize("path", JSON_ENDPOINTS)
def test_body_over_the_limit_is_413_before_parsing(client: TestClient, path: str) -> None:
    # valid JSON just over the limit: parsed, it would be a 422 (extra field) or an answer
    pad = "x" * (MAX_JSON_BYTES + 10)
    r = client.post(path, content=json.dumps({"draws": 200, "pad": pad}).encode())
    assert r.status_code == 413
    assert "larger than" in strict_json(r.text)["detail"]


def _raw(port: int, head: str, body: bytes = b"", *, close_after: bool = False) -> bytes:
    """Send ``head`` and ``body`` on a fresh socket and return what the server answers."""
    with socket.create_connection(("127.0.0.1", port), timeout=WAIT) as s:
        s.sendall(head.encode() + body)
        if close_after:
            return b""
        out = b""
        while chunk := s.recv(65536):
            out += chunk
            if b"\r\n\r\n" in out and b'"detail"' in out and out.rstrip().endswith(b"}"):
                break
        return out


@pytest.mark.parametrize("path", [*JSON_ENDPOINTS, "/api/cases"])
def test_declared_length_over_the_limit_is_refused_unread(server: Server, path: str) -> None:
    # the body is never sent: a server that waits for it (to parse it) times the test out
    head = f"POST {path} HTTP/1.1\r\nHost: x\r\n{JSON_TYPE}Content-Length: 10000000\r\n\r\n"
    out = _raw(server.port, head)
    assert out.startswith(b"HTTP/1.1 413"), out[:200]


@pytest.mark.parametrize("path", [*JSON_ENDPOINTS, "/api/cases"])
def test_endless_chunked_body_is_refused_at_the_limit(server: Server, fuzz: FuzzScale, path: str) -> None:
    # a chunked body that never ends: the server must answer once the count passes the limit
    limit = 1_000_000 if path == "/api/cases" else MAX_JSON_BYTES
    head = f"POST {path} HTTP/1.1\r\nHost: x\r\n{JSON_TYPE}Transfer-Encoding: chunked\r\n\r\n"
    rng = random.Random(fuzz.examples)
    size = rng.choice([1024, 8192, 65536])
    chunk = f"{size:x}\r\n".encode() + b"[" * size + b"\r\n"
    with socket.create_connection(("127.0.0.1", server.port), timeout=WAIT) as s:
        s.sendall(head.encode())
        sent = 0
        try:
            while sent <= limit + 2 * size:
                s.sendall(chunk)
                sent += size
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server refused and closed while we were sending
        out = s.recv(65536)
    assert out.startswith(b"HTTP/1.1 413"), out[:200]
    server.wait_for_log(f"refused POST {path}: the body is over the limit")


# ---------------------------------------------------------------------------- heavy work off the loop


class Gate:
    """A stand-in for a slow engine call: it waits until the test opens the gate."""

    def __init__(self, real: Callable[..., Any]) -> None:
        self.real = real
        self.started = threading.Event()
        self.release = threading.Event()
        self.calls = 0

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self.calls += 1
        self.started.set()
        assert self.release.wait(WAIT), "the test never opened the gate"
        return self.real(*args, **kwargs)


def _in_thread(fn: Callable[[], Any]) -> tuple[threading.Thread, list[Any]]:
    out: list[Any] = []
    thread = threading.Thread(target=lambda: out.append(fn()), daemon=True)
    thread.start()
    return thread, out


def _cheap_answers_while(client: TestClient, gate: Gate) -> None:
    assert gate.started.wait(WAIT), "the heavy request never started"
    cheap, got = _in_thread(lambda: client.get("/api/cases"))
    cheap.join(WAIT)
    done = not cheap.is_alive()
    gate.release.set()  # whatever happened, let the heavy request finish
    assert done, "GET /api/cases waited for the heavy request"
    assert got[0].status_code == 200


def test_upload_validation_does_not_block_cheap_requests(
    monkeypatch: pytest.MonkeyPatch, tutorial_text: str
) -> None:
    gate = Gate(api.parse_case)
    monkeypatch.setattr(api, "parse_case", gate)
    text = tutorial_text.replace("id: tutorial", "id: slow-upload", 1)
    with TestClient(create_app(state=fresh_state())) as client:
        heavy, got = _in_thread(lambda: client.post("/api/cases", content=text.encode()))
        _cheap_answers_while(client, gate)
        heavy.join(WAIT)
        assert got[0].status_code == 201


@pytest.mark.parametrize("path", ["/api/deals", "/deals"])
def test_analysis_does_not_block_cheap_requests(monkeypatch: pytest.MonkeyPatch, path: str) -> None:
    # the /deals page answers at once with a skeleton; its full form (?full=1) runs the analyses
    gate = Gate(analyses.analyse_deals)
    monkeypatch.setattr(analyses, "analyse_deals", gate)
    params = {"case": "tutorial", **({"full": "1"} if path == "/deals" else {})}
    with TestClient(create_app(state=fresh_state())) as client:
        heavy, got = _in_thread(lambda: client.get(path, params=params))
        _cheap_answers_while(client, gate)
        heavy.join(WAIT)
        assert got[0].status_code == 200


def test_deals_with_any_top_reuse_one_analysis(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(kwargs.get("top", 5))
        return analyse_deals(*args, **kwargs)

    monkeypatch.setattr(analyses, "analyse_deals", counted)
    case = load_case("tutorial")
    space = DealSpace.from_case(case, actors=default_track(case).actors)
    with TestClient(create_app(state=fresh_state())) as client:
        for top in range(30):
            data = client.get("/api/deals", params={"case": "tutorial", "top": top}).json()
            direct = analyse_deals(space, top=top)
            assert data["top"] == [p.to_dict() for p in direct.top], top
    assert len(calls) == 1


def test_full_pool_is_503_with_a_message(monkeypatch: pytest.MonkeyPatch) -> None:
    gate = Gate(analyses.analyse_deals)
    monkeypatch.setattr(analyses, "analyse_deals", gate)
    state = fresh_state(PoolLimits(workers=1, queue=0, timeout=WAIT))
    with TestClient(create_app(state=state), raise_server_exceptions=False) as client:
        heavy, got = _in_thread(lambda: client.get("/api/deals", params={"case": "tutorial"}))
        assert gate.started.wait(WAIT)
        try:
            other = client.get("/api/deals", params={"case": "tutorial", "fix": "share=half"})
            page = client.get("/guarantees", params={"case": "tutorial"})
            cheap = client.get("/api/cases")
        finally:
            gate.release.set()
        heavy.join(WAIT)
    assert other.status_code == 503
    assert "busy" in other.json()["detail"]
    assert other.headers["retry-after"]
    assert page.status_code == 503
    assert "busy" in page.text
    assert cheap.status_code == 200
    assert got[0].status_code == 200


def test_slow_analysis_is_503_then_served_from_the_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    gate = Gate(analyses.analyse_deals)
    monkeypatch.setattr(analyses, "analyse_deals", gate)
    state = fresh_state(PoolLimits(workers=1, queue=1, timeout=0.05))
    with TestClient(create_app(state=state), raise_server_exceptions=False) as client:
        try:
            slow = client.get("/api/deals", params={"case": "tutorial"})
        finally:
            gate.release.set()
        assert slow.status_code == 503
        assert "took longer than" in slow.json()["detail"]
        assert slow.headers["retry-after"] == "1"  # half the 0.05 s limit, at least 1 s
        deadline = time.monotonic() + WAIT
        while state.pool.pending and time.monotonic() < deadline:
            time.sleep(0.01)
        again = client.get("/api/deals", params={"case": "tutorial", "top": 3})
    assert again.status_code == 200
    assert gate.calls == 1  # the second request found the background result


# ---------------------------------------------------------------------------- disconnects


def test_disconnect_while_sending_is_one_info_line(server: Server) -> None:
    head = f"POST /api/evaluate HTTP/1.1\r\nHost: x\r\n{JSON_TYPE}Content-Length: 1000\r\n\r\n"
    _raw(server.port, head, b'{"options": ', close_after=True)
    line = server.wait_for_log("client disconnected while sending POST /api/evaluate")
    assert line.startswith("INFO:")


def test_server_log_has_no_error_or_traceback(server: Server) -> None:
    # runs after the hostile tests above (same server): none of them may log an error
    requests = [
        "/api/cases",
        "/static/app.js",
        "/",
        "/api/deals?case=tutorial&top=2",
    ]
    for path in requests:
        assert httpx.get(f"{server.base}{path}", timeout=WAIT).status_code == 200
    text = server.log()
    assert "Traceback" not in text
    assert "ERROR" not in text


# ---------------------------------------------------------------------------- classes that hold

FRAGMENTS = [
    "<script>window.__xss=1</script>",
    "</script><script>window.__xss=2</script>",
    '"><img src=x onerror="window.__xss=3">',
    "<svg onload=window.__xss=4>",
    "' onmouseover='window.__xss=5' x='",
    "javascript:window.__xss=6",
    "\u2028\u2029",
    "<!--",
    "]]>",
    "{{ 7*7 }}",
    "&lt;script&gt;",
    "<iframe src=//evil.example>",
]


def payload(rng: random.Random) -> str:
    """Return a generated hostile string: fragments, letters and quotes in random order."""
    noise = rng.choice(string.ascii_letters) + "".join(
        rng.choices(string.ascii_letters + "\"'<>&/", k=rng.randint(0, 8))
    )
    parts = [*rng.choices(FRAGMENTS, k=rng.randint(1, 4)), noise]
    rng.shuffle(parts)
    return " ".join(parts)


class _Executable(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = dict(attrs)
        if (
            tag == "script"
            and attr.get("type") != "application/json"
            and not (attr.get("src") or "").startswith("/static/")
        ):
            self.found.append(f"script {attr}")
        if tag in ("img", "svg", "iframe"):
            self.found.append(tag)
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{tag} {name}")
            if value and value.strip().lower().startswith("javascript:"):
                self.found.append(f"{tag} {name}={value}")


def test_script_payloads_in_uploads_stay_text(client: TestClient, fuzz: FuzzScale) -> None:
    rng = random.Random(18)
    base = load_case("tutorial").model_dump(mode="json")
    for n in range(fuzz.pick(3, 30)):
        data = json.loads(json.dumps(base))
        data["id"] = f"xss-{n}"
        data["title"] = payload(rng)
        data["description"] = payload(rng)
        for actor in data["actors"]:
            actor["name"] = payload(rng)
        for claim in data["claims"]:
            claim["text"] = payload(rng)
        text = dump_case(Case.model_validate(data))
        r = client.post("/api/cases", content=text.encode())
        assert r.status_code == 201, r.text
        key = r.json()["key"]
        for path in ("/", "/claims", "/explorer"):
            page = client.get(path, params={"case": key})
            assert page.status_code == 200
            parser = _Executable()
            parser.feed(page.text)
            assert parser.found == [], (path, parser.found)


TRAVERSAL = ["..", "%2e%2e", "%2E%2E", "..%2f", "%2e%2e%2f", "..\\", "%252e%252e", "....//", "%c0%ae%c0%ae"]


def test_path_traversal_in_static_and_case_names(client: TestClient, fuzz: FuzzScale) -> None:
    rng = random.Random(7)
    for _ in range(fuzz.pick(20, 300)):
        depth = rng.randint(1, 6)
        sep = rng.choice(["/", "%2f", "%2F", "\\", "%5c"])
        target = rng.choice(["etc/passwd", "pyproject.toml", "src/accord/web/app.py", "app.js"])
        hops = sep.join(rng.choice(TRAVERSAL) for _ in range(depth))
        r = client.get(f"/static/{hops}{sep}{target}")
        assert r.status_code == 404, (hops, target, r.status_code)
        assert "root:" not in r.text
        for path in ("/api/case", "/"):
            c = client.get(path, params={"case": f"{hops}/{target}"})
            assert c.status_code == 404
            assert "root:" not in c.text


def _mutate(rng: random.Random, raw: bytes) -> bytes:
    data = bytearray(raw)
    for _ in range(rng.randint(1, 6)):
        op = rng.randrange(4)
        at = rng.randrange(len(data) + 1)
        if op == 0 and data:
            del data[min(at, len(data) - 1)]
        elif op == 1:
            data.insert(at, rng.choice(b'{}[]",:0123456789eE.-+tfnIN \\\x00\xff'))
        elif op == 2:
            data = data[:at]
        else:
            data[at:at] = rng.choice([b"NaN", b"Infinity", b"1e999", b"[" * 50, b'"\\ud800"', b"null"])
    return bytes(data)


VALID_BODIES = {
    "/api/evaluate": {"case": "tutorial", "options": {"share": "half"}},
    "/api/guarantees": {"draws": 200, "seed": 1, "horizon_years": 5, "honour": {"USA": 0.5}},
    "/api/guarantees/target": {"target": "war10<0.2", "seed": 1},
}


def test_malformed_json_is_a_clean_4xx(client: TestClient, fuzz: FuzzScale) -> None:
    rng = random.Random(11)
    for _ in range(fuzz.pick(40, 600)):
        path = rng.choice(list(VALID_BODIES))
        body = _mutate(rng, json.dumps(VALID_BODIES[path]).encode())
        r = client.post(path, content=body, headers={"content-type": "application/json"})
        if r.status_code == 200:  # a mutation can leave the body valid
            continue
        assert 400 <= r.status_code < 500, (path, body, r.status_code, r.text[:300])
        strict_json(r.text)


@pytest.mark.parametrize(
    "content_type",
    ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "text/xml", ""],
)
@pytest.mark.parametrize("path", JSON_ENDPOINTS)
def test_wrong_content_types_are_refused(client: TestClient, path: str, content_type: str) -> None:
    body = json.dumps(VALID_BODIES[path]).encode()
    r = client.post(path, content=body, headers={"content-type": content_type})
    assert 400 <= r.status_code < 500, (r.status_code, r.text[:300])
    strict_json(r.text)


def test_request_storm(server: Server, fuzz: FuzzScale) -> None:
    clients, each = fuzz.pick(10, 100), fuzz.pick(5, 20)
    rng = random.Random(5)
    paths = ["/api/cases", "/static/app.js", "/", "/api/case?case=tutorial", "/api/deals?case=tutorial&top=3"]

    def one(n: int) -> list[int]:
        with httpx.Client(base_url=server.base, timeout=WAIT * 4) as http:
            return [http.get(rng.choice(paths)).status_code for _ in range(each)]

    with ThreadPoolExecutor(clients) as pool:
        codes = [c for batch in pool.map(one, range(clients)) for c in batch]
    assert codes.count(200) == len(codes), sorted(set(codes))
    assert "Traceback" not in server.log()


# ---------------------------------------------------------------------------- the real server


class Server:
    """``accord serve tutorial`` in a subprocess, its log in a file."""

    def __init__(self, log_path: Path) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        self._log = log_path.open("wb")
        self.proc = subprocess.Popen(
            [ACCORD, "serve", "tutorial", "--port", str(self.port)],
            stdout=self._log,
            stderr=subprocess.STDOUT,
            env={**os.environ, "ACCORD_DATA_DIR": os.environ.get("ACCORD_DATA_DIR", "/nonexistent-accord")},
        )
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.base}/api/cases", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.2)
            if self.proc.poll() is not None:
                break
        self.stop()
        raise AssertionError(f"accord serve did not start: {self.log()[-2000:]}")

    def log(self) -> str:
        """Return the server's log so far."""
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def wait_for_log(self, needle: str) -> str:
        """Return the first log line containing ``needle``, waiting for it to be written."""
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            for line in self.log().splitlines():
                if needle in line:
                    return line
            time.sleep(0.05)
        raise AssertionError(f"no log line with {needle!r}:\n{self.log()[-3000:]}")

    def stop(self) -> None:
        """Stop the server."""
        self.proc.send_signal(signal.SIGINT)
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self._log.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    running = Server(tmp_path_factory.mktemp("serve") / "serve.log")
    yield running
    running.stop()
