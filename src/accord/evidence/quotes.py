"""Find quotations in an article and attribute each to its speaker.

Method.  *Marks*: each paragraph (line) is scanned once for straight double quotes
(``"``, paired in order), curly double quotes (U+201C/U+201D), guillemets and curly single
quotes used as quote marks (U+2018 opening at the start of a word, U+2019 closing only when
not followed by a letter, so apostrophes in "Russia's" or "don't" written with U+2019 are
ignored).  Marks inside
an open double quote are ignored (nested quotes stay inside the outer quote).  A paragraph
that opens a quote without closing it continues in the next paragraph when that one opens
with a quote mark (the news convention for multi-paragraph quotes); each paragraph's part
is reported as its own quote, and later parts inherit the speaker.  Other unclosed quotes
are dropped.  A quote's span is inside the marks (punctuation inside the marks included),
without surrounding whitespace.

*Partial*: a quote is a full quote when it starts with a capital, digit or ellipsis and
either opens its sentence or follows a colon, a comma or a speech verb; otherwise it is a
fragment (``partial=True``).  Fragments of one or two words, and title-case fragments (a
quoted name: the "Trump Route for International Peace"), are dropped unless the sentence
has a speech verb outside the quotes (Rubio called the talks "productive"):
only attributed short fragments are kept.

*Speaker*: speech verbs (said, told, added, according to, wrote, called... see
:data:`accord.evidence.people.SPEECH_VERBS`) in the quote's sentence, outside quotes,
nearest the quote first.  For each: the subject right before the verb ("Peskov said",
"the Kremlin said"), across an apposition ("Umerov, who led the delegation, said"; "Russia's
chief negotiator, presidential aide Vladimir Medinsky, said"); else an inverted subject
right after it ("said Kremlin spokesman Dmitry Peskov", "according to Peskov") when the
name ends the clause; a pronoun ("he said", "she added") resolves to the subject (first
person named) of the latest sentence before the quote that names a person.  When a verb is
found but its subject is no one named ("one of them said", "officials said"), the speaker
is ``None``.  Without a verb: a quote after a sentence or clause ending in a colon goes to that sentence's
speaker; an unattributed full quote inherits the speaker of the previous quote in its
paragraph (or of the quote it continues).  Speakers are people's fullest names (from
``people``) or institutions/actors as written ("Kremlin", "State Department", without
"the"); ``actor`` is the person's or mention's actor.

With a parser (``parser``, quotes in the first :data:`~accord.evidence.nlp.MAX_NLP_CHARS`
characters only) the subject of the speech verb is read from the dependency parse when the
rules find no speaker or only an institution (see :mod:`accord.evidence.attribution`); role
phrases ("the Kremlin spokesman") resolve through :class:`accord.evidence.entities.Registry`
at the article's date; a quote that is a whole sentence on its own takes the speaker of the
previous sentence when someone speaks in it.

Limits: single straight quotes (') are not quote marks; no gender agreement for pronouns;
"they said" / "it said" are not resolved; speakers not found as people or actors (an
unnamed "senior official") give ``None``; a quote attributed only in a later sentence
("... ." That was what Peskov said.) is missed.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from accord.evidence.attribution import Subject, speech_subject
from accord.evidence.entities import Registry, normalise_title, person_id
from accord.evidence.gazetteer import Gazetteer
from accord.evidence.nlp import MAX_NLP_CHARS
from accord.evidence.people import SPEECH_VERBS
from accord.evidence.types import ActorMention, Person, Quote


def _words(words: str) -> frozenset[str]:
    return frozenset(words.split())


__all__ = ["find_quotes"]

_LINE = re.compile(r"[^\n\r\u2028\u2029]+")
_VERB = re.compile(rf"\b(?-i:(?!States\b))(?:{SPEECH_VERBS})\b", re.IGNORECASE)
"""A speech verb; "States" with a capital is the noun ("the United States"), not the verb."""
_DEMONYM_PERSON = r"[Tt]he [A-Z][a-z]+(?:ian|ean|ese|ish|an|man|woman)"
"""A demonym standing alone for a person ("complained the Estonian", "the Frenchman said")."""
_PRONOUN_BEFORE = re.compile(
    r"\b(he|she|He|She|[Tt]he (?:[A-Z][\w.]*\s+)?(?:politician|diplomat|official|minister|"
    r"spokes(?:man|woman|person)|envoy|aide|negotiator|lawmaker|senator)|" + _DEMONYM_PERSON + r")\s+"
    r"(?:(?:also|later|then|has|had|again|further|once|reportedly|would|will)\s+)*$"
)
"""A pronoun, or a role noun standing for the person last named ("the politician warned")."""
_WHO_BEFORE = re.compile(
    r",\s*who\s+(?:(?:also|later|then|has|had|have|again|further|once|reportedly|would|will)\s+)*$"
)
"""A relative clause opening at the speech verb: its subject is the person before it."""
_SUBJECT_START = re.compile(
    r"\s*(?:he|she|He|She|[Tt]he (?:[A-Z][\w.]*\s+)?(?:politician|diplomat|official|minister|"
    r"spokes(?:man|woman|person)|envoy|aide|negotiator|lawmaker|senator))\b"
)
"""A sentence opening with a pronoun or a role noun standing for the person last named."""
_PRONOUN_AFTER = re.compile(
    r"\s*(he|she|him|her(?=\s*,)|the (?:politician|diplomat|official|minister|spokes(?:man|woman|person))\b|"
    + _DEMONYM_PERSON
    + r"(?=\s*(?:[.,;:!?\n]|$)))\b"
)
_ADVERBS_BEFORE = re.compile(
    r"(?:\s+(?:also|later|then|has|had|have|again|further|once|reportedly|repeatedly|earlier|recently|"
    r"publicly|would|will|is|was|on\s+\w+|in\s+a\s+statement|separately|privately|previously))*\s*$"
)
_GAP_WORDS = _words("""
    the of for and to foreign defence defense minister ministry spokesman spokeswoman spokesperson envoy
    special adviser advisor aide chief staff secretary state president prime deputy presidential press
    senior top national security negotiator lead head ambassador official commander general vice
    us u.s. white house kremlin policy affairs former current a an his her its russian ukrainian
    american european british french german foreign-policy chancellor leader speaker representative
    in at on
    """)
_CLAUSE_END = re.compile(
    r"\s*(?:$|[,.;:!?\"\u201c\u201d)]|\u2014|\u2013|-\s|(?:on|in|at|during|after|before|while|when|as|to|from|via|late|"
    r"early|earlier|last|this|adding|told|who|whose)\b)"
)


_INSTITUTIONS = Gazetteer.default().institutions
_WINDOW = 400
"""Characters of context either side of a quote searched for its speaker."""


@dataclass(frozen=True)
class _Raw:
    start: int
    end: int
    open_mark: int
    close_mark: int
    para: int
    continued: bool


@dataclass(frozen=True)
class _Who:
    start: int
    end: int
    name: str
    actor: str | None
    person: bool
    entity: str | None = None


@dataclass(frozen=True)
class _Context:
    """What resolving a role or parsing a sentence needs, fixed for one article."""

    date: str | None
    registry: Registry
    parser: object | None
    parsed: dict[tuple[int, int], object]


def find_quotes(
    text: str,
    sentences: Sequence[tuple[int, int]],
    people: Sequence[Person],
    actors: Sequence[ActorMention],
    *,
    date: str | None = None,
    parser: object | None = None,
    registry: Registry | None = None,
) -> list[Quote]:
    """Return the quotations in ``text`` with their speakers, in text order.

    Args:
        text: The article text.
        sentences: Sentence spans (:func:`accord.evidence.sentences.split_sentences`).
        people: People found in the text (:func:`accord.evidence.people.find_people`).
        actors: Actor mentions (:func:`accord.evidence.actors.find_actors`).
        date: The article's date (YYYY-MM-DD): who held a role then ("the Kremlin spokesman").
        parser: A spaCy pipeline with a dependency parser
            (:func:`accord.evidence.nlp.load_parser`), or ``None`` for rules only.
        registry: Canonical people (:meth:`Registry.default` when ``None``).

    Returns:
        Quotes; ``text`` of each equals ``text[start:end]``.
    """
    ctx = _Context(date, registry or Registry.default(), parser, {})
    raws = _find_marks(text)
    if not raws:
        return []
    quoted = [(r.open_mark, r.close_mark + 1) for r in raws]
    whos = _mentions(people, actors, quoted)
    who_starts = [w.start for w in whos]
    sent_starts = [s for s, _ in sentences]
    out: list[Quote] = []
    prev_by_para: dict[int, tuple[str | None, str | None, str | None]] = {}
    last_para = -1
    for raw in raws:
        sent = _sentence_of(text, raw.open_mark, sentences, sent_starts)
        s_end = max(
            sent[1], _sentence_of(text, max(raw.open_mark, raw.close_mark - 1), sentences, sent_starts)[1]
        )
        # Context: the sentence, at most _WINDOW characters either side of the quote.
        pre = (max(sent[0], raw.open_mark - _WINDOW), raw.open_mark)
        post = (raw.close_mark + 1, max(raw.close_mark + 1, min(s_end, raw.close_mark + 1 + _WINDOW)))
        qtext = text[raw.start : raw.end]
        partial = _is_partial(text, qtext, pre)
        regions = [_gaps_before(pre, quoted), _gaps_after(post, quoted)]
        found_verb, who = _attribute(text, raw, (pre[0], post[1]), regions, whos, who_starts)
        quoted_as = _quoted_as_saying(text, raw, (sent[0], s_end), whos, who_starts, ctx)
        if quoted_as is not None:
            found_verb, who = True, quoted_as
        if ctx.parser is not None and raw.open_mark < MAX_NLP_CHARS and (who is None or not who.person):
            parsed = _parsed_speaker(text, raw, (sent[0], s_end), quoted, whos, who_starts, ctx)
            if parsed is not None and (parsed.person or who is None):
                found_verb, who = True, parsed
        if who is None:
            agent = _by_agent(text, raw, sent, whos, who_starts, ctx)
            if agent is not None:
                found_verb, who = True, agent
        if who is not None and _anonymous(text, who):
            found_verb, who = True, None  # "a Ukrainian official told Axios": an unnamed source
        if found_verb and who is None:
            who = _lower_institution(text, raw, (sent[0], s_end), whos, who_starts)
        if not found_verb and who is None:
            tail = _dash_speaker(text, raw, whos, who_starts) or _tail_speaker(
                text, raw, s_end, sentences, sent_starts, whos, who_starts
            )
            if tail is None:
                tail = _source_sentence_speaker(text, raw, s_end, sentences, sent_starts, whos, who_starts)
            if tail is not None:
                found_verb, who = True, tail
        if not found_verb and who is None:
            who = _colon_speaker(text, raw, sent, sentences, sent_starts, whos, who_starts, quoted)
        if not found_verb and who is None and not partial and _alone(text, raw, (sent[0], s_end), quoted):
            who = _previous_speaker(text, raw, sent, sentences, sent_starts, whos, who_starts, quoted)
            if who is None:
                who = _heading_speaker(text, raw, whos, ctx)
        speaker: str | None
        actor: str | None
        speaker_id: str | None
        if who is not None:
            speaker, actor, speaker_id = who.name, who.actor, who.entity
        elif not found_verb and not partial and raw.para in prev_by_para:
            speaker, actor, speaker_id = prev_by_para[raw.para]
        elif not found_verb and raw.continued and last_para in prev_by_para:
            speaker, actor, speaker_id = prev_by_para[last_para]
        else:
            speaker, actor, speaker_id = None, None, None
        if partial and not found_verb and (len(qtext.split()) < 3 or _title_case(qtext)):
            continue  # a scare quote, or a quoted name ("the Trump Route for Peace")
        out.append(Quote(speaker, qtext, raw.start, raw.end, partial, actor, speaker_id))
        prev_by_para[raw.para] = (speaker, actor, speaker_id)
        last_para = raw.para
    return _sole_speaker(text, out, whos, who_starts, sentences, sent_starts, quoted)


def _reported_speakers(
    text: str,
    whos: list[_Who],
    who_starts: list[int],
    sentences: Sequence[tuple[int, int]],
    quoted: list[tuple[int, int]],
) -> list[_Who]:
    """The named speakers of the article's reported speech ("Zakharova said at a briefing")."""
    found = []
    for lo, hi in sentences:
        for m in _VERB.finditer(text, lo, hi):
            if _inside(m.start(), quoted):
                continue
            at = _Raw(m.start(), m.start(), m.start(), m.start(), 0, False)
            who = _subject_before(text, m.start(), lo, whos, who_starts, at)
            if who is None:  # "said Peskov"; a place or state after the verb is not its subject
                after = _subject_after(text, m.end(), hi, whos, who_starts, at)
                who = after if after is not None and after.person else None
            if who is not None:
                found.append(who)
    return found


