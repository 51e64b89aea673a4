"""Who a quotation's speech verb belongs to, read from a dependency parse.

Method: the sentence holding the quote is parsed with spaCy's dependency parser
(:func:`accord.evidence.nlp.load_parser`).  Speech verbs outside the quotation marks ("said",
"told", "stating", "explained", "according to") are tried nearest to the quote first.  For each,
the grammatical subject is followed up the tree:

* ``nsubj`` of the verb ("Peskov said", "the spokesman explained", "the Ukrainian president
  said");
* a participle or coordinated verb without its own subject takes its head's ("Merz expressed
  optimism, stating ..."; "He emphasized ..., stating, ...");
* a relative pronoun takes the noun the clause hangs on ("US envoy Steve Witkoff, who said ...");
* "according to X" gives X.

The result is the subject's head token and the phrase it heads (its left modifiers and any
apposition: "German Chancellor Friedrich Merz", "Dmitry Peskov, the Kremlin's spokesman"), as
character offsets into the article; :mod:`accord.evidence.quotes` maps it to a person (a named
person in the phrase wins over an institution or country in it), a pronoun, a role ("the
spokesman") or an institution.

Limits: the small English model mis-parses some long sentences; verbs inside the quotation are
never used; a speaker in another sentence is left to the rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from accord.evidence.people import SPEECH_VERBS

__all__ = ["Subject", "speech_subject", "stance_subject"]

_VERB_FORMS = frozenset(v for v in SPEECH_VERBS.split("|") if " " not in v) | {
    "stating",
    "explaining",
    "emphasizing",
    "emphasising",
    "adding",
    "answered",
    "replying",
    "responding",
    "announcing",
    "recalling",
    "reiterating",
    "indicated",
    "revealed",
    "praising",
    "describing",
}
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
_CLIMB_DEPS = frozenset({"advcl", "xcomp", "conj", "pcomp", "acl", "prep"})
_MAX_SENTENCE = 1_500


def _parse(
    text: str, sentence: tuple[int, int], parser: Any, cache: dict[tuple[int, int], Any] | None
) -> Any:
    """The parse of ``text[sentence]``, from ``cache`` when there.

    ``None`` when the sentence is too long or the parser fails or refuses (the callers then
    leave it to the rules).
    """
    lo, hi = sentence
    if hi - lo > _MAX_SENTENCE:
        return None
    doc = None if cache is None else cache.get(sentence)
    if doc is None:
        try:
            doc = parser(text[lo:hi])
        except Exception:
            return None
        if cache is not None:
            cache[sentence] = doc
    return doc


@dataclass(frozen=True)
class Subject:
    """The subject of a speech verb.

    Attributes:
        head: ``(start, end)`` of the head word ("Merz", "spokesman", "he").
        phrase: ``(start, end)`` of the phrase it heads, with its modifiers and apposition.
        pronoun: The head is a personal pronoun ("he", "she").
    """

    head: tuple[int, int]
    phrase: tuple[int, int]
    pronoun: bool


def speech_subject(
    text: str,
    sentence: tuple[int, int],
    quote: tuple[int, int],
    quoted: list[tuple[int, int]],
    parser: Any,
    cache: dict[tuple[int, int], Any] | None = None,
) -> Subject | None:
    """Return the subject of the speech verb attributing ``quote``, or ``None``.

    Args:
        text: The article text.
        sentence: ``(start, end)`` of the sentence (or sentences) holding the quote.
        quote: ``(start, end)`` of the quotation marks.
        quoted: Every quoted span of the article (verbs inside them are ignored).
        parser: A spaCy pipeline with a parser (:func:`accord.evidence.nlp.load_parser`).
        cache: Parsed sentences by span, reused across the quotes of one article.

    Returns:
        The subject, with offsets into ``text``.
    """
    lo, hi = sentence
    doc = _parse(text, sentence, parser, cache)
    if doc is None:
        return None
    inside = [(s - lo, e - lo) for s, e in quoted if s < hi and e > lo]

    def in_quote(tok: Any) -> bool:
        return any(s <= tok.idx < e for s, e in inside)

    qs, qe = quote[0] - lo, quote[1] - lo
    verbs = []
    for tok in doc:
        word = tok.lower_
        if in_quote(tok):
            continue
        if (word in _VERB_FORMS and tok.tag_.startswith("VB")) or word == "according":
            dist = qs - (tok.idx + len(tok)) if tok.idx < qs else tok.idx - qe
            verbs.append((abs(dist), tok.i))
    for _, i in sorted(verbs)[:4]:
        subj = _subject(doc[i])
        if subj is not None and not in_quote(subj):
            return _span(subj, lo)
    return None


def _subject(verb: Any) -> Any:
    if verb.lower_ == "according":
        for child in verb.children:
            for grand in child.children if child.lower_ == "to" else ():
                if grand.dep_ == "pobj":
                    return grand
        return None
    tok = verb
    for _ in range(4):
        for child in tok.children:
            if child.dep_ in _SUBJECT_DEPS:
                if child.tag_ in ("WP", "WDT") and tok.dep_ == "relcl":
                    return tok.head
                return child
        if tok.dep_ == "relcl":
            return tok.head
        if tok.dep_ not in _CLIMB_DEPS or tok.head is tok:
            return None
        tok = tok.head
    return None


def _span(head: Any, offset: int) -> Subject:
    doc = head.doc
    left = head.left_edge.i
    for k in range(head.i - 1, left - 1, -1):
        if doc[k].text in (",", "(", "\u2014", "\u2013", ";"):
            left = k + 1  # "Asked about it, Peskov said": the phrase starts after the comma
            break
    right = head.i
    for child in head.children:
        if child.dep_ == "appos" or (child.dep_ == "prep" and child.lower_ == "of" and child.i == head.i + 1):
            right = max(right, child.right_edge.i)  # "Dmitry Peskov, the spokesman"; "the Head of State"
    end_tok = doc[right]
    pronoun = head.tag_ == "PRP" and head.lower_ in ("he", "she")
    return Subject(
        (head.idx + offset, head.idx + len(head) + offset),
        (doc[left].idx + offset, end_tok.idx + len(end_tok) + offset),
        pronoun,
    )


_STANCE_CLIMB = frozenset({"xcomp", "conj", "advcl", "ccomp"})
_SKIP_IN_SUBJECT = frozenset({"relcl", "acl", "appos"})


def stance_subject(
    text: str,
    sentence: tuple[int, int],
    cue: tuple[int, int],
    parser: Any,
    cache: dict[tuple[int, int], Any] | None = None,
) -> list[tuple[int, int]] | None:
    """Return the spans of the words of the subject that holds a verb stance cue, or ``None``.

    The cue's first word must be a verb; its subject (``nsubj``, or for a passive the agent of
    "by") is looked for on the verb, then on the verbs it hangs on through ``xcomp`` ("agreed to
    *halt*"), ``conj`` ("met ... and *proposed*") or ``advcl``.  The subject's whole subtree
    counts ("the leaders of France and Germany", "Russia and Ukraine"), except relative clauses
    and appositions hanging on it.  Returns ``None`` when the cue is not a verb, the sentence
    cannot be parsed or the verb has no subject (the caller then uses its rules).

    Args:
        text: The article text.
        sentence: ``(start, end)`` of the sentence.
        cue: ``(start, end)`` of the cue in ``text``.
        parser: A spaCy pipeline with a parser.
        cache: Parsed sentences by span, reused across the claims of one article.

    Returns:
        ``(start, end)`` of each word of the subject, with offsets into ``text``.
    """
    lo = sentence[0]
    doc = _parse(text, sentence, parser, cache)
    if doc is None:
        return None
    at = cue[0] - lo
    verb = next((tok for tok in doc if tok.idx <= at < tok.idx + len(tok)), None)
    if verb is None or not verb.tag_.startswith("VB"):
        return None
    tok = verb
    for _ in range(4):
        for child in tok.children:
            if child.dep_ in ("nsubj", "agent"):
                head = child if child.dep_ == "nsubj" else next(iter(child.children), None)
                if head is None:
                    continue
                if head.tag_ in ("WP", "WDT") and tok.dep_ == "relcl":
                    head = tok.head
                return _subtree_words(head, lo)
        if any(child.dep_ == "nsubjpass" for child in tok.children):
            return None  # a passive without an agent: the rules decide
        if tok.dep_ not in _STANCE_CLIMB or tok.head is tok:
            return None
        tok = tok.head
    return None


_ROLE_HEADS = frozenset(
    [
        "leader",
        "leaders",
        "head",
        "heads",
        "government",
        "governments",
        "president",
        "presidents",
        "minister",
        "ministers",
        "official",
        "officials",
        "delegation",
        "delegations",
        "representative",
        "representatives",
        "envoy",
        "envoys",
        "negotiator",
        "negotiators",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "chancellor",
        "ministry",
        "ministries",
        "foreign",
        "defence",
        "defense",
        "side",
        "sides",
        "team",
        "teams",
        "administration",
    ]
)
"""Heads whose "of" phrase names the holder ("the leaders *of France and Germany*"); after any
other head it does not ("75% *of Ukrainians*", "a poll *of Russians*")."""


def _subtree_words(head: Any, offset: int) -> list[tuple[int, int]]:
    skip: set[int] = set()
    for tok in head.subtree:
        if tok.i == head.i:
            continue
        if tok.dep_ in _SKIP_IN_SUBJECT or (
            tok.dep_ == "prep" and tok.head.i == head.i and head.lower_ not in _ROLE_HEADS
        ):
            skip.update(t.i for t in tok.subtree)
    return [
        (t.idx + offset, t.idx + len(t) + offset) for t in head.subtree if t.i not in skip and not t.is_punct
    ]
