"""Claims: sentences that say where an actor stands on an issue of the case.

Method (rules, no model):

1. **Issue.** Each issue gets a lexicon from the case: its ``keywords`` (weight 2), its name
   as a phrase (weight 2) and the content words of its name (weight 1), and the content words
   of its option labels (weight 0.5). A sentence's score for an issue is the sum of the weights
   of the distinct lexicon entries it contains (whole words, case-insensitive, a plural ``s``
   ignored). Issues scoring at least :data:`MIN_ISSUE_SCORE` are the sentence's issues (at
   most :data:`MAX_ISSUES_PER_SENTENCE`, best first).
2. **Actor.** Per stance cue, the nearest mention before it (a state, an organisation, or a
   person the gazetteer knows) that is not the object of a preposition ("send troops *to
   Ukraine*"), with the mentions coordinated with it ("Russia and Ukraine agreed"); without one,
   the actor of the previous cue, the quote's speaker, or the first actor of the sentence. A
   dateline's place ("KYIV, Aug 14 -") is never an actor. With a case, only its actors count.
3. **Stance.** Cue verbs and phrases: *support* (accept, agree, back, endorse, propose, demand,
   insist, call for, urge, promise, adopt, impose, send, deploy, provide, plan to, ready/willing/
   open to, ...) or *oppose* (reject, refuse, oppose, rule out, dismiss, veto, forbid,
   unacceptable, never, is against, ...). A negation ("not", "n't", "no") in the three words
   before a cue flips it; cues a few characters apart ("was ready to accept") are one cue. Each
   cue opens a clause that runs to the next cue and yields claims on the issues named in it;
   no cue gives one *neutral* claim per issue.
4. **Option.** When the sentence shares at least two content words (or all, for one-word
   labels) with one option's label more than with any other, that option is named.

``score`` is the issue score divided by 4, capped at 1, halved for a neutral stance.

Limits: stance is the polarity of the actor's statement about what the sentence describes, so
"Russia rejected a ceasefire" and "Russia demanded a ceasefire" disagree, but "Russia
rejected a long ceasefire" and "Russia accepted a short one" also look opposed; sarcasm,
conditionals and reported speech of third parties are not understood. The optional embedding
route named in the issue (a sentence-embedding model mapping sentences to issues) is not used.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from accord.case.model import Case
from accord.evidence.types import ActorMention, ClaimItem, Person, Quote, Stance

__all__ = ["MAX_ISSUES_PER_SENTENCE", "MIN_ISSUE_SCORE", "IssueLexicon", "find_claims", "issue_lexicons"]

MIN_ISSUE_SCORE = 2.0
"""Least lexicon weight a sentence must reach to bear on an issue."""

MAX_ISSUES_PER_SENTENCE = 2

_STOP_WORDS = (
    "a an the and or of to in on for with by from at as is are be been was were its it this "
    "that these those their his her our your who whom which what when where how than then into "
    "over under after before about between within without not no any all each every some more "
    "most other such only own same so too very can will would should could may might must shall "
    "do does did has have had ukraine ukrainian russia russian whole part parts region regions "
    "side sides party parties "
)
_STOP = frozenset(_STOP_WORDS.split())

_SUPPORT = (
    r"accept(?:s|ed|ing)?|agree(?:s|d|ing)?(?: to| on| with)?|support(?:s|ed|ing)?|back(?:s|ed|ing)?|"
    r"endors(?:e|es|ed|ing)|welcom(?:e|es|ed|ing)|favou?r(?:s|ed|ing)?|propos(?:e|es|ed|ing)|"
    r"offer(?:s|ed|ing)?|demand(?:s|ed|ing)?|insist(?:s|ed|ing)?|call(?:s|ed|ing)? for|"
    r"want(?:s|ed|ing)?|seek(?:s|ing)?|sought|push(?:es|ed|ing)? for|press(?:es|ed|ing)? for|"
    r"commit(?:s|ted|ting)? to|pledg(?:e|es|ed|ing)|approv(?:e|es|ed|ing)|sign(?:s|ed|ing)?|"
    r"(?:is|are|was|were|be) (?:ready|willing|open|prepared) to|open to|in favou?r of|"
    r"ha(?:s|ve|d) no objection|urg(?:e|es|ed|ing)|promis(?:e|es|ed|ing)|vow(?:s|ed|ing)?|"
    r"adopt(?:s|ed|ing)?|impos(?:e|es|ed|ing)|send(?:s|ing)?|sent|deploy(?:s|ed|ing)?|"
    r"provid(?:e|es|ed|ing)|deliver(?:s|ed|ing)?|contribut(?:e|es|ed|ing)|implement(?:s|ed|ing)?|"
    r"plan(?:s|ned|ning)? to|intend(?:s|ed)? to|aim(?:s|ed)? to"
)
_OPPOSE = (
    r"reject(?:s|ed|ing)?|refus(?:e|es|ed|ing)|oppos(?:e|es|ed|ing)|rul(?:e|es|ed|ing) out|"
    r"dismiss(?:es|ed|ing)?|veto(?:es|ed|ing)?|unacceptable|red line|never|won't|will not|would not|"
    r"cannot accept|can't accept|no question of|condemn(?:s|ed|ing)?|warn(?:s|ed|ing)? against|"
    r"(?:is|are|was|were|be|voted|came out|spoke out|argued|stands?) against|den(?:y|ies|ied) any|"
    r"block(?:s|ed|ing)?|balk(?:s|ed|ing)? at|out of the question|forbid(?:s|den)?|forbade"
)
_CUE = re.compile(rf"\b(?:(?P<support>{_SUPPORT})|(?P<oppose>{_OPPOSE}))\b", re.IGNORECASE)
_NEGATION = re.compile(r"\b(?:not|no|never|n't|without|neither|nor)\b|n't\b", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]*")


def _norm(word: str) -> str:
    w = word.lower().strip("'-")
    if len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
        w = w[:-1]
    return w


def _content(text: str) -> frozenset[str]:
    return frozenset(n for w in _WORD.findall(text) if (n := _norm(w)) not in _STOP and len(n) > 2)


@dataclass(frozen=True)
class IssueLexicon:
    """What signals one issue in text.

    Attributes:
        issue: Issue id.
        phrases: ``(compiled phrase, weight)`` for multi-word keywords and the name.
        words: Per normalised content word, its weight.
        options: ``(option id, content words of its label)``.
    """

    issue: str
    phrases: tuple[tuple[re.Pattern[str], float], ...]
    words: tuple[tuple[str, float], ...]
    options: tuple[tuple[str, frozenset[str]], ...]


def _phrase(text: str) -> re.Pattern[str]:
    parts = [re.escape(p) for p in text.split()]
    return re.compile(r"\b" + r"[\s\-]+".join(parts) + r"s?\b", re.IGNORECASE)


def issue_lexicons(case: Case) -> tuple[IssueLexicon, ...]:
    """Return the lexicon of every issue of ``case``."""
    out = []
    for issue in case.issues:
        phrases: dict[str, float] = {}
        words: dict[str, float] = {}
        for kw in (*issue.keywords, issue.name):
            kw = kw.strip()
            if not kw:
                continue
            if len(kw.split()) > 1:
                phrases[kw.lower()] = max(phrases.get(kw.lower(), 0.0), 2.0)
            else:
                for w in _content(kw) or {_norm(kw)}:
                    words[w] = max(words.get(w, 0.0), 2.0)
        for w in _content(issue.name):
            words[w] = max(words.get(w, 0.0), 1.0)
        for opt in issue.options:
            for w in _content(opt.label):
                words.setdefault(w, 0.5)
        out.append(
            IssueLexicon(
                issue.id,
                tuple((_phrase(p), wt) for p, wt in phrases.items()),
                tuple(words.items()),
                tuple((o.id, _content(o.label)) for o in issue.options),
            )
        )
    return tuple(out)


def _issue_scores(sentence: str, lexicons: Sequence[IssueLexicon]) -> list[tuple[float, IssueLexicon]]:
    tokens = _content(sentence)
    scored = []
    for lex in lexicons:
        score = sum(wt for p, wt in lex.phrases if p.search(sentence))
        score += sum(wt for w, wt in lex.words if w in tokens)
        if score >= MIN_ISSUE_SCORE:
            scored.append((score, lex))
    scored.sort(key=lambda x: -x[0])
    return scored[:MAX_ISSUES_PER_SENTENCE]


def _option(sentence_words: frozenset[str], lex: IssueLexicon) -> str | None:
    best: list[tuple[int, str]] = []
    for oid, label in lex.options:
        shared = len(label & sentence_words)
        if shared >= 2 or (shared == 1 and len(label) == 1):
            best.append((shared, oid))
    best.sort(reverse=True)
    if best and (len(best) == 1 or best[0][0] > best[1][0]):
        return best[0][1]
    return None


def _cues(sentence: str) -> list[tuple[int, Stance]]:
    """Return the stance cues of a sentence: (offset, stance after negation).

    Cues that follow each other closely ("was ready to accept", "refused to accept") form one
    cue at the first one's offset, opposing when an odd number of them oppose.
    """
    out: list[tuple[int, Stance]] = []
    last_end = -100
    for m in _CUE.finditer(sentence):
        kind: Stance = "support" if m.group("support") else "oppose"
        before = sentence[max(0, m.start() - 30) : m.start()]
        window = " ".join(before.split()[-3:])
        word = m.group(0).lower()
        if _NEGATION.search(window) and word not in ("never", "won't", "will not", "would not"):
            kind = "oppose" if kind == "support" else "support"
        if out and m.start() - last_end <= 12:
            pos, prev = out[-1]
            out[-1] = (pos, "support" if (prev == "oppose") == (kind == "oppose") else "oppose")
        else:
            out.append((m.start(), kind))
        last_end = m.end()
    return out


_JOINER = re.compile(
    r"(?:[\s,]|\band\b|\bboth\b|\bas well as\b|\btogether with\b|[A-Z][\w.'\u2019\-]*|\b(?:envoy|special|"
    r"president|prime|minister|foreign|leader|counterpart|chancellor|secretary|of|state)\b)*",
)


_PREPOSITION = re.compile(
    r"\b(?:to|in|into|from|on|onto|against|with|for|of|toward|towards|at|over|about|by|than|between|"
    r"including|like|via|across|inside|within|without)\s+(?:the\s+)?$",
    re.IGNORECASE,
)


def _object_of_preposition(sentence: str, pos: int) -> bool:
    """Return whether the mention at ``pos`` follows a preposition ("send troops to Ukraine")."""
    return bool(_PREPOSITION.search(sentence[max(0, pos - 30) : pos]))


def _coordinated(sentence: str, near: Sequence[tuple[int, str]]) -> list[str]:
    """Return the actors holding a stance: the nearest before the cue and those joined to it.

    "Russia and Ukraine agreed", "Putin and U.S. envoy Steve Witkoff agreed": mentions linked
    by "and", commas and titles all hold the stance; anything else in between (a verb, a
    clause) breaks the chain.
    """
    chain = [near[-1]]
    joined = False
    for p, a in reversed(near[:-1]):
        gap = sentence[p : chain[-1][0]]
        gap = gap[gap.find(" ") :] if " " in gap else ""
        if len(gap) > 60 or not _JOINER.fullmatch(gap):
            break
        joined = joined or " and " in f" {gap} " or "," in gap
        chain.append((p, a))
    if not joined:
        return [near[-1][1]]
    return list(dict.fromkeys(a for _p, a in reversed(chain)))


def _is_dateline(text: str, mention: ActorMention) -> bool:
    """Return whether a mention is a dateline's place ("KYIV, Aug 14 (Reuters) -")."""
    if not mention.text.isupper() or len(mention.text) < 3:
        return False
    line_start = text.rfind("\n", 0, mention.start) + 1
    return not text[line_start : mention.start].strip() and text[mention.end : mention.end + 2] in (
        ", ",
        " (",
        ",",
    )


