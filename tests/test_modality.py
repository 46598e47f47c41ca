"""Negation and modality: what did not, may not or may yet happen is never coded as having happened."""

import pytest


@pytest.mark.parametrize(
    ("text", "modality", "negated"),
    [
        ("Russia attacked Georgia.", "asserted", False),
        ("Russia did not attack Georgia.", "asserted", True),
        ("China will suspend its dialogue with the United States.", "future", False),
        ("The United States plans to seek a resolution against China.", "intended", False),
        ("Russia could attack Georgia.", "hypothetical", False),
        ("If Iran expels the inspectors, the EU will impose sanctions on Iran.", "conditional", False),
        ("Georgia claimed that Russia attacked Gori.", "alleged", False),
        # a yes/no question asserts nothing; a wh-question takes its event as given
        ("Did Russia attack Georgia?", "hypothetical", False),
        # asked or imagined, not told
        ("It was unclear whether Turkey would attack the Kurds.", "hypothetical", False),
        ("Analysts speculated that Iran would attack Israel.", "hypothetical", False),
        ("I imagined Syrian fighter jets bombing Idlib.", "hypothetical", False),
        # scheduled is to come; having no plans is denying
        ("Obama is scheduled to meet Castro in Panama.", "future", False),
        ("Putin is set to visit Turkey.", "future", False),
        ("Japan has no plans to bow to American pressure.", "denied", False),
        ("The Syrian government is not willing to meet the opposition.", "denied", False),
        ("Will China suspend its dialogue with the United States?", "hypothetical", False),
        ("Why did Japan criticize China?", "asserted", False),
        # a cooperation that did not happen stays negated; one refused for the future is a refusal
        ("China did not sign the agreement with Japan.", "asserted", True),
    ],
)
def test_modality_of_the_first_event(coder, text, modality, negated):
    mention = coder.code_text(text)[0]
    assert (mention.modality, mention.negated) == (modality, negated), mention


def test_modality_refused_cooperation_is_a_rejection(coder):
    (mention,) = coder.code_text("Germany said it would not provide aid to Greece.")
    assert (mention.cameo[:2], mention.modality, mention.negated) == ("12", "asserted", False)


@pytest.mark.parametrize(
    ("text", "trigger", "modality"),
    [
        # an act an abstract noun only makes possible, or refuses, did not happen
        ("The US has the power to sanction Russia.", "to sanction", "hypothetical"),
        ("The UN refugee agency has a mandate to protect Syrian refugees.", "to protect", "hypothetical"),
        (
            "Britain criticized the Iranian government's refusal to release the sailors.",
            "to release",
            "denied",
        ),
        # an act a deal avoids did not happen; nor one its actor did not have it in them to do
        ("Turkey agreed a deal with Russia to avoid a Syrian army assault on Idlib.", "assault", "averted"),
        ("Britain didn't have the guts to fight Isis on the ground.", "to fight", "denied"),
        ("Israel did not hesitate to strike Gaza.", "to strike", "asserted"),
        ("France said it was determined to mend ties with Rwanda.", "to mend", "intended"),
        # an event noun's own adjective says whether it happened
        ("Kurds braced for an impending Turkish incursion into Syria.", "incursion", "future"),
        ("Turkey condemned the planned Israeli annexation of the West Bank.", "annexation", "intended"),
    ],
)
def test_modality_of_acts_under_nouns(coder, text, trigger, modality):
    found = [m.modality for m in coder.code_text(text) if m.trigger == trigger]
    assert found and found[0] == modality, [(m.trigger, m.modality) for m in coder.code_text(text)]


def test_modality_of_an_event_noun_comes_from_its_verb(coder):
    # "did not pose a threat": the verb that carries the noun says whether it happened
    threats = [
        m for m in coder.code_text("Syria's regime did not pose a threat to the West.") if m.cameo[:2] == "13"
    ]
    assert threats and all(m.negated for m in threats)


@pytest.mark.parametrize(
    ("text", "trigger", "modality"),
    [
        # what must be done is not done; what an if-clause supposes did not happen
        ("Russia must withdraw its troops from Ukraine.", "must withdraw", "hypothetical"),
        ("If Assad is to end the war in Syria, Russia will help him.", "to end", "conditional"),
    ],
)
def test_modality_of_necessity_and_conditions(coder, text, trigger, modality):
    found = [m.modality for m in coder.code_text(text) if m.trigger == trigger]
    assert found and found[0] == modality, [(m.trigger, m.modality) for m in coder.code_text(text)]


@pytest.mark.parametrize(
    ("text", "code", "negated"),
    [
        # what stops is reduced: "no longer" halts cooperation (16x) and de-escalates force (087)
        ("The United States said it would no longer supply arms to the Kurds.", "1622", False),
        ("Germany no longer gives aid to Rwanda.", "162", False),
        ("Israel no longer attacks Gaza.", "087", False),
        # stopping it says the same; stopping someone from doing something is no halt
        ("The United States stopped supplying arms to the Kurds.", "1622", False),
        ("Iran stopped talks with the EU.", "164", False),
        # what has no halting code is negated
        ("Iran no longer criticises Saudi Arabia.", "111", True),
    ],
)
def test_modality_no_longer(coder, text, code, negated):
    found = [(m.cameo, m.negated) for m in coder.code_text(text)]
    assert (code, negated) in found, found


def test_modality_stopping_someone_is_no_halt(coder):
    assert not [
        m
        for m in coder.code_text("Turkey stopped Syrian refugees from crossing the border.")
        if m.cameo == "160"
    ]
