import pytest

from tests.recognizers.conftest import kept
from transcripts.redaction.recognizers.known_values import known_value_recognizers

KNOWN = {"name": "Joanne Burke", "email": "Jo.Burke@Example.com", "address": "3 Beacon Court"}


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # The whole name and each of its parts are recognisers of their own.
        ("this is joanne burke", ["joanne burke", "joanne", "burke"]),
        ("ask for Joanne", ["Joanne"]),
        ("BURKE is on the door", ["BURKE"]),
        ("email jo.burke@example.com", ["jo.burke@example.com"]),
        ("at 3, Beacon Court", ["3, Beacon Court"]),
        ("the court hearing is on monday", []),
    ],
)
def test_the_visitors_own_details(text: str, found: list[str]) -> None:
    parts = [
        part for recognizer in known_value_recognizers(KNOWN) for part in kept(recognizer, text)
    ]
    assert set(parts) == set(found)


def test_no_details_no_recognizers() -> None:
    assert known_value_recognizers(None) == []
    assert known_value_recognizers({"name": "  ", "email": None}) == []
