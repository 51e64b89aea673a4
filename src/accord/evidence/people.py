"""Find the people named in an article, with every mention, linked to their fullest name.

Method (rule-based, always on): the text is scanned once for runs of capitalised words
(with initials such as "J.D." and name particles such as "von der", "bin", "al-" inside a
run).  Each run is cut where a word is a title ("President", "Foreign Minister", "Gen.",
"Mr."), a stop word ("The", "But", weekdays, months), a word of an organisation or event
name ("Council", "Ministry", "Summit"), an acronym, or a gazetteer term that is not a
person (a state, capital, institution, place, news agency: "Kremlin", "Kyiv", "Donbas",
"Reuters").  A remaining piece is a name when it has evidence:

* a title before it (capitalised in the run, or a lower-case role word such as "envoy",
  "spokesman", "adviser", "aide", "chief of staff", "foreign minister");
* it is a leader or official the gazetteer knows (full name or unambiguous surname);
* a speech verb next to it ("Peskov said", "said Peskov", "Peskov, the Kremlin's
  spokesman, said", "according to Peskov");
* apposition ("Peskov, the Kremlin's spokesman," / "Grabe, who ...");
* it stands in a photo credit ("Photo by Kristina Kormilitsyna / AFP"; see
  :mod:`accord.evidence.boilerplate`), even on a title-case caption line;
* or, for two to four words, its shape alone, unless every word is also used in lower
  case in the article (a capitalised common phrase).

With spaCy (``nlp`` given), PERSON entities are added, minus anything the gazetteer or the
stop lists say is not a person (the small model labels "Kyiv" a person).

Linking: names are grouped by surname (last word) and by known leader ("Xi" and "Xi
Jinping"); the group's ``name`` is the fullest form written in the article (never the
gazetteer's form).  Every later occurrence of any form, or of the surname alone (also
after "Mr"/"Ms"), is a mention; when two people share a surname ("Donald Trump", "Melania
Trump") a bare surname goes to the most recent full mention before it.  ``actor`` comes
from the gazetteer's leaders list.

Royal and papal titles stay in the name when one word follows them ("King Charles",
"Pope Leo"); other titles are dropped ("President Trump" -> "Trump").

Limits: runs of 24 or more capitalised words (title-case headlines, lists) are skipped;
lower-case names, all-capitals headlines and single-word names without any
evidence (no title, speech verb, apposition or gazetteer entry) are missed; a person with
the same surname as a place in the gazetteer is missed; first-name-only mentions are not
linked.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from accord.evidence.boilerplate import credit_spans
from accord.evidence.entities import Entity, Registry
from accord.evidence.gazetteer import Gazetteer
from accord.evidence.nlp import MAX_NLP_CHARS
from accord.evidence.types import Person


def _words(words: str) -> frozenset[str]:
    return frozenset(words.split())


__all__ = ["SPEECH_VERBS", "find_people"]

_UPPER = "".join(
    chr(c)
    for r in (range(0x41, 0x5B), range(0xC0, 0x250), range(0x370, 0x530), range(0x1E00, 0x1F00))
    for c in r
    if chr(c).isupper()
)
_U = "[" + re.escape(_UPPER) + "]"
_WORD = (
    rf"(?:(?:al|el|ad|as|ash|an|bin|ibn|abu|de|d|l|O)[\-'\u2019])?"
    rf"{_U}[^\W_]*(?:(?:-|['\u2019](?!s\b))[^\W_]+)*"
)
_INITIAL = rf"{_U}\.(?:{_U}\.)*"
_PARTICLE = r"(?:von|van|der|den|de|da|di|du|del|della|dos|das|la|le|bin|ibn|al|el|ter|zu|y|abu)"
_RUN = re.compile(
    rf"(?<![\w\-'\u2019])(?:{_INITIAL}|{_WORD})"
    rf"(?:\]?[ \u00a0](?:{_PARTICLE}[ \u00a0])*(?:{_INITIAL}|{_WORD}))*"
)
"""A run of capitalised words; an editor's bracket may close inside it ("[President Vladimir] Putin")."""

