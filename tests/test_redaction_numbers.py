"""Numbers and dates in the forms the third round's error analysis found leaking (issue
#28): numbers typed with double spaces, both numbers of a correction, a sort code and an
account number written as a pair, and dates of birth written as a date long past or with
an ordinal. Every example here is invented; none is a line of a scored set."""

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.test_redaction import is_masked, masked_parts, untouched
from transcripts.redaction.pii import Redactor
from transcripts.redaction.recognizers.card_number import luhn_valid


@pytest.fixture(scope="module")
def redactor() -> Redactor:
    return Redactor()


def _nhs_number(rng: random.Random) -> str:
    while True:
        digits = [rng.randint(0, 9) for _ in range(9)]
        check = 11 - sum(d * w for d, w in zip(digits, range(10, 1, -1), strict=True)) % 11
        check = 0 if check == 11 else check
        if check != 10:
            return "".join(map(str, digits)) + str(check)


def _card_number(rng: random.Random) -> str:
    while True:
        digits = rng.choice("45") + "".join(str(rng.randint(0, 9)) for _ in range(15))
        if luhn_valid(digits):
            return digits


def _spaced(digits: str, groups: tuple[int, ...], gaps: list[str]) -> str:
    parts, position = [], 0
    for size in groups:
        parts.append(digits[position : position + size])
        position += size
    text = parts[0]
    for part, gap in zip(parts[1:], gaps, strict=False):
        text += gap + part
    return text


GAPS = st.lists(st.sampled_from(["", " ", "  ", "-"]), min_size=3, max_size=3)


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10**6), gaps=GAPS)
def test_nhs_numbers_with_any_spacing_are_masked(redactor: Redactor, seed: int, gaps) -> None:
    number = _spaced(_nhs_number(random.Random(seed)), (3, 3, 4), gaps)
    text = f"the form wants my NHS number so here it is {number}"
    assert is_masked(redactor, text, number), masked_parts(redactor, text)


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10**6), gaps=GAPS)
def test_card_numbers_with_any_spacing_are_masked(redactor: Redactor, seed: int, gaps) -> None:
    number = _spaced(_card_number(random.Random(seed)), (4, 4, 4, 4), gaps)
    text = f"I paid the arrears with {number} this morning"
    assert is_masked(redactor, text, number), masked_parts(redactor, text)


@settings(max_examples=25, deadline=None)
@given(
    sort=st.tuples(*[st.integers(0, 99)] * 3),
    account=st.integers(10**7, 10**8 - 1),
    joiner=st.sampled_from([" / ", " ", ", ", " and ", " acc ", " account "]),
)
def test_a_sort_code_and_account_written_as_a_pair_are_masked(
    redactor: Redactor, sort: tuple[int, int, int], account: int, joiner: str
) -> None:
    code = "-".join(f"{part:02d}" for part in sort)
    text = f"Rent will go out from a new place. Details: {code}{joiner}{account}. Cheers"
    assert is_masked(redactor, text, code), masked_parts(redactor, text)
    assert is_masked(redactor, text, str(account)), masked_parts(redactor, text)


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        (
            "sort code mix up on my form, I wrote 11-22-33 there when it should be 11-22-38",
            ("11-22-33", "11-22-38"),
        ),
        (
            "my account number was wrong on the mandate, it said 31234567 and it is 31234576",
            ("31234567", "31234576"),
        ),
    ],
)
def test_both_numbers_of_a_correction_are_masked(
    redactor: Redactor, text: str, parts: tuple[str, str]
) -> None:
    for part in parts:
        assert is_masked(redactor, text, part), masked_parts(redactor, text)


@pytest.mark.parametrize(
    ("text", "part"),
    [
        ("ok it is 9th june 1975 and the flat is upstairs", "9th june 1975"),
        ("her date of birth is the 21st of March 1958", "the 21st of March 1958"),
        ("dob the twelfth of may 1984", "the twelfth of may 1984"),
        ("born on the first of October 1990", "the first of October 1990"),
        ("05/11/1971", "05/11/1971"),
        ("that's right, 3.4.67 and I'm still at the same flat", "3.4.67"),
        ("Date of birth 2/9/2001, the other was my brother's, his is 30/01/1999", "30/01/1999"),
    ],
)
def test_dates_of_birth_without_a_cue_next_to_them_are_masked(
    redactor: Redactor, text: str, part: str
) -> None:
    assert is_masked(redactor, text, part), masked_parts(redactor, text)


@pytest.mark.parametrize(
    "text",
    [
        "the inspection is booked for 14/03/2027",
        "I moved in on 2nd June 2021",
        "the letter dated 7.8.25 said nothing about it",
        "the code on the meter is 1.2.3",
    ],
)
def test_recent_and_coming_dates_are_kept(redactor: Redactor, text: str) -> None:
    assert untouched(redactor, text), masked_parts(redactor, text)
