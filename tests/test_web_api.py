"""The JSON API and the pages, through FastAPI's test client (no browser)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

import numpy as np
import pytest
from fastapi.testclient import TestClient

from accord import load_case
from accord.case import dump_case, parse_case
from accord.deals import DealSpace, analyse_deals, default_track
from accord.errors import CaseError
from accord.forecast.case_forecast import forecast_case
from accord.forecast.registry import get_model
from accord.forecast.validated import best_for_cases
from accord.guarantees.export import guarantees_to_dict
from accord.guarantees.inverse import break_even, parse_target, solve_target
from accord.guarantees.simulation import simulate
from accord.report.settlement import settlement_check
from accord.web import create_app
from accord.web.api import MAX_UPLOAD_BYTES
from accord.web.app import CSP
from accord.web.state import AppState, CaseEntry
from html_cells import cells, check_forecast_section
from xss_case import MARK, PAYLOAD, poisoned_case

PAGES = ("/", "/deals", "/plans", "/explorer", "/forecast", "/guarantees", "/claims", "/evidence", "/upload")


@pytest.fixture(scope="module")
def state() -> AppState:
    return AppState()


@pytest.fixture
def client(state: AppState) -> TestClient:
    return TestClient(create_app(state=state))


def test_cases_lists_builtins_with_ukraine_as_default(client: TestClient) -> None:
    rows = client.get("/api/cases").json()
    keys = {r["key"]: r for r in rows}
    assert {"tutorial", "ukraine-2025"} <= set(keys)
    assert keys["ukraine-2025"]["default"] is True
    assert keys["tutorial"]["default"] is False


def test_case_json_is_the_case(client: TestClient) -> None:
    data = client.get("/api/case", params={"case": "tutorial"}).json()
    case = load_case("tutorial")
    assert data["id"] == case.id
    assert [a["id"] for a in data["actors"]] == [a.id for a in case.actors]
    assert len(data["positions"]) == len(case.positions)


def test_deals_equal_the_engine(client: TestClient) -> None:
    case = load_case("tutorial")
    track = default_track(case)
    direct = analyse_deals(DealSpace.from_case(case, actors=track.actors))
    data = client.get("/api/deals", params={"case": "tutorial"}).json()
    assert data["track"] == track.id
    assert data["counts"]["acceptable"] == direct.acceptable
    assert data["counts"]["pareto"] == direct.pareto
    nash = direct.solutions["nash"]
    assert nash is not None
    assert data["solutions"]["nash"]["options"] == nash.options


def test_deals_for_other_actors_and_fixed_issue(client: TestClient) -> None:
    case = load_case("tutorial")
    fixed = {"share": case.issue("share").options[1].id}
    direct = analyse_deals(DealSpace.from_case(case, actors=("UP", "DOWN"), fixed=fixed))
    data = client.get(
        "/api/deals", params={"case": "tutorial", "actors": "UP,DOWN", "fix": f"share={fixed['share']}"}
    ).json()
    assert data["track"] is None
    assert data["fixed"] == fixed
    assert data["counts"]["packages"] == direct.packages
    assert data["counts"]["acceptable"] == direct.acceptable


@pytest.mark.parametrize(
    ("params", "needle"),
    [
        ({"track": "nowhere"}, "unknown track 'nowhere'"),
        ({"fix": "share"}, "fix must look like NAME=VALUE"),
        ({"fix": "nosuch=x"}, "nosuch"),
        ({"actors": "UP,ZZZ"}, "ZZZ"),
        ({"track": "full", "actors": "UP"}, "not both"),
    ],
)
def test_bad_deal_requests_get_a_clear_422(client: TestClient, params: dict[str, str], needle: str) -> None:
    r = client.get("/api/deals", params={"case": "tutorial", **params})
    assert r.status_code == 422
    assert needle in str(r.json()["detail"])


@pytest.mark.parametrize("params", [{"top": "-1"}, {"top": "x"}, {"method": "guess"}])
def test_malformed_query_gets_422(client: TestClient, params: dict[str, str]) -> None:
    r = client.get("/api/deals", params={"case": "tutorial", **params})
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"][-1] in params


def test_unknown_case_is_404_for_api_and_pages(client: TestClient) -> None:
    r = client.get("/api/deals", params={"case": "nope"})
    assert r.status_code == 404
    assert "unknown case 'nope'" in r.json()["detail"]
    page = client.get("/deals", params={"case": "nope"})
    assert page.status_code == 404
    assert page.headers["content-type"].startswith("text/html")
    assert "unknown case" in page.text


def test_evaluate_matches_the_deal_space(client: TestClient) -> None:
    case = load_case("tutorial")
    rng = np.random.default_rng(3)
    space = DealSpace.from_case(case, actors=default_track(case).actors)
    for _ in range(10):
        choices = [int(rng.integers(len(i.options))) for i in case.issues]
        package = {i.id: i.options[c].id for i, c in zip(case.issues, choices, strict=True)}
        data = client.post("/api/evaluate", json={"case": "tutorial", "options": package}).json()
        util = space.utilities(np.array(choices))
        ok = space.acceptable(np.array(choices))
        crossed = space.red_lines_crossed(np.array(choices))
        for a, actor in enumerate(space.actors):
            got = data["actors"][actor]
            assert got["utility"] == pytest.approx(util[a], abs=1e-6)
            assert got["acceptable"] == bool(ok[a])
            assert bool(got["red_lines"]) == bool(crossed[a])
        assert data["acceptable_to_all"] == bool(ok.all())


def test_evaluate_names_the_red_line_crossed(client: TestClient) -> None:
    case = load_case("tutorial")
    package = {i.id: i.options[0].id for i in case.issues}
    package["share"] = "half"
    data = client.post(
        "/api/evaluate", json={"case": "tutorial", "actors": ["UP", "DOWN"], "options": package}
    )
    up = data.json()["actors"]["UP"]
    assert {"issue": "share", "option": "half"} in up["red_lines"]
    assert up["acceptable"] is False


@pytest.mark.parametrize(
    ("body", "status", "needle"),
    [
        ({"case": "tutorial", "options": {"share": "half"}}, 422, "gives no option for issue"),
        ({"case": "tutorial", "options": {}, "extra": 1}, 422, "extra"),
        ({"case": "tutorial"}, 422, "options"),
        ({"case": "tutorial", "options": {"share": 5}}, 422, "string"),
    ],
)
def test_bad_evaluate_requests(client: TestClient, body: dict[str, Any], status: int, needle: str) -> None:
    r = client.post("/api/evaluate", json=body)
    assert r.status_code == status
    assert needle in str(r.json()["detail"])


@pytest.mark.parametrize("model", ["compromise", "eu", "smp", "weighted-mean"])
def test_forecast_equals_the_engine_with_its_settlement_check(client: TestClient, model: str) -> None:
    case = load_case("ukraine-2025")
    result = forecast_case(case, get_model(model))
    check = settlement_check(case, result).to_dict()
    direct = result.to_dict() | {"settlement": check, "settlement_error": None}
    assert client.get("/api/forecast", params={"model": model}).json() == direct


def test_forecast_default_is_the_validated_model_and_says_who_rejects(client: TestClient) -> None:
    body = client.get("/api/forecast").json()
    assert body["model"] == best_for_cases()
    rejecting = [v["actor"] for v in body["settlement"]["verdicts"] if v["accepts"] == "no"]
    assert "RUS" in rejecting
    assert body["settlement"]["settles"] is False


@pytest.mark.parametrize("name", ["ukraine-2025", "ukraine-2026"])
def test_forecast_page_shows_validation_caveat_and_settlement_check(client: TestClient, name: str) -> None:
    page = client.get("/forecast", params={"case": name})
    assert page.status_code == 200
    check_forecast_section(page.text, name)
    # in both cases the forecast package is one Russia rejects, and the page says by how much
    rus = cells(page.text, "forecast-settlement").rows["RUS"]
    assert rus["verdict"] == "rejects"
    assert float(rus["shortfall"]) > 0


def test_unknown_model_is_422(client: TestClient) -> None:
    r = client.get("/api/forecast", params={"model": "oracle"})
    assert r.status_code == 422
    assert "unknown model 'oracle'" in r.json()["detail"]


def test_guarantees_equal_the_engine_and_honour_override_moves_them(client: TestClient) -> None:
    case = load_case("ukraine-2025")
    direct = simulate(case, draws=500, seed=7)
    base = client.get("/api/guarantees", params={"draws": 500, "seed": 7}).json()
    assert base == guarantees_to_dict(case, direct, draws=500, horizon_years=10.0, seed=7)
    assert set(base["architectures"][0]["war"]) == {"1", "2", "5", "10"}
    backed = [a for a in base["architectures"] if "USA" in a["p_honour"]]
    assert backed
    body = {"draws": 500, "seed": 7, "horizon_years": 5, "honour": {"USA": 1.0}}
    sure = client.post("/api/guarantees", json=body).json()
    what_if = simulate(case, draws=500, seed=7, horizon_years=5, honour={"USA": 1.0})
    assert sure == guarantees_to_dict(case, what_if, draws=500, horizon_years=5.0, seed=7)
    assert set(sure["architectures"][0]["war"]) == {"1", "2", "5"}
    never = client.post("/api/guarantees", json={**body, "honour": {"USA": 0.0}}).json()
    s = {a["id"]: a for a in sure["architectures"]}
    n = {a["id"]: a for a in never["architectures"]}
    for a in backed:
        assert s[a["id"]]["p_honour"]["USA"] == pytest.approx(1.0)
        assert s[a["id"]]["war"]["5"]["mean"] <= n[a["id"]]["war"]["5"]["mean"]
    assert any(s[a["id"]]["war"]["5"]["mean"] < n[a["id"]]["war"]["5"]["mean"] for a in backed)


def test_guarantees_page_table_equals_the_api(client: TestClient) -> None:
    page = client.get("/guarantees")
    assert page.status_code == 200
    api = client.get("/api/guarantees").json()
    got = cells(page.text, "guarantees-risk").rows
    assert [a["id"] for a in api["architectures"]] == list(got)

    def shown(e: dict[str, float], signed: bool = False) -> str:
        f = "+.3f" if signed else ".3f"
        lo, hi = ("low95", "high95") if signed else ("low80", "high80")
        return f"{e['mean'] + 0.0:{f}}\n[{e[lo] + 0.0:{f}}, {e[hi] + 0.0:{f}}]"

    for a in api["architectures"]:
        row = got[a["id"]]
        for years, e in a["war"].items():
            assert row[f"war-{years}"] == shown(e)
        assert row["violation"] == shown(a["violation"]["10"])
        if a["id"] != "none":
            assert row["diff-war"] == shown(a["diff_none"]["10"], signed=True)
            assert row["diff-violation"] == shown(a["diff_none_violation"]["10"], signed=True)
    # the threat is listed without a slider: it protects nothing
    assert 'data-guarantor="RUS"' not in page.text
    assert "the threat itself: no protection to override" in page.text
    assert 'id="validation-retrodictions"' in page.text


@pytest.mark.parametrize(
    ("body", "needle"),
    [
        ({"honour": {"USA": 1.5}}, "[0, 1]"),
        ({"honour": {"ATLANTIS": 0.5}}, "unknown actor 'ATLANTIS'"),
        ({"draws": 0}, "greater than or equal to 1"),
        ({"draws": 10**7}, "less than or equal to"),
        ({"horizon_years": 0}, "greater than 0"),
        ({"horizon_years": 31}, "less than or equal to 30"),
        ({"seed": -1}, "greater than or equal to 0"),
        ({"histories": 10}, "Extra inputs are not permitted"),
        ({"assumptions": {"guarantees.walkback_probability": 5}}, "walkback_probability"),
    ],
)
def test_bad_guarantee_controls_are_422(client: TestClient, body: dict[str, Any], needle: str) -> None:
    r = client.post("/api/guarantees", json={"draws": 200, **body})
    assert r.status_code == 422
    assert needle in str(r.json()["detail"])


@pytest.mark.parametrize(
    ("params", "needle"),
    [({"draws": 0}, "greater than or equal to 1"), ({"horizon": -1}, "greater than 0")],
)
def test_bad_guarantee_query_is_422(client: TestClient, params: dict[str, Any], needle: str) -> None:
    r = client.get("/api/guarantees", params=params)
    assert r.status_code == 422
    assert needle in str(r.json()["detail"])


def test_guarantee_target_equals_the_engine(client: TestClient) -> None:
    case = load_case("ukraine-2025")
    ids = ["uk-ukr-2024", "minsk-2", "none"]
    body = {"target": "war10<0.09", "versus": "nato-art5", "architectures": ids}
    got = client.post("/api/guarantees/target", json=body).json()
    goal = parse_target("war10<0.09")
    answers = solve_target(case, goal, ids)
    even = break_even(case, goal, "nato-art5", ids)
    assert got["target"] == {"metric": "war", "years": 10.0, "below": 0.09}
    assert [a["id"] for a in got["answers"]] == ids
    for a, x in zip(got["answers"], answers, strict=True):
        assert a["current"] == pytest.approx(x.current)
        assert a["meets"] == x.meets
        assert a["credibility_needed"] == x.credibility
        assert a["forces_needed"] == x.forces
        assert a["mechanisms_needed"] == [list(m) for m in x.mechanisms]
    assert [(b["id"], b["credibility"]) for b in got["break_even"]] == [
        (b.architecture, b.credibility) for b in even
    ]


@pytest.mark.parametrize(
    ("body", "needle"),
    [
        ({"target": "war10"}, "cannot read target"),
        ({"target": "peace10<0.2"}, "cannot read target"),
        ({"target": ""}, "at least 1 character"),
        ({"target": "war10<0.2", "versus": "atlantis"}, "unknown architecture 'atlantis'"),
        ({"target": "war10<0.2", "architectures": ["atlantis"]}, "unknown architecture 'atlantis'"),
        ({"target": "war10<0.2", "draws": 10}, "Extra inputs are not permitted"),
    ],
)
def test_bad_target_is_422(client: TestClient, body: dict[str, Any], needle: str) -> None:
    r = client.post("/api/guarantees/target", json=body)
    assert r.status_code == 422
    assert needle in str(r.json()["detail"])


def test_claims_filter_and_conflicts(client: TestClient) -> None:
    case = load_case("ukraine-2025")
    rows = client.get("/api/claims", params={"actor": "RUS"}).json()["claims"]
    assert rows
    assert all(r["actor"] == "RUS" for r in rows)
    assert len(rows) == sum(1 for c in case.claims if c.actor == "RUS")
    assert all(r["reliability"] in "ABCDEF" for r in rows)
    pairs = client.get("/api/claims", params={"conflicts": "true"}).json()["conflicts"]
    assert len(pairs) == len(case.conflicts())
    for a, b in pairs:
        assert a["source"]
        assert b["source"]


def test_upload_valid_case_then_use_it(client: TestClient, tutorial_text: str) -> None:
    text = tutorial_text.replace("id: tutorial", "id: uploaded-tutorial", 1)
    r = client.post("/api/cases", content=text.encode(), headers={"content-type": "application/yaml"})
    assert r.status_code == 201, r.text
    key = r.json()["key"]
    assert key.startswith("uploaded-tutorial-")
    assert client.get("/api/case", params={"case": key}).json()["id"] == "uploaded-tutorial"
    assert client.get("/api/deals", params={"case": key}).status_code == 200
    again = client.post("/api/cases", content=text.encode())
    assert again.json()["key"] == key


def test_upload_invalid_case_has_the_cli_located_errors(client: TestClient, edit_tutorial: Any) -> None:
    text = edit_tutorial(("salience: 0.9", "salience: 9"))
    with pytest.raises(CaseError) as err:
        parse_case(text, "mine.yaml")
    r = client.post("/api/cases", params={"filename": "mine.yaml"}, content=text.encode())
    assert r.status_code == 422
    detail = r.json()["detail"]
    assert detail["text"] == str(err.value).splitlines()
    first = detail["problems"][0]
    assert first["file"] == "mine.yaml"
    assert first["line"] > 0
    assert first["field"]


@pytest.mark.parametrize(
    ("raw", "needle"),
    [(b"\xff\xfe\x00junk", "not UTF-8"), (b"- just\n- a list\n", "mapping"), (b"a: [unclosed", "upload")],
)
def test_upload_garbage_is_422(client: TestClient, raw: bytes, needle: str) -> None:
    r = client.post("/api/cases", content=raw)
    assert r.status_code == 422
    assert any(needle in line for line in r.json()["detail"]["text"]), r.json()


def test_oversized_upload_is_refused(client: TestClient) -> None:
    big = b"# " + b"x" * (MAX_UPLOAD_BYTES + 10) + b"\n"
    r = client.post("/api/cases", content=big)
    assert r.status_code == 413
    assert "larger than" in r.json()["detail"]
    form = client.post("/upload", files={"file": ("big.yaml", big, "application/yaml")})
    assert form.status_code == 413


def test_upload_form_redirects_or_lists_problems(
    client: TestClient, tutorial_text: str, edit_tutorial: Any
) -> None:
    ok = client.post(
        "/upload",
        files={"file": ("t.yaml", tutorial_text.encode(), "application/yaml")},
        follow_redirects=False,
    )
    assert ok.status_code == 303
    assert ok.headers["location"].startswith("/?case=tutorial-")
    bad = client.post(
        "/upload", files={"file": ("bad.yaml", edit_tutorial(("salience: 0.9", "salience: 9")).encode())}
    )
    assert bad.status_code == 422
    assert re.search(r"bad\.yaml:\d+:\d+: positions\[\d+\]\.salience", bad.text)
    none = client.post("/upload", data={"x": "1"})
    assert none.status_code == 422


@pytest.mark.parametrize("path", PAGES)
def test_every_page_renders_with_security_headers(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 200
    assert r.headers["content-security-policy"] == CSP
    assert r.headers["x-content-type-options"] == "nosniff"
    assert "<script>" not in r.text  # no inline script: only JSON data blocks and /static files


def test_plans_api_and_page_show_the_published_plans(client: TestClient) -> None:
    data = client.get("/api/plans", params={"case": "ukraine-2026"}).json()
    assert [p["id"] for p in data["plans"]][:2] == ["us-28", "geneva-19"]
    ukr = next(v for v in data["plans"][0]["verdicts"] if v["actor"] == "UKR")
    assert ukr["accepts"] == "no"
    assert client.get("/api/plans", params={"case": "ukraine-2026", "track": "nope"}).status_code == 422
    page = client.get("/plans", params={"case": "ukraine-2026"})
    assert page.status_code == 200
    assert 'id="plans"' in page.text
    assert "decided over its head" in page.text
    assert "days before today" in page.text  # the case is more than 90 days old
    assert "no published plans" in client.get("/plans", params={"case": "ukraine-2025"}).text


def test_openapi_describes_the_api(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path in (
        "/api/case",
        "/api/deals",
        "/api/evaluate",
        "/api/forecast",
        "/api/guarantees",
        "/api/guarantees/target",
        "/api/claims",
        "/api/plans",
    ):
        assert path in paths
    assert "/explorer" not in paths
    # the interactive docs would load scripts from a CDN: they are off
    assert client.get("/docs").status_code == 404
    assert client.get("/redoc").status_code == 404


def test_static_files_are_bundled(client: TestClient) -> None:
    js = client.get("/static/plotly.js")
    assert js.status_code == 200
    assert len(js.content) > 1_000_000
    assert client.get("/static/app.js").status_code == 200
    assert client.get("/static/../../etc/passwd").status_code == 404
    assert client.get("/static/nope.js").status_code == 404


class _Executable(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = dict(attrs)
        if (
            tag == "script"
            and attr.get("type") != "application/json"
            and not (attr.get("src") or "").startswith("/static/")
        ):
            self.found.append(f"script {attr}")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{tag} {name}")
            if value and value.strip().lower().startswith("javascript:"):
                self.found.append(f"{tag} {name}={value}")
        if tag in ("img", "svg"):
            self.found.append(tag)


@pytest.mark.parametrize("path", PAGES)
def test_poisoned_case_renders_as_text(path: str) -> None:
    client = TestClient(create_app(CaseEntry("poison", poisoned_case(), "upload")))
    r = client.get(path)
    assert r.status_code == 200
    parser = _Executable()
    parser.feed(r.text)
    assert parser.found == []
    assert MARK in r.text or path in ("/upload", "/evidence")  # shown as text where case text appears
    if path in ("/", "/claims"):
        assert "&lt;script&gt;" in r.text


def test_poisoned_upload_round_trip() -> None:
    client = TestClient(create_app())
    from accord.case import Case
    from xss_case import poisoned_data

    text = dump_case(Case.model_validate(poisoned_data()))
    r = client.post("/api/cases", content=text.encode())
    assert r.status_code == 201
    page = client.get("/", params={"case": r.json()["key"]})
    parser = _Executable()
    parser.feed(page.text)
    assert parser.found == []
    assert PAYLOAD not in page.text


EVIL_ARTICLE = f"""URL: https://evil.example/a
DATE: 2025-08-13