_TOKEN = re.compile(rf"{_INITIAL}|{_WORD}|(?<=[ \u00a0]){_PARTICLE}(?=[ \u00a0])")
_PARTICLES = frozenset(_PARTICLE[3:-1].split("|"))

SPEECH_VERBS = (
    "said|says|say|told|tells|added|adds|stated|states|declared|announced|announces|warned|warns|wrote|"
    "writes|posted|asked|asks|replied|replies|responded|insisted|insists|noted|notes|stressed|stresses|"
    "emphasised|emphasized|argued|argues|claimed|claims|explained|explains|continued|remarked|commented|"
    "urged|urges|acknowledged|admitted|recalled|suggested|vowed|pledged|promised|tweeted|quipped|"
    "concluded|confirmed|denied|reiterated|underlined|underscored|complained|cautioned|predicted|"
    "described|called|countered|conceded|contended|observed|boasted|lamented|saying|adding|telling|"
    "writing|noting|warning|stressing|insisting|arguing|calling|describing|affirmed|affirms|assured|"
    "assures|informed|clarified|clarifies|specified|pointed out|highlighted|mentioned|revealed|asserted|"
    "questioned|queried|posed|wondered|demanded|retorted|answered|joked|mused|recounted|maintained|"
    "proclaimed|reaffirmed|reasoned|implored|pleaded|appealed|scoffed|charged|alleged|elaborated|"
    "shot back|fired back|hit back|went on|summed up|told journalists|believes|believed|"
    "told reporters|according to"
)
"""Speech verbs (a regex alternation) shared with :mod:`accord.evidence.quotes`."""

_VERB_AFTER = re.compile(
    rf"\s*(?:,[^,\n\"\u201c\u201d]{{1,90}},\s*)?(?:(?:also|later|then|has|had|have|previously|again|"
    rf"once|reportedly|repeatedly|earlier|recently|publicly|would|will|is|was)\s+)*(?:{SPEECH_VERBS})\b"
)
_VERBS_BEFORE_SET = frozenset(SPEECH_VERBS.split("|")) | {"by", "thanked", "met", "with"}
_APPOSITION = re.compile(r",\s+(?:the|a|an|who|whose|its|his|her|their|a\s+former|[\w'\u2019]+['\u2019]s)\b")

_TITLES = _words("""
    President Presidents Vice Prime Minister Ministers Foreign Defence Defense Secretary Chancellor Deputy
    Gen Gen. General Lt Lt. Lieutenant Col Col. Colonel Maj Maj. Major Capt Capt. Captain Adm Adm. Admiral
    Sgt Sgt. Sergeant Marshal Field Commander Commander-in-Chief Mr Mr. Mrs Mrs. Ms Ms. Dr Dr. Prof Prof.
    Sen Sen. Senator Rep Rep. Representative Gov Gov. Governor Mayor Speaker Leader Premier Emir
    Crown Ambassador Envoy Special Spokesman Spokeswoman Spokesperson Adviser Advisor Aide Chief
    Commissioner High Director Head Chairman Chairwoman Chair Senior National Security State Treasury
    Finance Economy Energy Interior Justice Trade Presidential Press Secretary-General Acting Former
    Opposition Lawmaker MP Minister-President Ayatollah Lord Lady Cardinal Archbishop Patriarch Bishop
    Metropolitan Rabbi Imam Judge Attorney Prosecutor Negotiator Lead Chief-of-Staff Officer Envoys
    Foreign-Minister Defence-Minister Sheikh Ex Prince Princess King Queen Pope Sir Dame Hon Hon.
    Ombudsman Commissioner Spokesmen Analyst Professor Deputy-Head Admiral-General Colonel-General
    """)
_KEEP_TITLES = _words("King Queen Pope Prince Princess Sir Dame")
_REGNAL = re.compile(r"(?=[IVX]{2})X{0,3}(?:IX|IV|V?I{0,3})")
"""A regnal number of two letters or more after a given name ("Leo XIV", "Charles III").

A lone "I" after a name is the pronoun ("Zelensky I think ..."), not a number."""
_HONORIFICS = _words("Sir Dame Pope King Queen Prince Princess")
"""Titles written with the given name alone: "Sir Keir" is Keir Starmer, "Pope Leo" is Leo XIV."""
_DOCUMENT_NOUNS = _words("""
    Pact Treaty Agreement Accord Accords Memorandum Protocol Declaration Charter Convention Act Plan
    Doctrine Initiative Format Process Deal Framework Resolution Communique Communiqué Formula Roadmap
    Summit Conference Talks Route Corridor Line Bridge Square Street Avenue Airport Palace House
    """)
