"""How many SMS a text costs, and how Italian text is fitted to the GSM-7 alphabet."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.sms.text import (
    GSM7,
    GSM7_BASIC,
    GSM7_EXTENSION,
    UCS2,
    fit_gsm7,
    is_gsm7,
    segments,
    sms_text,
)

basic = st.text(alphabet=sorted(GSM7_BASIC), max_size=600)
gsm7 = st.text(alphabet=sorted(GSM7_BASIC | GSM7_EXTENSION), max_size=600)
outside = st.characters(exclude_characters="".join(GSM7_BASIC | GSM7_EXTENSION))
# Italian as people type it: letters, accents of both cases, typographic punctuation.
italian = st.text(
    alphabet="abcdefghilmnopqrstuvzABCDEFGHILMNOPQRSTUVZ àèéìòùÀÈÉÌÒÙáíóú"
    "’‘“”«»–—…°0123456789,.:;!?'\n",
    max_size=400,
)


def billable(units: int, single: int, part: int) -> range:
    """The parts `units` may take: one up to `single`, else `part` a part, or one less
    where a two-unit character that would straddle two parts starts the next one."""
    if units <= single:
        return range(1, 2)
    return range(math.ceil(units / part), math.ceil(units / (part - 1)) + 1)


@given(basic)
def test_a_gsm7_text_is_one_sms_up_to_160_characters_then_153_a_part(text):
    expected = 1 if len(text) <= 160 else math.ceil(len(text) / 153)
    assert segments(text) == (GSM7, expected)


@given(gsm7)
def test_each_extension_character_counts_twice_and_never_straddles_two_parts(text):
    septets = len(text) + sum(char in GSM7_EXTENSION for char in text)
    encoding, parts = segments(text)
    assert encoding == GSM7 and parts in billable(septets, 160, 153)


@given(st.text(max_size=300), outside, st.text(max_size=300))
def test_one_character_outside_gsm7_makes_it_ucs2_70_then_67_a_part(before, char, after):
    text = before + char + after
    units = len(text.encode("utf-16-le")) // 2
    encoding, parts = segments(text)
    assert encoding == UCS2 and parts in billable(units, 70, 67)


@given(st.text(max_size=400), st.characters())
def test_a_longer_text_never_costs_less(text, char):
    assert segments(text + char).parts >= segments(text).parts


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a" * 160, (GSM7, 1)),
        ("a" * 161, (GSM7, 2)),
        ("a" * 306, (GSM7, 2)),
        ("a" * 307, (GSM7, 3)),
        ("€" * 80, (GSM7, 1)),
        ("€" * 81, (GSM7, 2)),
        # 152 septets, then a euro sign that does not fit in the last septet.
        ("a" * 152 + "€" + "a" * 152, (GSM7, 3)),
        ("È" * 70, (UCS2, 1)),
        ("È" * 71, (UCS2, 2)),
        ("È" * 134, (UCS2, 2)),
        ("È" * 135, (UCS2, 3)),
        ("🙂" * 35, (UCS2, 1)),
        ("a" + "🙂" * 35, (UCS2, 2)),
        ("", (GSM7, 1)),
    ],
)
def test_segments_at_their_limits(text, expected):
    assert segments(text) == expected


def test_italian_accents_are_counted_right():
    # à è é ì ò ù are in the GSM 03.38 basic set, and of the capitals only É.
    assert segments("Perché è già così: più ciò, né però. É") == (GSM7, 1)
    for capital in "ÈÀÌÒÙ":
        assert segments(f"{capital} cambiato l'orario").encoding == UCS2


def test_fitting_keeps_the_meaning_of_italian_text():
    assert fit_gsm7("È l’ora “giusta”… – Àncora, Ìschia, Òrvieto, Ùdine") == (
        "E' l'ora \"giusta\"... - A'ncora, I'schia, O'rvieto, U'dine"
    )
    assert fit_gsm7("«Sì», perchè, poichè: 1° incontro\u00a0alle 18") == (
        '"Sì", perchè, poichè: 1o incontro alle 18'
    )
    assert fit_gsm7("Ștefan, Łukasz, François, Mónica") == "Stefan, Lukasz, Francois, Mònica"
    # No meaning-keeping replacement: kept, and the text stays UCS-2.
    assert fit_gsm7("Андрій 🙂") == "Андрій 🙂"


@given(italian)
def test_italian_text_always_fits_gsm7(text):
    assert is_gsm7(fit_gsm7(text))


@given(st.text(max_size=400))
def test_fitting_twice_changes_nothing_more(text):
    assert fit_gsm7(fit_gsm7(text)) == fit_gsm7(text)


@given(gsm7)
def test_a_gsm7_text_is_left_as_it_is(text):
    assert fit_gsm7(text) == text
    assert sms_text(text) == text


@given(st.text(max_size=400))
def test_the_text_sent_never_costs_more_than_the_text_written(text):
    sent = sms_text(text)
    assert sent in (text, fit_gsm7(text))
    assert segments(sent).parts <= segments(text).parts


def test_a_short_message_keeps_its_accents_and_a_long_one_fits_one_sms():
    short = "È spostato l’incontro 6: giovedì alle 18:30."
    assert sms_text(short) == short  # one segment either way
    long = (
        "È spostato l’incontro 6 di AMALav Seveso: giovedì 12 marzo alle 18:30, "
        "via Roma 1. Non puoi venire? Rispondi al link."
    )
    assert segments(long) == (UCS2, 2)
    assert segments(sms_text(long)) == (GSM7, 1)
    assert sms_text(long).startswith("E' spostato l'incontro 6")
