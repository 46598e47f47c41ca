import pytest

from dyads.annotations.validate import actor_code_problem, event_code_problem


@pytest.mark.parametrize(
    "code",
    ["CHNGOV", "USA", "IGOUNOHCR", "PSEREBHMS", "IMGMUSISI", "SUN", "XKX", "GOV", "NGOHRI", "MEA", "WST"],
)
def test_well_formed_actor_codes(code):
    assert actor_code_problem(code) is None


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("chn", "three capital letters"),
        ("CHNG", "three capital letters"),
        ("QQQGOV", "no country"),
        ("CHNGOVMILLEGJUDCOP", "more than 5 parts"),
    ],
)
def test_malformed_actor_codes_say_why(code, reason):
    assert reason in (actor_code_problem(code) or "")


def test_event_codes_must_be_codebook_codes_with_leading_zero():
    assert event_code_problem("042") is None
    assert event_code_problem("1121") is None
    assert "leading zero" in (event_code_problem("42") or "")
    assert "root alone" in (event_code_problem("11") or "")
    assert event_code_problem("999") is not None