_ROLE_WORDS = (
    "president|vice president|prime minister|minister|foreign minister|defence minister|defense minister|"
    "secretary|secretary of state|chancellor|envoy|special envoy|spokesman|spokeswoman|spokesperson|"
    "spokespeople|adviser|advisor|aide|chief of staff|negotiator|official|lawmaker|commander|general|"
    "senator|leader|counterpart|ambassador|diplomat|analyst|expert|professor|director|head|chairman|"
    "chairwoman|chair|governor|mayor|premier|correspondent|reporter|journalist|researcher|fellow|"
    "economist|colleague|wife|husband|son|daughter|businessman|billionaire|oligarch|investor|host|writer|"
    "author|historian|politician|deputy|member|activist|soldier|negotiators|officials|ministers|"
    "leaders|envoys|advisers|aides|commissioner|representative|prosecutor|judge|attorney|admiral|"
    "colonel|captain|lieutenant|sergeant|marshal|monarch|king|queen|pope|cardinal|patriarch|chief|"
    "strongman|dictator|opponent|rival|ally|friend|counsel|ombudsman|mediator|emissary|tycoon|"
    "entrepreneur|mogul|speaker|candidate|chief executive|ceo|founder|co-founder|boss|coordinator|"
    "administrator|agent|consul|attaché|attache|staffer|dissident|opposition leader|prisoner|"
    "hostage|veteran|scholar|strategist|pollster|commentator|blogger|editor|columnist|anchor|presenter"
)
_ROLE_SET = frozenset(_ROLE_WORDS.split("|"))
_TAIL_WORDS = re.compile(r"[\w\-]+")

_STOP = _words("""
    The A An This That These Those It Its He She They We I You His Her Their Our My Your But And Or Nor
    So Yet Still However Meanwhile Now Then There Here In On At For With Without After Before When
    While If As Although Though Since Because Asked Speaking According Despite During Under Over
    Both Some Many Most Several Such What Why How Who Whom Whose Where Which Whether Last Next
    Earlier Later Also Even Just Only Not No Yes Never Ever Every Each All Any Another Other Others
    One Two Three Four Five Six Seven Eight Nine Ten First Second Third New Old Today Tonight
    Tomorrow Yesterday To From By Of Into Onto Upon Until Unlike Like Among Between Amid Against
    About Above Across Along Around Behind Below Beside Beyond Inside Outside Through Toward
    Towards Via Per Please Thank Thanks Sources Officials Analysts Critics Experts Diplomats
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June
    July August September October November December Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec
    Mon Tue Wed Thu Fri Sat Sun Minute Hour Day Week Month Year Years Weeks Days Editing Reporting
    Writing Additional Read More Watch Live Update Updated Breaking Exclusive Analysis Opinion
    Explainer Factbox Photo Video Image Copyright Advertisement Share Subscribe Sign Log Click Follow
    Wire Staff Agencies Agency Source Sources Reuters Related Topics Top Stories Latest Home Menu
    Let Lets Let's Should Would Could Can Will Must May Might Shall Do Does Did Is Are Was Were Be
    Been Being Has Have Had Having Get Gets Got Make Makes Made Take Takes Took Give Gives Gave
    Russian-Ukrainian Pro Anti Ukraine-Russia Russia-Ukraine Mid Late Early Western Eastern
    Northern Southern Central Frontline Front Moscow-based Kyiv-based
    """)
