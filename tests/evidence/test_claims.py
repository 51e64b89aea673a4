"""Claim rules: who holds a stance, from which predicate, and what is not a claim (issue 14)."""

from __future__ import annotations

import pytest

from accord import load_case
from accord.evidence.extract import extract_text

CASE = load_case("ukraine-2025")


def _claims(text: str) -> set[tuple[str, str, str]]:
    ex = extract_text(text, "2026-01-10", CASE, nlp=None)
    return {(c.actor, c.issue, c.stance) for c in ex.claims if c.stance != "neutral"}


def test_object_of_a_condition_is_not_the_claimant() -> None:
    found = _claims(
        "European leaders meeting in Paris said sanctions should stay in place "
        "until Russia agrees to a ceasefire."
    )
    assert ("EU", "sanctions", "support") in found
    assert not {c for c in found if c[0] == "RUS"}


@pytest.mark.parametrize(
    ("sentence", "expected", "absent"),
    [
        (
            "Moscow demanded that Kyiv withdraw from the Donetsk region.",
            ("RUS", "donetsk", "support"),
            ("UKR", "donetsk", "support"),
        ),
        (
            "Kallas urged Russia to accept an immediate ceasefire.",
            ("EU", "sequencing", "support"),
            ("RUS", "sequencing", "support"),
        ),
        (
            "Zelensky said Ukraine will not accept the surrender of Donetsk.",
            ("UKR", "donetsk", "oppose"),
            ("UKR", "donetsk", "support"),
        ),
        (
            "He welcomed the security guarantees offered by Washington.",
            ("USA", "guarantee_form", "support"),
            None,
        ),
        (
            "Kyiv rejected Moscow's demand for a withdrawal from Donbas.",
            ("RUS", "donetsk", "support"),
            None,
        ),
        (
            "He added that frozen Russian assets would remain blocked until Moscow pays reparations.",
            None,
            ("RUS", "sanctions", "oppose"),
        ),
    ],
)
def test_holder_and_stance(
    sentence: str, expected: tuple[str, str, str] | None, absent: tuple[str, str, str] | None
) -> None:
    found = _claims(sentence)
    if expected is not None:
        assert expected in found
    if absent is not None:
        assert absent not in found


@pytest.mark.parametrize(
    "sentence",
    [
        "EU ambassadors failed to agree on the 20th sanctions package against Russia.",
        "Peskov declined to say whether Russia still demands that Ukraine withdraw from Donetsk.",
        "Kallas said the new package of sanctions cannot be agreed upon by the anniversary.",
    ],
)
def test_no_stance_reported(sentence: str) -> None:
    assert _claims(sentence) == set()


def test_pronoun_takes_the_previous_subject() -> None:
    found = _claims(
        "German Chancellor Friedrich Merz spoke in Berlin on Monday. "
        "He said frozen Russian assets must stay frozen until Moscow pays for the damage."
    )
    assert ("DEU", "sanctions", "support") in found


def test_a_ceasefire_as_a_point_in_time_is_not_the_issue() -> None:
    found = _claims("France is ready to send troops to Ukraine after a ceasefire.")
    assert ("FRA", "foreign_troops", "support") in found
    assert ("FRA", "sequencing", "support") not in found


@pytest.mark.parametrize(
    ("text", "stance", "direction"),
    [
        ("Moscow demanded that sanctions be lifted.", "support", -1),
        ("The EU adopted its 20th sanctions package.", "support", 1),
        ("Kyiv refused to withdraw from Donbas.", "oppose", 1),
        ("Washington rejected a ceasefire.", "oppose", -1),
        ("Talks on sanctions continued.", "neutral", 0),
    ],
)
def test_claim_direction(text: str, stance: str, direction: int) -> None:
    from accord.evidence.suggest import claim_direction

    assert claim_direction(text, stance) == direction


