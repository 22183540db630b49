"""Numbers that a cue makes personal data whatever their shape or checksum (issue #28,
held-out 6's categories): an NHS number after "NHS number" even when it fails Modulus 11,
a card number after "card" even when it fails Luhn, a tenancy or rent-account reference of
any shape after its cue, and an account number written as two groups of four. Without a
cue the checksum rules hold, and the references of repairs, crimes, orders and complaints
stay. Every example here is invented; none is a line of a scored set."""

import random
import re

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from tests.recognizers.conftest import kept
from tests.test_redaction import is_masked, masked_parts, untouched
from transcripts.redaction.pii import Redactor
from transcripts.redaction.recognizers.card_number import luhn_valid
from transcripts.redaction.recognizers.cued_reference import CuedReferenceRecognizer
from transcripts.redaction.recognizers.nhs_number import nhs_checksum_valid

CUED_REFERENCES = CuedReferenceRecognizer()
CUED_REFERENCES.load()


@pytest.fixture(scope="module")
def redactor() -> Redactor:
    return Redactor()


def _grouped(digits: str, groups: tuple[int, ...], gap: str) -> str:
    parts, position = [], 0
    for size in groups:
        parts.append(digits[position : position + size])
        position += size
    return gap.join(parts)


def _failing_nhs_number(rng: random.Random) -> str:
    while True:
        digits = "".join(str(rng.randint(0, 9)) for _ in range(10))
        if not nhs_checksum_valid(digits):
            return digits


def _failing_card_number(rng: random.Random, length: int) -> str:
    while True:
        digits = rng.choice("3456") + "".join(str(rng.randint(0, 9)) for _ in range(length - 1))
        if not luhn_valid(digits):
            return digits


NHS_GROUPS = st.sampled_from([(3, 3, 4), (4, 3, 3), (3, 3, 2, 2), (10,), (3, 4, 3)])
NHS_CUES = st.sampled_from(
    [
        "the NHS number on her form is {}",
        "nhs no {} for my husband",
        "NHS No.: {}",
        "their NHS {} and the GP is in town",
        "{} is my nhs number",
    ]
)


@settings(max_examples=30, deadline=None)
@given(
    seed=st.integers(0, 10**6),
    groups=NHS_GROUPS,
    gap=st.sampled_from([" ", "-", "  "]),
    template=NHS_CUES,
)
def test_an_nhs_number_after_its_cue_is_masked_whatever_its_check_digit(
    redactor: Redactor, seed: int, groups: tuple[int, ...], gap: str, template: str
) -> None:
    number = _grouped(_failing_nhs_number(random.Random(seed)), groups, gap)
    text = template.format(number)
    assert is_masked(redactor, text, number), masked_parts(redactor, text)


def test_an_nhs_number_in_a_referral_is_masked(redactor: Redactor) -> None:
    number = "612 083 4490"
    assert not nhs_checksum_valid(number.replace(" ", ""))
    text = f"Patient NHS number {number}. Carer: someone else"
    assert is_masked(redactor, text, number), masked_parts(redactor, text)


def test_both_nhs_numbers_of_a_correction_are_masked(redactor: Redactor) -> None:
    text = "i typed the nhs number wrong earlier, it should read 702 118 3395 and not 702 118 3359"
    for number in ("702 118 3395", "702 118 3359"):
        assert is_masked(redactor, text, number), masked_parts(redactor, text)


CARD_LENGTHS = st.integers(12, 19)


@settings(max_examples=30, deadline=None)
@given(
    seed=st.integers(0, 10**6),
    length=CARD_LENGTHS,
    cue=st.sampled_from(["card", "card number", "long number", "card no", "maestro"]),
    gap=st.sampled_from(["", " ", "-"]),
)
def test_a_card_number_after_its_cue_is_masked_whatever_its_check_digit(
    redactor: Redactor, seed: int, length: int, cue: str, gap: str
) -> None:
    digits = _failing_card_number(random.Random(seed), length)
    number = gap.join(digits[i : i + 4] for i in range(0, length, 4))
    text = f"the {cue} is {number} and the rest is on the letter"
    assert is_masked(redactor, text, number), masked_parts(redactor, text)


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("3714 2260 9981 5503 expiry 11/27", "3714 2260 9981 5503"),
        ("4402 7719 3305 1186 exp 02/29, cvv to follow", "4402 7719 3305 1186"),
    ],
)
def test_a_card_number_before_its_expiry_is_masked(
    redactor: Redactor, text: str, number: str
) -> None:
    assert not luhn_valid(number.replace(" ", ""))
    assert is_masked(redactor, text, number), masked_parts(redactor, text)


@pytest.mark.parametrize(
    "text",
    [
        "order 8830 1276 5521 9004 came yesterday",
        "the invoice says 3917 204 558 was paid",
        "the meter reading was 4410 2291 87",
        "tracking 5512 0983 4471 2290 still not moving",
    ],
)
def test_numbers_failing_their_checksum_without_a_cue_are_kept(
    redactor: Redactor, text: str
) -> None:
    assert untouched(redactor, text), masked_parts(redactor, text)


REFERENCE_CUES = st.sampled_from(
    [
        "my tenancy ref is {} thanks",
        "rent ref {} please",
        "rent acc no is {} can you check",
        "account ref: {} balance wrong",
        "my ref is {} and i rang yesterday",
        "the reference {} is on my letter",
        "tenant ref {} - still waiting",
        "housing register number {} for the bidding",
        "application number is {} thank you",
    ]
)