_NOT_NAME = _words("""
    Emphasis
    Ministry Ministries Council Union Party Agency Forces Force Army Navy News Times Post Journal Street
    Square Palace House Day War Wars Treaty Agreement Agreements Accord Accords Plan Plans Summit Republic
    Federation Region Regions Oblast Province State States University Institute Center Centre
    Committee Commission Parliament Airport Church Bank Fund Group Office Department Service Services
    Guard Company Corporation Foundation Association Organization Organisation Court Assembly
    Congress Senate Conference Forum Initiative Program Programme Project Operation Act Law Bill
    Declaration Charter Convention Protocol Memorandum Communique Statement Deal Framework Zone
    Line Corps Brigade Battalion Division Regiment Command Affairs Intelligence Peace Freedom
    Democracy Unity International Global World Power Plant Station Nuclear Oil Gas Sea River
    Mountain Mountains Island Islands Bay Strait Gulf Ocean Lake Valley Hills Heights City Town Village
    District County Capital Cathedral Museum Stadium Hotel Hall Tower Building Bridge Road
    Avenue Highway Railway Pipeline Corridor Coalition Alliance Bloc Movement Front Brotherhood
    Liberation Revolutionary Revolution Islamic Armed Liberation Talks Negotiations Process
    Ceasefire Truce Resolution Sanctions Review Report Index Award Prize Cup Games Festival
    Inc Ltd Corp LLC Holdings Energy Airlines Media Network Television Radio Press Daily Weekly
    Magazine Herald Tribune Gazette Telegraph Observer Independent Review Standard Chronicle
    Christmas Easter Spring Summer Autumn Winter Fall Day Eve Holiday Olympics Era Age Empire
    Dynasty Kingdom Emirates Ministry-backed Council's Government Administration Cabinet Embassy
    Consulate Mission Delegation Presidency Palace Office Headquarters Base Fleet Regiment Battalion
    Drone Drones Missile Missiles Tank Tanks Jet Jets Brigades Units Unit Platform School College
    Hospital Stock Exchange Market Markets Index Fund Trust Capital Partners Foundation Project
    Centre Studies Research Policy Relations Affairs Council Agenda Act Order Decree Referendum
    Route Routes Election Elections Constitution Article Articles Chapter Section Clause Points Point Roadmap
    Pool POOL Getty Images
    """)
_MAX_RUN = 24
"""Runs of this many capitalised words or more are skipped."""
_LOWER_WORD = re.compile(r"(?<![\w\-'\u2019])[^\W\d_A-Z][\w'\u2019\-]*")
_MR = re.compile(r"(?:Mr|Mrs|Ms|Dr|Mx)\.?\s+$")


@dataclass
class _Cand:
    tokens: list[tuple[int, int]]
    titled: bool = False
    evidence: bool = False

    @property
    def start(self) -> int:
        return self.tokens[0][0]

    @property
    def end(self) -> int:
        return self.tokens[-1][1]


@dataclass
class _Group:
    forms: list[tuple[str, ...]] = field(default_factory=list)
    first_tokens: set[str] = field(default_factory=set)
    surname: str = ""
    leader: str | None = None
    actor: str | None = None
    anchors: list[int] = field(default_factory=list)
    entity: str | None = None


def find_people(
    text: str,
    sentences: Sequence[tuple[int, int]],
    gazetteer: Gazetteer,
    nlp: object | None = None,
    registry: Registry | None = None,
) -> list[Person]:
    """Return the people named in ``text``, each with all mentions, in order of first mention.

    Args:
        text: The article text.
        sentences: Sentence spans from :func:`accord.evidence.sentences.split_sentences`.
        gazetteer: Known actors, places and leaders (used to reject non-people and set ``actor``).
        nlp: A spaCy pipeline from :func:`accord.evidence.nlp.load_nlp`, or ``None`` for rules only.
        registry: Canonical people (:meth:`Registry.default` when ``None``): spellings of one
            person are linked and each person gets its ``entity_id``.

    Returns:
        People with ``name`` the fullest form written in the article.
    """
    if not text:
        return []
    reg = registry or Registry.default()
    sentence_starts = {s for s, _ in sentences}
    lower_vocab = {m.group().casefold() for m in _LOWER_WORD.finditer(text)}
    cands: list[_Cand] = []
    for run in _RUN.finditer(text):
        if text.count(" ", run.start(), run.end()) + text.count("\u00a0", run.start(), run.end()) >= _MAX_RUN:
            continue  # a title-case headline or a list, not prose naming people
        cands.extend(_split_run(text, run.start(), run.end(), gazetteer, sentence_starts, lower_vocab))
    if nlp is not None:
        cands.extend(_spacy_cands(text, nlp, gazetteer))
    headlines = _title_case_lines(text)
    credits = credit_spans(text)
    accepted: list[tuple[str, ...]] = []
    for cand in cands:
        words = tuple(text[s:e] for s, e in cand.tokens)
        if any(a <= cand.start < b for a, b in credits):
            cand.evidence = True  # a photographer named in a credit ("Photo by Kristina Kormilitsyna / AFP")
        elif any(a <= cand.start < b for a, b in headlines) and not _confirmed(
            text, words, headlines, gazetteer
        ):
            continue
        if _accept(text, cand, words, gazetteer, lower_vocab) or _known(words, gazetteer, reg):
            accepted.append(words)
    return _link(text, accepted, gazetteer, reg)