def _sole_speaker(
    text: str,
    quotes: list[Quote],
    whos: list[_Who],
    who_starts: list[int],
    sentences: Sequence[tuple[int, int]],
    sent_starts: list[int],
    quoted: list[tuple[int, int]],
) -> list[Quote]:
    """Give the article's only speaker the quotes no rule attributed.

    When one person speaks every attributed quote and every reported statement of the article
    (a briefing write-up, "the key statements of ..."), an unattributed quote whose sentence
    names no other person is theirs too. Articles with two or more speakers, or an
    institution speaking, are left alone.
    """
    if all(q.speaker is not None for q in quotes):
        return quotes
    speakers = [(q.speaker, q.actor, q.speaker_id) for q in quotes if q.speaker is not None] + [
        (w.name, w.actor, w.entity if w.person else None)
        for w in _reported_speakers(text, whos, who_starts, sentences, quoted)
    ]
    ids = {sid for _n, _a, sid in speakers}
    if len(ids) != 1 or None in ids:
        return quotes
    name, actor, sole_id = next(sp for sp in speakers if sp[0] == max((x[0] for x in speakers), key=len))
    out = []
    for q in quotes:
        if q.speaker is None:
            i = max(0, bisect.bisect_right(sent_starts, q.start) - 1)
            lo, hi = sentences[i] if sentences else (q.start, q.end)
            near = whos[bisect.bisect_left(who_starts, lo) : bisect.bisect_left(who_starts, hi)]
            other = any(w.person and w.entity != sole_id for w in near)
            if not other:
                q = Quote(name, q.text, q.start, q.end, q.partial, actor, sole_id)
        out.append(q)
    return out


