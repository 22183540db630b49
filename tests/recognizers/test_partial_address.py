"""Addresses given in part (issue #28, round 3): a flat, unit, plot or berth with its
number, a tenement position, "no 27" where a house is meant, a lettered house number and
a bare house number after a person. Invented lines, none from a scored set; counts,
times, buses and dates after the same words stay."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.recognizers.conftest import kept
from transcripts.redaction.recognizers.partial_address import PartialAddressRecognizer

RECOGNIZER = PartialAddressRecognizer()
RECOGNIZER.load()


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("the lad in flat 17 keeps slamming doors", ["flat 17"]),
        ("its Bogdan from Flat 3/2", ["Flat 3/2"]),
        ("upstairs is Flat C, she's lovely", ["Flat C"]),
        ("we're at unit 5, caretaker knows", ["unit 5"]),
        ("pitch 22 has no water", ["pitch 22"]),
        ("im at 3F2 now", ["3F2"]),
        ("my gran is at 0/2 on the ground floor", ["0/2"]),
        ("Suzanne from number 41 has the spare key", ["number 41"]),
        ("the lady at no. 6 says hers is fine", ["no. 6"]),
        ("Yusuf no 8 and Priti no 10 both signed", ["no 8", "no 10"]),
        ("i typed 31c but it's 13c", ["13c"]),
        ("my neighbour Kezia at 31 has a leak too", ["31"]),
        ("hi its Dorota from 16, 07700 900461", ["16"]),
        ("Maureen from 7, the one with the ramp", ["7"]),
        ("the ones next door at 45 have mice as well", ["45"]),
        ("first floor flat, 118 Mortimer Road, Easton", ["first floor flat"]),
        ("Ground floor left 9 Tollcross Place", ["Ground floor left"]),
        ("Folasade house 3, Kestrel Close", ["house 3"]),
        ("Lauren flat 6 Ravenscourt WV10 9HG", ["flat 6", "flat 6 Ravenscourt"]),
        ("its flat 10 kenmore hse", ["flat 10", "flat 10 kenmore hse"]),
        ("Apt. 26, the one by the lift", ["Apt. 26"]),
        ("letters to c/o 5 Hazel Avenue please", ["c/o"]),
    ],
)
def test_partial_addresses_are_found(text: str, found: list[str]) -> None:
    assert sorted(kept(RECOGNIZER, text)) == sorted(found)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # Round 3b: a house number corrected, both the wrong one and the right one.
        ("oops i meant to type 72 not 27, 72 Alder Way", ["72", "27"]),
        ("its flat 9b not 9, the door on the left", ["flat 9b", "9b", "9"]),
        ("Donna again, 21c, not 21, above the launderette", ["21c", "21"]),
        ("Harcourt Road 8 - sorry 8b - the bath is leaking", ["8b"]),
        ("the flat above number 62, we are 62a", ["number 62", "62a"]),
    ],
)
def test_a_corrected_house_number_is_an_address(text: str, found: list[str]) -> None:
    assert sorted(kept(RECOGNIZER, text)) == sorted(found)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # Round 3b: where the flat sits in its tenement, given before the house number.
        ("its Morag, 2/1 48 Paisley Rd West, the close door is bust", ["2/1"]),
        ("I'm on the third floor 2/R, no hot water", ["2/R"]),
        ("stair PF3, 12 Leith Walk, the buzzer is dead", ["PF3"]),
        ("Mr Dunn, bottom flat right, 9 Comely Bank Row", ["bottom flat right"]),
        ("ground flat left, 14 Iona Street, mould", ["ground flat left"]),
    ],
)
def test_a_position_before_a_house_number_is_an_address(text: str, found: list[str]) -> None:
    assert sorted(kept(RECOGNIZER, text)) == sorted(found)


@pytest.mark.parametrize(
    "text",
    [
        "I moved into the flat 2 weeks ago",
        "it's a flat 1 bed with a garden",
        "the number 12 bus is always late",
        "my phone number 07700 900 001 is new",
        "Meet at 10, thanks",
        "Open at 9 tomorrow",
        "I'll ring you back at 4.",
        "Viewing is Thursday at 11. Does that suit?",
        "HB was paid from 23/11 onwards",
        "the flat was 3 times the price",
        "no 2 days are the same",
        "we'll be in the 3d cinema",
        "the first 3 weeks were fine",
        "thermostat is at 19c and its still cold",
        "we have the top floor 2 bedrooms",
        "it was 3 not 4 days late",
        "the top floor 3/4 of the way up is fine",
        "half the flat, 1/2 10 minutes away",
        "sorry 2 not 3, my mistake on the bedroom count",
        "it costs £40 not 50",
    ],
)
def test_counts_times_and_dates_are_kept(text: str) -> None:
    assert kept(RECOGNIZER, text) == []


WORDS = st.sampled_from(["flat", "Flat", "unit", "room", "plot", "berth"])
NUMBERS = st.integers(min_value=1, max_value=999)
LETTERS = st.sampled_from(["", "a", "b", "C"])
ENDINGS = st.sampled_from(["", ".", ", thanks", " above me", " has a leak"])


@given(WORDS, NUMBERS, LETTERS, ENDINGS)
@settings(max_examples=80, deadline=None)
def test_a_unit_word_and_its_number_is_an_address(
    word: str, number: int, letter: str, ending: str
) -> None:
    unit = f"{word} {number}{letter}"
    assert kept(RECOGNIZER, f"the one in {unit}{ending}") == [unit]
