"""Claims: sentences that say where an actor stands on an issue of the case.

Method (rules, no model):

1. **Issue.** Each issue gets a lexicon from the case: its ``keywords`` (weight 2), its name
   as a phrase (weight 2) and the content words of its name (weight 1), and the content words
   of its option labels (weight 0.5). A sentence's score for an issue is the sum of the weights
   of the distinct lexicon entries it contains (whole words, case-insensitive, a plural ``s``
   ignored). Issues scoring at least :data:`MIN_ISSUE_SCORE` are the sentence's issues (at
   most :data:`MAX_ISSUES_PER_SENTENCE`, best first).
2. **Stance.** Cue verbs and phrases: *support* (accept, agree, back, endorse, propose, demand,
   insist, call for, urge, hope, request, order, refrain from, adopt, impose, send, deploy, ready/
   willing/open to, "should stay in place", "remain frozen", ...) or *oppose* (reject, refuse,
   oppose, rule out, dismiss, veto, forbid, unacceptable, never, is against, ...). A negation
   ("not", "n't", "no", "cannot") in the three words before a cue flips it; cues a few characters
   apart with no name between them ("was ready to accept") are one cue. Roles:
   * a cue inside a **conditional clause** ("until Russia agrees to a ceasefire", "if", "unless",
     "once", "in exchange for"), or in the **complement of a directive cue** ("demanded that Kyiv
     *withdraw*", "urged Russia to *accept*", "hoped that guarantees will be *signed*") is part of
     the cue before it (a negative one turns it round), never a claim of the actor it names;
   * a cue after "failed to", "declined to say", "whether", "cannot be" ... reports no stance.
   Each remaining cue opens a clause that runs to the next one and yields claims on the issues
   named in it (the first clause also covers the sentence's opening); no cue gives one *neutral*
   claim per issue. A ceasefire or settlement named as a point in time ("after a ceasefire") is
   not an issue of the sentence.
3. **Actor** (who holds the stance), per cue: the possessor right before a noun cue ("Moscow's
   demand", "Russian demands"); the agent of a passive ("guarantees offered by Washington"); in a
   quote with no name before the cue, the quote's speaker; otherwise the nearest mention before
   the cue and after the previous cue that is not the object of a preposition ("send troops *to
   Ukraine*") and not an adjective on a thing ("frozen *Russian* assets"; "Russian officials"
   does hold), with the mentions coordinated with it ("Russia and Ukraine agreed"); without one,
   the holder of the previous cue, the quote's speaker, the previous sentence's subject when the
   sentence opens with a pronoun ("He added ..."; the subject of the previous sentence's last
   clause), or the sentence's first subject. "European leaders" (and similar) is the EU, "the
   E3" Britain, France and Germany, "both sides" the two actors of the previous sentence, "the
   spokesman" the actor of the person named before who holds that role. An evaluative or
   deontic cue ("is necessary", "a red line", "must") is held by the speaker (quote, "according
   to", the actor of a speech verb before or after it). With the optional parser, the actors in
   the grammatical subject of a verb cue hold it before the nearest-mention rule is tried
   (:func:`accord.evidence.attribution.stance_subject`). A dateline's place is never an actor.
   With a case, only its actors count. ``holder_id`` is the canonical id of the person whose
   stance it is, when a person is named.
4. **Option.** When the sentence shares at least two content words (or all, for one-word
   labels) with one option's label more than with any other, that option is named.

Keyword phrases of two or more content words match with up to two words between them ("halt to
strikes" matches "halt long-range strikes").

``score`` is the issue score divided by 4, capped at 1, halved for a neutral stance.

Limits: stance is the polarity of the actor's statement about what the sentence describes, so
"Russia rejected a ceasefire" and "Russia demanded a ceasefire" disagree, but "Russia
rejected a long ceasefire" and "Russia accepted a short one" also look opposed; sarcasm,
conditionals and reported speech of third parties are not understood. The optional embedding
route named in the issue (a sentence-embedding model mapping sentences to issues) is not used.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from accord.case.model import Case
from accord.evidence.attribution import stance_subject
from accord.evidence.entities import Registry, normalise_title
from accord.evidence.nlp import MAX_NLP_CHARS
from accord.evidence.types import ActorMention, ClaimItem, Person, Quote, Stance

__all__ = ["MAX_ISSUES_PER_SENTENCE", "MIN_ISSUE_SCORE", "IssueLexicon", "find_claims", "issue_lexicons"]

MIN_ISSUE_SCORE = 2.0
"""Least lexicon weight a sentence must reach to bear on an issue."""

MAX_ISSUES_PER_SENTENCE = 2
NAME_WORD_WEIGHT = 0.5
"""Weight of each word of an issue's name ("armed", "forces" of "Size of Ukraine's armed
forces"): a sentence needs a keyword too, or several name words, to be about the issue."""

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
    r"plan(?:s|ned|ning)? to|intend(?:s|ed)? to|aim(?:s|ed|ing)? to|"
    r"focus(?:ed|es|ing)? on (?:obtaining|securing|achieving|getting)|"
    r"hop(?:e|es|ed|ing)|request(?:s|ed|ing)?|appeal(?:s|ed|ing)? (?:to|for)|ask(?:s|ed|ing)? for|"
    r"refrain(?:s|ed|ing)? from|requir(?:e|es|ed|ing)|essential|indispensable|necessary|vital|crucial|"
    r"commend(?:s|ed|ing)?|prais(?:e|es|ed|ing)|hail(?:s|ed|ing)?|reserv(?:e|es|ed|ing) the right to|"
    r"acceptable|ready for|advocat(?:e|es|ed|ing)|need(?:s|ed)?|suggest(?:s|ed|ing)?|put(?:s|ting)? forward|"
    r"threaten(?:s|ed|ing)?|proposals?|readiness (?:to|for)|willingness to|insistence on|acceptance of|"
    r"approval of|endorsement of|"
    r"(?:(?:should|must|would|will) (?:stay|remain)|stays?|remain(?:s|ed)?) "
    r"(?:in place|blocked|frozen|in force)|"
    r"(?:should|must) (?:stay|remain)|float(?:s|ed|ing)?|(?:ready|willing|prepared) to|order(?:s|ed|ing)?|"
    r"must|should|ha(?:s|ve) to|ought to|"
    r"(?:ask(?:s|ed|ing)?|press(?:es|ed|ing)?|push(?:es|ed|ing)?|encourag(?:e|es|ed|ing)|"
    r"call(?:s|ed|ing)? on|told|tell(?:s|ing)?)(?= (?:the\s+)?(?:[A-Z][\w.\-]*\s+){1,3}(?:not\s+)?to\b)|"
    r"been reached|"
    r"reached an? (?:agreement|deal|understanding)|(?:pre)?requisite|precondition|"
    r"(?:key|important|essential|main|necessary|core|basic) (?:condition|requirement)s?|"
    r"path to peace|put to an? (?:nationwide |national |public )?(?:vote|referendum|ballot)|"
    r"green-?light(?:s|ed|ing)?|green-?lit|consent(?:s|ed|ing)? to|cornerstone|"
    r"(?:gave|give|gives|giving) (?:its |his |her |their )?(?:preliminary |tacit |formal )?consent"
)
_JUDGED_AGAINST = (
    r"(?:(?:a|an|as a|as an)\s+)?(?:direct\s+|security\s+|serious\s+)?threat to|"
    r"(?:considered|regarded|seen|treated|viewed)\s+(?:by\s+\w+\s+)?as\s+(?:an?\s+)?(?:foreign\s+)?intervention|"
    r"legitimate\s+(?:military\s+|combat\s+)?targets?|provocation|prolong(?:s|ed|ing)? the (?:war|conflict)|"
    r"nothing to do with peace|increas(?:e|es|ed|ing) the risks?|dangerous|provocative|(?:legally )?invalid|"
    r"illegitimate|null and void|there (?:will|would|can) be no|incitement|deception|(?:a|another)\s+ploy|"
    r"smokescreen|(?:an?\s+)?(?:act\s+of\s+)?(?:theft|robbery)|(?:is|are|was|were|be)\s+not\s+enough|insufficient|"
    r"non-?starters?|premature"
)
"""Judgements against what a sentence describes ("a threat to", "legally invalid"): opposing cues
that are the speaker's, like the deontic ones (:data:`_EVALUATIVE`)."""