def _title_case(qtext: str) -> bool:
    words = [w for w in qtext.split() if len(w) > 3]
    return bool(words) and sum(w[0].isupper() for w in words) >= 0.6 * len(words)


# ---------------------------------------------------------------------- marks
_OPENER = re.compile('["\u201c\u00ab]|(?<![^\\W_])\u2018(?=\\S)')
_CLOSER = {
    '"': re.compile('["\u201d]'),
    "\u201c": re.compile('["\u201d]'),
    "\u00ab": re.compile("\u00bb"),
    "\u2018": re.compile("\u2019(?![^\\W\\d_])"),
}
_OPENING = '"\u201c\u2018\u00ab'


def _find_marks(text: str) -> list[_Raw]:
    out: list[_Raw] = []
    carry = False  # the previous paragraph ended inside a quote
    for para_no, line in enumerate(_LINE.finditer(text)):
        ls, le = line.start(), line.end()
        first = ls
        while first < le and text[first].isspace():
            first += 1
        continued = carry and first < le and text[first] in _OPENING
        carry = False
        pos = ls
        while True:
            if continued:
                open_at, is_cont, continued = first, True, False
            else:
                m = _OPENER.search(text, pos, le)
                if m is None:
                    break
                open_at, is_cont = m.start(), False
            open_ch = text[open_at]
            c = _CLOSER[open_ch].search(text, open_at + 1, le)
            if c is None:
                nxt = _next_line_start(text, le)
                if nxt is not None and text[nxt] in _OPENING:
                    _emit(text, open_at, le, para_no, is_cont, out, closed=False)
                    carry = True
                break
            if c.start() > open_at + 1:
                _emit(text, open_at, c.start(), para_no, is_cont, out)
            pos = c.end()
    return out


def _emit(
    text: str, open_at: int, close_at: int, para: int, cont: bool, out: list[_Raw], closed: bool = True
) -> None:
    s, e = open_at + 1, close_at
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if s < e and any(c.isalnum() for c in text[s:e]):
        out.append(_Raw(s, e, open_at, close_at if closed else e, para, cont))


def _next_line_start(text: str, pos: int) -> int | None:
    n = len(text)
    while pos < n and text[pos].isspace():
        pos += 1
    return pos if pos < n else None


# ---------------------------------------------------------------------- context
def _mentions(
    people: Sequence[Person], actors: Sequence[ActorMention], quoted: list[tuple[int, int]]
) -> list[_Who]:
    whos: list[_Who] = []
    taken: list[tuple[int, int]] = []
    for p in people:
        for s, e in p.mentions or ((p.start, p.end),):
            if not _inside(s, quoted):
                whos.append(_Who(s, e, p.name, p.actor, True, p.entity_id))
                taken.append((s, e))
    taken.sort()
    for a in actors:
        if _inside(a.start, quoted) or _overlaps(a.start, a.end, taken):
            continue
        whos.append(_Who(a.start, a.end, a.text, a.actor, False))
    whos.sort(key=lambda w: w.start)
    return whos


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    """True when ``[start, end)`` overlaps one of ``spans`` (sorted by start)."""
    i = bisect.bisect_left(spans, (end, -1))
    return any(s < end and start < e for s, e in spans[max(0, i - 8) : i])


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    """True when ``pos`` is in one of ``spans`` (sorted, non-overlapping)."""
    i = bisect.bisect_right(spans, (pos, 1 << 62)) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]


def _sentence_of(
    text: str, pos: int, sentences: Sequence[tuple[int, int]], starts: list[int]
) -> tuple[int, int]:
    i = bisect.bisect_right(starts, pos) - 1
    if 0 <= i < len(sentences) and sentences[i][0] <= pos < sentences[i][1]:
        return sentences[i]
    # Not inside a given sentence (sentences missing or inconsistent): use the line.
    le = text.find("\n", pos)
    return (text.rfind("\n", 0, pos) + 1, len(text) if le < 0 else le)


def _gaps_before(region: tuple[int, int], quoted: list[tuple[int, int]], k: int = 2) -> list[tuple[int, int]]:
    """The last ``k`` stretches of ``region`` (which ends at a quote) lying outside quoted spans."""
    lo, hi = region
    parts: list[tuple[int, int]] = []
    i = bisect.bisect_left(quoted, (hi, -1)) - 1
    while hi > lo and len(parts) < k:
        while i >= 0 and quoted[i][1] > hi:
            i -= 1
        qe = quoted[i][1] if i >= 0 else lo
        if max(qe, lo) < hi:
            parts.append((max(qe, lo), hi))
        if i < 0 or qe <= lo:
            break
        hi = quoted[i][0]
        i -= 1
    parts.reverse()
    return parts