def _known(words: tuple[str, ...], gz: Gazetteer, reg: Registry) -> bool:
    """A spelling the registry knows ("Zelenskyj", "Whitkoff") that is not a place or a common word."""
    name = " ".join(words)
    if len(words) == 1 and (words[0] in gz.ambiguous_surnames or words[0] in _STOP or words[0] in _NOT_NAME):
        return False
    return reg.resolve(name) is not None and not gz.is_non_person(name)


_LINE = re.compile(r"[^\n]+")
_CAP_WORD = re.compile(r"[A-Za-z][\w'\u2019\-]*")


def _title_case_lines(text: str) -> list[tuple[int, int]]:
    """Spans of headline-style lines: five or more words, at least 70% of them capitalised."""
    out = []
    for m in _LINE.finditer(text):
        words = _CAP_WORD.findall(m.group())
        if len(words) >= 5 and sum(w[0].isupper() for w in words) >= 0.7 * len(words):
            out.append((m.start(), m.end()))
    return out


def _confirmed(text: str, words: tuple[str, ...], headlines: list[tuple[int, int]], gz: Gazetteer) -> bool:
    """A name in a title-case line counts when it is a known leader or also appears outside headlines."""
    name = " ".join(words)
    if gz.leader(name) is not None:
        return True
    outside = (m.start() for m in re.finditer(re.escape(name), text))
    return any(not any(a <= pos < b for a, b in headlines) for pos in outside)


def _split_run(
    text: str,
    start: int,
    end: int,
    gz: Gazetteer,
    sentence_starts: set[int],
    lower_vocab: set[str],
) -> list[_Cand]:
    toks = [(m.start(), m.end()) for m in _TOKEN.finditer(text, start, end)]
    out: list[_Cand] = []
    cur: list[tuple[int, int]] = []
    titled = False
    i = 0
    n = len(toks)

    def flush(next_titled: bool) -> None:
        nonlocal cur, titled
        while cur and text[cur[-1][0] : cur[-1][1]] in _PARTICLES:
            cur.pop()
        if cur:
            out.append(_Cand(cur, titled))
        cur = []
        titled = next_titled

    while i < n:
        s, e = toks[i]
        word = text[s:e]
        # Longest non-person phrase starting here (up to 6 words).
        skip = 0
        longest = min(n, i + 6) if word in gz.phrase_heads else i + 1
        for j in range(longest, i, -1):
            phrase = text[s : toks[j - 1][1]]
            if gz.is_non_person(phrase) and gz.leader(phrase) is None:
                skip = j - i
                break
        if skip:
            flush(False)
            i += skip
            continue
        bare = word.rstrip(".")
        if word in _KEEP_TITLES and i + 1 < n and (i + 2 == n or text[toks[i + 2][0] - 1] != " "):
            flush(True)
            cur.append((s, e))
            i += 1
            continue
        if word in _TITLES or bare in _TITLES:
            flush(True)
            i += 1
            continue
        if word in _NOT_NAME:
            cur = []  # "Trump Route", "Minsk Agreements": the run names a thing, not a person
            flush(False)
            i += 1
            continue
        if cur and _REGNAL.fullmatch(word):
            cur.append((s, e))  # "Leo XIV", "Charles III": the numeral is part of the name
            i += 1
            continue
        if word in _STOP or bare in _STOP or _is_acronym(word, gz):
            flush(False)
            i += 1
            continue
        if (
            not cur
            and s in sentence_starts
            and word.casefold() in lower_vocab
            and i + 1 < n
            and gz.leader(text[s : toks[min(n, i + 2) - 1][1]]) is None
        ):
            flush(False)
            i += 1
            continue
        if cur or word not in _PARTICLES:
            cur.append((s, e))
        i += 1
    flush(False)
    return out