_OPPOSE = (
    r"reject(?:s|ed|ing)?|refus(?:e|es|ed|ing)|oppos(?:e|es|ed|ing)|rul(?:e|es|ed|ing) out|"
    r"dismiss(?:es|ed|ing)?|veto(?:es|ed|ing)?|unacceptable|red line|never|won't|will not|would not|"
    r"cannot accept|can't accept|no question of|condemn(?:s|ed|ing)?|warn(?:s|ed|ing)? against|"
    r"(?:is|are|was|were|be|voted|came out|spoke out|argued|stands?) against|den(?:y|ies|ied) any|"
    r"block(?:s|ed|ing)?|balk(?:s|ed|ing)? at|out of the question|forbid(?:s|den)?|forbade|"
    r"critici[sz](?:e|es|ed|ing)|criticism of|exclud(?:e|es|ed|ing)|resist(?:s|ed|ing)?|"
    r"denounc(?:e|es|ed|ing)|object(?:s|ed|ing)? to|caution(?:s|ed|ing)? against|opposition to|rejection of|"
    r"refusal to|(?:position|stance) against|(?:shut|shuts|shutting|close[sd]?|closing) the door (?:on|to)|"
    + _JUDGED_AGAINST
)
_DIRECTIVE = re.compile(
    r"^(?:demand|insist|call|urge|press|push|want|seek|sought|ask|request|appeal|requir|hop|propos|plan|order|"
    r"encourag|told|tell|"
    r"intend|aim|agree|accept|ready|willing|prepared|open|offer|promis|pledg|vow|commit|refus|reject|"
    r"oppos|den|block|critic|need|advocat|suggest|threaten|readiness|willingness|insistence|rejection|"
    r"refusal|object)",
    re.IGNORECASE,
)
"""Cues whose complement ("demanded that Kyiv withdraw", "urged Russia to accept", "agreed to
refrain") is what the stance is about: a cue inside that complement is part of it, not a claim of
the actor named there."""

_NEUTRALISER = re.compile(
    r"\b(?:fail(?:s|ed|ing)? to|declin(?:e|es|ed|ing) to (?:say|comment|reply|answer|confirm|discuss|"
    r"specify|disclose)|whether|unclear if|asked if|could not|couldn't|unable to|cannot be|could not be)\b"
    r"[^,;:.]{0,60}$",
    re.IGNORECASE,
)
"""Words before a cue that make it report no stance ("failed to agree on the sanctions
package", "declined to say whether Russia still demands ...")."""

_CONDITION = re.compile(
    r"\b(?:until|unless|if|once|as long as|provided(?: that)?|on condition that|in (?:exchange|return) for|"
    r"only after|only when)\b",
    re.IGNORECASE,
)
"""A conditional clause: its cues are the condition, not its subject's stance ("sanctions should
stay until Russia agrees to a ceasefire" is not Russia agreeing to anything)."""

_COLLECTIVE = re.compile(
    r"\b(?:(?P<EU>European (?:leaders|officials|governments|capitals|allies|partners|countries|nations)|"
    r"Europeans|EU (?:leaders|officials|members|member states|ambassadors|diplomats))|(?P<E3>E3))\b"
)
"""Collective holders the gazetteer does not name: European leaders (EU), the E3 (GBR, FRA, DEU)."""

