import pytest

from tests.recognizers.conftest import kept
from transcripts.redaction.recognizers.nhs_number import NhsNumberRecognizer

RECOGNIZER = NhsNumberRecognizer()


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("her number is 943 476 5919", ["943 476 5919"]),
        ("252 760 1898 is on the letter", ["252 760 1898"]),
        ("9434765919 too", ["9434765919"]),
        ("943 476 5918 fails the check", []),
        ("job 123-456-7890", []),
    ],
)
def test_nhs_numbers(text: str, found: list[str]) -> None:
    assert kept(RECOGNIZER, text) == found
