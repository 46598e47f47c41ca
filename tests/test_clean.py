"""Tests for dyads.clean: Unicode, whitespace, leading boilerplate and repeated titles."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dyads.clean import boilerplate_phrases, clean_text, is_boilerplate


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Cafe\u0301 talks", "Café talks"),
        ("Line one\r\nLine two\rLine three", "Line one\nLine two\nLine three"),
        ("One\u2028Two\u2029Three\x85Four\x0cFive", "One\nTwo\nThree\nFour\nFive"),
        ("Gon\x00dor\x07 and\x1b Arnor", "Gondor and Arnor"),
        ("Left\tright", "Left\tright"),
        ("Too    many\u00a0\u00a0spaces\u2009here", "Too many spaces here"),
        ("Para one.\n\n\n\n\nPara two.", "Para one.\n\nPara two."),
        ("  Indented line.  \n   Next line.\t", "Indented line.\nNext line."),
        ("\ufeffByte\u200border\u00admark", "Byteordermark"),
        ("  \n\n  ", ""),
        ("Lone \ud800surrogate", "Lone surrogate"),
    ],
)
def test_clean_text_normalises(text: str, expected: str) -> None:
    assert clean_text(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Accessibility links\n\nBreaking News\n\nGondor votes.", "Gondor votes."),
        ("Skip to main content\nAdvertisement\nGondor votes.", "Gondor votes."),
        ("SKIP TO MAIN CONTENT.\n\nGondor votes.", "Gondor votes."),
        ("Share this with Facebook\nShare this with Email\nGondor votes.", "Gondor votes."),
        (
            "Gondor votes.\n\nAdvertisement\n\nArnor abstains.",
            "Gondor votes.\n\nAdvertisement\n\nArnor abstains.",
        ),
        ("Breaking News about the vote\n\nGondor votes.", "Breaking News about the vote\n\nGondor votes."),
    ],
)
def test_clean_text_strips_leading_boilerplate(text: str, expected: str) -> None:
    assert clean_text(text) == expected


@pytest.mark.parametrize(
    ("text", "title", "expected"),
    [
        ("Gondor votes\n\nGondor voted on Monday.", "Gondor votes", "Gondor voted on Monday."),
        ("GONDOR VOTES.\nGondor voted on Monday.", "Gondor votes", "Gondor voted on Monday."),
        ("Breaking News\n\nGondor votes\n\nGondor voted.", "Gondor votes", "Gondor voted."),
        ("Gondor votes again\n\nGondor voted.", "Gondor votes", "Gondor votes again\n\nGondor voted."),
        (
            "Intro.\n\nGondor votes\n\nGondor voted.",
            "Gondor votes",
            "Intro.\n\nGondor votes\n\nGondor voted.",
        ),
        ("Gondor votes\n\nGondor voted.", None, "Gondor votes\n\nGondor voted."),
    ],
)
def test_clean_text_removes_repeated_title(text: str, title: str | None, expected: str) -> None:
    assert clean_text(text, title=title) == expected


def test_clean_text_removes_title_only_once() -> None:
    assert clean_text("Gondor votes\nGondor votes\nBody.", title="Gondor votes") == "Gondor votes\nBody."


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Accessibility links", True),
        ("  breaking   news  ", True),
        ("Share this with WhatsApp", True),
        ("Share this with", True),
        ("Shareholders met", False),
        ("Advertisement feature on Gondor", False),
    ],
)
def test_clean_is_boilerplate(line: str, expected: bool) -> None:
    assert is_boilerplate(line) is expected


def test_clean_boilerplate_phrases_load_from_data_file() -> None:
    exact, prefixes = boilerplate_phrases()
    assert "accessibility links" in exact
    assert "share this with " in prefixes
    assert not any(phrase.startswith("#") for phrase in exact)


@given(st.text())
def test_clean_text_is_idempotent(text: str) -> None:
    once = clean_text(text)
    assert clean_text(once) == once


@given(st.text())
def test_clean_text_output_has_no_control_characters(text: str) -> None:
    cleaned = clean_text(text)
    assert "\r" not in cleaned
    assert "\n\n\n" not in cleaned
    assert not any(unicodedata.category(char) == "Cc" and char not in "\n\t" for char in cleaned)
    assert cleaned == cleaned.strip()


@pytest.mark.issue(23)
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Iran \u202eqarI\u202c attacked.", "Iran ⟨U+202E⟩qarI⟨U+202C⟩ attacked."),
        (
            "\u2066Gondor\u2069 voted \u202a\u202b\u202d\u2067\u2068",
            "⟨U+2066⟩Gondor⟨U+2069⟩ voted ⟨U+202A⟩⟨U+202B⟩⟨U+202D⟩⟨U+2067⟩⟨U+2068⟩",
        ),
        ("שלום\u200f world", "שלום\u200f world"),  # a right-to-left mark only nudges neutrals: kept
    ],
)
def test_clean_text_shows_bidi_controls(text: str, expected: str) -> None:
    assert clean_text(text) == expected


@pytest.mark.issue(23)
@given(st.text())
def test_clean_text_output_has_no_bidi_controls(text: str) -> None:
    from dyads.clean import BIDI_CONTROLS

    assert not BIDI_CONTROLS & set(clean_text(text))
