"""Sort codes and account numbers in every written form (issue #28, last pass): dots
between the pairs, the "sc" and "s/c" cues, a sort code and account number run together
with no dashes or cue ("402715 / 61839204"), an account number in four pairs after a
dashed sort code, and the account of a correction after it. Invented numbers, none from a
scored set. Dates, phone numbers and job numbers stay."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.recognizers.conftest import kept
from transcripts.redaction.recognizers.account_number import AccountNumberRecognizer
from transcripts.redaction.recognizers.sort_code import SortCodeRecognizer

SORT_CODES = SortCodeRecognizer()
SORT_CODES.load()
ACCOUNTS = AccountNumberRecognizer()
ACCOUNTS.load()

PAIRS = st.tuples(
    st.integers(0, 99), st.integers(0, 99), st.integers(0, 99), st.integers(0, 99_999_999)
)


@given(PAIRS, st.sampled_from([".", " ", "-"]), st.sampled_from(["sort code", "sc", "s/c"]))
@settings(max_examples=60, deadline=None)
def test_a_sort_code_after_its_cue_in_any_separator(
    pair: tuple[int, int, int, int], gap: str, cue: str
) -> None:
    code = gap.join(f"{part:02d}" for part in pair[:3])
    assert kept(SORT_CODES, f"my {cue}: {code} and the rest to follow") == [code]


@given(PAIRS, st.sampled_from([" / ", " ", ", ", " - "]))
@settings(max_examples=60, deadline=None)
def test_six_digits_then_eight_are_bank_details_without_a_cue(
    pair: tuple[int, int, int, int], joiner: str
) -> None:
    code = "".join(f"{part:02d}" for part in pair[:3])
    account = f"{pair[3]:08d}"
    text = f"it goes to {code}{joiner}{account} every month"
    assert kept(SORT_CODES, text) == [code]
    assert kept(ACCOUNTS, text) == [account]


@pytest.mark.parametrize(
    ("text", "code", "accounts"),
    [
        (
            "its 31-62-04 then 57 20 81 46, no sorry 57208164",
            "31-62-04",
            ["57 20 81 46", "57208164"],
        ),
        ("sc 08.44.19 acc 2219 6630", "08.44.19", ["2219 6630"]),
        ("S/C 77 15 30, a/c 40718823", "77 15 30", ["40718823"]),
    ],
)
def test_corrections_and_short_cues(text: str, code: str, accounts: list[str]) -> None:
    assert kept(SORT_CODES, text) == [code]
    assert sorted(kept(ACCOUNTS, text)) == sorted(accounts)


@pytest.mark.parametrize(
    "text",
    [
        "the inspection was on 12.03.24 and the school rang",
        "describe it: 12 34 56 people came",
        "job 204512 then 2 visits",
        "the describe sc 21 guidance",
        "ring 01632 960415 after 5",
        "discussed 12.11.25, next visit 14.01.26",
    ],
)
def test_dates_counts_and_phone_numbers_stay(text: str) -> None:
    assert kept(SORT_CODES, text) == []
    assert kept(ACCOUNTS, text) == []


@given(
    PAIRS, st.sampled_from([" ", " / ", ", "]), st.sampled_from(["its {}, in my name", "R Obi {}"])
)
@settings(max_examples=60, deadline=None)
def test_a_sort_code_in_spaced_pairs_then_an_account_need_no_cue(
    pair: tuple[int, int, int, int], joiner: str, line: str
) -> None:
    """Round 3: "40 47 84 71220563", the pairs written with spaces, as with dashes."""
    code = " ".join(f"{part:02d}" for part in pair[:3])
    account = f"{pair[3]:08d}"
    text = line.format(f"{code}{joiner}{account}")
    assert kept(SORT_CODES, text) == [code]
    assert kept(ACCOUNTS, text) == [account]


def test_spaced_pairs_before_other_numbers_are_kept() -> None:
    for text in ("ring 01 23 45 6789", "the 12 03 19 form", "codes 11 22 33 4455 6677"):
        assert kept(SORT_CODES, text) == []
        assert kept(ACCOUNTS, text) == []
