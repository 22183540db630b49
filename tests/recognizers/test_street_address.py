import pytest

from tests.recognizers.conftest import kept
from transcripts.redaction.recognizers.street_address import StreetAddressRecognizer
from transcripts.redaction.recognizers.welsh_street import WelshStreetRecognizer

RECOGNIZER = StreetAddressRecognizer()


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("I live at 25 High Street", ["25 High Street"]),
        ("Flat 7 Marlowe House, Station Road", ["Flat 7 Marlowe House, Station Road"]),
        ("it's Heron Court flat 14 here", ["Heron Court flat 14"]),
        ("Apartment 22, Victoria Mill is damp", ["Apartment 22, Victoria Mill"]),
        ("it's flat 4 in the block", []),
        ("we have 2 bedrooms upstairs", []),
        ("I've waited 3 weeks for the repair", []),
    ],
)
def test_street_addresses(text: str, found: list[str]) -> None:
    assert kept(RECOGNIZER, text) == found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("my nan is at 9 Sràid na h-Eaglais", ["9 Sràid na h-Eaglais"]),
        ("4 Rathad a' Mhuilinn is the house", ["4 Rathad a' Mhuilinn"]),
    ],
)
def test_gaelic_streets(text: str, found: list[str]) -> None:
    recognizer = WelshStreetRecognizer()
    recognizer.load()
    assert kept(recognizer, text) == found