def _is_acronym(word: str, gz: Gazetteer) -> bool:
    letters = word.replace(".", "")
    if len(letters) < 2 or not letters.isupper() or "." in word:
        return False
    return gz.leader(word) is None


def _accept(
    text: str,
    cand: _Cand,
    words: tuple[str, ...],
    gz: Gazetteer,
    lower_vocab: set[str],
) -> bool:
    if not words or len(words) > 6:
        return False
    if any(w in _NOT_NAME or w in _STOP for w in words[1:]):
        return False
    if words[-1] in _DOCUMENT_NOUNS or (any("-" in w for w in words[:-1]) and words[-1] in _DOCUMENT_NOUNS):
        return False  # "Molotov-Ribbentrop Pact", "Minsk Agreement": documents, not people
    name = " ".join(words)
    if gz.is_non_person(name) and gz.leader(name) is None:
        return False
    if all(len(w.rstrip(".")) == 1 for w in words):
        return False  # initials alone
    if cand.evidence or cand.titled or gz.leader(name) is not None:
        return True
    if 2 <= len(words) <= 4 and not all(w.casefold() in lower_vocab for w in words):
        return True  # the shape of a name
    after = text[cand.end : cand.end + 120]
    before = text[max(0, cand.start - 40) : cand.start]
    if _VERB_AFTER.match(after) or _words_before_match(before):
        return True
    if _MR.search(before):
        return True
    if not _APPOSITION.match(after):
        return False
    # A lone word before ", the ..." is a name only when a role follows ("Peskov, the Kremlin's
    # spokesman,"): discourse words ("Ultimately, the ...", "Hey, let's ...") have the same shape.
    if len(words) == 1 and (words[0].endswith("ly") or words[0].casefold() in lower_vocab):
        return False
    tail = {w.lower() for w in _TAIL_WORDS.findall(after[:60])}
    return bool(tail & _ROLE_SET)


def _words_before_match(before: str) -> bool:
    """True when ``before`` ends with a speech verb or a role word ("said", "envoy", "chief of staff")."""
    if not before or not before[-1].isspace() or "\n" in before[len(before.rstrip()) :]:
        return False  # a role word ending the previous line (a headline's "Envoy") names no one
    tail = [w.lower() for w in _TAIL_WORDS.findall(before[-40:])[-3:]]
    for k in (1, 2, 3):
        if len(tail) >= k:
            phrase = " ".join(tail[-k:])
            if phrase in _VERBS_BEFORE_SET or phrase in _ROLE_SET:
                return True
    return False


NLP_CHUNK_CHARS = 5_000
"""The model reads the text in pieces of at most this many characters, cut at a line break, a
sentence end or a space, so that its memory stays bounded whatever the text looks like (one
60,000-character "sentence" of quotation marks would otherwise take about 500 MB)."""


def _chunks(text: str, size: int = NLP_CHUNK_CHARS) -> list[tuple[int, str]]:
    """Split ``text`` into ``(offset, piece)`` of at most ``size`` characters at natural breaks."""
    out: list[tuple[int, str]] = []
    start = 0
    while start < len(text):
        end = min(start + size, len(text))
        if end < len(text):
            window = text[start:end]
            cut = max(window.rfind("\n"), window.rfind(". "), window.rfind("? "), window.rfind("! "))
            if cut < size // 2:
                cut = window.rfind(" ")
            if cut >= size // 2:
                end = start + cut + 1
        out.append((start, text[start:end]))
        start = end
    return out