@st.composite
def references(draw: st.DrawFn) -> str:
    letters = draw(st.sampled_from(["", "RA", "TEN", "HR", "k", "W"]))
    groups = draw(st.lists(st.integers(2, 6), min_size=1, max_size=3))
    digits = ["".join(draw(st.sampled_from("0123456789")) for _ in range(size)) for size in groups]
    if sum(groups) < 5:
        digits.append("1234")
    separator = draw(st.sampled_from(["/", "-", " "]))
    suffix = draw(st.sampled_from(["", "-B", "/02"]))
    lead = f"{letters}{draw(st.sampled_from(['', ' ', '-', '/']))}" if letters else ""
    reference = lead + separator.join(digits) + suffix
    # A reference with a part written exactly like a date ("RA 01/01/00") is read as a
    # date, as the recognizer's rule says (a test below): the date is masked as a date.
    assume(not any(_reads_as_a_date(part) for part in reference.split()))
    return reference


def _reads_as_a_date(reference: str) -> bool:
    date = re.fullmatch(r"(\d{1,2})[/-](\d{1,2})[/-]\d{2,4}", reference)
    if date is None:
        return False
    first, second = (int(part) for part in date.groups())
    return 1 <= min(first, second) <= 12 and max(first, second) <= 31


@settings(max_examples=40, deadline=None)
@given(reference=references(), template=REFERENCE_CUES)
def test_a_reference_of_any_shape_after_its_cue_is_masked(
    redactor: Redactor, reference: str, template: str
) -> None:
    text = template.format(reference)
    assert is_masked(redactor, text, reference), masked_parts(redactor, text)
    # The rule stops at the reference's last token and takes no word after it.
    assert kept(CUED_REFERENCES, text) == [reference]


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        (
            "tenancy ref 4410-22-B on the letter, no sorry it's 4401-22-B",
            ("4410-22-B", "4401-22-B"),
        ),
        ("my rent ref was HX 7781 03 but now its HX 7718 03", ("HX 7781 03", "HX 7718 03")),
        ("ref: 2209/5517 or maybe 2290/5517, I cant read it", ("2209/5517", "2290/5517")),
    ],
)
def test_both_references_of_a_correction_are_masked(
    redactor: Redactor, text: str, parts: tuple[str, str]
) -> None:
    for part in parts:
        assert is_masked(redactor, text, part), masked_parts(redactor, text)


@pytest.mark.parametrize(
    "text",
    [
        "the job number is 5523 8817 for the plumber",
        "repair ref R-339120 was closed",
        "crime ref 44/120934/25 from the police",
        "the crime reference is CR-0099-2281",
        "order number 400-118233 arrived",
        "complaint ref C/2231/77 stage one",
        "reference 0123 is on the letter",
    ],
)
def test_references_that_are_not_personal_data_are_kept(redactor: Redactor, text: str) -> None:
    assert untouched(redactor, text), masked_parts(redactor, text)


@settings(max_examples=30, deadline=None)
@given(
    account=st.integers(0, 10**8 - 1),
    cue=st.sampled_from(["acc", "account", "acc no", "a/c", "account number"]),
)
def test_an_account_number_in_two_groups_of_four_is_masked(
    redactor: Redactor, account: int, cue: str
) -> None:
    digits = f"{account:08d}"
    number = f"{digits[:4]} {digits[4:]}"
    text = f"sort code is 11 23 58 {cue} {number} at the bank"
    assert is_masked(redactor, text, number), masked_parts(redactor, text)


def test_two_groups_of_four_without_an_account_cue_are_kept(redactor: Redactor) -> None:
    assert untouched(redactor, "the rent went up in 2019 2020 and again")


@pytest.mark.parametrize(
    ("text", "reference"),
    [
        ("the tenancy ref printed on my rent book says 7731-208-C", "7731-208-C"),
        ("the tenancy number on the new agreement is HB-0422-96, is that right", "HB-0422-96"),
    ],
)
def test_a_reference_a_few_words_after_its_cue_is_masked(
    redactor: Redactor, text: str, reference: str
) -> None:
    assert is_masked(redactor, text, reference), masked_parts(redactor, text)


def test_a_date_after_a_tenancy_cue_is_no_reference() -> None:
    assert kept(CUED_REFERENCES, "my tenancy started on 01/04/2019 with the old landlord") == []


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("60-22-14 / 5521 0938 for the direct debit", "5521 0938"),
        ("acc no 18 27 55 04 at the building society", "18 27 55 04"),
    ],
)
def test_an_account_number_in_groups_after_a_sort_code_or_cue_is_masked(
    redactor: Redactor, text: str, number: str
) -> None:
    assert is_masked(redactor, text, number), masked_parts(redactor, text)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("the tenancy ref on my letter, it says 0093-118-K", ["0093-118-K"]),
        ("rent account: quote your tenancy ref 55230117 when paying", ["55230117"]),
        ("tr 40718 is my rent number", ["tr 40718"]),
        ("my tenancy ref is 204 771 339 I think", ["204 771 339"]),
    ],
)
def test_the_words_before_a_reference_are_not_taken_into_it(text: str, found: list[str]) -> None:
    assert kept(CUED_REFERENCES, text) == found


@pytest.mark.parametrize(
    ("text", "reference"),
    [
        ("my tenancy ref is KDW-4410 thanks", "KDW-4410"),
        ("rent ref PTR-8812-H for the refund", "PTR-8812-H"),
        ("ref NBQ/3390 on my card", "NBQ/3390"),
    ],
)
def test_a_lettered_reference_with_four_digits_after_its_cue_is_masked(
    text: str, reference: str
) -> None:
    """Landlords that give each tenant letters of their own need fewer digits (round 3)."""
    assert kept(CUED_REFERENCES, text) == [reference]


@pytest.mark.parametrize(
    "text", ["reference 0123 is on the letter", "my ref is 4417 i think", "ref A-4417"]
)
def test_four_digits_without_letters_of_their_own_are_no_reference(text: str) -> None:
    assert kept(CUED_REFERENCES, text) == []