def _gaps_after(region: tuple[int, int], quoted: list[tuple[int, int]], k: int = 2) -> list[tuple[int, int]]:
    """The first ``k`` stretches of ``region`` (which starts after a quote) outside quoted spans."""
    lo, hi = region
    parts: list[tuple[int, int]] = []
    i = bisect.bisect_left(quoted, (lo, -1))
    while lo < hi and len(parts) < k:
        while i < len(quoted) and quoted[i][0] < lo:
            i += 1
        qs = quoted[i][0] if i < len(quoted) else hi
        if lo < min(qs, hi):
            parts.append((lo, min(qs, hi)))
        if i >= len(quoted) or qs >= hi:
            break
        lo = quoted[i][1]
        i += 1
    return parts


_LAST_WORD = re.compile(r"([A-Za-z]+)\W*$")
_VERB_WORDS = frozenset(v for v in SPEECH_VERBS.split("|") if " " not in v)


def _is_partial(text: str, qtext: str, pre: tuple[int, int]) -> bool:
    head = qtext.lstrip(".\u2026[( ")
    if not head or not (head[0].isupper() or head[0].isdigit()):
        return True
    before = text[pre[0] : pre[1]].rstrip()
    if not before or before.endswith((":", ",", "\u2014", "\u2013", "-")):
        return False
    last = _LAST_WORD.search(before, max(0, len(before) - 30))
    return not (last is not None and last.group(1).lower() in _VERB_WORDS)


# ---------------------------------------------------------------------- attribution
def _attribute(
    text: str,
    raw: _Raw,
    bounds: tuple[int, int],
    regions: list[list[tuple[int, int]]],
    whos: list[_Who],
    who_starts: list[int],
) -> tuple[bool, _Who | None]:
    """Return (a speech verb was found, the speaker) for a quote within sentence ``bounds``."""
    verbs: list[tuple[int, int, int]] = []  # (distance, start, end)
    for part in regions:
        for s, e in part:
            for m in _VERB.finditer(text, s, e):
                dist = raw.open_mark - m.end() if m.end() <= raw.open_mark else m.start() - raw.close_mark
                verbs.append((abs(dist), m.start(), m.end()))
    verbs.sort()
    for _, vs, ve in verbs[:4]:
        participle = text[vs:ve].endswith("ing")
        who = _subject_before(text, vs, bounds[0], whos, who_starts, raw, apposition=not participle)
        if (
            who is None and not participle
        ):  # "describing China as ...": what follows a participle is its object
            who = _subject_after(text, ve, bounds[1], whos, who_starts, raw)
        if who is None and participle:
            # "Merz was more cautious, saying ...": the sentence's first person is the subject.
            first = _between(whos, who_starts, bounds[0], vs)
            who = next((w for w in first if w.person), None) or next(
                (w for w in first if w.name in _INSTITUTIONS), None
            )
            if (
                who is None
                and _PRONOUN_BEFORE.match(text, bounds[0]) is None
                and _SUBJECT_START.match(text, bounds[0])
            ):
                who = _resolve_pronoun(
                    text, raw.open_mark, whos, who_starts
                )  # "The EU official ..., describing"
        if who is not None:
            return True, who
    return bool(verbs), None


def _subject_before(
    text: str,
    verb_start: int,
    floor: int,
    whos: list[_Who],
    who_starts: list[int],
    raw: _Raw,
    apposition: bool = True,
) -> _Who | None:
    window_start = max(floor, verb_start - 200)
    adv_start = max(window_start, verb_start - 80)
    adv = _ADVERBS_BEFORE.search(text, adv_start, verb_start)
    core_end = adv.start() if adv else verb_start
    if _PRONOUN_BEFORE.search(text, max(window_start, verb_start - 60), verb_start) is not None:
        return _resolve_pronoun(text, raw.open_mark, whos, who_starts)
    rel = _WHO_BEFORE.search(text, max(window_start, verb_start - 60), verb_start)
    if rel is not None:
        # "Rustem Umerov, the NSDC secretary, who described the talks as ...": the last person before "who"
        near = _between(whos, who_starts, window_start, rel.start())
        person = next((w for w in reversed(near) if w.person), None)
        if person is not None:
            return person
    # Adjacent subject: a mention right before the verb ("Peskov said", "Ukraine's foreign ministry said").
    i = bisect.bisect_left(who_starts, core_end) - 1
    best: _Who | None = None
    while i >= 0 and whos[i].start >= window_start and whos[i].end > core_end - 80:
        w = whos[i]
        if w.end <= core_end and _subject_gap(text[w.end : core_end]):
            if best is None or (w.person and not best.person):
                best = w
            if best.person:
                break
        i -= 1
    if best is not None:
        return _institution(text, best, core_end)
    # Apposition: "X, the ... ," + verb.
    stripped = text[window_start:core_end].rstrip()
    if apposition and stripped.endswith(","):
        close = window_start + len(stripped) - 1
        open_ = text.rfind(",", window_start, close)
        if open_ >= window_start:
            near = _between(whos, who_starts, window_start, close)
            before_open = [w for w in near if open_ - 3 <= w.end <= open_]
            inside = [w for w in near if open_ < w.start and w.end <= close and w.person]
            persons = [w for w in before_open if w.person]
            if persons:
                return persons[-1]
            if inside:
                return inside[-1]
            if before_open:
                return before_open[-1]
    return None


_INSTITUTION_HEAD = re.compile(
    r"(?:['\u2019]s)?(?:\s+(?:foreign|defen[cs]e|interior|justice|finance|economy|state|affairs|"
    r"presidential|press|the))*\s+(?P<head>ministry|office|department|government|embassy|administration|"
    r"parliament|council|commission|service)\s*",
    re.IGNORECASE,
)


def _institution(text: str, who: _Who, end: int) -> _Who:
    """A state named as the adjective of an institution speaks as that institution.

    "The Russian Foreign Ministry stated": the speaker is "Russian Foreign Ministry", not "Russian".
    """
    if who.person or not _INSTITUTION_HEAD.fullmatch(text, who.end, end):
        return who
    name = " ".join(text[who.start : end].split())
    return _Who(who.start, end, name, who.actor, False, who.entity)


_INDEFINITE_BEFORE = re.compile(
    r"\b(?:a|an|one|another|two|three|several|some)\s+(?:(?:senior|top|high-ranking|former|western|european)\s+)?$",
    re.IGNORECASE,
)
_UNNAMED_ROLE = re.compile(
    r"(?:['\u2019]s)?\s+(?:(?:senior|government|administration|defen[cs]e|security|intelligence|military|"
    r"foreign\s+ministry)\s+)?(?:officials?|sources?|diplomats?|aides?|officers?|negotiators?|insiders?|"
    r"people\s+familiar)\b",
    re.IGNORECASE,
)


