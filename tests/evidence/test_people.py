from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scaling import assert_linear

from accord.evidence.gazetteer import Gazetteer
from accord.evidence.nlp import load_nlp
from accord.evidence.people import find_people
from accord.evidence.sentences import split_sentences

ARTICLE = (
    "Kremlin spokesman Dmitry Peskov told reporters that Moscow saw no plan. Peskov said talks would go on.\n"
    "Yulia Svyrydenko, Ukraine's prime minister, said Kyiv would not yield. Mr Peskov did not reply.\n"
    "Special envoy Steve Witkoff met President Vladimir Putin. Zelensky said he was ready.\n"
    "European Commission President Ursula von der Leyen spoke in Donbas. Olena Kovalenko, 54, fled Mariupol."
)


def _people(text: str, nlp: object | None = None) -> dict[str, object]:
    gz = Gazetteer.default()
    return {p.name: p for p in find_people(text, split_sentences(text), gz, nlp)}


@pytest.fixture(params=["rules", "nlp"])
def nlp(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> object | None:
    if request.param == "rules":
        monkeypatch.setenv("ACCORD_NO_NLP", "1")
        assert load_nlp() is None
        return None
    monkeypatch.delenv("ACCORD_NO_NLP", raising=False)
    model = load_nlp()
    if model is None:
        pytest.skip("spaCy model not installed")
    return model


def test_names_titles_linking(nlp: object | None) -> None:
    found = _people(ARTICLE, nlp)
    for name in (
        "Dmitry Peskov",
        "Yulia Svyrydenko",
        "Steve Witkoff",
        "Vladimir Putin",
        "Volodymyr Zelensky",  # written "Zelensky" only: completed from the registry
        "Ursula von der Leyen",
        "Olena Kovalenko",
    ):
        assert name in found, name
    peskov = found["Dmitry Peskov"]
    assert peskov.actor == "RUS"  # type: ignore[attr-defined]
    assert len(peskov.mentions) == 3  # type: ignore[attr-defined]
    for bad in ("Moscow", "Kyiv", "Donbas", "Kremlin", "Mariupol", "Ukraine"):
        assert bad not in found


def test_spans_match_text(nlp: object | None) -> None:
    gz = Gazetteer.default()
    for p in find_people(ARTICLE, split_sentences(ARTICLE), gz, nlp):
        assert ARTICLE[p.start : p.end] in p.name or p.name.endswith(ARTICLE[p.start : p.end])
        for s, e in p.mentions:
            assert 0 <= s < e <= len(ARTICLE)


def test_fullest_form_is_as_written() -> None:
    found = _people("Zelenskyy said on Monday that Ukraine would talk.")
    assert list(found) == ["Volodymyr Zelenskyy"]  # the surname as written, the given name from the registry


def test_conflicting_surnames() -> None:
    found = _people("Melania Trump attended. Donald Trump spoke. Trump said he was pleased.")
    assert "Melania Trump" in found
    assert "Donald Trump" in found


def test_no_people_in_plain_text() -> None:
    assert _people("The talks in Geneva ended on Monday without a deal.") == {}


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.characters(), max_size=300))
def test_never_raises(text: str) -> None:
    gz = Gazetteer.default()
    for p in find_people(text, split_sentences(text), gz):
        for s, e in p.mentions:
            assert 0 <= s < e <= len(text)


def test_capitalised_input_takes_linear_time() -> None:
    gz = Gazetteer.default()

    def run(n: int) -> None:
        big = "Abc " * n
        find_people(big, split_sentences(big), gz)

    assert_linear(run, 250_000)