@pytest.mark.parametrize(
    ("text", "expected", "absent"),
    [
        # an evaluative cue is the speaker's judgement, not that of the actor the thing names
        (
            "Peskov said that Kyiv's pullout from Donbas is necessary for any settlement.",
            ("RUS", "donetsk", "support"),
            ("UKR", "donetsk", "support"),
        ),
        (
            "According to the Kremlin, a withdrawal from Donetsk is essential for peace.",
            ("RUS", "donetsk", "support"),
            None,
        ),
        # "with X doing": X is the subject, not the object of "with"
        (
            "Envoys from Washington arrived in Paris, "
            "with Kyiv stressing that security guarantees are vital.",
            ("UKR", "guarantee_form", "support"),
            ("USA", "guarantee_form", "support"),
        ),
        # a pronoun opening a sentence is the subject of the previous sentence's last clause
        (
            "Macron praised the deal, while Merz said the loan would carry no interest. "
            "He added that frozen Russian assets would stay frozen until Moscow pays.",
            ("DEU", "sanctions", "support"),
            ("FRA", "sanctions", "support"),
        ),
        # a passive in a relative clause describes the thing, nobody's stance
        (
            "Ambassadors of the EU could not agree on the sanctions package, "
            "which is set to be adopted next week.",
            None,
            ("EU", "sanctions", "support"),
        ),
        # a second clause with no issue words of its own takes the issue of the clause it contrasts with
        (
            "Washington offered security guarantees for ten years, while Kyiv wants twenty.",
            ("UKR", "guarantee_form", "support"),
            None,
        ),
        # criticism is opposition, and its complement's holder keeps its own stance
        (
            "Zelensky criticised Moscow's demand that Ukraine withdraw from Donbas.",
            ("UKR", "donetsk", "oppose"),
            None,
        ),
        # other conflicts' ceasefires and withdrawing from talks are not the case's issues
        (
            "Witkoff, who helped broker the Gaza ceasefire, backed the plan.",
            None,
            ("USA", "sequencing", "support"),
        ),
        (
            "Lavrov said Russia does not intend to withdraw from the negotiation process.",
            None,
            ("RUS", "donetsk", "oppose"),
        ),
    ],
)
def test_holder_and_issue_rules_on_wire_copy(
    text: str, expected: tuple[str, str, str] | None, absent: tuple[str, str, str] | None
) -> None:
    found = _claims(text)
    if expected is not None:
        assert expected in found, found
    if absent is not None:
        assert absent not in found, found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Moscow suggested a ceasefire limited to energy facilities.", ("RUS", "sequencing", "support")),
        ("Washington threatened to impose new sanctions on Russian oil.", ("USA", "sanctions", "support")),
        ("Kyiv signalled its readiness for an immediate ceasefire.", ("UKR", "sequencing", "support")),
        (
            "The Kremlin denounced any deployment of European troops in Ukraine.",
            ("RUS", "foreign_troops", "oppose"),
        ),
        ("Warsaw objected to easing sanctions on Moscow.", ("POL", "sanctions", "oppose")),
        ("Russia's proposal for a ceasefire over Easter was published.", ("RUS", "sequencing", "support")),
        ("Ukraine needs security guarantees backed by Washington.", ("UKR", "guarantee_form", "support")),
        ("Moscow demanded that Kyiv cap its army at 600,000 troops.", ("RUS", "army_size", "support")),
        ("Zelensky rejected the idea of a demilitarised zone in the east.", ("UKR", "donetsk", "oppose")),
        (
            "Putin agreed to halt strikes on energy infrastructure for a week.",
            ("RUS", "sequencing", "support"),
        ),
    ],
)
def test_stance_cues_and_issue_phrases(text: str, expected: tuple[str, str, str]) -> None:
    assert expected in _claims(text)


