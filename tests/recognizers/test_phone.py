import pytest

from tests.recognizers.conftest import kept
from transcripts.redaction.recognizers.phone import UkPhoneRecognizer

RECOGNIZER = UkPhoneRecognizer()


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("ring 07700 900123", ["07700 900123"]),
        ("+44 (0)20 7946 0958 is the office", ["+44 (0)20 7946 0958"]),
        ("0 7 7 0 0 9 0 0 4 5 6 after six", ["0 7 7 0 0 9 0 0 4 5 6"]),
        ("0-1-6-3-2-9-6-0-2-2-1", ["0-1-6-3-2-9-6-0-2-2-1"]),
        ("0 1 6 3 2 - 9 6 0 - 1 8 4", ["0 1 6 3 2 - 9 6 0 - 1 8 4"]),
        ("in an emergency call 999", []),
        ("0 for the ground floor and 1 for the first", []),
        ("reference 0123 is on the letter", []),
    ],
)
def test_phone_numbers(text: str, found: list[str]) -> None:
    assert kept(RECOGNIZER, text) == found