def _spacy_cands(text: str, nlp: object, gz: Gazetteer) -> list[_Cand]:
    try:
        pieces = _chunks(text[:MAX_NLP_CHARS])
        docs = nlp.pipe([piece for _, piece in pieces], batch_size=1)  # type: ignore[attr-defined]
        ents = [
            (offset + e.start_char, offset + e.end_char)
            for (offset, _), doc in zip(pieces, docs, strict=True)
            for e in doc.ents
            if e.label_ == "PERSON"
        ]
    except Exception:
        return []
    out: list[_Cand] = []
    for s, e in ents:
        toks = [(m.start(), m.end()) for m in _TOKEN.finditer(text, s, e)]
        while toks and (text[toks[0][0] : toks[0][1]] in _TITLES or text[toks[0][0] : toks[0][1]] in _STOP):
            toks = toks[1:]
        # Keep only the capitalised run (spaCy may include trailing words).
        if not toks:
            continue
        phrase = text[toks[0][0] : toks[-1][1]]
        if gz.is_non_person(phrase) and gz.leader(phrase) is None:
            continue
        if any(gz.is_non_person(text[a:b]) and gz.leader(text[a:b]) is None for a, b in toks):
            continue
        if any(text[a:b] in _NOT_NAME for a, b in toks):
            continue
        out.append(_Cand(toks, evidence=True))
    return out


def _link(text: str, names: list[tuple[str, ...]], gz: Gazetteer, reg: Registry) -> list[Person]:
    if not names:
        return []
    entity_of: dict[tuple[str, ...], str | None] = {}
    for form in set(names):
        ent = reg.resolve(" ".join(form))
        if ent is not None and len(form) == 1 and form[0] in gz.ambiguous_surnames:
            ent = None
        entity_of[form] = ent.id if ent is not None else None
    # Group by surname; names whose given names conflict make separate groups.
    groups: list[_Group] = []
    multi = sorted({n for n in names if len(n) > 1}, key=lambda n: (-len(n), n))
    singles = sorted({n for n in names if len(n) == 1})
    for form in multi:
        leader = gz.leader(" ".join(form))
        ent_id = entity_of[form]
        target = None
        if len(form) == 2 and form[0] in _HONORIFICS:
            # "Sir Keir" after "Sir Keir Starmer": the honorific goes with the given name
            target = next((g for g in groups if any(form[1] in f[:-1] for f in g.forms)), None)
            if target is not None:
                target.forms.append(form)
                continue
        for g in groups:
            if (leader is not None and g.leader == leader.name) or (
                ent_id is not None and g.entity == ent_id
            ):
                target = g
                break
            if g.surname == form[-1] and (
                form[0] in g.first_tokens or any(_suffix(form, f) for f in g.forms)
            ):
                target = g
                break
        if target is None:
            target = _Group(surname=form[-1], entity=ent_id)
            if leader is not None:
                target.leader, target.actor = leader.name, leader.actor
            groups.append(target)
        target.entity = target.entity or ent_id
        target.forms.append(form)
        target.first_tokens.add(form[0])
    for form in singles:
        word = form[0]
        leader = gz.leader(word)
        ent_id = entity_of[form]
        same = [g for g in groups if g.surname == word or word in _leader_surnames(g, gz)]
        if ent_id is not None and not same:
            same = [g for g in groups if g.entity == ent_id]
            if same:
                same[0].forms.append(form)  # another spelling ("Zelenskyj" after "Volodymyr Zelensky")
                continue
        if leader is not None:
            mine = [g for g in groups if g.leader == leader.name]
            if mine:
                continue
            if same and any(_given_conflicts(g, leader.name) for g in same):
                same = []  # "Melania Trump" is not the "Trump" the gazetteer knows
        if same:
            continue
        g = _Group(surname=word, forms=[form], entity=ent_id)
        if leader is not None:
            g.leader, g.actor = leader.name, leader.actor
        groups.append(g)

    # Every occurrence of every form; longest first, then assign bare surnames.
    form_to_group: dict[str, list[int]] = {}
    for gi, g in enumerate(groups):
        keys = {" ".join(f) for f in g.forms} | {g.surname} | set(_leader_surnames(g, gz))
        keys |= {f[-1] for f in g.forms}
        keys |= {  # "Sir Keir Starmer" is one mention, not "Sir Keir" and "Starmer"
            " ".join((h[0], *f))
            for h in g.forms
            if len(h) == 2 and h[0] in _HONORIFICS
            for f in g.forms
            if len(f) >= 2 and f[0] == h[1]
        }
        if g.entity is not None:
            ent = reg.get(g.entity)
            if ent is not None:
                keys |= {v for v in ent.surnames if v not in gz.ambiguous_surnames}
        for k in keys:
            form_to_group.setdefault(k, []).append(gi)
    pattern = re.compile(
        r"(?<![\w\-'\u2019])(?:"
        + "|".join(re.escape(k) for k in sorted(form_to_group, key=len, reverse=True))
        + r")(?![\w\-]|['\u2019](?!s\b))"
    )
    mentions: list[list[tuple[int, int]]] = [[] for _ in groups]
    full_hits: list[tuple[int, int]] = []  # (position, group) of multi-word mentions
    bare_hits: list[tuple[int, int, list[int]]] = []
    for m in pattern.finditer(text):
        owners = form_to_group[m.group()]
        if len(owners) == 1:
            mentions[owners[0]].append((m.start(), m.end()))
            if " " in m.group():
                full_hits.append((m.start(), owners[0]))
        else:
            bare_hits.append((m.start(), m.end(), owners))
    for s, e, owners in bare_hits:
        # A single-word person the gazetteer knows ("Trump") wins; else the latest full mention.
        known = [o for o in owners if groups[o].leader is not None and len(groups[o].forms[0]) == 1]
        before = [gi for pos, gi in full_hits if pos < s and gi in owners]
        if known:
            gi = known[0]
        elif before:
            gi = before[-1]
        else:
            gi = min(owners, key=lambda o: mentions[o][0][0] if mentions[o] else 1 << 60)
        mentions[gi].append((s, e))

    people: list[Person] = []
    for g, ms in zip(groups, mentions, strict=True):
        if not ms:
            continue
        ms.sort()
        plain = [f for f in g.forms if f[0] not in _HONORIFICS] or g.forms
        best = max(plain, key=lambda f: (len(f), len(" ".join(f))))
        entity = reg.get(g.entity) if g.entity is not None else None
        name = _display_name(best, text[ms[0][0] : ms[0][1]], entity)
        actor = g.actor
        if actor is None:
            lead = gz.leader(name)
            actor = lead.actor if lead is not None else (entity.actor if entity is not None else None)
        entity_id = g.entity or reg.id_for(name)
        people.append(Person(name, ms[0][0], ms[0][1], tuple(ms), actor, entity_id))
    people.sort(key=lambda p: p.start)
    return people