The Kremlin on Wednesday rejected any deployment of European troops in Ukraine {PAYLOAD}.
Talks on security guarantees are to be concluded by Friday {PAYLOAD}, Dmitry Peskov said.
"""

GOOD_ARTICLE = """URL: https://good.example/b
DATE: 2025-08-15

A Russian official said Moscow was ready to accept European troops in Ukraine as part of a deal.
"""


@pytest.fixture
def evidence_db(tmp_path: Any) -> Any:
    from accord.evidence.extract import EXTRACTOR_VERSION, extract_text
    from accord.evidence.store import EvidenceStore
    from accord.evidence.text import parse_article

    db = tmp_path / "ev.sqlite3"
    case = load_case("ukraine-2025")
    with EvidenceStore.open(db) as store:
        for raw in (EVIL_ARTICLE, GOOD_ARTICLE):
            doc, _ = parse_article(raw.encode())
            store.ingest(doc, extract_text(doc.text, doc.date, case, nlp=None), EXTRACTOR_VERSION)
    return db


def test_evidence_views_without_a_store(client: TestClient) -> None:
    page = client.get("/evidence")
    assert page.status_code == 200
    assert "accord ingest" in page.text
    assert client.get("/api/timeline").json() == {"timeline": None}
    assert client.get("/api/claims").json()["evidence"] is None


def test_evidence_views_with_a_store(evidence_db: Any) -> None:
    client = TestClient(create_app(db=evidence_db))
    timeline = client.get("/api/timeline").json()["timeline"]
    assert [e["date"] for e in timeline] == sorted(e["date"] for e in timeline)
    assert any(e["kind"] == "due" and e["date"] == "2025-08-15" for e in timeline)
    claims = client.get("/api/claims", params={"actor": "RUS"}).json()["evidence"]
    assert claims
    assert all(c["actor"] == "RUS" for c in claims)
    pairs = client.get("/api/claims", params={"conflicts": "true"}).json()["evidence"]
    assert any({a["stance"], b["stance"]} == {"support", "oppose"} for a, b in pairs)
    page = client.get("/evidence")
    assert 'id="evidence-timeline"' in page.text
    assert 'id="evidence-conflicts"' in page.text
    parser = _Executable()
    parser.feed(page.text)
    assert parser.found == []
    assert "&lt;script&gt;" in page.text
