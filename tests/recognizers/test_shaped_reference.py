"""References known by their shape with no cue in the line (issue #28, last pass): a line
that is only the reference, a reference in brackets after a name, both of a correction.
Invented codes, none from a scored set; the codes of repairs, orders and crimes, dates,
phone numbers, sort codes, postcodes and words with digits stay."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.recognizers.conftest import kept
from transcripts.redaction.recognizers.shaped_reference import ShapedReferenceRecognizer

RECOGNIZER = ShapedReferenceRecognizer()
RECOGNIZER.load()

PREFIXES = st.text("ABCDEFGHJKLMNPRSTUWXYZ", min_size=1, max_size=4)
DIGITS = st.text("0123456789", min_size=5, max_size=9)
JOINERS = st.sampled_from(["/", "-"])
LINES = st.sampled_from(["{}", "its {} on the letter", "Mrs Obi ({}) rang", "moved from {} to {}"])


@given(PREFIXES, DIGITS, JOINERS, st.text("0123456789", min_size=2, max_size=2), LINES)
@settings(max_examples=80, deadline=None)
def test_a_lettered_code_with_five_digits_is_a_reference(
    prefix: str, digits: str, joiner: str, tail: str, line: str
) -> None:
    code = f"{prefix}{joiner}{digits}{joiner}{tail}"
    other = f"{prefix}{joiner}{digits[::-1]}"
    text = line.format(code, other)
    assert kept(RECOGNIZER, text) == ([code] if line.count("{}") == 1 else [code, other])


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("ZT-4471902", ["ZT-4471902"]),
        ("for KR00931275 please", ["KR00931275"]),
        ("the one on my letter is 0078-914-C", ["0078-914-C"]),
        ("swapped from PW/20931/02 to PW/20944/02 when we moved", ["PW/20931/02", "PW/20944/02"]),
    ],
)
def test_references_by_shape(text: str, found: list[str]) -> None:
    assert kept(RECOGNIZER, text) == found


@pytest.mark.parametrize(
    "text",
    [
        "the repair job JB-442190 is still open",
        "crime ref CR/0093312/25 from the police",
        "order no ORD-5529013 came today",
        "your nuisance case number is NC/2025/30417.",
        "inspection on 12/03/2027 at 10",
        "ring 0161-496-0188 after 5",
        "sort code 20-45-77",
        "the covid19-ward2 poster",
        "email me at tk-20931@example.com",
        "see www.ab-12345.example",
        "we had 2020-2021 arrears",
        "postcode LS12 4AB",
    ],
)
def test_other_codes_stay(text: str) -> None:
    assert kept(RECOGNIZER, text) == []


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("my rent card says QX 7720 4183", ["QX 7720 4183"]),
        ("rent acct 55120934 for the flat", ["55120934"]),
        ("the registration number is 0930144", ["0930144"]),
    ],
)
def test_more_cues_of_the_rent_account(text: str, found: list[str]) -> None:
    from transcripts.redaction.recognizers.cued_reference import CuedReferenceRecognizer

    cued = CuedReferenceRecognizer()
    cued.load()
    assert kept(cued, text) == found