_CUE = re.compile(rf"\b(?:(?P<support>{_SUPPORT})|(?P<oppose>{_OPPOSE}))\b", re.IGNORECASE)
_NEGATION = re.compile(
    r"\b(?:not(?!\s+(?:only|just|merely|simply)\b)|no|never|n't|without|neither|nor|cannot)\b|n't\b",
    re.IGNORECASE,
)
"""A negation before a cue turns it round; "not only X but also Y" is no negation."""
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
        needles: Per phrase, lower-case strings that must all occur in a sentence for the phrase
            to match (a cheap test before the regex); empty to always run the regexes.
    """

    issue: str
    phrases: tuple[tuple[re.Pattern[str], float], ...]
    words: tuple[tuple[str, float], ...]
    options: tuple[tuple[str, frozenset[str]], ...]
    needles: tuple[tuple[str, ...], ...] = ()


_FUNCTION_WORDS = frozenset(["a", "an", "the", "to", "in", "of", "on", "for", "from", "with"])


def _phrase(text: str) -> re.Pattern[str]:
    """Compile a keyword phrase.

    With two or more content words, up to two words may come between them and its function words
    are optional ("halt to strikes" matches "halt long-range strikes").
    """
    parts = text.split()
    content = [p for p in parts if p.lower() not in _FUNCTION_WORDS]
    if len(content) >= 2:
        gap = r"(?:[\s\-]+[\w'\u2019\-]+){0,2}?[\s\-]+"
        return re.compile(r"\b" + gap.join(_inflected(p) for p in content) + r"\b", re.IGNORECASE)
    return re.compile(r"\b" + r"[\s\-]+".join(re.escape(p) for p in parts) + r"s?\b", re.IGNORECASE)


def _inflected(word: str) -> str:
    """A pattern for ``word`` and its inflections ("strikes" -> strike, strikes, struck no, striking).

    Lower-case words of four letters or more only; names and short words match as written
    (with an optional plural "s").
    """
    if not word.isalpha() or not word.islower() or len(word) < 4:
        return re.escape(word) + "s?"
    stem = word
    if stem.endswith("ies"):
        return re.escape(stem[:-3]) + r"(?:y|ies|ied|ying)"
    if stem.endswith("s") and not stem.endswith("ss"):
        stem = stem[:-1]
    if stem.endswith("e"):
        return re.escape(stem[:-1]) + r"(?:e|es|ed|ing)"
    double = stem[-1] if len(stem) <= 4 and stem[-1] not in "aeiouwy" and stem[-2] in "aeiou" else ""
    tail = rf"(?:s|es|ed|ing|{double}ed|{double}ing)?" if double else r"(?:s|es|ed|ing)?"
    return re.escape(stem) + tail


def _needles(text: str) -> tuple[str, ...]:
    """Return the lower-case strings a sentence must contain for :func:`_phrase` of ``text`` to match."""
    parts = text.split()
    content = [p for p in parts if p.lower() not in _FUNCTION_WORDS]
    return tuple(_needle(p) for p in (content if len(content) >= 2 else parts))


def _needle(word: str) -> str:
    """The lower-case string every form :func:`_inflected` matches of ``word`` contains."""
    low = word.lower()
    if word.isalpha() and word.islower() and len(word) >= 4:
        if low.endswith("ies"):
            return low[:-3]
        stem = low[:-1] if low.endswith("s") and not low.endswith("ss") else low
        return stem[:-1] if stem.endswith("e") else stem
    return low.rstrip("s") or low


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
                weight = (
                    1.0 if kw.lower().startswith("peace ") else 2.0
                )  # "a peace deal" is what all talks are about
                phrases[kw.lower()] = max(phrases.get(kw.lower(), 0.0), weight)
            else:
                for w in _content(kw) or {_norm(kw)}:
                    words[w] = max(words.get(w, 0.0), 2.0)
        for w in _content(issue.name):
            words[w] = max(words.get(w, 0.0), NAME_WORD_WEIGHT)
        for opt in issue.options:
            for w in _content(opt.label):
                words.setdefault(w, 0.5)
        out.append(
            IssueLexicon(
                issue.id,
                tuple((_phrase(p), wt) for p, wt in phrases.items()),
                tuple(words.items()),
                tuple((o.id, _content(o.label)) for o in issue.options),
                tuple(_needles(p) for p in phrases),
            )
        )
    return tuple(out)


_TIME_REFERENCE = re.compile(
    r"\b(?:after|following|post|once|the day after)[\s\-]+(?:(?:a|an|any|the|eventual|future)\s+)?"
    r"(?:ceasefire|cease-fire|truce|settlement|peace deal|peace agreement)s?\b",
    re.IGNORECASE,
)
"""A ceasefire or settlement named as a point in time ("a force deployed after a ceasefire") is
not the issue of the sentence."""


_NOT_THE_ISSUE = re.compile(
    r"\b(?:Gaza|Lebanon|Lebanese|Israel(?:i)?(?:-Hamas)?|Hamas|Hezbollah|Sudan(?:ese)?|Syria(?:n)?|Yemen(?:i)?|"
    r"Congo(?:lese)?|Kashmir|India-Pakistan|Thai-Cambodian|Armenia-Azerbaijan)[\s\-]+(?:peace[\s\-]+)?"
    r"(?:ceasefire|cease-fire|truce|deal|agreement|accord)s?\b"
    r"|\bwithdraw(?:s|n|ing|al)?\s+(?:from|of)\s+(?:the\s+)?(?:talks|negotiations?|negotiating|"
    r"negotiation\s+process|process|agreement|treaty|deal|summit|meeting)\b",
    re.IGNORECASE,
)
"""Ceasefires of other conflicts ("the Gaza ceasefire") and withdrawing from talks are not the
case's issues."""


_OWN_TROOPS = re.compile(
    r"\b(withdraw(?:s|n|ing|al)?|pull(?:s|ed|ing)?)\s+(?:(?:its|their|all|the|Ukrainian|Ukraine['\u2019]s|Russian)\s+)?"
    r"(?:own\s+)?(?:troops|forces|army|soldiers|units)\s+(?:out\s+)?(from|of)\b",
    re.IGNORECASE,
)
"""A side withdrawing its own troops from somewhere is about territory, not foreign troops."""


_ARMY_COUNT = re.compile(
    r"\b(?:[1-9]\d{2},\d{3}|[1-9]\d{2}[\s\u00a0]*(?:000|thousand))[\s\u00a0]+(?:[a-z]+[\s\u00a0]+)?"
    r"(?:troops|soldiers|personnel|service\s*members|servicemen|servicemembers)\b",
    re.IGNORECASE,
)
"""Hundreds of thousands of troops are an army's size ("limit Ukraine's forces to 600,000 troops"),
not a foreign force (reassurance forces are counted in tens of thousands)."""


def _issue_scores(sentence: str, lexicons: Sequence[IssueLexicon]) -> list[tuple[float, IssueLexicon]]:
    sentence = _ARMY_COUNT.sub(lambda m: "army size".ljust(len(m.group(0))), sentence)
    sentence = _TIME_REFERENCE.sub(lambda m: " " * len(m.group(0)), sentence)
    sentence = _NOT_THE_ISSUE.sub(lambda m: " " * len(m.group(0)), sentence)
    sentence = _OWN_TROOPS.sub(lambda m: f"withdraw {m.group(2)}".ljust(len(m.group(0))), sentence)
    tokens = _content(sentence)
    lower = sentence.lower()
    scored = []
    for lex in lexicons:
        if lex.needles:
            score = sum(
                wt
                for (p, wt), needles in zip(lex.phrases, lex.needles, strict=True)
                if all(n in lower for n in needles) and p.search(sentence)
            )
        else:
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


@dataclass
class _Cue:
    """A stance cue of a sentence (offsets into the sentence)."""

    start: int
    end: int
    stance: Stance
    directive: bool
    role: str = "claim"  # "claim", "neutral" (reports no stance) or "inner" (part of another cue)


_CAPITAL = re.compile(r"\b[A-Z]")


def _raw_cues(sentence: str) -> list[_Cue]:
    """Return the stance cues of a sentence, negation applied (fresh objects: callers change them).

    Cues that follow each other closely ("was ready to accept", "refused to accept") form one
    cue at the first one's offset, opposing when an odd number of them oppose.
    """
    return [_Cue(*c) for c in _raw_cue_tuples(sentence)]


@lru_cache(maxsize=512)
def _raw_cue_tuples(sentence: str) -> tuple[tuple[int, int, Stance, bool], ...]:
    out: list[_Cue] = []
    for m in _CUE.finditer(sentence):
        if _PARTICLE_BACK.search(sentence[max(0, m.start() - 20) : m.end()]):
            continue  # "paying back the loan", "fight back": a particle, not "backs"
        kind: Stance = "support" if m.group("support") else "oppose"
        before = sentence[max(0, m.start() - 30, out[-1].end if out else 0) : m.start()]
        window = " ".join(before.split()[-3:])
        word = m.group(0).lower()
        if _NEGATION.search(window) and word not in ("never", "won't", "will not", "would not"):
            kind = "oppose" if kind == "support" else "support"
        directive = bool(_DIRECTIVE.match(word))
        if out and m.start() - out[-1].end <= 12 and not _CAPITAL.search(sentence[out[-1].end : m.start()]):
            prev = out[-1]
            prev.stance = "support" if (prev.stance == "oppose") == (kind == "oppose") else "oppose"
            prev.end = m.end()
            prev.directive = prev.directive or directive
        else:
            out.append(_Cue(m.start(), m.end(), kind, directive))
    return tuple((c.start, c.end, c.stance, c.directive) for c in out)