HOLDER_CASES = [
    # a relative clause between the holder and its verb names someone else
    (
        "Trump, who met Putin in Alaska last week, proposed an immediate ceasefire.",
        ("USA", "sequencing", "support"),
        ("RUS", "sequencing", "support"),
    ),
    # the "of" phrase of a role names the holders; coordination gives both
    (
        "The leaders of France and Germany, speaking after talks with Zelensky, backed a reassurance force.",
        ("FRA", "foreign_troops", "support"),
        ("UKR", "foreign_troops", "support"),
    ),
    # "paying back" is a particle, not "backs"; an actor inside "if ..." does not hold the stance
    (
        "\u201cIf Russia does not pay reparations we will \u2014 in full accordance with international law "
        "\u2014 make use of Russian immobilized assets for paying back the loan,\u201d Merz said.",
        None,
        ("RUS", "sanctions", "support"),
    ),
    (
        "Germany backs the reparations loan using frozen Russian assets.",
        ("DEU", "sanctions", "support"),
        None,
    ),
    # a request: the one who asks holds it, not the one asked
    (
        "Trump said that he had asked Putin to refrain from striking Ukraine for one week.",
        ("USA", "sequencing", "support"),
        ("RUS", "sequencing", "support"),
    ),
    (
        "The Kremlin said Putin had received a personal request from his US counterpart, Donald Trump, "
        "to halt strikes on Kyiv.",
        ("USA", "sequencing", "support"),
        None,
    ),
    # conditions, requirements and agreements reached
    (
        "Kremlin spokesman Dmitry Peskov said that the withdrawal of Ukrainian forces from Donbas was an "
        "important condition.",
        ("RUS", "donetsk", "support"),
        None,
    ),
    (
        "Any final deal, Zelenskyy said, would be put to a nationwide referendum.",
        ("UKR", "legal_form", "support"),
        None,
    ),
    # "needs to" in reported speech is the speaker's demand
    (
        "The Kremlin aide also said Ukraine needs to make a decision regarding the Donbas without delay.",
        ("RUS", "donetsk", "support"),
        ("UKR", "donetsk", "support"),
    ),
    # evaluations of the issue are the speaker's opposition
    (
        "The deployment of British troops in Ukraine will increase the risks of a large-scale military "
        "conflict, Russian Foreign Ministry Spokeswoman Maria Zakharova said at a briefing.",
        ("RUS", "foreign_troops", "oppose"),
        ("GBR", "foreign_troops", "support"),
    ),
    (
        "He also confirmed that there will be no American peacekeepers stationed on Ukrainian territory, "
        "Trump said.",
        ("USA", "foreign_troops", "oppose"),
        None,
    ),
    # "agreed with X": X agrees too
    (
        "Zelensky said Ukraine had agreed with the Americans on security guarantees.",
        ("USA", "guarantee_form", "support"),
        None,
    ),
    # a share of the public is not an actor
    (
        "A poll found that 75% of Ukrainians would reject a withdrawal from Donbas.",
        None,
        ("UKR", "donetsk", "oppose"),
    ),
]


@pytest.mark.parametrize(("text", "expected", "absent"), HOLDER_CASES)
def test_holder_rules_only(
    text: str, expected: tuple[str, str, str] | None, absent: tuple[str, str, str] | None
) -> None:
    found = _claims(text)
    assert expected is None or expected in found, found
    assert absent is None or absent not in found, found


@pytest.mark.parametrize(("text", "expected", "absent"), HOLDER_CASES)
def test_holder_with_the_parse(
    text: str, expected: tuple[str, str, str] | None, absent: tuple[str, str, str] | None
) -> None:
    from accord.evidence.nlp import load_parser

    parser = load_parser()
    if parser is None:
        pytest.skip("spaCy model not installed")
    ex = extract_text(text, "2026-01-10", CASE, nlp=parser)
    found = {(c.actor, c.issue, c.stance) for c in ex.claims if c.stance != "neutral"}
    assert expected is None or expected in found, found
    assert absent is None or absent not in found, found


def test_parse_subject_of_a_verb_cue() -> None:
    from accord.evidence.attribution import stance_subject
    from accord.evidence.nlp import load_parser

    parser = load_parser()
    if parser is None:
        pytest.skip("spaCy model not installed")
    text = "Trump, who met Putin in Alaska, proposed a ceasefire."
    cue = text.index("proposed")
    words = stance_subject(text, (0, len(text)), (cue, cue + 8), parser)
    assert words is not None
    assert [text[s:e] for s, e in words] == ["Trump"]
    noun = text.index("ceasefire")
    assert stance_subject(text, (0, len(text)), (noun, noun + 9), parser) is None  # not a verb


@pytest.mark.parametrize(
    ("text", "expected", "absent"),
    [
        # "both sides" stands for the two actors of the previous sentence
        (
            "Russian and Ukrainian negotiators met in Geneva on Tuesday. "
            "Both sides agreed to a ceasefire on energy infrastructure.",
            {("RUS", "sequencing", "support"), ("UKR", "sequencing", "support")},
            set(),
        ),
        # a role phrase goes to the person named before who holds the role
        (
            "Dmitry Peskov spoke to reporters in Moscow. "
            "The spokesman rejected any ceasefire before a settlement.",
            {("RUS", "sequencing", "oppose")},
            set(),
        ),
        # a deontic modal is the speaker's demand, not the stance of its grammatical subject
        (
            "Ukraine must withdraw from Donbas, Putin said.",
            {("RUS", "donetsk", "support")},
            {("UKR", "donetsk", "support")},
        ),
    ],
)
def test_anaphoric_and_deontic_holders(
    text: str, expected: set[tuple[str, str, str]], absent: set[tuple[str, str, str]]
) -> None:
    found = _claims(text)
    assert expected <= found, found
    assert not absent & found, found


