import pytest

from tests.recognizers.conftest import kept
from transcripts.redaction.recognizers.date_of_birth import DateOfBirthRecognizer

RECOGNIZER = DateOfBirthRecognizer()


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("I was born on 12/03/1984", ["12/03/1984"]),
        ("date of birth 3rd March 1990", ["3rd March 1990"]),
        ("the appointment is on 12/12/2026 at 10am", []),
        ("next Tuesday 3rd March suits me", []),
    ],
)
def test_dates_of_birth(text: str, found: list[str]) -> None:
    assert kept(RECOGNIZER, text) == found