_PARTICLE_BACK = re.compile(
    r"\b(?:pa(?:y|ys|id|ying)|g[eo]t(?:s|ting)?|came|com(?:e|es|ing)|went|go(?:es|ing)?|br(?:ing|ings|ought)|"
    r"g(?:ive|ives|ave|iving)|h(?:old|olds|eld)|f(?:ight|ights|ought)|roll(?:s|ed|ing)?|scal(?:e|es|ed|ing)|"
    r"step(?:s|ped)?|w(?:in|ins|on)|push(?:es|ed|ing)?|pull(?:s|ed|ing)?|ha(?:nd|nds|nded)|turn(?:s|ed)?|"
    r"look(?:s|ed)?|cut(?:s|ting)?|str(?:ike|ikes|uck)|hit(?:s)?|sen[dt]|draw(?:s|n)?)\s+back(?:ed|s|ing)?$",
    re.IGNORECASE,
)
"""A verb right before "back": "back" is its particle ("pay back", "fight back"), not a stance."""

_COMPLEMENT = re.compile(r"^\s*that\b|\bto\s+$|\bthat\s+$", re.IGNORECASE)
_GERUND_OF = re.compile(r"(?:\b(?:of|about|that)\s+|^\s*)$", re.IGNORECASE)
"""Before an -ing cue, these make it a noun ("the possibility of deploying", "noted that providing
X would be unacceptable", "Providing Patriots is essential"), not a stance of its own."""
_NEW_CLAUSE = re.compile(
    r";|\bbut\b|\bwhile\b|\bwhereas\b|\band\s*$|,\s*and\b|,\s*(?:[a-z]+\s+){0,2}(?:which|that|who)\b|"
    r",\s*(?:a|an|the|one)\s+(?:[a-z]+\s+){0,2}(?:condition|demand|proposal|requirement|request|offer|position)s?\b",
    re.IGNORECASE,
)
"""A new clause between a directive cue and a later one: the later cue is not in its complement
("insisted that Ukraine abandon its NATO bid, conditions that Kyiv has rejected")."""


def _conditions(sentence: str) -> list[tuple[int, int]]:
    """Return the spans of conditional clauses: from "until"/"unless"/"if"/... to the next comma."""
    spans = []
    for m in _CONDITION.finditer(sentence):
        stop = re.search(r"[,;:\u2014]", sentence[m.end() :])
        spans.append((m.start(), m.end() + stop.start() if stop else len(sentence)))
    return spans


def _cues(sentence: str) -> list[_Cue]:
    """Return the cues of a sentence with their roles.

    A cue inside a conditional clause, or in the complement of a directive cue ("demanded that
    Kyiv *reject* ...", "urged Russia to *accept* ..."), is ``inner``: it is part of the stance
    of the cue before it (a negative inner cue turns that stance round), not a claim of the
    actor it names. A cue after "failed to", "declined to say", "whether" ... is ``neutral``.
    """
    cues = _raw_cues(sentence)
    conditions = _conditions(sentence)
    opener: _Cue | None = None
    for cue in cues:
        if any(s <= cue.start < e for s, e in conditions):
            cue.role = "inner"
            continue
        if _GERUND_OF.search(sentence, max(0, cue.start - 12), cue.start) and sentence[
            cue.start : cue.end
        ].endswith("ing"):
            cue.role = "inner"  # "the possibility of deploying": a noun, not someone's stance
            continue
        since = sentence[opener.end if opener else 0 : cue.start]
        if _NEUTRALISER.search(since):
            cue.role = "neutral"
        elif (
            opener is not None
            and opener.directive
            and len(since) <= 80
            and _COMPLEMENT.search(since)
            and not _NEW_CLAUSE.search(since)
        ):
            cue.role = "inner"
            if cue.stance == "oppose":
                opener.stance = "oppose" if opener.stance == "support" else "support"
            continue
        opener = cue
    return cues


_JOINER = re.compile(
    r"(?:[\s,]|\band\b|\bboth\b|\bas well as\b|\btogether with\b|[A-Z][\w.'\u2019\-]*|\b(?:envoy|special|"
    r"president|prime|minister|foreign|leader|counterpart|chancellor|secretary|of|state)\b)*",
)