def _actors_in(
    start: int,
    end: int,
    actors: Sequence[ActorMention],
    people: Sequence[Person],
    allowed: frozenset[str] | None,
) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    for a in actors:
        if start <= a.start < end and (allowed is None or a.actor in allowed):
            found.append((a.start, a.actor))
    for p in people:
        if p.actor is None or (allowed is not None and p.actor not in allowed):
            continue
        for s, _e in p.mentions or ((p.start, p.end),):
            if start <= s < end:
                found.append((s, p.actor))
    found.sort()
    return found


def find_claims(
    text: str,
    sentences: Sequence[tuple[int, int]],
    actors: Sequence[ActorMention],
    people: Sequence[Person],
    quotes: Sequence[Quote],
    case: Case,
    lexicons: Sequence[IssueLexicon] | None = None,
) -> list[ClaimItem]:
    """Return the claims in ``text``: per sentence, an actor's stance on up to two issues.

    Args:
        text: The article text.
        sentences: Sentence spans.
        actors: Actor mentions (ids of ``case`` when the gazetteer was extended with it).
        people: People found, with their actors.
        quotes: Quotes found, with their speakers' actors.
        case: The case whose issues and actors the claims are about.
        lexicons: The case's issue lexicons, when already built (:func:`issue_lexicons`).
    """
    lexicons = issue_lexicons(case) if lexicons is None else lexicons
    allowed = frozenset(a.id for a in case.actors)
    actors = [a for a in actors if not _is_dateline(text, a)]
    out: list[ClaimItem] = []
    for start, end in sentences:
        sentence = text[start:end]
        if len(sentence) > 2000 or not _issue_scores(sentence, lexicons):
            continue
        mentioned = [(pos - start, actor) for pos, actor in _actors_in(start, end, actors, people, allowed)]
        speaker = next(
            (q.actor for q in quotes if q.actor in allowed and q.start < end and q.end > start), None
        )
        if not mentioned and speaker is None:
            continue
        fallback = speaker or mentioned[0][1]
        cues = _cues(sentence)
        # each cue opens a clause up to the next cue; a claim per cue, about the issues of its clause
        clauses: list[tuple[int, int, Stance]] = []
        for k, (pos, stance) in enumerate(cues):
            clauses.append((pos, cues[k + 1][0] if k + 1 < len(cues) else len(sentence), stance))
        if not clauses:
            clauses = [(0, len(sentence), "neutral")]
        seen: set[tuple[str, str, str]] = set()
        words = _content(sentence)
        previous: str | None = None
        for k, (pos, stop, stance) in enumerate(clauses):
            floor = clauses[k - 1][0] if k else -1
            near = (
                [(p, a) for p, a in mentioned if floor < p <= pos and not _object_of_preposition(sentence, p)]
                if stance != "neutral"
                else []
            )
            holders = _coordinated(sentence, near) if near else [previous or speaker or fallback]
            previous = holders[0]
            scope = 0 if k == 0 else pos  # the first clause also covers the sentence's subject
            issues = _issue_scores(sentence[scope:stop], lexicons)
            if not issues and len(clauses) == 1:
                issues = _issue_scores(sentence, lexicons)
            for score, lex in issues:
                for actor in holders:
                    key = (actor, lex.issue, stance)
                    if key in seen:
                        continue
                    seen.add(key)
                    confidence = min(1.0, score / 4.0) * (0.5 if stance == "neutral" else 1.0)
                    out.append(
                        ClaimItem(
                            actor=actor,
                            issue=lex.issue,
                            stance=stance,
                            text=sentence,
                            start=start,
                            end=end,
                            option=_option(_content(sentence[scope:stop]) or words, lex),
                            score=round(confidence, 3),
                        )
                    )
    return out
