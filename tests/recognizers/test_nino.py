import pytest

from tests.recognizers.conftest import kept
from transcripts.redaction.recognizers.nino import UkNinoRecognizer

RECOGNIZER = UkNinoRecognizer()


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("my NI is AB 12 34 56 C", ["AB 12 34 56 C"]),
        ("it's ab123456c", ["ab123456c"]),
        ("QQ123456C is not a real one", []),
        ("GB123456A is not valid", []),
    ],
)
def test_national_insurance_numbers(text: str, found: list[str]) -> None:
    assert kept(RECOGNIZER, text) == found
