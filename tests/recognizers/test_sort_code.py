import pytest

from tests.recognizers.conftest import kept
from transcripts.redaction.recognizers.sort_code import SortCodeRecognizer

RECOGNIZER = SortCodeRecognizer()


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("sort code 20-45-77", ["20-45-77"]),
        ("bank 204577", ["204577"]),
        ("repair job 204512 was booked", []),
        ("12 34 56 people", []),
    ],
)
def test_sort_codes(text: str, found: list[str]) -> None:
    assert kept(RECOGNIZER, text) == found
