from __future__ import annotations

from scaling import assert_linear

from accord import load_case
from accord.evidence.actors import find_actors
from accord.evidence.gazetteer import Gazetteer


def test_lookup_basics() -> None:
    gz = Gazetteer.default()
    assert gz.lookup("Russia") == "RUS"
    assert gz.lookup("Russia's") == "RUS"
    assert gz.lookup("Kremlin") == "RUS"
    assert gz.lookup("Bankova") == "UKR"
    assert gz.lookup("Élysée") == "FRA"
    assert gz.lookup("Bundestag") == "DEU"
    assert gz.lookup("US") == "USA"
    assert gz.lookup("us") is None
    assert gz.lookup("Zelenskyy") == "UKR"
    assert gz.lookup("Xi Jinping") == "CHN"
    assert gz.lookup("Guterres") == "UN"
    assert gz.lookup("nonsense") is None


def test_leaders() -> None:
    gz = Gazetteer.default()
    lead = gz.leader("Peskov")
    assert lead is not None
    assert lead.actor == "RUS"
    assert gz.leader("Melania Trump") is None
    assert gz.leader("Costa") is None  # ambiguous surname


def test_find_actors_longest_and_boundaries() -> None:
    gz = Gazetteer.default()
    text = "The European Union and the USA, not US-backed UNESCO; Russia's envoy and the Kremlin. us"
    found = [(m.text, m.actor) for m in find_actors(text, gz)]
    assert ("European Union", "EU") in found
    assert ("USA", "USA") in found
    assert ("US", "USA") in found
    assert ("Russia", "RUS") in found
    assert ("Kremlin", "RUS") in found
    assert all(m.text != "European" for m in find_actors(text, gz))
    assert not any(t == "us" for t, _ in found)
    for m in find_actors(text, gz):
        assert text[m.start : m.end] == m.text


def test_dateline_capitals() -> None:
    gz = Gazetteer.default()
    assert next((m.text, m.actor) for m in find_actors("KYIV, Ukraine (AP) -", gz)) == ("KYIV", "UKR")


def test_extended_case() -> None:
    case = load_case("ukraine-2025")
    gz = Gazetteer.extended(case)
    assert gz.lookup("Kremlin") == "RUS"
    assert gz.lookup("Brussels") == "EU"


def test_actor_search_takes_linear_time() -> None:
    gz = Gazetteer.default()
    gz.regex()
    sentence = "Russian President Vladimir Putin met U.S. envoy Steve Witkoff in the Kremlin. "
    assert_linear(lambda n: find_actors(sentence * n, gz), 2000)
