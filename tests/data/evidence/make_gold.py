"""Build the evidence gold set: turn each ``.ann`` annotation file into a ``.json`` gold file.

Run from the repository root::

    python tests/data/evidence/make_gold.py          # write every gold file
    python tests/data/evidence/make_gold.py --check  # fail if any gold file is stale

An ``.ann`` file lists one item per line (``#`` starts a comment). A surface string may end in
``@N`` to pick its N-th occurrence in the body (1-based; the first by default)::

    P <surface>[@N] [= <full name>]            person (span = first mention)
    N <surface>[@N] | <value> | <unit> [| <high>]
    D <surface>[@N] | <iso or null>
    Q <surface>[@N] | <speaker or null>        quote (surface without the quote marks)
    C <surface>[@N] | <due or null>            commitment
    CL <ACTOR> <issue> <stance> <prefix>[@N] [| <option>]   claim (span = the whole sentence)
    A+ <surface>[@N] | <ACTOR>                 actor mention the gazetteer misses
    A- <surface>[@N]                           gazetteer match that is not an actor mention
    FIELDS <field> ...                         only these fields are annotated (default: all)

A text annotated for some fields only (the quote sets ``real-quotes/`` and
``real-quotes-heldout/`` give people and quotes, the claim sets ``real-claims/`` and
``real-claims-heldout/`` claims) says so in a ``FIELDS`` line; its gold then has
a ``"fields"`` list, the other fields stay empty (actor mentions are not filled in from the
gazetteer), and the scorer counts only the listed fields for it.  An item of a field that is not
listed is an error.

A claim line names a case actor id, an issue id of the ``ukraine-2025`` case and a stance
(``support`` or ``oppose``; neutral claims are not annotated), then a prefix of the sentence:
a string that must start a sentence (see :func:`sentences`), its N-th occurrence with ``@N``.
The claim's span runs from there to the end of that sentence; its ``text`` is the sentence and
its ``option`` the issue option given after ``|`` (``null`` by default).  A sentence ends at a
``.``, ``!`` or ``?`` (plus any closing quote marks or brackets) followed by a space and an
upper-case letter, a digit or an opening quote mark, unless the word before it is an
abbreviation (``U.S.``, ``Dec.``, ``Mr.``); a line break always ends a sentence.  Several
claims may share a sentence (one per actor-issue pair).

Actor mentions come from the gazetteer below (every standalone match, longest first, a name
joined to another word by a hyphen is not a mention), corrected by ``A+``/``A-`` lines.
Texts under ``corpus/`` are read from ``../shared/corpus/`` and checked against their sha256.
The script is deterministic and verifies ``body[start:end] == text`` for every item.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS_DIR = HERE.parents[2].parent / "shared" / "corpus"
SPLITS = (
    "dev",
    "heldout",
    "corpus",
    "real",
    "real-heldout",
    "real-heldout2",
    "real-heldout3",
    "real-heldout4",
    "real-quotes",
    "real-quotes-heldout",
    "real-claims",
    "real-claims-heldout",
    "real-numbers",
    "real-numbers-heldout",
)
FIELDS = ("actors", "people", "quotes", "numbers", "dates", "commitments", "claims")

GAZETTEER: dict[str, tuple[str, ...]] = {
    "RUS": (
        "Russia",
        "Russian",
        "Russians",
        "Russian Federation",
        "Moscow",
        "Kremlin",
        "Putin",
        "Vladimir Putin",
    ),
    "UKR": ("Ukraine", "Ukrainian", "Ukrainians", "Kyiv", "Zelensky", "Volodymyr Zelensky"),
    "USA": (
        "United States",
        "U.S.",
        "US",
        "America",
        "American",
        "Americans",
        "Washington",
        "White House",
        "State Department",
        "Pentagon",
        "Trump",
        "Donald Trump",
        "Biden",
    ),
    "GBR": (
        "Britain",
        "British",
        "Britons",
        "United Kingdom",
        "UK",
        "U.K.",
        "London",
        "Starmer",
        "Keir Starmer",
        "Downing Street",
    ),
    "FRA": ("France", "French", "Paris", "Macron", "Emmanuel Macron", "Elysee"),
    "DEU": ("Germany", "German", "Berlin", "Merz", "Friedrich Merz"),
    "POL": ("Poland", "Polish", "Warsaw", "Tusk", "Donald Tusk"),
    "ITA": ("Italy", "Italian", "Rome", "Meloni", "Giorgia Meloni"),
    "CHN": ("China", "Chinese", "Beijing"),
    "TUR": ("Turkey", "Turkish", "Ankara", "Erdogan", "Tayyip Erdogan", "Recep Tayyip Erdogan"),
    "SAU": ("Saudi Arabia", "Saudi", "Riyadh"),
    "QAT": ("Qatar", "Qatari", "Doha"),
    "EGY": ("Egypt", "Egyptian", "Cairo"),
    "ISR": ("Israel", "Israeli", "Israelis", "Netanyahu", "Benjamin Netanyahu"),
    "PSE": ("Palestinian Authority",),
    "SDN": ("Sudan", "Sudanese", "Khartoum", "Burhan", "Abdel Fattah al-Burhan"),
    "ARE": ("United Arab Emirates", "UAE", "Emirati", "Abu Dhabi"),
    "ARM": ("Armenia", "Armenian", "Armenians", "Yerevan", "Pashinyan", "Nikol Pashinyan"),
    "AZE": ("Azerbaijan", "Azerbaijani", "Baku", "Aliyev", "Ilham Aliyev"),
    "COL": ("Colombia", "Colombian", "Bogota", "Petro", "Gustavo Petro"),
    "VEN": ("Venezuela", "Venezuelan", "Caracas"),
    "CUB": ("Cuba", "Cuban", "Havana"),
    "NOR": ("Norway", "Norwegian", "Oslo"),
    "HUN": ("Hungary", "Hungarian", "Budapest", "Orban", "Viktor Orban"),
    "FIN": ("Finland", "Finnish", "Helsinki"),
    "CHE": ("Switzerland", "Swiss"),
    "BEL": ("Belgium", "Belgian", "De Wever", "Bart De Wever"),
    "COD": (
        "Democratic Republic of Congo",
        "Congo",
        "Congolese",
        "Kinshasa",
        "Tshisekedi",
        "Félix Tshisekedi",
    ),
    "RWA": ("Rwanda", "Rwandan", "Kigali", "Kagame", "Paul Kagame"),
    "SVK": ("Slovakia", "Slovak"),
    "IDN": ("Indonesia", "Indonesian"),
    "IND": ("India", "Indian"),
    "BRA": ("Brazil", "Brazilian"),
    "THA": ("Thailand", "Thai", "Bangkok", "Phumtham", "Phumtham Wechayachai"),
    "KHM": ("Cambodia", "Cambodian", "Phnom Penh", "Hun Manet"),
    "MYS": ("Malaysia", "Malaysian", "Kuala Lumpur", "Anwar", "Anwar Ibrahim"),
    "EU": ("European Union", "EU", "Brussels", "European Commission"),
    "NATO": ("NATO", "Nato", "North Atlantic Treaty Organization"),
    "UN": ("United Nations", "UN", "U.N.", "Security Council"),
}

_ITEM = re.compile(r"^(P|N|D|Q|CL|C|A\+|A-|FIELDS)\s+(.*)$")
_KIND_FIELD = {"P": "people", "N": "numbers", "D": "dates", "Q": "quotes", "CL": "claims", "C": "commitments"}
_CLAIM = re.compile(r"^([A-Z]{2,4})\s+([a-z_]+)\s+(support|oppose)\s+(.+)$", re.DOTALL)
STANCES = ("support", "oppose")
_CLOSERS = "\"'\u201d\u2019)]"
_OPENERS = "\"'\u201c\u2018(["
_ABBREV = {"Mr", "Mrs", "Ms", "Dr", "Gen", "Col", "Lt", "Sgt", "St", "Jr", "Sr", "No", "vs", "etc"}
_ABBREV |= {"Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec"}
_NTH = re.compile(r"^(.*?)@(\d+)$", re.DOTALL)


def split_header(raw: str) -> tuple[str | None, str | None, str]:
    """Split a gold text into (url, date, body); texts without the header are all body."""
    lines = raw.split("\n", 3)
    if len(lines) >= 3 and lines[0].startswith("URL: ") and lines[1].startswith("DATE: ") and lines[2] == "":
        return lines[0][5:].strip(), lines[1][6:].strip(), lines[3] if len(lines) > 3 else ""
    return None, None, raw


def find_span(body: str, surface: str, where: str) -> tuple[str, int, int]:
    """Return (text, start, end) of the N-th occurrence of ``surface`` (``surface@N``)."""
    nth = 1
    m = _NTH.match(surface)
    if m:
        surface, nth = m.group(1), int(m.group(2))
    pos = -1
    for _ in range(nth):
        pos = body.find(surface, pos + 1)
        if pos < 0:
            raise ValueError(f"{where}: {surface!r} occurrence {nth} not found")
    return surface, pos, pos + len(surface)


def _is_abbreviation(body: str, dot: int) -> bool:
    """True when the ``.`` at ``dot`` ends an abbreviation (``U.S.``, ``Dec.``) rather than a sentence."""
    if body[dot] != ".":
        return False
    word = re.search(r"[\w.]*$", body[:dot])
    token = word.group(0) if word else ""
    return token in _ABBREV or bool(re.fullmatch(r"(?:[A-Z]\.)*[A-Z]", token))


def sentences(body: str) -> list[tuple[int, int]]:
    """The body's sentences as (start, end) spans, in order (see the module docstring)."""
    spans: list[tuple[int, int]] = []
    start, i, n = None, 0, len(body)
    while i < n:
        ch = body[i]
        if start is None:
            if not ch.isspace():
                start = i
            i += 1
            continue
        if ch == "\n":
            end = i
            while body[end - 1].isspace():
                end -= 1
            spans.append((start, end))
            start = None
            i += 1
            continue
        if ch in ".!?":
            j = i + 1
            while j < n and body[j] in _CLOSERS:
                j += 1
            nxt = j
            while nxt < n and body[nxt] == " ":
                nxt += 1
            at_end = j == n or body[j] == "\n"
            boundary = (
                nxt > j and nxt < n and (body[nxt].isupper() or body[nxt].isdigit() or body[nxt] in _OPENERS)
            )
            if at_end or (boundary and not _is_abbreviation(body, i)):
                spans.append((start, j))
                start = None
                i = j
                continue
        i += 1
    if start is not None:
        end = n
        while body[end - 1].isspace():
            end -= 1
        spans.append((start, end))
    return spans