def _display_name(best: tuple[str, ...], first: str, known: Entity | None) -> str:
    """The article's fullest form, in the surname spelling of the first mention.

    A surname alone is completed with the given name of the one known person it can be
    ("Trump" -> "Donald Trump").
    """
    words = list(best)
    first_surname = first.split()[-1] if first.split() else ""
    if known is not None and first_surname != words[-1] and first_surname in known.surnames:
        words[-1] = first_surname  # "Zelensky ... Volodymyr Zelenskyy" -> "Volodymyr Zelensky"
    if known is not None and len(words) == 1 and known.given and words[0] in known.surnames:
        words.insert(0, known.name.split()[0] if len(known.name.split()) > 1 else known.given[0])
    return " ".join(words)


def _given_conflicts(g: _Group, leader_name: str) -> bool:
    """True when every full form in ``g`` has a given name other than the leader's."""
    given = leader_name.split()[0]
    full = [f for f in g.forms if len(f) > 1]
    return bool(full) and g.leader is None and all(f[0] != given for f in full)


def _suffix(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    return len(short) <= len(long) and long[len(long) - len(short) :] == short


def _leader_surnames(g: _Group, gz: Gazetteer) -> tuple[str, ...]:
    if g.leader is None:
        return ()
    for lead in gz.leaders:
        if lead.name == g.leader:
            return lead.surnames
    return ()