_PREPOSITION = re.compile(
    r"\b(?:to|in|into|from|on|onto|against|with|for|of|toward|towards|at|over|about|by|than|between|"
    r"including|like|via|across|inside|within|without)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_ADDRESSEE = re.compile(
    r"\b(?:told|tells|tell|telling|presented|presents|informed|informs|assured|assures|reminded|"
    r"briefed|showed|shown|handed|gave|given|giving|provide|provides|provided|providing|grant|grants|"
    r"granted|granting|lend|lends|lent|lending)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
"""A mention right after these verbs is who is told or given something ("has told Ukraine that
any deal would require ...", "presented Ukraine with a package"), not who holds the stance."""


_SOURCE_BEFORE = re.compile(
    r"\baccording\s+to\s+(?:(?:a\s+)?(?:statements?|officials?|sources?|a\s+source|remarks)\s+(?:from|by|of|in)\s+)?"
    r"(?:the\s+)?$",
    re.IGNORECASE,
)
_ROLE_OF = re.compile(
    r"\b(?:leaders?|heads?|governments?|presidents?|ministers?|officials?|delegations?|representatives?|"
    r"envoys?|negotiators?)\s+of\s+(?:the\s+)?$",
    re.IGNORECASE,
)
"""The "of" phrase after a role names the holder ("the leaders of France and Germany")."""
_RELATIVE_CLAUSE = re.compile(r",\s*(?:who|whose|whom|which)\b[^,;]{0,120},", re.IGNORECASE)
_WITH_SUBJECT = re.compile(r"\bwith\s+(?:the\s+)?$", re.IGNORECASE)
_ING_AFTER = re.compile(r"^(?:[\u2019']s)?(?:\s+[A-Z][\w.\-]*){0,3}\s+[a-z]+ing\b")


def _object_of_preposition(sentence: str, pos: int, end: int | None = None) -> bool:
    """Return whether the mention at ``pos`` follows a preposition ("send troops to Ukraine").

    "According to the Kremlin, ..." names the holder, and so does "with Kyiv emphasizing ..." (an
    absolute clause: the mention is the subject of the participle).
    """
    before = sentence[max(0, pos - 40) : pos]
    if _SOURCE_BEFORE.search(before) or _ROLE_OF.search(before):
        return False
    if end is not None and _WITH_SUBJECT.search(before) and _ING_AFTER.match(sentence[end : end + 40]):
        return False
    return bool(_PREPOSITION.search(before[-30:]))


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
        joined = joined or " and " in f" {gap} " or "," in gap or p == chain[-1][0]  # E3, "both sides"
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


_PRONOUN_START = re.compile(r"^\W*(?:he|she|they|it|we|i|his|her|their|its)\b", re.IGNORECASE)
_PERSON_PRONOUN_START = re.compile(r"^\W*(?:he|she|his|her)\b", re.IGNORECASE)
"""A sentence opening with "he" or "she" continues the last person named as a subject (centering:
Grosz, Joshi and Weinstein 1995), not a state named in between."""
_STANCE_NOUN_HOLDER = (
    r"(?:condition|demand|proposal|plan|idea|requirement|request|offer|position|step|move)s?\s+"
    r"(?:that\s+|which\s+)?(?:[A-Z][\w.\-]*\s+){1,3}(?:has\s+|have\s+|had\s+)?(?:[a-z]+ly\s+)?"
    r"(?:(?:deem|call|consider|describ|label|brand)[a-z]*\s+(?:it\s+)?(?:as\s+)?(?:an?\s+)?\W?)?"
)
"""A stance noun and the actor judging it, up to a cue ("condition Kyiv has", "demand Ukraine deems a")."""
_COMMA_RELATIVE = re.compile(
    r",\s*(?:(?i:(?:[a-z]+\s+){0,2}(?:which|that)\b)[^,;:]{0,40}|(?:a|an|the|one)\s+(?:[a-z]+\s+){0,2}"
    + _STANCE_NOUN_HOLDER
    + r")$"
)
"""A relative clause set off by a comma, ending at a cue ("..., conditions that Kyiv has rejected",
"..., a condition Kyiv has rejected")."""
_APPOSITIVE_HOLDER = re.compile(
    r",\s*(?:a|an|the|one|another)\s+(?:(?:key|core|main|central|longstanding|long-standing)\s+)?"
    r"(?:[A-Z][\w.\-]*(?:['\u2019]s)?\s+){0,3}$"
)
"""An appositive naming whose demand the clause before it is ("leave the Donbas, a Russian demand")."""
_NOUN_RELATIVE = re.compile("^" + _STANCE_NOUN_HOLDER + "$")
"""A relative clause on a stance noun, ending at a cue ("a demand Ukraine deems a 'non-starter'")."""
_CONTRASTED = re.compile(
    r"\b(?:rather\s+than|instead\s+of)\b|,\s*not\s+(?=(?:an?|the|any)\b|[a-z]+\b)", re.IGNORECASE
)
"""Contrastive negation: what follows is what the holder does not want ("peace, not a ceasefire")."""
_POSSESSIVE_GAP = re.compile(r"^(?:'s|\u2019s|s'|\u2019)?\s*$")
_AGENT = re.compile(r"^\s+by\s+(?:the\s+)?$", re.IGNORECASE)


_DEMONYM = re.compile(r"^(?:[A-Z][a-z]+(?:ian|ean|ish|ese|can|ch|an))$")
_ROLE = re.compile(
    r"^[\s\u2019's]*(?:[A-Z][\w.\-]*\s+){0,2}(?:officials?|negotiators?|leaders?|leadership|diplomats?|"
    r"delegations?|side|government|authorities|president|prime minister|foreign minister|minister|"
    r"ministry|spokes(?:man|woman|person)|envoys?|chancellor|military|army|parliament|lawmakers|"
    r"commanders?|counterparts?|team|embassy|administration)\b",
    re.IGNORECASE,
)


def _attributive(sentence: str, pos: int, end: int) -> bool:
    """Return whether a mention is an adjective on a thing ("frozen *Russian* assets"), not a holder."""
    return bool(_DEMONYM.match(sentence[pos:end])) and not _ROLE.match(sentence[end:])


_SPEECH_AFTER = re.compile(r"^\W{0,3}(?:said|says|told|stated|added|announced|wrote)\b")
_SPEAKS_AFTER = re.compile(
    r"^(?:[\u2019']s)?(?:\s+(?:[A-Z][\w.\-]*|has|have|had|also|again|repeatedly|publicly|aides?|"
    r"spokes(?:man|woman|person)|officials?|ministers?|envoys?|negotiators?|leaders?|president|chief|"
    r"advis[eo]rs?|representatives?|diplomats?|press secretary))*\W{0,3}\s*"
    r"(?:said|says|told|stated|added|announced|wrote|stress(?:ed|es|ing)|emphasi[sz](?:ed|es|ing)|"
    r"insist(?:ed|s|ing)|not(?:ed|es|ing)|argu(?:ed|es|ing)|warn(?:ed|s|ing)|believ(?:ed|es)|think|thinks|"
    r"thought|consider(?:ed|s)|maintain(?:ed|s)|declar(?:ed|es)|reiterat(?:ed|es)|deem(?:s|ed)?|call(?:s|ed)|"
    r"describ(?:es|ed)|label+(?:s|ed)|brand(?:s|ed))\b"
)
_EVALUATIVE = re.compile(
    r"^(?:essential|indispensable|necessary|needed|needs?|vital|crucial|unacceptable|red line|"
    r"out of the question|no question of|must|should|ha(?:s|ve) to|ought to|"
    r"(?:should|must) (?:stay|remain)(?: in place| blocked| frozen| in force)?|" + _JUDGED_AGAINST + ")$",
    re.IGNORECASE,
)
"""Cues that judge rather than act ("X is necessary", "a red line"): the judgement is the
speaker's, not that of the actor the judged thing names ("Kiev's decision on Donbas is
necessary", said the Kremlin)."""
_ACCORDING = re.compile(
    r"^\W*according\s+to\s+(?:(?:a\s+)?(?:statements?|officials?|sources?|remarks)\s+(?:from|by|of|in)\s+)?"
    r"(?:the\s+)?(?P<pronoun>him|her|them)?",
    re.IGNORECASE,
)


def _source(
    sentence: str, cue: _Cue, mentioned: Sequence[tuple[int, str, int]], according: str | None
) -> str | None:
    """Return whose judgement an evaluative cue reports.

    That is the "according to" source, else the nearest actor before the cue that speaks
    ("Zelensky said that ...", "with Kyiv emphasizing").
    """
    if according is not None:
        return according
    for p, a, e in reversed(mentioned):
        if (
            e <= cue.start
            and _SPEAKS_AFTER.match(sentence[e : cue.start])
            and not _object_of_preposition(sentence, p, e)  # "leaders meeting in Paris said"
        ):
            return a
    for p, a, e in mentioned:  # "..., Putin said."
        if p > cue.end and _SPEECH_AFTER.match(sentence[e:]) and sentence[cue.end : p].rstrip().endswith(","):
            return a
    return None


def _subject(sentence: str, mentioned: Sequence[tuple[int, str, int]]) -> str | None:
    """Return the sentence's subject, or None.

    That is its first mention before the first cue that is neither the object of a preposition
    nor inside a condition, or a mention followed by "said" ("..., Macron said").
    """
    cues = _raw_cues(sentence)
    first_cue = cues[0].start if cues else len(sentence)
    conditions = _conditions(sentence)
    for p, a, e in mentioned:
        if any(s <= p < t for s, t in conditions) or _object_of_preposition(sentence, p, e):
            continue
        if p < first_cue or _SPEECH_AFTER.match(sentence[e:]):
            return a
    return None


_LAST_CLAUSE = re.compile(r"(?:,\s*while|\bwhereas|;|,\s*but|,\s*and|\bwhile)\s", re.IGNORECASE)


def _last_clause_subject(sentence: str, mentioned: Sequence[tuple[int, str, int]]) -> str | None:
    """Return the subject of the sentence's last coordinated clause ("..., while Merz said ...").

    A pronoun opening the next sentence refers to it; None when there is no such clause.
    """
    last = None
    for m in _LAST_CLAUSE.finditer(sentence):
        last = m
    if last is None:
        return None
    t = last.end()
    return _subject(sentence[t:], [(p - t, a, e - t) for p, a, e in mentioned if p >= t])


_POSSESSOR_GAP = re.compile(r"^\s+(?:of\s+)?(?:the\s+)?(?:[A-Z][\w.\-]*\s*){1,3}(?:['\u2019]s|\s*for)?\s*$")
"""Only a name between two cues: the second is a noun that name holds ("criticism of Moscow's demand")."""
_CONTRAST = re.compile(r"\b(?:while|whereas|but)\b", re.IGNORECASE)
_RELATIVE_BEFORE = re.compile(r"(?<!after )(?<!before )\b(?:which|that)\b[^,;:]{0,40}$", re.IGNORECASE)
_PASSIVE_BEFORE = re.compile(r"\b(?:be|been|being|is|are|was|were)\s+(?:\w+ly\s+)?$", re.IGNORECASE)


def _passive(sentence: str, cue: _Cue) -> bool:
    """Return whether a cue is a passive participle in a relative clause.

    "the package, which is due to be adopted" describes the thing, not anyone's stance.
    """
    word = sentence[cue.start : cue.end].split()[0].lower()
    before = sentence[max(0, cue.start - 60) : cue.start]
    return (
        word.endswith(("ed", "sent"))
        and bool(_PASSIVE_BEFORE.search(before[-30:]))
        and bool(_RELATIVE_BEFORE.search(before))
    )


_BOTH_SIDES = re.compile(
    r"\b(?:both|the two)\s+(?:sides|countries|leaders|presidents|delegations|parties|governments|capitals)\b",
    re.IGNORECASE,
)


def _both_sides(sentence: str, prev_actors: Sequence[str]) -> list[tuple[int, str, int]]:
    """Return "both sides" (and the like) as mentions of the two actors of the previous sentence.

    Only when the previous sentence named exactly two actors ("Russia and Ukraine met in Geneva.
    Both sides agreed to ..."); the phrase then stands for both at its position.
    """
    if len(prev_actors) != 2:
        return []
    return [(m.start(), a, m.end()) for m in _BOTH_SIDES.finditer(sentence) for a in prev_actors]


_ROLE_ANAPHOR = re.compile(
    r"\b[Tt]he\s+(?P<role>president|leader|spokes(?:man|woman|person)|press secretary|foreign minister|"
    r"prime minister|chancellor|defen[cs]e (?:minister|secretary)|secretary of state|(?:special )?envoy|"
    r"chief negotiator|top diplomat)\b(?!\s+of\b)",
)


def _role_anaphors(
    sentence: str, start: int, person_spans: Sequence[tuple[int, str, str]]
) -> list[tuple[int, str, int]]:
    """Return "the president", "the spokesman" ... as mentions of an actor.

    The actor is that of the person last named before the sentence who holds that role (the
    registry's roles, any date); a role nobody named before holds gives nothing.
    """
    found = []
    for m in _ROLE_ANAPHOR.finditer(sentence):
        title = normalise_title(m.group("role"))
        if title is None:
            continue
        registry = Registry.default()
        for _pos, actor, entity_id in reversed([x for x in person_spans if x[0] < start]):
            known = registry.get(entity_id)
            if known is not None and any(r.title == title for r in known.roles):
                found.append((m.start(), actor, m.end()))
                break
    return found


def _collective(sentence: str, allowed: frozenset[str] | None) -> list[tuple[int, str, int]]:
    found: list[tuple[int, str, int]] = []
    for m in _COLLECTIVE.finditer(sentence):
        ids = ("EU",) if m.group("EU") else ("GBR", "FRA", "DEU")
        found.extend((m.start(), a, m.end()) for a in ids if allowed is None or a in allowed)
    return found


def _agent(sentence: str, cue: _Cue, mentioned: Sequence[tuple[int, str, int]]) -> str | None:
    """Return the agent of a passive participle or of a request-like noun.

    "guarantees offered *by Washington*"; "a personal request *from* his counterpart, *Donald
    Trump*, to halt strikes".
    """
    word = sentence[cue.start : cue.end].lower()
    if word.endswith("ed") or word in _IRREGULAR_PARTICIPLES:
        for p, a, _e in mentioned:
            if p > cue.end and _AGENT.match(sentence[cue.end : p]):
                return a
    if _REQUEST_NOUN.match(word):
        for p, a, _e in mentioned:
            if p > cue.end and _FROM_AGENT.match(sentence[cue.end : p]):
                return a
    return None


_IRREGULAR_PARTICIPLES = frozenset(["put forward", "sought", "sent", "put"])
"""Participles of cues that do not end in -ed ("the ceasefire proposal put forward by Ukraine")."""
_REQUEST_NOUN = re.compile(r"^(?:request|proposal|demand|call|offer|appeal|initiative|plea)s?$")
_FROM_AGENT = re.compile(
    r"^\s+from\s+(?:(?:his|her|their|the)\s+)?(?:[\w.\-]+\s+){0,3}?(?:[\w.\-]+,\s+)?$", re.IGNORECASE
)


def _holders(
    sentence: str,
    cue: _Cue,
    floor: int,
    mentioned: Sequence[tuple[int, str, int]],
    quote: tuple[int, int, str | None] | None,
    according: str | None = None,
    subject_of: Callable[[_Cue], list[tuple[int, int]] | None] | None = None,
) -> list[str]:
    """Return who holds the stance of ``cue`` (see the module docstring); [] when unknown.

    ``subject_of`` (with the optional parser) gives the words of the cue verb's grammatical
    subject; the actors named in it hold the stance before the nearest-mention rule is tried.
    """
    if _EVALUATIVE.match(sentence[cue.start : cue.end]):
        in_quote = quote is not None and quote[0] <= cue.start < quote[1]
        source = quote[2] if in_quote and quote is not None else _source(sentence, cue, mentioned, according)
        if source is not None:
            return [source]
    # "Moscow's demand", "Russian demands": the mention right before a (noun) cue holds it
    for p, _a, e in mentioned:
        if e <= cue.start and _POSSESSIVE_GAP.match(sentence[e : cue.start]) and cue.start - e <= 4:
            # "in Ukraine, Trump imposed": a mention after a preposition is not joined to the holder
            chain = [
                (q, b)
                for q, b, f in mentioned
                if q == p or (q < p and not _object_of_preposition(sentence, q, f))
            ]
            return _coordinated(sentence, chain)
    agent = _agent(sentence, cue, mentioned)
    if agent is not None:
        return [agent]
    if quote is not None and quote[0] <= cue.start < quote[1]:
        inside = [(p, a) for p, a, _e in mentioned if quote[0] <= p < cue.start]
        if not inside:
            return [quote[2]] if quote[2] else []
    words = subject_of(cue) if subject_of is not None else None
    if words:
        named = list(dict.fromkeys(a for p, a, _e in mentioned if any(s <= p < t for s, t in words)))
        if named:
            return named
    relative = [(m.start(), m.end()) for m in _RELATIVE_CLAUSE.finditer(sentence, 0, cue.start)]
    conditions = _conditions(sentence)
    near = [
        (p, a)
        for p, a, e in mentioned
        if floor < p <= cue.start
        and not _object_of_preposition(sentence, p, e)
        and not _ADDRESSEE.search(sentence, max(0, p - 30), p)
        and not any(s <= p < t for s, t in relative)  # "Trump, who met Putin, proposed ..."
        and not any(s <= p < t for s, t in conditions)  # "if Russia does not pay, we will ..."
    ]
    return _coordinated(sentence, near) if near else []


def _holder_id(
    actor: str,
    cue: int,
    window_start: int,
    end: int,
    quote: tuple[int, int, str | None, str | None] | None,
    cue_in_sentence: int,
    person_spans: Sequence[tuple[int, str, str]],
) -> str | None:
    """Return the canonical id of the person holding ``actor``'s stance, or None.

    The quote's speaker when the cue is inside the quote and the speaker speaks for ``actor``;
    else the last person of ``actor`` named before the cue since the previous sentence's start;
    else the first one named after it in the sentence ("..., Macron said").
    """
    if quote is not None and quote[0] <= cue_in_sentence < quote[1] and quote[2] == actor and quote[3]:
        return quote[3]
    before = [pid for pos, a, pid in person_spans if a == actor and window_start <= pos < cue]
    if before:
        return before[-1]
    return next((pid for pos, a, pid in person_spans if a == actor and cue <= pos < end), None)


_NO_DETERMINER = re.compile(r"\bno\s+(?=[A-Za-z])", re.IGNORECASE)
_NP_END = re.compile(
    r"[,;:.!?]|\b(?:can|could|will|would|shall|should|must|may|be|is|are|was|were|in|on|at|after|before)\b"
)


def _negated_issues(sentence: str, lo: int, hi: int, lexicons: Sequence[IssueLexicon]) -> set[str]:
    """Issues named only in a noun phrase that "no" determines ("that no NATO troops can be stationed").

    Wanting "no foreign troops" is opposing them: those issues' support turns into opposition.
    """
    negated: set[str] = set()
    rest = sentence[lo:hi]
    spans = []
    for m in _NO_DETERMINER.finditer(sentence, lo, hi):
        end = _NP_END.search(sentence, m.end(), min(hi, m.end() + 60))
        stop = end.start() if end is not None else min(hi, m.end() + 60)
        spans.append((m.start(), stop))
        negated |= {lex.issue for _s, lex in _issue_scores(sentence[m.end() : stop], lexicons)}
    if not negated:
        return set()
    for s, e in reversed(spans):
        rest = rest[: s - lo] + " " * (e - s) + rest[e - lo :]
    return negated - {lex.issue for _s, lex in _issue_scores(rest, lexicons)}


def _contrasted_issues(sentence: str, lo: int, hi: int, lexicons: Sequence[IssueLexicon]) -> set[str]:
    """Issues named only after a contrastive negation in ``sentence[lo:hi]`` ("peace, not a ceasefire").

    The holder wants what comes before "rather than", "instead of" or ", not" and not what comes
    after, so an issue named only after it is opposed.
    """
    m = _CONTRASTED.search(sentence, lo, hi)
    if m is None:
        return set()
    after = sentence[m.end() : min(hi, m.end() + 80)]
    tail = re.split(r"[,;.]|\bbut\b", after, maxsplit=1)[0]
    named_after = {lex.issue for _s, lex in _issue_scores(tail, lexicons)}
    named_before = {lex.issue for _s, lex in _issue_scores(sentence[lo : m.start()], lexicons)}
    return named_after - named_before


def find_claims(
    text: str,
    sentences: Sequence[tuple[int, int]],
    actors: Sequence[ActorMention],
    people: Sequence[Person],
    quotes: Sequence[Quote],
    case: Case,
    lexicons: Sequence[IssueLexicon] | None = None,
    parser: object | None = None,
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
        parser: A spaCy pipeline with a dependency parser (:func:`accord.evidence.nlp.load_parser`):
            the subject of a verb cue then holds its stance (in the first
            :data:`~accord.evidence.nlp.MAX_NLP_CHARS` characters); ``None`` for rules only.
    """
    parsed: dict[tuple[int, int], object] = {}
    lexicons = issue_lexicons(case) if lexicons is None else lexicons
    allowed = frozenset(a.id for a in case.actors)
    actors = [a for a in actors if not _is_dateline(text, a)]
    ends = {a.start: a.end for a in actors}
    for person in people:
        for s, e in person.mentions or ((person.start, person.end),):
            ends.setdefault(s, e)
    out: list[ClaimItem] = []
    last_subject: str | None = None  # the previous sentence's subject, for a leading pronoun
    person_spans = sorted(
        (s, p.actor, p.entity_id)
        for p in people
        if p.actor is not None and p.entity_id is not None
        for s, _e in (p.mentions or ((p.start, p.end),))
    )
    person_starts = {s for s, _a, _pid in person_spans}
    last_person: str | None = None  # the actor of the last person who was a sentence's subject
    prev_start = 0
    prev_actors: list[str] = []
    for start, end in sentences:
        window_start, prev_start = prev_start, start
        sentence = text[start:end]
        if len(sentence) > 2000:
            continue
        mentioned = [
            (pos - start, actor, ends.get(pos, pos + 1) - start)
            for pos, actor in _actors_in(start, end, actors, people, allowed)
        ]
        mentioned += _collective(sentence, allowed)
        mentioned += [(p, a, e) for p, a, e in _both_sides(sentence, prev_actors)]
        mentioned += [(p, a, e) for p, a, e in _role_anaphors(sentence, start, person_spans)]
        prev_actors = list(dict.fromkeys(a for _p, a, _e in sorted(mentioned)))
        mentioned.sort()
        cue_starts = [c.start for c in _raw_cues(sentence)]
        mentioned = [
            (p, a, e)
            for p, a, e in mentioned
            if not _attributive(sentence, p, e) or any(0 <= c - e <= 4 for c in cue_starts)
        ]
        subject = _subject(sentence, mentioned)
        pronoun_subject = last_subject if _PRONOUN_START.match(sentence) else None
        if _PERSON_PRONOUN_START.match(sentence) and last_person is not None:
            pronoun_subject = last_person
        else:
            first_person = next(
                (
                    (p, a, e)
                    for p, a, e in mentioned
                    if start + p in person_starts and not _object_of_preposition(sentence, p, e)
                ),
                None,
            )
            closing = _last_clause_subject(sentence, mentioned)
            if closing is not None and any(
                start + p in person_starts and a == closing for p, a, _e in mentioned
            ):
                last_person = closing  # "Macron called it ..., while Merz stressed ...": Merz
            elif first_person is not None:
                last_person = first_person[1]
        according: str | None = None
        acc = _ACCORDING.match(sentence)
        if acc is not None:
            if acc.group("pronoun"):
                according = last_subject
            else:
                according = next((a for p, a, _e in mentioned if acc.end() <= p <= acc.end() + 2), None)
        last_subject = _last_clause_subject(sentence, mentioned) or subject or pronoun_subject or last_subject
        if not _issue_scores(sentence, lexicons):
            continue
        quote = next(
            (
                (
                    max(q.start, start) - start,
                    min(q.end, end) - start,
                    q.actor if q.actor in allowed else None,
                    q.speaker_id,
                )
                for q in quotes
                if q.start < end and q.end > start
            ),
            None,
        )
        speaker = quote[2] if quote else None
        quote_span = (quote[0], quote[1], quote[2]) if quote else None
        first = pronoun_subject or subject
        fallback = speaker or first
        if fallback is None and not mentioned:
            continue
        openers = [c for c in _cues(sentence) if c.role != "inner"]
        subject_of: Callable[[_Cue], list[tuple[int, int]] | None] | None = None
        if parser is not None and end <= MAX_NLP_CHARS:

            def subject_of(cue: _Cue, lo: int = start, hi: int = end) -> list[tuple[int, int]] | None:
                words = stance_subject(text, (lo, hi), (lo + cue.start, lo + cue.end), parser, parsed)
                return None if words is None else [(s - lo, e - lo) for s, e in words]

        # each opening cue opens a clause up to the next one; a claim per cue, on the issues of its clause
        clauses: list[tuple[_Cue | None, int]] = []
        # a participle with its agent ("the plan proposed by the US") modifies a noun: it does not
        # end the clause of the cue before it ("ready to put the plan proposed by the US to a vote")
        modifier = [
            c.end - c.start > 2
            and sentence[c.start : c.end].lower().endswith("ed")
            and _agent(sentence, c, mentioned) is not None
            for c in openers
        ]
        for k, opener in enumerate(openers):
            clause_end = next(
                (c.start for j, c in enumerate(openers[k + 1 :], k + 1) if not modifier[j]), len(sentence)
            )
            clauses.append((opener, clause_end))
        if not clauses:
            clauses = [(None, len(sentence))]
        seen: set[tuple[str, str, str]] = set()
        words = _content(sentence)
        previous: str | None = None
        prev_issues: list[tuple[float, IssueLexicon]] = []
        for k, (cue, stop) in enumerate(clauses):
            stance: Stance = "neutral" if cue is None or cue.role == "neutral" else cue.stance
            if cue is not None and _passive(sentence, cue) and _agent(sentence, cue, mentioned) is None:
                stance = "neutral"  # "the package, which is due to be adopted": nobody's stance
            before = clauses[k - 1][0] if k else None
            floor = before.start if before is not None else -1
            found = (
                _holders(sentence, cue, floor, mentioned, quote_span, according, subject_of)
                if stance != "neutral" and cue
                else []
            )
            if found and cue is not None and sentence[cue.start : cue.end].lower().endswith(" with"):
                # "agreed with the Americans": the partner agrees too
                partner = next((a for p, a, _e in mentioned if 0 <= p - cue.end <= 6), None)
                if partner is not None and partner not in found:
                    found = [*found, partner]
            default = previous or speaker or fallback
            holders = found or ([default] if default else [])
            if not holders:
                continue
            previous = holders[0]
            pos = cue.start if cue is not None else 0
            scope = 0 if k == 0 else pos  # the first clause also covers the sentence's subject
            passive_end = stop
            if cue is not None and _agent(sentence, cue, mentioned) is not None:
                scope = max(floor, 0)  # a passive's subject comes before it: "guarantees offered by X"
                if sentence[cue.start : cue.end].lower().endswith("ed"):
                    passive_end = cue.start  # "the plan proposed by the US to a referendum": the plan only
            issues = _issue_scores(sentence[scope:passive_end], lexicons)
            if not issues and len(clauses) == 1:
                issues = _issue_scores(sentence, lexicons)
            if not issues and before is not None and cue is not None and prev_issues:
                # a clause with no issue of its own is about the one before it when it contrasts with
                # it ("X proposed guarantees lasting 15 years, while Ukraine seeks 30-50") or is a
                # relative clause on it ("..., conditions that Kyiv has repeatedly rejected")
                gap = sentence[before.end : cue.start]
                appositive = _REQUEST_NOUN.match(
                    sentence[cue.start : cue.end].lower()
                ) and _APPOSITIVE_HOLDER.search(gap)
                relative_on_noun = _NOUN_RELATIVE.match(sentence[before.start : cue.start])
                if _CONTRAST.search(gap) or _COMMA_RELATIVE.search(gap) or appositive or relative_on_noun:
                    issues = prev_issues
            if not issues and cue is not None and k + 1 < len(clauses):
                # "criticised Moscow's demand that ...": a cue whose object is another's stance
                # is about that stance's issue
                nxt = clauses[k + 1][0]
                gap = sentence[cue.end : nxt.start] if nxt is not None else ""
                if nxt is not None and _POSSESSOR_GAP.match(gap):
                    issues = _issue_scores(sentence[pos : clauses[k + 1][1]], lexicons)
            prev_issues = issues
            contrasted = (
                _contrasted_issues(sentence, max(scope, pos), stop, lexicons)
                | _negated_issues(sentence, max(scope, pos), stop, lexicons)
                if stance == "support"
                else set()
            )
            for score, lex in issues:
                for actor in holders:
                    holder_id = _holder_id(actor, start + pos, window_start, end, quote, pos, person_spans)
                    issue_stance: Stance = "oppose" if lex.issue in contrasted else stance
                    key = (actor, lex.issue, issue_stance)
                    if key in seen:
                        continue
                    seen.add(key)
                    confidence = min(1.0, score / 4.0) * (0.5 if issue_stance == "neutral" else 1.0)
                    out.append(
                        ClaimItem(
                            actor=actor,
                            issue=lex.issue,
                            stance=issue_stance,
                            text=sentence,
                            start=start,
                            end=end,
                            option=_option(_content(sentence[scope:stop]) or words, lex),
                            score=round(confidence, 3),
                            holder_id=holder_id,
                        )
                    )
    return out