# ---- fifth round (real claim set) ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected", "absent"),
    [
        (
            "Peskov said Russia wants peace rather than a temporary ceasefire.",
            ("RUS", "sequencing", "oppose"),
            ("RUS", "sequencing", "support"),
        ),
        (
            '"We want to work for peace, not a ceasefire," Putin said.',
            ("RUS", "sequencing", "oppose"),
            ("RUS", "sequencing", "support"),
        ),
        (
            "Russia wants a ceasefire, not a referendum.",
            ("RUS", "legal_form", "oppose"),
            ("RUS", "legal_form", "support"),
        ),
    ],
)
def test_contrastive_negation_opposes_what_follows_it(
    text: str, expected: tuple[str, str, str], absent: tuple[str, str, str]
) -> None:
    claims = _claims(text)
    assert expected in claims
    assert absent not in claims


def test_a_ceasefire_wanted_before_the_contrast_is_still_supported() -> None:
    assert ("RUS", "sequencing", "support") in _claims("Russia wants a ceasefire, not a referendum.")


def test_a_relative_clause_after_a_comma_is_its_own_holders_stance() -> None:
    claims = _claims(
        "Putin also insisted that Ukraine abandon its bid to join NATO, conditions that Kyiv has "
        "repeatedly rejected."
    )
    assert ("RUS", "nato_membership", "support") in claims
    assert ("UKR", "nato_membership", "oppose") in claims
    assert ("RUS", "nato_membership", "oppose") not in claims


def test_he_continues_the_last_person_not_the_last_state() -> None:
    text = (
        "Putin spoke for four hours on Friday. Ukraine lost more ground in the east. "
        "He also insisted that Ukraine abandon its bid to join NATO."
    )
    claims = _claims(text)
    assert ("RUS", "nato_membership", "support") in claims
    assert ("UKR", "nato_membership", "support") not in claims


def test_he_after_a_contrast_is_the_second_speaker() -> None:
    text = (
        'French President Emmanuel Macron called the agreement "realistic", while German Chancellor '
        "Friedrich Merz stressed that the loan would be interest-free. He added that frozen Russian "
        "assets would remain blocked until Moscow pays war reparations."
    )
    claims = _claims(text)
    assert ("DEU", "sanctions", "support") in claims
    assert ("FRA", "sanctions", "support") not in claims


def test_who_is_told_or_given_something_does_not_hold_the_stance() -> None:
    claims = _claims(
        "The Trump administration has told Ukraine that any peace deal would require withdrawal of forces "
        "from the eastern Donetsk region."
    )
    assert ("UKR", "donetsk", "support") not in claims
    assert ("USA", "donetsk", "support") in claims


def test_a_gerund_after_of_is_a_noun_and_incitement_judges_against() -> None:
    claims = _claims(
        "Moscow called the statements about the possibility of deploying a contingent of NATO member "
        "states in Ukraine an incitement to continue hostilities."
    )
    assert ("RUS", "foreign_troops", "oppose") in claims
    assert ("RUS", "foreign_troops", "support") not in claims


def test_hundreds_of_thousands_of_troops_are_an_army_size() -> None:
    claims = _claims("Washington proposed limiting Ukrainian forces to 600,000 troops.")
    assert ("USA", "army_size", "support") in claims
    assert not any(issue == "foreign_troops" for _a, issue, _s in claims)


def test_a_recipient_and_a_place_do_not_hold_the_stance() -> None:
    claims = _claims(
        "German Chancellor Friedrich Merz said the European Union will provide Ukraine with an "
        "interest-free loan, but reserves the right to use Russian assets."
    )
    assert not any(actor == "UKR" for actor, _i, _s in claims)
    claims = _claims("After months of failing to end the war in Ukraine, Trump imposed sanctions on Rosneft.")
    assert ("USA", "sanctions", "support") in claims
    assert ("UKR", "sanctions", "support") not in claims