def claim_span(body: str, prefix: str, where: str) -> tuple[str, int, int]:
    """Return (sentence, start, end) of the sentence that starts with ``prefix`` (``prefix@N``)."""
    _, s, _ = find_span(body, prefix, where)
    for start, end in sentences(body):
        if start == s:
            return body[start:end], start, end
    raise ValueError(f"{where}: {prefix!r} does not start a sentence")


def gazetteer_mentions(body: str) -> list[tuple[str, str, int, int]]:
    """Every standalone gazetteer match: (actor, text, start, end), longest names first."""
    names = sorted(((n, a) for a, ns in GAZETTEER.items() for n in ns), key=lambda x: -len(x[0]))
    taken = [False] * len(body)
    out = []
    for name, actor in names:
        for m in re.finditer(r"(?<![\w\-])" + re.escape(name) + r"(?![\w\-])", body):
            if any(taken[m.start() : m.end()]):
                continue
            for i in range(m.start(), m.end()):
                taken[i] = True
            out.append((actor, name, m.start(), m.end()))
    return out


def _opt(value: str) -> str | None:
    value = value.strip()
    return None if value == "null" else value


def annotated_fields(ann: str, where: str) -> tuple[str, ...]:
    """The fields an ``.ann`` file annotates: its ``FIELDS`` line, or every field."""
    lines = [line.strip() for line in ann.splitlines() if line.strip().startswith("FIELDS ")]
    if not lines:
        return FIELDS
    if len(lines) > 1:
        raise ValueError(f"{where}: more than one FIELDS line")
    names = tuple(lines[0].split()[1:])
    unknown = [n for n in names if n not in FIELDS]
    if unknown or not names:
        expected = ", ".join(FIELDS)
        raise ValueError(f"{where}: FIELDS names unknown fields {unknown} (expected some of {expected})")
    return names


