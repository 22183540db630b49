import pytest

from tests.recognizers.conftest import kept
from transcripts.redaction.recognizers.postcode import UkPostcodeRecognizer

RECOGNIZER = UkPostcodeRecognizer()


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("send it to SW1A 1AA", ["SW1A 1AA"]),
        ("it is b33 8th", ["b33 8th"]),
        ("we are at M14  5RB", ["M14  5RB"]),
        ("postcode cf101aa", ["cf101aa"]),
        ("the postcode area is ME4", ["ME4"]),
        ("the A1 road is closed", []),
        ("the XJ9 boiler", []),
        ("in ME4 last year", []),
    ],
)
def test_postcodes(text: str, found: list[str]) -> None:
    assert kept(RECOGNIZER, text) == found