def _anonymous(text: str, who: _Who) -> bool:
    """Whether a state mention stands for an unnamed source ("a Ukrainian official", "two US officials")."""
    if who.person:
        return False
    return bool(
        _INDEFINITE_BEFORE.search(text, max(0, who.start - 40), who.start)
        and _UNNAMED_ROLE.match(text, who.end)
    )


_LOWER_INSTITUTION = re.compile(
    r"\bthe\s+(?P<kind>(?:defen[cs]e|foreign|interior|justice|finance|economy|foreign\s+affairs)\s+)?"
    r"(?P<head>ministry|office|department|embassy)\s+(?:(?:also|later|then|has|had|have|again)\s+)?"
    r"(?:said|says|stated|added|announced|reported|wrote|noted)\b"
    r"|\b(?:said|says|stated|added|announced|reported|wrote|noted)\s+the\s+"
    r"(?P<kind2>(?:defen[cs]e|foreign|interior|justice|finance|economy|foreign\s+affairs)\s+)?"
    r"(?P<head2>ministry|office|department|embassy)\b",
    re.IGNORECASE,
)
_INSTITUTION_LOOKBACK = 3000
"""Characters searched back from a quote for the institution a lower-case "the ministry" refers to."""


def _lower_institution(
    text: str, raw: _Raw, sent: tuple[int, int], whos: list[_Who], who_starts: list[int]
) -> _Who | None:
    """Speaker of "..., the defence ministry said": the ministry of that kind named earlier.

    Wire copy names the institution once ("Russia's defense ministry said ...") and then writes
    "the defence ministry said"; the speaker is the earlier, named one. Nothing is guessed when
    the article names no such institution.
    """
    m = _LOWER_INSTITUTION.search(text, sent[0], sent[1])
    if m is None:
        return None
    kind = (m.group("kind") or m.group("kind2") or "").split()
    head = (m.group("head") or m.group("head2") or "").lower()
    lo = max(0, sent[0] - _INSTITUTION_LOOKBACK)
    i = bisect.bisect_left(who_starts, sent[0]) - 1
    while i >= 0 and whos[i].start >= lo:
        w = whos[i]
        i -= 1
        if w.person or w.actor is None:
            continue
        named = _NAMED_INSTITUTION.match(text, w.end)
        if named is None or named.group("head").lower() != head:
            continue
        if kind and named.group("kind") and named.group("kind").split()[0][:5].lower() != kind[0][:5].lower():
            continue
        name = " ".join(text[w.start : named.end("head")].split())
        return _Who(w.start, named.end("head"), name, w.actor, False, None)
    return None


_NAMED_INSTITUTION = re.compile(
    r"(?:['\u2019]s)?\s+(?P<kind>(?:defen[cs]e|foreign|interior|justice|finance|economy|foreign\s+affairs)\s+)?"
    r"(?P<head>ministry|office|department|embassy)\b",
    re.IGNORECASE,
)


def _subject_gap(gap: str) -> bool:
    """True when ``gap`` (between a mention and a verb) keeps the mention the subject."""
    if not gap.strip():
        return True
    g = gap.strip()
    if re.fullmatch(r"['\u2019]s?(?:\s+[a-z][\w\-]*){0,3}", g):
        return True  # "Ukraine's foreign ministry", "Kremlin's"
    if "," in g:
        return False
    words = g.split()
    return len(words) <= 3 and all(w.lower() in _GAP_WORDS for w in words)


def _subject_after(
    text: str,
    verb_end: int,
    ceiling: int,
    whos: list[_Who],
    who_starts: list[int],
    raw: _Raw,
) -> _Who | None:
    pm = _PRONOUN_AFTER.match(text, verb_end)
    if pm is not None:
        return _resolve_pronoun(text, raw.open_mark, whos, who_starts)
    i = bisect.bisect_left(who_starts, verb_end)
    chosen: _Who | None = None
    while i < len(whos) and whos[i].start - verb_end <= 80 and whos[i].end <= ceiling:
        w = whos[i]
        gap = text[verb_end : w.start]
        words = gap.replace(",", " ").split()
        if not all(x.lower() in _GAP_WORDS or x[:1].isupper() for x in words):
            break
        if w.person:
            chosen = w
            break
        if chosen is None:
            chosen = w
        i += 1
    if chosen is None:
        return None
    if not _CLAUSE_END.match(text, chosen.end) and not text.startswith(("'s", "\u2019s"), chosen.end):
        return None
    return chosen


_NOT_SUBJECT = re.compile(
    r"(?:\b(?<!according )(?:to|about|with|by|from|for|of|on|against|toward|towards|than|like|after|"
    r"before)\s+(?:\w+\s+){0,3}|['\u2019]s\s+)$",
    re.IGNORECASE,
)
"""A mention after a preposition ("Asked about Trump's remarks, Peskov ...") is not a subject;
"according to Merz" names one."""
_NOT_SUBJECT_WINDOW = 25

_HE_SHE = re.compile(r"\s*[\"\u201c]?(?:He|She)\b")
_CHAIN_LOOKBACK = 600
"""Characters searched back for the start of the sentence naming the latest person."""
_SENTENCE_BREAK = re.compile(r"[.!?][\"'\u201d\u2019)]*\s|\n")