def test_theft_judges_against_and_a_green_light_supports() -> None:
    assert ("RUS", "sanctions", "oppose") in _claims(
        "Putin has said that confiscation of Russian assets would be an act of theft."
    )
    assert ("USA", "sanctions", "support") in _claims("Trump greenlit the Russia sanctions bill.")


def test_a_plan_proposed_by_someone_is_only_the_plan() -> None:
    claims = _claims(
        "Zelensky said he was ready to put the peace plan proposed by the United States to a nationwide "
        "referendum."
    )
    assert ("UKR", "legal_form", "support") in claims
    assert not any(actor == "USA" for actor, _i, _s in claims)
    # the agent still holds what the participle's noun names
    offered = _claims("Security guarantees offered by Washington were discussed.")
    assert ("USA", "guarantee_form", "support") in offered


def test_not_enough_judges_against() -> None:
    claims = _claims("Zelensky made clear that mere political assurances are not enough for Ukraine.")
    assert ("UKR", "guarantee_form", "oppose") in claims


def test_wanting_no_troops_opposes_them() -> None:
    claims = _claims("Russia insists that no foreign troops be deployed in Ukraine.")
    assert ("RUS", "foreign_troops", "oppose") in claims
    assert ("RUS", "foreign_troops", "support") not in claims
    claims = _claims("Russia wants a ceasefire with no foreign troops.")
    assert ("RUS", "sequencing", "support") in claims
    assert ("RUS", "foreign_troops", "oppose") in claims


def test_not_only_is_no_negation() -> None:
    claims = _claims("NATO is not only delivering weapons to Ukraine but also co-developing air defense.")
    assert ("NATO", "arms_purchases", "oppose") not in claims


def test_a_gerund_subject_is_no_stance_of_its_own() -> None:
    claims = _claims(
        "Lavrov noted that providing Ukraine with security guarantees through foreign military "
        "intervention would be unacceptable."
    )
    assert ("RUS", "guarantee_form", "oppose") in claims
    assert ("RUS", "guarantee_form", "support") not in claims


def test_non_starter_and_premature_judge_against() -> None:
    assert ("UKR", "donetsk", "oppose") in _claims("Zelensky said leaving Donetsk is a non-starter.")
    assert ("ITA", "arms_purchases", "oppose") in _claims(
        "Italy said joining the PURL purchases of American weapons would be premature."
    )


@pytest.mark.parametrize(
    ("text", "expected", "absent"),
    [
        (  # object control: who presses holds the stance, not who is pressed
            "Washington pressed Ukraine to accept a cap on its army.",
            ("USA", "army_size", "support"),
            ("UKR", "army_size", "support"),
        ),
        (
            "The Kremlin called on Ukraine to abandon its NATO bid.",
            ("RUS", "nato_membership", "support"),
            None,
        ),
        (  # a deontic "should remain" is the speaker's, not the named state's
            "Russia says Kyiv should remain neutral.",
            ("RUS", "nato_membership", "support"),
            ("UKR", "nato_membership", "support"),
        ),
        (  # a place after a preposition does not speak
            "European leaders meeting in Paris said sanctions should stay in place.",
            ("EU", "sanctions", "support"),
            ("FRA", "sanctions", "support"),
        ),
    ],
)
def test_control_verbs_and_deontic_speakers(
    text: str, expected: tuple[str, str, str], absent: tuple[str, str, str] | None
) -> None:
    found = _claims(text)
    assert expected in found
    if absent is not None:
        assert absent not in found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Moscow continues to demand that Ukraine surrender the Donbas, a condition Kyiv has rejected.",
            {("RUS", "donetsk", "support"), ("UKR", "donetsk", "oppose")},
        ),
        (
            "Russia continues to insist on full control over the eastern Donbas region, a demand Ukraine "
            "deems a non-starter as it involves relinquishing sovereign territory.",
            {("RUS", "donetsk", "support"), ("UKR", "donetsk", "oppose")},
        ),
        (
            "Kyiv hopes to soften a proposal for its forces to leave the Donbas region, a Russian demand "
            "that would mean ceding land.",
            {("RUS", "donetsk", "support")},
        ),
    ],
)
def test_an_appositive_stance_noun_takes_the_issue_before_it(
    text: str, expected: set[tuple[str, str, str]]
) -> None:
    assert expected <= _claims(text)
