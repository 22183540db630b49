"""Dates of birth in a list of children or of a family (issue #28, last pass): recent
full dates after "children", "son", "daughter", "born", "birthday" in the same sentence,
the second date of such a sentence, and "born in" a year. Invented lines, none from a
scored set. Appointments, moves and future dates of the same family stay."""

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.recognizers.conftest import kept
from transcripts.redaction.recognizers.date_of_birth import DateOfBirthRecognizer

RECOGNIZER = DateOfBirthRecognizer()
RECOGNIZER.load()
THIS_YEAR = datetime.datetime.now(datetime.UTC).year


@given(
    st.integers(1, 28),
    st.integers(1, 12),
    st.integers(THIS_YEAR - 15, THIS_YEAR - 1),
    st.sampled_from(
        [
            "Kids: Tomasz ({}), Wiktor ({})",
            "Son | {} ... Daughter | {}",
            "my twins were born {} and their brother {}",
        ]
    ),
)
@settings(max_examples=60, deadline=None)
def test_recent_dates_of_a_family_list_are_dates_of_birth(
    day: int, month: int, year: int, line: str
) -> None:
    first = f"{day:02d}/{month:02d}/{year}"
    second = f"{day}.{month}.{year}"
    assert kept(RECOGNIZER, line.format(first, second)) == [first, second]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("my grandson was born in 1999, she says", ["1999"]),
        (
            "Elif was born on the 2nd of May 2019 and Deniz on the 9th of March 2022",
            ["the 2nd of May 2019", "the 9th of March 2022"],
        ),
        ("children: Ola 14/02/2016", ["14/02/2016"]),
    ],
)
def test_family_dates(text: str, found: list[str]) -> None:
    assert kept(RECOGNIZER, text) == found


@pytest.mark.parametrize(
    "text",
    [
        f"my son has an appointment on 14/03/{THIS_YEAR}",
        "my daughter moved in on 2nd June 2021",
        f"the kids start school on 04/09/{THIS_YEAR + 1}",
        "my son said the inspection was 12/03/2024",
        "the boiler was fixed 12/03/2024, kids were cold",
        "born and raised here, the letter was dated 07/08/2025",
    ],
)
def test_other_family_dates_stay(text: str) -> None:
    assert kept(RECOGNIZER, text) == []