def _resolve_pronoun(
    text: str, before: int, whos: list[_Who], who_starts: list[int], depth: int = 0
) -> _Who | None:
    """The person a pronoun before ``before`` refers to: the subject of the latest sentence naming one.

    The latest person mentioned before ``before`` fixes the sentence; within it, the first
    person mentioned (the subject, in news prose) is preferred over later ones ("Merz spoke to
    Trump and said ... "...," he told reporters" is Merz), following the centering account of
    pronoun reference (Grosz, Joshi and Weinstein 1995, *Centering: A Framework for Modeling
    the Local Coherence of Discourse*).
    """
    i = bisect.bisect_left(who_starts, before) - 1
    stop = max(-1, i - 500)
    latest = None
    while i > stop:
        w = whos[i]
        if w.end <= before and w.person:
            latest = i
            break
        i -= 1
    if latest is None:
        return None
    best = whos[latest]
    subjects = (
        [best] if not _NOT_SUBJECT.search(text, max(0, best.start - _NOT_SUBJECT_WINDOW), best.start) else []
    )
    j = latest - 1
    while j > max(-1, latest - 50):
        w = whos[j]
        if _SENTENCE_BREAK.search(text, w.end, best.start):
            break
        if w.person and not _NOT_SUBJECT.search(text, max(0, w.start - _NOT_SUBJECT_WINDOW), w.start):
            subjects.insert(0, w)
        j -= 1
    # a sentence that itself opens with "he"/"she" continues the chain: "He thanked Trump and
    # said ... Trump uses. "We respect each other," he said" is the earlier subject, not Trump
    lo = max(0, best.start - _CHAIN_LOOKBACK)
    breaks = list(_SENTENCE_BREAK.finditer(text, lo, (subjects or [best])[0].start))
    opening = breaks[-1].end() if breaks else None
    if depth < 3 and opening is not None and _HE_SHE.match(text, opening):
        chained = _resolve_pronoun(text, opening, whos, who_starts, depth + 1)
        if chained is not None:
            return chained
    # the first subject-like person; a possessor gives way to a person named after it ("Putin's aide,
    # Yury Ushakov, gave the readout. He said ..." is Ushakov; "Zelenskiy's speech ..." stays Zelenskiy)
    plain = [w for w in subjects if not text.startswith(("'s", "\u2019s"), w.end)]
    if plain:
        return plain[0]
    return subjects[0] if subjects else best


def _between(whos: list[_Who], who_starts: list[int], lo: int, hi: int) -> list[_Who]:
    """Mentions starting in ``[lo, hi)``."""
    return whos[bisect.bisect_left(who_starts, lo) : bisect.bisect_left(who_starts, hi)]


def _colon_speaker(
    text: str,
    raw: _Raw,
    sent: tuple[int, int],
    sentences: Sequence[tuple[int, int]],
    sent_starts: list[int],
    whos: list[_Who],
    who_starts: list[int],
    quoted: list[tuple[int, int]],
) -> _Who | None:
    """Speaker of a quote introduced by a colon (same sentence, or the previous one)."""
    lo = max(sent[0], raw.open_mark - _WINDOW)
    pre = text[lo : raw.open_mark].rstrip()
    if pre.endswith(":"):
        scope = (lo, lo + len(pre))
    else:
        if pre:
            return None
        i = bisect.bisect_right(sent_starts, sent[0] - 1) - 1
        if i < 0 or sentences[i][0] >= sent[0]:
            return None
        prev = sentences[i]
        if not text[prev[0] : prev[1]].rstrip().endswith(":"):
            return None
        scope = (max(prev[0], prev[1] - _WINDOW), prev[1])
    for m in _VERB.finditer(text, scope[0], scope[1]):
        who = _subject_before(text, m.start(), scope[0], whos, who_starts, raw)
        if who is not None:
            return who
    lead = text[scope[0] : scope[1]]
    if _TOPIC_LEAD.match(lead):
        return None  # "On the EU mission: ..." names a topic, not a speaker
    inside = _between(whos, who_starts, scope[0], scope[1])
    persons = [w for w in inside if w.person]
    if persons:
        return persons[0]
    # an institution only as the whole lead ("The Kremlin:"), not one named in a paraphrase
    # ("Brussels' decision is discriminatory: ...")
    if inside and len(lead.split()) <= len(inside[0].name.split()) + 2:
        return inside[0]
    return None


_TOPIC_LEAD = re.compile(
    r"\s*(?:on|about|regarding|concerning|as for|as to|asked about|on the subject of)\b", re.IGNORECASE
)


_DESCRIBED = re.compile(
    r"\b(?:described|called|dubbed|termed|labell?ed|branded|characteri[sz]ed|hailed)\b(?:\s+it)?(?:\s+as)?",
    re.IGNORECASE,
)
_BY_AFTER = re.compile(r"[\u201d\u2019\"']?\s*by\s+(?P<who>[^,;:.\u201c\u201d\"]{1,90})")


def _by_agent(
    text: str, raw: _Raw, sent: tuple[int, int], whos: list[_Who], who_starts: list[int], ctx: _Context
) -> _Who | None:
    """The speaker of a word described "as 'X' by Y".

    "a call described as "productive" by the US president and "friendly" by Kremlin aide Yuri
    Ushakov": the president, then Ushakov.
    """
    if not _DESCRIBED.search(text, max(sent[0], raw.open_mark - _WINDOW), raw.open_mark):
        return None
    m = _BY_AFTER.match(text, raw.close_mark + 1)
    if m is None:
        return None
    lo, hi = m.start("who"), m.end("who")
    cut = re.search(r"\s+and(?:\s+(?:the\s+)?[a-z]+\s+by\b|\s*$)", text[lo:hi])
    if cut is not None:  # '... by the US president and "friendly" by ...'
        hi = lo + cut.start()
    inside = _between(whos, who_starts, lo, hi)
    person = next((w for w in inside if w.person), None)
    if person is not None:
        return person
    title = normalise_title(text[lo:hi])
    if title is not None:
        actors = [w.actor for w in inside if not w.person and w.actor]
        return _role_holder(title, actors[0] if actors else None, lo, whos, who_starts, ctx)
    return inside[0] if inside else None


# ---------------------------------------------------------------------- parse, roles, neighbours
def _parsed_speaker(
    text: str,
    raw: _Raw,
    sent: tuple[int, int],
    quoted: list[tuple[int, int]],
    whos: list[_Who],
    who_starts: list[int],
    ctx: _Context,
) -> _Who | None:
    """The speaker read from the dependency parse: a named person in the subject phrase wins."""
    subj = speech_subject(text, sent, (raw.open_mark, raw.close_mark + 1), quoted, ctx.parser, ctx.parsed)
    if subj is None:
        return None
    return _who_of_subject(text, subj, raw, whos, who_starts, ctx)


def _who_of_subject(
    text: str, subj: Subject, raw: _Raw, whos: list[_Who], who_starts: list[int], ctx: _Context
) -> _Who | None:
    (hs, he), (ps, pe) = subj.head, subj.phrase
    inside = _between(whos, who_starts, ps, pe)
    on_head = [w for w in inside if w.start < he and hs < w.end]
    if any(w.person for w in on_head):
        return next(w for w in on_head if w.person)
    if subj.pronoun:
        return _resolve_pronoun(text, raw.open_mark, whos, who_starts)
    named = [w for w in inside if w.person and not text.startswith(("'s", "\u2019s"), w.end)]
    if named:
        return named[-1]  # "US envoy Steve Witkoff", "Peskov, the Kremlin's spokesman"
    title = normalise_title(text[ps:he]) or normalise_title(text[ps:pe])
    actors = [w.actor for w in inside if not w.person and w.actor]
    if title is not None:
        former = _FORMER.search(text, ps, he) is not None
        role = _role_holder(title, actors[0] if actors else None, ps, whos, who_starts, ctx, former=former)
        if role is not None:
            return role
    if on_head:
        return on_head[0]  # "the Kremlin said"
    if actors and text[hs:he][:1].isupper() and text[hs:he] not in ("I", "We"):
        name = re.sub(r"^(?:the|The)\s+", "", text[ps:he])  # "the Russian Defense Ministry"
        return _Who(ps, he, name, actors[0], False)
    return None