def build(body: str, ann: str, where: str) -> dict[str, list[dict[str, object]]]:
    """Turn annotation lines into the gold lists for one body."""
    gold: dict[str, list[dict[str, object]]] = {f: [] for f in FIELDS}
    fields = annotated_fields(ann, where)
    actors = {(s, e): (a, t) for a, t, s, e in gazetteer_mentions(body)} if "actors" in fields else {}
    for lineno, line in enumerate(ann.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        m = _ITEM.match(line)
        if not m:
            raise ValueError(f"{where}:{lineno}: cannot parse {line!r}")
        kind, rest = m.group(1), m.group(2)
        parts = [p.strip() for p in rest.split("|")]
        loc = f"{where}:{lineno}"
        if kind == "FIELDS":
            continue
        field = _KIND_FIELD.get(kind, "actors")
        if field not in fields:
            raise ValueError(f"{loc}: {kind} line in a text whose FIELDS line leaves out {field}")
        if kind == "P":
            surface, _, name = parts[0].partition(" = ")
            text, s, e = find_span(body, surface.strip(), loc)
            gold["people"].append({"name": name.strip() or text, "start": s, "end": e})
        elif kind == "N":
            text, s, e = find_span(body, parts[0], loc)
            high = float(parts[3]) if len(parts) > 3 else None
            gold["numbers"].append(
                {"text": text, "value": float(parts[1]), "unit": parts[2], "start": s, "end": e, "high": high}
            )
        elif kind == "D":
            text, s, e = find_span(body, parts[0], loc)
            gold["dates"].append({"text": text, "iso": _opt(parts[1]), "start": s, "end": e})
        elif kind == "Q":
            text, s, e = find_span(body, parts[0], loc)
            gold["quotes"].append({"speaker": _opt(parts[1]), "text": text, "start": s, "end": e})
        elif kind == "CL":
            m = _CLAIM.match(parts[0])
            if not m:
                raise ValueError(f"{loc}: cannot parse claim {line!r}")
            actor, issue, stance, prefix = m.groups()
            text, s, e = claim_span(body, prefix.strip(), loc)
            option = _opt(parts[1]) if len(parts) > 1 else None
            gold["claims"].append(
                {
                    "actor": actor,
                    "issue": issue,
                    "stance": stance,
                    "text": text,
                    "start": s,
                    "end": e,
                    "option": option,
                }
            )
        elif kind == "C":
            text, s, e = find_span(body, parts[0], loc)
            gold["commitments"].append({"text": text, "due": _opt(parts[1]), "start": s, "end": e})
        elif kind == "A+":
            text, s, e = find_span(body, parts[0], loc)
            actors[(s, e)] = (parts[1], text)
        else:
            text, s, e = find_span(body, parts[0], loc)
            if (s, e) not in actors:
                raise ValueError(f"{loc}: {text!r} at {s} is not a gazetteer match")
            del actors[(s, e)]
    gold["actors"] = [{"actor": a, "text": t, "start": s, "end": e} for (s, e), (a, t) in actors.items()]
    for field in FIELDS:
        gold[field].sort(key=lambda item: (int(str(item["start"])), int(str(item["end"]))))
    gold["claims"].sort(key=lambda c: (int(str(c["start"])), str(c["actor"]), str(c["issue"])))
    seen = [(c["start"], c["actor"], c["issue"]) for c in gold["claims"]]
    if len(set(seen)) != len(seen):
        raise ValueError(f"{where}: two claims for the same actor and issue in one sentence")
    for field in FIELDS:
        for item in gold[field]:
            s, e = int(str(item["start"])), int(str(item["end"]))
            if "text" in item and body[s:e] != item["text"]:
                raise ValueError(f"{where}: span check failed for {item}")
    return gold


def gold_for(ann_path: Path) -> tuple[Path, dict[str, object]]:
    """Build the gold dict for one ``.ann`` file; return (json path, gold)."""
    where = str(ann_path.relative_to(HERE))
    if ann_path.parent.name == "corpus":
        src = CORPUS_DIR / (ann_path.stem + ".txt")
        raw_bytes = src.read_bytes()
        body = raw_bytes.decode("utf-8")
        date = None
        head: dict[str, object] = {"file": src.name, "sha256": hashlib.sha256(raw_bytes).hexdigest()}
    else:
        _, date, body = split_header(ann_path.with_suffix(".txt").read_text(encoding="utf-8"))
        if date is None:
            raise ValueError(f"{where}: text has no URL/DATE header")
        dt.date.fromisoformat(date)
        head = {}
    gold: dict[str, object] = {**head, "date": date}
    ann = ann_path.read_text(encoding="utf-8")
    fields = annotated_fields(ann, where)
    if fields != FIELDS:
        gold["fields"] = list(fields)
    gold.update(build(body, ann, where))
    return ann_path.with_suffix(".json"), gold


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check that the gold files are current")
    args = parser.parse_args(argv)
    stale = 0
    for split in SPLITS:
        for ann in sorted((HERE / split).glob("*.ann")):
            if split == "corpus" and not (CORPUS_DIR / (ann.stem + ".txt")).exists():
                print(f"skip {ann.name}: ../shared/corpus not present")
                continue
            path, gold = gold_for(ann)
            text = json.dumps(gold, indent=1, ensure_ascii=False) + "\n"
            if args.check:
                if not path.exists() or path.read_text(encoding="utf-8") != text:
                    print(f"stale: {path.relative_to(HERE)}")
                    stale += 1
            else:
                path.write_text(text, encoding="utf-8")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
