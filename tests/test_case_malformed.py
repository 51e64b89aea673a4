"""Malformed case files: each must fail with the exact located problem a user would need to fix it."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from accord import (
    AccordError,
    CaseError,
    CaseFormatError,
    CaseNotFoundError,
    CaseValidationError,
    Problem,
    builtin_case_names,
    load_case,
    parse_case,
)
from accord.case.yaml_io import MAX_CASE_BYTES

ACTOR_FIELDS = "id, name, kind, capability, capability_basis, no_deal_utility, no_deal_basis, aliases"
TRACK_FIELDS = "id, name, actors, description, claims, affected"
CASE_FIELDS = (
    "format, id, title, as_of, description, actors, issues, positions, guarantees, sources, claims, "
    "tracks, assumptions, uncertain, red_lines, proposals"
)

EXTRA_ACTOR = (
    "  - id: {id}\n"
    "    name: Another party\n"
    "    kind: person\n"
    "    capability: 0.1\n"
    "    capability_basis: Assumed.\n"
    "    no_deal_utility: 0.1\n"
    "issues:\n"
)
EXTRA_ISSUE = (
    "  - id: {id}\n"
    "    name: Another issue\n"
    "    description: 0 = no; 100 = yes.\n"
    "    options:\n"
    "      - {{id: no, label: No, position: 0}}\n"
    "      - {{id: yes, label: Yes, position: 100}}\n"
    "positions:\n"
)
EXTRA_GUARANTEE = (
    "    duration_years: 25\n"
    "  - id: {id}\n"
    "    name: Another guarantee\n"
    "    guarantors: [{guarantor}]\n"
    "    beneficiary: UP\n"
    "    obligation: consultation\n"
    "    trigger: Any breach\n"
    "    legal_form: political_declaration\n"
)
EXTRA_CLAIM = (
    "    credibility: 6\n"
    "  - id: {id}\n"
    "    source: tutorial-notes\n"
    "    actor: UP\n"
    "    text: Another claim.\n"
    "    credibility: 3\n"
    "sources:\n"
)
EXTRA_SOURCE = "  - id: {id}\n    title: Another source\n    kind: news\n    reliability: B\n"


@dataclass(frozen=True)
class Bad:
    """A malformed case: edits of the tutorial (or a whole document) and the problems it must raise."""

    id: str
    expected: tuple[str, ...]
    edits: tuple[tuple[str, str], ...] = ()
    doc: str | None = None
    append: str = ""
    error: type[CaseError] = CaseValidationError


def sub(old: str, new: str) -> tuple[tuple[str, str], ...]:
    return ((old, new),)


P0 = "  - {actor: UP, issue: share, ideal: 10, salience: 0.9, red_line: [half], claims: [c-up-share]}"
P1 = "  - {actor: UP, issue: funding, ideal: 80, salience: 0.5, claims: [c-up-funding]}"
SHARE_OPTIONS = (
    "    options:\n"
    "      - {id: none, label: No guaranteed share, position: 0}\n"
    "      - {id: quarter, label: A quarter of the flow, position: 50}\n"
    "      - {id: half, label: Half the flow, position: 100}\n"
)
TREATY = "      - {id: treaty, label: Treaty with arbitration, position: 100, guarantee: arbitration}\n"

SYNTAX: list[Bad] = [
    Bad(
        "unclosed-bracket",
        ("61:94: invalid YAML: while parsing a flow sequence expected ',' or ']', but got '}'",),
        sub("red_line: [half]", "red_line: [half"),
        error=CaseFormatError,
    ),
    Bad(
        "bad-indentation",
        ("12:10: invalid YAML: mapping values are not allowed here",),
        sub("    name: Upstream Republic", "     name: Upstream Republic"),
        error=CaseFormatError,
    ),
    Bad(
        "dedented-key",
        (
            "12:4: invalid YAML: while parsing a block collection expected <block end>, "
            "but found '<block mapping start>'",
        ),
        sub("    name: Upstream Republic", "   name: Upstream Republic"),
        error=CaseFormatError,
    ),
    Bad(
        "tab-indentation",
        (
            "12:1: invalid YAML: while scanning for the next token "
            "found character '\\t' that cannot start any token",
        ),
        sub("    name: Upstream Republic", "\tname: Upstream Republic"),
        error=CaseFormatError,
    ),
    Bad(
        "duplicate-key",
        ("6:1: duplicate key 'title': a key may appear only once in a mapping",),
        sub("title: River accord (tutorial)\n", "title: River accord (tutorial)\ntitle: Again\n"),
        error=CaseFormatError,
    ),
    Bad("empty-file", ("1:1: the file is empty: a case is a YAML mapping",), doc="", error=CaseFormatError),
    Bad(
        "only-comments",
        ("1:1: the file is empty: a case is a YAML mapping",),
        doc="# a case will go here\n\n",
        error=CaseFormatError,
    ),
    Bad(
        "top-level-list",
        ("1:1: a case must be a YAML mapping, not a list",),
        doc="- id: tutorial\n- title: x\n",
        error=CaseFormatError,
    ),
    Bad(
        "top-level-scalar",
        ("1:1: a case must be a YAML mapping, not a string",),
        doc="just some words\n",
        error=CaseFormatError,
    ),
    Bad(
        "top-level-number",
        ("1:1: a case must be a YAML mapping, not a number",),
        doc="42\n",
        error=CaseFormatError,
    ),
]

TYPES: list[Bad] = [
    Bad(
        "salience-string",
        ("61:42: positions[0].salience: expected a number (got 'high')",),
        sub("salience: 0.9", "salience: high"),
    ),
    Bad(
        "name-list",
        ("12:5: actors[0].name: input should be a valid string",),
        sub("name: Upstream Republic", "name: [Upstream, Republic]"),
    ),
    Bad(
        "options-mapping",
        ("35:5: issues[0].options: expected a list (got {'none': 'No guaranteed share'})",),
        sub(SHARE_OPTIONS, "    options: {none: No guaranteed share}\n"),
    ),
    Bad(
        "actors-null",
        (
            "10:1: actors: expected a list (got null)",
            f"11:1: x-actors: unknown field 'x-actors' (allowed: {CASE_FIELDS})",
        ),
        sub("actors:\n  - id: UP\n", "actors:\nx-actors:\n  - id: UP\n"),
    ),
    Bad(
        "date-not-a-date",
        ("6:1: as_of: expected a date as YYYY-MM-DD (got 'soon')",),
        sub("as_of: 2026-01-15", "as_of: soon"),
    ),
    Bad(
        "datetime-for-date",
        ("6:1: as_of: expected a date as YYYY-MM-DD (got '2026-01-15 10:30:00')",),
        sub("as_of: 2026-01-15", "as_of: 2026-01-15 10:30:00"),
    ),
    Bad("format-version", ("3:1: format: input should be 1 (got 2)",), sub("format: 1", "format: 2")),
]
RANGES: list[Bad] = [
    Bad(
        "salience-above-1",
        ("61:42: positions[0].salience: input should be less than or equal to 1 (got 1.5)",),
        sub("salience: 0.9", "salience: 1.5"),
    ),
    Bad(
        "salience-below-0",
        ("61:42: positions[0].salience: input should be greater than or equal to 0 (got -0.1)",),
        sub("salience: 0.9", "salience: -0.1"),
    ),
    Bad(
        "capability-above-1",
        ("14:5: actors[0].capability: input should be less than or equal to 1 (got 2)",),
        sub("capability: 0.5", "capability: 2"),
    ),
    Bad(
        "no-deal-utility-below-0",
        ("16:5: actors[0].no_deal_utility: input should be greater than or equal to 0 (got -1)",),
        sub("no_deal_utility: 0.45", "no_deal_utility: -1"),
    ),
    Bad(
        "ideal-below-scale",
        ("61:31: positions[0].ideal: input should be greater than or equal to 0 (got -5)",),
        sub("ideal: 10,", "ideal: -5,"),
    ),
    Bad(
        "ideal-above-scale",
        ("61:31: positions[0].ideal: input should be less than or equal to 100 (got 150)",),
        sub("ideal: 10,", "ideal: 150,"),
    ),
    Bad(
        "option-position-above-scale",
        ("38:42: issues[0].options[2].position: input should be less than or equal to 100 (got 101)",),
        sub(
            "{id: half, label: Half the flow, position: 100}",
            "{id: half, label: Half the flow, position: 101}",
        ),
    ),
    Bad(
        "salience-nan",
        ("61:42: positions[0].salience: input should be a finite number (got nan)",),
        sub("salience: 0.9", "salience: .nan"),
    ),
    Bad(
        "capability-inf",
        ("14:5: actors[0].capability: input should be a finite number (got inf)",),
        sub("capability: 0.5", "capability: .inf"),
    ),
    Bad(
        "negative-response-lag",
        ("84:5: guarantees[0].response_lag_days: input should be greater than or equal to 0 (got -3)",),
        sub("response_lag_days: 30", "response_lag_days: -3"),
    ),
    Bad(
        "zero-duration",
        ("85:5: guarantees[0].duration_years: input should be greater than 0 (got 0)",),
        sub("duration_years: 25", "duration_years: 0"),
    ),
    Bad(
        "negative-forces",
        ("86:14: guarantees[0].forces.count: input should be greater than or equal to 0 (got -1)",),
        sub("    duration_years: 25\n", "    duration_years: 25\n    forces: {count: -1}\n"),
    ),
]

REFERENCES: list[Bad] = [
    Bad(
        "unknown-actor",
        ("61:6: positions[0].actor: unknown actor 'UPP' (known: BANK, DOWN, UP); did you mean 'UP'?",),
        sub("{actor: UP, issue: share", "{actor: UPP, issue: share"),
    ),
    Bad(
        "unknown-actor-no-close-match",
        ("64:6: positions[3].actor: unknown actor 'RUSS' (known: BANK, DOWN, UP)",),
        sub("{actor: DOWN, issue: monitoring", "{actor: RUSS, issue: monitoring"),
    ),
    Bad(
        "unknown-issue",
        (
            "61:17: positions[0].issue: unknown issue 'shares' "
            "(known: funding, guarantee, monitoring, share); did you mean 'share'?",
        ),
        sub("{actor: UP, issue: share", "{actor: UP, issue: shares"),
    ),
    Bad(
        "unknown-red-line-option",
        (
            "61:68: positions[0].red_line[0]: unknown option 'halve' for issue 'share' "
            "(known: half, none, quarter); did you mean 'half'?",
        ),
        sub("red_line: [half]", "red_line: [halve]"),
    ),
    Bad(
        "unknown-source",
        (
            "112:5: claims[4].source: unknown source 'tutorial-note' (known: tutorial-notes); "
            "did you mean 'tutorial-notes'?",
        ),
        sub("  - id: c-bank\n    source: tutorial-notes", "  - id: c-bank\n    source: tutorial-note"),
    ),
    Bad(
        "unknown-claim",
        (
            "61:84: positions[0].claims[0]: unknown claim 'c-up-shar' "
            "(known: c-bank, c-down-monitoring, c-down-share, c-up-funding, c-up-share); "
            "did you mean 'c-up-share'?",
        ),
        sub("red_line: [half], claims: [c-up-share]}", "red_line: [half], claims: [c-up-shar]}"),
    ),
    Bad(
        "unknown-guarantee",
        (
            "59:69: issues[3].options[1].guarantee: unknown guarantee 'arbitrage' (known: arbitration); "
            "did you mean 'arbitration'?",
        ),
        sub("guarantee: arbitration}", "guarantee: arbitrage}"),
    ),
    Bad(
        "unknown-guarantor",
        (
            "79:18: guarantees[0].guarantors[0]: unknown actor 'BNK' (known: BANK, DOWN, UP); "
            "did you mean 'BANK'?",
        ),
        sub("guarantors: [BANK]", "guarantors: [BNK]"),
    ),
    Bad(
        "unknown-contradicted-claim",
        (
            "116:19: claims[4].contradicts[0]: unknown claim 'c-bnak' "
            "(known: c-bank, c-down-monitoring, c-down-share, c-up-funding, c-up-share); "
            "did you mean 'c-bank'?",
        ),
        sub(
            "site.\n    credibility: 6\n",
            "site.\n    credibility: 6\n    contradicts: [c-bnak]\n",
        ),
    ),
    Bad(
        "claim-contradicts-itself",
        ("93:19: claims[0].contradicts[0]: a claim cannot contradict itself",),
        sub(
            "flow.\n    credibility: 6\n",
            "flow.\n    credibility: 6\n    contradicts: [c-up-share]\n",
        ),
    ),
]

DUPLICATES: list[Bad] = [
    Bad(
        "duplicate-actor",
        ("31:5: actors[3].id: duplicate id 'UP' in actors",),
        sub("issues:\n", EXTRA_ACTOR.format(id="UP")),
    ),
    Bad(
        "duplicate-issue",
        ("60:5: issues[4].id: duplicate id 'funding' in issues",),
        sub("positions:\n", EXTRA_ISSUE.format(id="funding")),
    ),
    Bad(
        "duplicate-guarantee",
        ("86:5: guarantees[1].id: duplicate id 'arbitration' in guarantees",),
        sub("    duration_years: 25\n", EXTRA_GUARANTEE.format(id="arbitration", guarantor="DOWN")),
    ),
    Bad(
        "duplicate-claim",
        ("116:5: claims[5].id: duplicate id 'c-bank' in claims",),
        sub("site.\n    credibility: 6\nsources:\n", "site.\n" + EXTRA_CLAIM.format(id="c-bank")),
    ),
    Bad(
        "duplicate-source",
        ("122:5: sources[1].id: duplicate id 'tutorial-notes' in sources",),
        append=EXTRA_SOURCE.format(id="tutorial-notes"),
    ),
    Bad(
        "duplicate-option",
        (
            "37:10: issues[0].options[1].id: duplicate option id 'none': "
            "option ids must be unique within an issue",
        ),
        sub("{id: quarter, label: A quarter", "{id: none, label: A quarter"),
    ),
    Bad(
        "options-equal-positions",
        (
            "37:53: issues[0].options[1].position: options must be listed in strictly increasing "
            "position: 'quarter' (0) follows 'none' (0)",
        ),
        sub("A quarter of the flow, position: 50}", "A quarter of the flow, position: 0}"),
    ),
    Bad(
        "options-decreasing",
        (
            "38:42: issues[0].options[2].position: options must be listed in strictly increasing "
            "position: 'half' (40) follows 'quarter' (50)",
        ),
        sub("Half the flow, position: 100}", "Half the flow, position: 40}"),
    ),
    Bad(
        "issue-without-options",
        ("57:5: issues[3].options: needs at least 2 items (got 0)",),
        sub(
            "    options:\n      - {id: declaration, label: Political declaration, position: 0}\n" + TREATY,
            "    options: []\n",
        ),
    ),
    Bad(
        "issue-with-one-option",
        ("57:5: issues[3].options: needs at least 2 items (got 1)",),
        sub(TREATY, ""),
    ),
    Bad(
        "duplicate-position",
        ("62:17: positions[1].issue: actor 'UP' already has a position on issue 'share' (positions[0])",),
        sub("{actor: UP, issue: funding", "{actor: UP, issue: share"),
    ),
    Bad(
        "duplicate-red-line",
        ("61:57: positions[0].red_line: red_line lists 'half' more than once",),
        sub("red_line: [half]", "red_line: [half, half]"),
    ),
    Bad(
        "guarantee-without-guarantors",
        ("79:5: guarantees[0].guarantors: needs at least 1 item (got 0)",),
        sub("guarantors: [BANK]", "guarantors: []"),
    ),
]

SCHEMA: list[Bad] = [
    Bad(
        "unknown-field",
        (f"13:5: actors[0].colour: unknown field 'colour' (allowed: {ACTOR_FIELDS})",),
        sub("    name: Upstream Republic\n", "    name: Upstream Republic\n    colour: blue\n"),
    ),
    Bad(
        "unknown-top-level-field",
        (f"6:1: author: unknown field 'author' (allowed: {CASE_FIELDS})",),
        sub("title: River accord (tutorial)\n", "title: River accord (tutorial)\nauthor: someone\n"),
    ),
    Bad(
        "missing-field",
        ("11:5: actors[0].capability_basis: required field is missing",),
        sub("    capability_basis: Controls the dam; assumed for the tutorial.\n", ""),
    ),
    Bad(
        "missing-top-level-field",
        ("3:1: title: required field is missing",),
        sub("title: River accord (tutorial)\n", ""),
    ),
    Bad(
        "id-with-spaces",
        (
            "11:5: actors[0].id: invalid id 'UP STREAM': use letters, digits, '_', '.' or '-', "
            "start with a letter or digit, at most 64 characters",
        ),
        sub("  - id: UP\n", "  - id: UP STREAM\n"),
    ),
    Bad(
        "empty-name",
        ("12:5: actors[0].name: string should have at least 1 character (got '')",),
        sub("name: Upstream Republic", "name: ''"),
    ),
    Bad(
        "bad-actor-kind",
        ("27:5: actors[2].kind: input should be 'state', 'organisation' or 'person' (got 'company')",),
        sub("kind: organisation", "kind: company"),
    ),
    Bad(
        "bad-reliability",
        ("120:5: sources[0].reliability: input should be 'A', 'B', 'C', 'D', 'E' or 'F' (got 'G')",),
        sub("reliability: F", "reliability: G"),
    ),
    Bad(
        "bad-source-kind",
        (
            "119:5: sources[0].kind: input should be 'news', 'commentary', 'official', 'dataset' "
            "or 'analyst_estimate' (got 'rumour')",
        ),
        sub("kind: analyst_estimate", "kind: rumour"),
    ),
    Bad(
        "bad-obligation",
        (
            "81:5: guarantees[0].obligation: input should be 'defence', 'consultation', "
            "'assistance_without_combat', 'arms_supply', 'monitoring' or 'assurance' (got 'war')",
        ),
        sub("obligation: monitoring", "obligation: war"),
    ),
    Bad(
        "bad-legal-form",
        (
            "83:5: guarantees[0].legal_form: input should be 'ratified_treaty', 'executive_agreement', "
            "'political_declaration' or 'unilateral_law' (got 'handshake')",
        ),
        sub("legal_form: ratified_treaty", "legal_form: handshake"),
    ),
    Bad(
        "credibility-7",
        ("92:5: claims[0].credibility: input should be 1, 2, 3, 4, 5 or 6 (got 7)",),
        sub("flow.\n    credibility: 6\n", "flow.\n    credibility: 7\n"),
    ),
    Bad(
        "javascript-url",
        ("121:5: sources[0].url: url must start with http:// or https:// (got 'javascript:alert(1)')",),
        sub("    reliability: F\n", "    reliability: F\n    url: javascript:alert(1)\n"),
    ),
    Bad(
        "python-tag",
        (
            "5:1: title: unsupported YAML tag !!python/object/apply:os.system: "
            "use plain strings, numbers, lists and mappings",
        ),
        sub("title: River accord (tutorial)", "title: !!python/object/apply:os.system ['echo pwned']"),
    ),
    Bad(
        "python-name-tag",
        (
            "5:1: title: unsupported YAML value or tag !!python/name:os.system: "
            "use plain strings, numbers, lists and mappings",
        ),
        sub("title: River accord (tutorial)", "title: !!python/name:os.system"),
    ),
    Bad(
        "binary-value",
        ("5:1: title: unsupported YAML value or tag bytes: use plain strings, numbers, lists and mappings",),
        sub("title: River accord (tutorial)", "title: !!binary aGk="),
    ),
    Bad(
        "non-string-key",
        ("11:5: actors[0]: mapping keys must be strings (got 1)",),
        sub("    name: Upstream Republic\n", "    name: Upstream Republic\n    1: one\n"),
    ),
    Bad(
        "boolean-key",
        ("1:1: mapping keys must be strings (got true)",),
        doc="true: yes\nid: x\n",
    ),
]

# Numbers, flags and dates are checked strictly: YAML's loose spellings (true for 1, a quoted
# number, yes for true, a bare year for a date) are errors, not silent conversions.
SCALARS: list[Bad] = [
    Bad(
        "salience-boolean",
        ("61:42: positions[0].salience: expected a number (got true)",),
        sub("salience: 0.9", "salience: true"),
    ),
    Bad(
        "ideal-boolean",
        ("61:31: positions[0].ideal: expected a number (got false)",),
        sub("ideal: 10,", "ideal: false,"),
    ),
    Bad(
        "capability-quoted-number",
        ("14:5: actors[0].capability: expected a number (got '0.5')",),
        sub("capability: 0.5", 'capability: "0.5"'),
    ),
    Bad(
        "forces-count-quoted-number",
        ("86:14: guarantees[0].forces.count: expected a whole number (got '3')",),
        sub("    duration_years: 25\n", "    duration_years: 25\n    forces: {count: '3'}\n"),
    ),
    Bad(
        "security-yes",
        ("56:5: issues[3].security: expected true or false (got 'yes')",),
        sub("security: true", "security: yes"),
    ),
    Bad(
        "quote-yes",
        ("116:5: claims[4].quote: expected true or false (got 'yes')",),
        sub(
            "site.\n    credibility: 6\n",
            "site.\n    credibility: 6\n    quote: yes\n",
        ),
    ),
    Bad(
        "date-bare-year",
        ("6:1: as_of: expected a date as YYYY-MM-DD (got 2024)",),
        sub("as_of: 2026-01-15", "as_of: 2024"),
    ),
    Bad(
        "name-number",
        ("12:5: actors[0].name: expected text (got 12): put it in quotes",),
        sub("name: Upstream Republic", "name: 12"),
    ),
    Bad(
        "id-number",
        ("11:5: actors[0].id: expected text (got 12): put it in quotes",),
        sub("  - id: UP\n", "  - id: 12\n"),
    ),
    Bad(
        "actors-list-of-numbers",
        (
            "10:10: actors[0]: expected a mapping of fields (got 1)",
            "10:13: actors[1]: expected a mapping of fields (got 2)",
            f"11:1: x-actors: unknown field 'x-actors' (allowed: {CASE_FIELDS})",
        ),
        sub("actors:\n  - id: UP\n", "actors: [1, 2]\nx-actors:\n  - id: UP\n"),
    ),
]

TRACKS: list[Bad] = [
    Bad(
        "track-unknown-actor",
        ("71:18: tracks[0].actors[1]: unknown actor 'X' (known: BANK, DOWN, UP)",),
        sub("actors: [UP, DOWN]\n", "actors: [UP, X]\n"),
    ),
    Bad(
        "track-unknown-actor-close-match",
        ("75:24: tracks[1].actors[2]: unknown actor 'BNK' (known: BANK, DOWN, UP); did you mean 'BANK'?",),
        sub("actors: [UP, DOWN, BANK]\n", "actors: [UP, DOWN, BNK]\n"),
    ),
    Bad(
        "track-actor-twice",
        ("71:5: tracks[0].actors: lists 'UP' more than once",),
        sub("actors: [UP, DOWN]\n", "actors: [UP, DOWN, UP]\n"),
    ),
    Bad(
        "track-unknown-claim",
        (
            "72:14: tracks[0].claims[0]: unknown claim 'c-nope' "
            "(known: c-bank, c-down-monitoring, c-down-share, c-up-funding, c-up-share)",
        ),
        sub("    actors: [UP, DOWN]\n", "    actors: [UP, DOWN]\n    claims: [c-nope]\n"),
    ),
    Bad(
        "duplicate-track",
        ("73:5: tracks[1].id: duplicate id 'riparian' in tracks",),
        sub("  - id: full\n", "  - id: riparian\n"),
    ),
    Bad(
        "track-without-actors",
        ("71:5: tracks[0].actors: needs at least 1 item (got 0)",),
        sub("actors: [UP, DOWN]\n", "actors: []\n"),
    ),
    Bad(
        "track-without-name",
        ("73:5: tracks[1].name: required field is missing",),
        sub("    name: The states and the bank\n", ""),
    ),
    Bad(
        "track-unknown-field",
        (f"76:5: tracks[1].members: unknown field 'members' (allowed: {TRACK_FIELDS})",),
        sub("    actors: [UP, DOWN, BANK]\n", "    actors: [UP, DOWN, BANK]\n    members: 3\n"),
    ),
]

ALL_BAD = SYNTAX + TYPES + SCALARS + RANGES + REFERENCES + DUPLICATES + TRACKS + SCHEMA


def _exact(bads: list[Bad]) -> list[Any]:
    """Parameters for the exact-report tests."""
    return [pytest.param(b, id=b.id) for b in bads]


def _content(bad: Bad, edit_tutorial: Callable[..., str]) -> str:
    if bad.doc is not None:
        return bad.doc
    return edit_tutorial(*bad.edits) + bad.append


def test_table_is_large_and_ids_are_unique() -> None:
    ids = [b.id for b in ALL_BAD]
    assert len(ids) == len(set(ids))
    assert len(ids) >= 30


@pytest.mark.parametrize("bad", _exact(ALL_BAD))
def test_malformed_case_reports_exact_problem(
    bad: Bad, edit_tutorial: Callable[..., str], load_bad: Callable[..., Any], case_path: Path
) -> None:
    err = load_bad(_content(bad, edit_tutorial), bad.error)
    problems = [err.problem] if isinstance(err, CaseFormatError) else err.problems
    assert [str(p) for p in problems] == [f"{case_path}:{e}" for e in bad.expected]
    assert all(p.file == str(case_path) for p in problems)
    assert str(err) == "\n".join(f"{case_path}:{e}" for e in bad.expected)


@pytest.mark.parametrize("bad", _exact(ALL_BAD))
def test_parse_case_reports_the_same_problems_under_the_given_name(
    bad: Bad, edit_tutorial: Callable[..., str]
) -> None:
    with pytest.raises(bad.error) as info:
        parse_case(_content(bad, edit_tutorial), "named.yaml")
    err = info.value
    problems = [err.problem] if isinstance(err, CaseFormatError) else err.problems
    assert [str(p) for p in problems] == [f"named.yaml:{e}" for e in bad.expected]


def _field_key(field: str) -> str | None:
    """The mapping key a located problem should point at, or None if it points at a list item."""
    last = field.rsplit(".", 1)[-1]
    return None if last.endswith("]") else last


@pytest.mark.parametrize(
    "bad", [b for b in ALL_BAD if b.error is CaseValidationError and b.doc is None], ids=lambda b: b.id
)
def test_located_column_points_at_the_field(bad: Bad, edit_tutorial: Callable[..., str]) -> None:
    text = _content(bad, edit_tutorial)
    with pytest.raises(CaseValidationError) as info:
        parse_case(text)
    lines = text.splitlines()
    for p in info.value.problems:
        assert p.line >= 1
        assert p.column >= 1
        at = lines[p.line - 1][p.column - 1 :]
        key = _field_key(p.field)
        if p.message == "required field is missing":
            # a missing field is reported at the mapping that lacks it
            assert at.startswith("id:") or p.field.count(".") == 0, (p, at)
        elif key is not None:
            assert at.startswith(f"{key}:"), (p, at)
        else:
            # an item of a list: the column is on the item itself, not on a separator
            assert at[:1] not in {" ", ",", "]", ""}, (p, at)


def test_multiple_problems_are_all_reported_sorted_by_line(
    edit_tutorial: Callable[..., str], load_bad: Callable[..., Any], case_path: Path
) -> None:
    text = edit_tutorial(
        ("credibility: 6\nsources:", "credibility: 0\nsources:"),  # claims[4], line 115
        ("{actor: BANK, issue: funding", "{actor: BANC, issue: funding"),  # positions[6], line 67
        ("capability: 0.35", "capability: 3.5"),  # actors[1], line 21
        ("reliability: F", "reliability: Z"),  # sources[0], line 120
        ("guarantors: [BANK]", "guarantors: [NOBODY]"),  # reference problem, line 79
    )
    err = load_bad(text, CaseValidationError)
    # Schema errors stop pydantic before the cross-reference pass, so the reference
    # problems of this file are not reported until the schema errors are fixed.
    assert [(p.line, p.column, p.field) for p in err.problems] == [
        (21, 5, "actors[1].capability"),
        (115, 5, "claims[4].credibility"),
        (120, 5, "sources[0].reliability"),
    ]
    assert [p.line for p in err.problems] == sorted(p.line for p in err.problems)
    assert len(str(err).splitlines()) == 3


def test_multiple_reference_problems_are_all_reported_sorted_by_line(
    edit_tutorial: Callable[..., str], load_bad: Callable[..., Any], case_path: Path
) -> None:
    text = edit_tutorial(
        ("guarantors: [BANK]", "guarantors: [NOBODY]"),
        ("{actor: BANK, issue: funding", "{actor: BANC, issue: funding"),
        ("guarantee: arbitration}", "guarantee: nothing}"),
        ("  - id: c-bank\n    source: tutorial-notes", "  - id: c-bank\n    source: elsewhere"),
        ("red_line: [none]", "red_line: [nothing]"),
    )
    err = load_bad(text, CaseValidationError)
    # The reference pass checks options, claims, positions then guarantees; the
    # report must still come out in file order.
    assert [(p.line, p.field) for p in err.problems] == [
        (59, "issues[3].options[1].guarantee"),
        (63, "positions[2].red_line[0]"),
        (67, "positions[6].actor"),
        (79, "guarantees[0].guarantors[0]"),
        (112, "claims[4].source"),
    ]


def test_more_than_five_reference_problems_are_all_listed(
    edit_tutorial: Callable[..., str], load_bad: Callable[..., Any]
) -> None:
    # The pydantic summary stops after five; the located report must not.
    text = edit_tutorial(
        ("  - id: c-down-share\n", "  - id: c-down\n"),
        ("  - id: tutorial-notes\n", "  - id: notes\n"),
    )
    err = load_bad(text, CaseValidationError)
    assert [(p.line, p.field) for p in err.problems] == [
        (63, "positions[2].claims[0]"),
        (88, "claims[0].source"),
        (94, "claims[1].source"),
        (100, "claims[2].source"),
        (106, "claims[3].source"),
        (112, "claims[4].source"),
    ]


def test_impossible_date_is_reported_on_the_field(
    edit_tutorial: Callable[..., str], load_bad: Callable[..., Any], case_path: Path
) -> None:
    err = load_bad(edit_tutorial(("as_of: 2026-01-15", "as_of: 2026-02-30")), CaseValidationError)
    (problem,) = err.problems
    assert (problem.file, problem.line, problem.column, problem.field) == (str(case_path), 6, 1, "as_of")
    # The rest of the message is Python's own reason, whose wording differs between versions.
    assert problem.message.startswith("invalid date '2026-02-30': ")


def test_date_like_id_is_kept_as_text(edit_tutorial: Callable[..., str]) -> None:
    # YAML would read 2026-01-01 as a date; the loader keeps it as the text that was written.
    case = parse_case(edit_tutorial(("issues:\n", EXTRA_ACTOR.format(id="2026-01-01"))))
    assert [a.id for a in case.actors] == ["UP", "DOWN", "BANK", "2026-01-01"]
    assert type(case.actors[3].id) is str
    assert case.actor("2026-01-01").name == "Another party"


def test_known_ids_are_listed_once_when_an_id_is_duplicated(
    edit_tutorial: Callable[..., str], load_bad: Callable[..., Any]
) -> None:
    text = edit_tutorial(
        ("issues:\n", EXTRA_ACTOR.format(id="DOWN")),
        ("{actor: BANK, issue: funding", "{actor: BANC, issue: funding"),
    )
    err = load_bad(text, CaseValidationError)
    assert [p.message for p in err.problems] == [
        "duplicate id 'DOWN' in actors",
        "unknown actor 'BANC' (known: BANK, DOWN, UP); did you mean 'BANK'?",
    ]


def test_unknown_id_message_lists_at_most_twenty_known_ids() -> None:
    actors = "".join(
        f"  - {{id: A{i:02d}, name: n, kind: state, capability: 0.1, capability_basis: b, "
        "no_deal_utility: 0}\n"
        for i in range(25)
    )
    text = (
        "id: big\ntitle: t\nas_of: 2025-01-01\ndescription: d\nactors:\n"
        + actors
        + "issues:\n  - id: i\n    name: n\n    description: d\n"
        "    options: [{id: a, label: a, position: 0}, {id: b, label: b, position: 1}]\n"
        "positions:\n  - {actor: ZZZ, issue: i, ideal: 0, salience: 1}\n"
    )
    with pytest.raises(CaseValidationError) as info:
        parse_case(text)
    (problem,) = info.value.problems
    listed = ", ".join(f"A{i:02d}" for i in range(20))
    assert problem.message == f"unknown actor 'ZZZ' (known: {listed}, ...)"


def test_unknown_id_with_nothing_defined() -> None:
    text = (
        "id: x\ntitle: t\nas_of: 2025-01-01\ndescription: d\nactors: []\n"
        "issues:\n  - id: i\n    name: n\n    description: d\n"
        "    options: [{id: a, label: a, position: 0}, {id: b, label: b, position: 1}]\n"
        "positions:\n  - {actor: A, issue: i, ideal: 0, salience: 1}\n"
    )
    with pytest.raises(CaseValidationError) as info:
        parse_case(text, "x.yaml")
    assert [str(p) for p in info.value.problems] == [
        "x.yaml:12:6: positions[0].actor: unknown actor 'A' (known: none defined)"
    ]


def test_tagged_top_level_mapping_is_rejected() -> None:
    with pytest.raises(CaseValidationError) as info:
        parse_case("!!python/object:os.system {id: x}\n", "t.yaml")
    assert [str(p) for p in info.value.problems] == [
        "t.yaml:1:1: unsupported YAML tag !!python/object:os.system: "
        "use plain strings, numbers, lists and mappings"
    ]


def test_tagged_list_in_a_list_field_is_rejected(edit_tutorial: Callable[..., str]) -> None:
    # Without the tag check this would load as a valid case with aliases ['x'].
    text = edit_tutorial(
        ("    no_deal_utility: 0.4\n", "    no_deal_utility: 0.4\n    aliases: !!python/tuple [x]\n")
    )
    with pytest.raises(
        CaseValidationError, match=r"actors\[2\]\.aliases: unsupported YAML tag !!python/tuple"
    ):
        parse_case(text)


def test_yaml_anchors_and_aliases_are_resolved(edit_tutorial: Callable[..., str]) -> None:
    text = edit_tutorial(
        ("capability_basis: Controls the dam; assumed for the tutorial.", "capability_basis: &b Assumed."),
        ("capability_basis: Finances the dam upgrade; assumed.", "capability_basis: *b"),
    )
    case = parse_case(text)
    assert case.actor("BANK").capability_basis == "Assumed."


def test_alias_bomb_is_refused_without_expanding(monkeypatch: pytest.MonkeyPatch) -> None:
    import accord.case.limits as limits

    monkeypatch.setattr(limits, "LIMITS", limits.CaseLimits(max_values=1_000))
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]" for i in range(1, 9)]
    with pytest.raises(CaseValidationError, match=r"expands to more than 1,000 values"):
        parse_case("\n".join(lines) + "\n")


# ---- files: encoding, size, folders, missing files and names -------------------------------


def test_file_not_utf8(load_bad: Callable[..., Any], case_path: Path, tutorial_text: str) -> None:
    data = tutorial_text.replace("Upstream Republic", "Upstream R\u00e9public").encode("latin-1")
    err = load_bad(data, CaseFormatError)
    offset = data.index(b"\xe9")
    assert str(err) == f"{case_path}: not UTF-8 text (byte {offset}): save the file as UTF-8"
    assert (err.problem.line, err.problem.column, err.problem.field) == (0, 0, "")


def test_utf8_bom_is_accepted(case_path: Path, tutorial_text: str) -> None:
    case_path.write_bytes(b"\xef\xbb\xbf" + tutorial_text.encode("utf-8"))
    assert load_case(case_path).id == "tutorial"


def test_file_larger_than_limit(load_bad: Callable[..., Any], case_path: Path, tutorial_text: str) -> None:
    padding = "#" * 79 + "\n"
    text = tutorial_text + padding * (MAX_CASE_BYTES // len(padding) + 1)
    assert len(text.encode()) > MAX_CASE_BYTES
    err = load_bad(text, CaseFormatError)
    assert str(err) == f"{case_path}: file is larger than {MAX_CASE_BYTES:,} bytes"


def test_file_at_the_limit_is_read(
    case_path: Path, tutorial_text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import accord.case.yaml_io as yaml_io

    size = len(tutorial_text.encode("utf-8"))
    case_path.write_text(tutorial_text, encoding="utf-8")
    monkeypatch.setattr(yaml_io, "MAX_CASE_BYTES", size)
    assert load_case(case_path).id == "tutorial"
    assert parse_case(tutorial_text).id == "tutorial"
    monkeypatch.setattr(yaml_io, "MAX_CASE_BYTES", size - 1)
    with pytest.raises(CaseFormatError, match=f"file is larger than {size - 1:,} bytes"):
        load_case(case_path)
    with pytest.raises(CaseFormatError, match=f"file is larger than {size - 1:,} bytes"):
        parse_case(tutorial_text)


def test_text_larger_than_limit() -> None:
    with pytest.raises(CaseFormatError, match=r"^big\.yaml: file is larger than 5,000,000 bytes$"):
        parse_case("a: " + "x" * MAX_CASE_BYTES, "big.yaml")


def test_path_is_a_directory(tmp_path: Path) -> None:
    with pytest.raises(CaseNotFoundError, match="is a folder, not a case file") as info:
        load_case(tmp_path)
    assert str(info.value) == f"{str(tmp_path)!r} is a folder, not a case file"


def test_missing_file_lists_builtin_cases(tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"
    with pytest.raises(CaseNotFoundError) as info:
        load_case(missing)
    names = ", ".join(builtin_case_names())
    assert str(info.value) == f"no case file or built-in case named {str(missing)!r} (built-in: {names})"


def test_unknown_builtin_name_lists_builtin_cases() -> None:
    with pytest.raises(CaseNotFoundError) as info:
        load_case("tutorail")
    assert "tutorial" in builtin_case_names()
    names = ", ".join(builtin_case_names())
    assert str(info.value) == f"no case file or built-in case named 'tutorail' (built-in: {names})"


def test_path_object_never_falls_back_to_a_builtin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(CaseNotFoundError, match="no case file or built-in case named 'tutorial'"):
        load_case(Path("tutorial"))
    assert load_case("tutorial").id == "tutorial"


def test_file_shadows_builtin_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tutorial_text: str
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "tutorial").write_text(
        tutorial_text.replace("id: tutorial\n", "id: local-copy\n"), encoding="utf-8"
    )
    assert load_case("tutorial").id == "local-copy"


@pytest.mark.skipif(
    os.name != "posix" or os.geteuid() == 0, reason="needs POSIX permissions and a non-root user"
)
def test_unreadable_file(case_path: Path, tutorial_text: str) -> None:
    case_path.write_text(tutorial_text, encoding="utf-8")
    case_path.chmod(0)
    try:
        with pytest.raises(CaseNotFoundError, match=r"cannot read .*: Permission denied"):
            load_case(case_path)
    finally:
        case_path.chmod(0o644)


# ---- the exception tree --------------------------------------------------------------------


def test_exception_types() -> None:
    problem = Problem("f.yaml", 1, 2, "a.b", "bad")
    fmt = CaseFormatError(problem)
    val = CaseValidationError([problem, Problem("f.yaml", 0, 0, "", "worse")])
    missing = CaseNotFoundError("no case 'x'")
    for err in (fmt, val):
        assert isinstance(err, AccordError)
        assert isinstance(err, CaseError)
        assert isinstance(err, ValueError)
        assert not isinstance(err, LookupError)
    assert isinstance(missing, AccordError)
    assert isinstance(missing, LookupError)
    assert not isinstance(missing, ValueError)
    assert fmt.problem is problem
    assert str(fmt) == "f.yaml:1:2: a.b: bad"
    assert str(val) == "f.yaml:1:2: a.b: bad\nf.yaml: worse"
    assert str(missing) == "no case 'x'"
    assert str(CaseNotFoundError()) == "case not found"


def test_problem_str_without_field_or_line() -> None:
    assert str(Problem("f.yaml", 3, 4, "", "msg")) == "f.yaml:3:4: msg"
    assert str(Problem("f.yaml", 0, 0, "x", "msg")) == "f.yaml: x: msg"


def test_errors_are_caught_as_builtin_types(edit_tutorial: Callable[..., str]) -> None:
    with pytest.raises(ValueError, match="salience"):
        parse_case(edit_tutorial(("salience: 0.9", "salience: 9")))
    with pytest.raises(ValueError, match="invalid YAML"):
        parse_case("a: [")
    with pytest.raises(LookupError, match="built-in"):
        load_case("no-such-case")