_FORMER = re.compile(r"\b(?:former|ex-)", re.IGNORECASE)


def _role_holder(
    title: str,
    actor: str | None,
    before: int,
    whos: list[_Who],
    who_starts: list[int],
    ctx: _Context,
    *,
    former: bool = False,
) -> _Who | None:
    """The person a role phrase names ("the Kremlin spokesman", "the Ukrainian president").

    First the latest person named before it in the article who holds the role (for the actor,
    when the phrase names one) at the article's date; else, when the phrase names the actor,
    the one person the registry says held the role then. A ``former`` role ("the former
    Portuguese prime minister") is one that ended before the article's date, and only a person
    the article names can hold it.
    """
    if former:
        return _former_holder(title, actor, before, whos, who_starts, ctx)
    if actor is not None:
        title = _ACTOR_TITLES.get((actor, title), title)
    i = bisect.bisect_left(who_starts, before) - 1
    seen: set[str] = set()
    while i >= 0:
        w = whos[i]
        i -= 1
        if not w.person or w.entity is None or w.entity in seen:
            continue
        seen.add(w.entity)
        ent = ctx.registry.get(w.entity)
        if ent is not None and any(
            _titled(r.title, title) and (actor is None or r.actor == actor) and r.held_on(ctx.date)
            for r in ent.roles
        ):
            return w
    if actor is None:
        return None
    holders = ctx.registry.role_holders(title, actor, ctx.date)
    if len(holders) != 1:
        return None
    ent = holders[0]
    named = next((w for w in whos if w.person and w.entity == ent.id), None)
    return _Who(before, before, named.name if named else ent.name, ent.actor, True, ent.id)


_ACTOR_TITLES = {("EU", "foreign minister"): "high representative", ("NATO", "leader"): "secretary general"}
"""What a generic title means for an organisation ("the EU's top diplomat" is its High Representative)."""


def _titled(held: str, title: str) -> bool:
    """A role held matches a title named in the text: the same, or a kind of it.

    "foreign policy aide" is an "aide", "foreign ministry spokesman" a "spokesman".
    """
    return held == title or held.endswith(" " + title)


def _former_holder(
    title: str, actor: str | None, before: int, whos: list[_Who], who_starts: list[int], ctx: _Context
) -> _Who | None:
    """The person named in the article (latest first) who held ``title`` until before its date."""
    seen: set[str] = set()
    for w in reversed(whos):
        if not w.person or w.entity is None or w.entity in seen:
            continue
        seen.add(w.entity)
        ent = ctx.registry.get(w.entity)
        if ent is not None and any(
            r.title == title
            and (actor is None or r.actor == actor)
            and r.end is not None
            and (ctx.date is None or r.end <= ctx.date)
            for r in ent.roles
        ):
            return w
    return None


_PUNCT_ONLY = re.compile(r"[\s.,;:!?\u2014\u2013\-\"\u201c\u201d\u2018\u2019()\[\]\u2026]*")


_HEADING_WORDS = 12
"""Most words in a heading line that names the speaker of the quotes under it."""
_HEADING_MENTIONS = 300
"""Most of the article's mentions compared with a heading's name."""
_HEADING_SCAN = 40
"""Most lines read back from a quote to its heading (keeps the work per quote bounded)."""
_OPENING_MARKS = "\"\u201c\u2018\u00ab'"
_HEADING_NAME = re.compile(r"[A-Z][A-Za-z.'\u2019\-]*(?:\s+[A-Z][A-Za-z.'\u2019\-]*){1,3}")


def _heading_speaker(text: str, raw: _Raw, whos: list[_Who], ctx: _Context) -> _Who | None:
    """Speaker named by an upper-case heading over a run of quote paragraphs.

    A "key quotes" page ("STEVE WITKOFF, U.S. SPECIAL ENVOY", then paragraphs that are only
    quotations): each quote paragraph under the heading is the named person's, until the next
    line that is not a quote paragraph. The heading's name (before its first comma) is taken
    when the article or the registry knows the person, or when it is two to four words followed
    by a title after a comma.
    """
    pos = text.rfind("\n", 0, raw.open_mark) + 1
    if text[pos : raw.open_mark].strip(" \t" + _OPENING_MARKS):
        return None  # the quote does not open its paragraph
    for _ in range(_HEADING_SCAN):
        if pos <= 0:
            break
        start = text.rfind("\n", 0, pos - 1) + 1
        line = text[start : pos - 1].strip()
        if not line or line[0] in _OPENING_MARKS:
            pos = start
            continue
        return _heading_person(line, start + text[start:pos].find(line), whos, ctx)
    return None


def _heading_person(line: str, at: int, whos: list[_Who], ctx: _Context) -> _Who | None:
    letters = [c for c in line if c.isalpha()]
    if len(line.split()) > _HEADING_WORDS or not letters:
        return None
    if sum(c.isupper() for c in letters) < 0.8 * len(letters):
        return None
    head = line.split(",", 1)[0].strip().rstrip(":").strip()
    name = " ".join(w.capitalize() if w.isupper() and len(w) > 1 else w for w in head.split())
    if not _HEADING_NAME.fullmatch(name):
        return None
    surname = name.split()[-1].casefold()
    for w in whos[:_HEADING_MENTIONS]:  # the article's people are named early; the scan stays bounded
        if w.person and w.name.split()[-1].casefold() == surname:
            return _Who(at, at + len(head), w.name, w.actor, True, w.entity)
    ent = ctx.registry.resolve(name)
    if ent is not None:
        return _Who(at, at + len(head), ent.name, ent.actor, True, ent.id)
    if "," not in line:
        return None  # "BREAKING NEWS": an unknown name needs its title after a comma
    return _Who(at, at + len(head), name, None, True, person_id(name))


_QUOTED_AS = re.compile(
    r"\bquot(?:ed|es|ing)\s+(?P<who>[^.;:\"\u201c\u201d]{1,80}?)\s+as\s+(?:saying|telling|stating|writing)\b"
)


def _quoted_as_saying(
    text: str, raw: _Raw, sent: tuple[int, int], whos: list[_Who], who_starts: list[int], ctx: _Context
) -> _Who | None:
    """Speaker of "X quoted Y as saying": Y, not the outlet X ("TASS quoted Putin's aide as saying")."""
    lo, hi = max(sent[0], raw.open_mark - _WINDOW), min(sent[1], raw.close_mark + 1 + _WINDOW)
    for m in _QUOTED_AS.finditer(text, lo, hi):
        if raw.open_mark <= m.start() < raw.close_mark:
            continue
        ws, we = m.start("who"), m.end("who")
        inside = _between(whos, who_starts, ws, we)
        person = next((w for w in inside if w.person and not text.startswith(("'s", "\u2019s"), w.end)), None)
        if person is not None:
            return person
        title = normalise_title(text[ws:we])
        if title is not None:
            actors = [w.actor for w in inside if w.actor]
            return _role_holder(title, actors[0] if actors else None, ws, whos, who_starts, ctx)
        return None
    return None


_DASH_AFTER = re.compile(r"[ \t]*[-\u2013\u2014][ \t]*")


def _dash_speaker(text: str, raw: _Raw, whos: list[_Who], who_starts: list[int]) -> _Who | None:
    """A headline's speaker after a dash: ``"Difficult to say" - Rutte on the timeline``."""
    m = _DASH_AFTER.match(text, raw.close_mark + 1)
    if m is None or m.end() == raw.close_mark + 1:
        return None
    i = bisect.bisect_left(who_starts, m.end())
    if i < len(whos) and whos[i].start == m.end() and whos[i].person:
        return whos[i]
    return None


_SOURCE_SENTENCE = re.compile(
    r"(?:This|That|It|These words|The statement|The remarks?)\s+(?:was|were|has\s+been|had\s+been)\s+"
    r"(?:\w+\s+)?(?:stated|said|announced|noted|declared|emphasi[sz]ed|stressed|written|voiced)\s+by\b"
)
"""A sentence naming the source of the one before it ("This was stated by Sergey Lavrov, ...")."""
_SAID_THIS = re.compile(
    r"\s+(?:(?:also|had|has)\s+)?(?:said|stated|announced|noted|declared|wrote|emphasi[sz]ed|stressed)\s+"
    r"(?:this|so)\b"
)


def _source_sentence_speaker(
    text: str,
    raw: _Raw,
    s_end: int,
    sentences: Sequence[tuple[int, int]],
    sent_starts: list[int],
    whos: list[_Who],
    who_starts: list[int],
) -> _Who | None:
    """Speaker named by the next sentence as the source of this one.

    Ukrainian and Russian outlets put the attribution after the statement: ``... but "the
    spirit of Anchorage is evaporating." This was stated by Russian Foreign Minister Sergey
    Lavrov`` or ``"...". Zelensky said this in his evening address.``
    """
    i = bisect.bisect_left(sent_starts, s_end)
    if i >= len(sentences):
        return None
    lo, hi = sentences[i]
    if text[s_end:lo].count("\n") > 2:
        return None
    m = _SOURCE_SENTENCE.match(text, lo)
    if m is not None:
        return _subject_after(text, m.end(), hi, whos, who_starts, raw)
    j = bisect.bisect_left(who_starts, lo)
    if j < len(whos) and whos[j].start == lo and _SAID_THIS.match(text, whos[j].end):
        return whos[j]
    return None


_TAIL_WORDS = 20
"""Most words in a sentence that only attributes the quote before it ("Zelensky posed.")."""


def _tail_speaker(
    text: str,
    raw: _Raw,
    s_end: int,
    sentences: Sequence[tuple[int, int]],
    sent_starts: list[int],
    whos: list[_Who],
    who_starts: list[int],
) -> _Who | None:
    """Speaker of a quote whose attribution the sentence splitter cut off after ``?"`` or ``!"``.

    ``"Why can ...?" Zelensky posed.``: the quote's sentence ends at its closing mark and the
    next, short sentence opens with the speaker and a speech verb (or the verb and the speaker:
    ``"..." said Peskov.``). That sentence is the quote's attribution tail.
    """
    if s_end > raw.close_mark + 1 or text[raw.close_mark + 1 : raw.close_mark + 2] not in (" ", "\u00a0"):
        return None
    i = bisect.bisect_left(sent_starts, raw.close_mark + 1)
    if i >= len(sentences):
        return None
    lo, hi = sentences[i]
    if text[raw.close_mark + 1 : lo].strip() or len(text[lo:hi].split()) > _TAIL_WORDS:
        return None
    m = _VERB.search(text, lo, min(hi, lo + 60))
    if m is None:
        return None
    who = _subject_before(text, m.start(), lo, whos, who_starts, raw)
    if who is None and not text[lo : m.start()].strip():
        who = _subject_after(text, m.end(), hi, whos, who_starts, raw)
    return who


def _alone(text: str, raw: _Raw, sent: tuple[int, int], quoted: list[tuple[int, int]]) -> bool:
    """True when the quote's sentence holds nothing outside quotation marks but punctuation."""
    pos = sent[0]
    for s, e in quoted:
        if e <= sent[0] or s >= sent[1]:
            continue
        if not _PUNCT_ONLY.fullmatch(text, pos, max(pos, s)):
            return False
        pos = max(pos, e)
    return bool(_PUNCT_ONLY.fullmatch(text, pos, max(pos, sent[1])))


def _previous_speaker(
    text: str,
    raw: _Raw,
    sent: tuple[int, int],
    sentences: Sequence[tuple[int, int]],
    sent_starts: list[int],
    whos: list[_Who],
    who_starts: list[int],
    quoted: list[tuple[int, int]],
) -> _Who | None:
    """Speaker of a quote standing alone: the one who speaks in the previous sentence.

    "..., Peskov also said." followed by a sentence that is only a quote: the quote is his.
    """
    i = bisect.bisect_right(sent_starts, sent[0] - 1) - 1
    if i < 0 or sentences[i][0] >= sent[0]:
        return None
    prev = sentences[i]
    for m in _VERB.finditer(text, prev[0], prev[1]):
        if _inside(m.start(), quoted):
            continue
        who = _subject_before(text, m.start(), prev[0], whos, who_starts, raw)
        if who is None:
            who = _subject_after(text, m.end(), prev[1], whos, who_starts, raw)
        if who is not None:
            return who
    return None
