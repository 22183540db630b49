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


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("His social security number is ZZ 80 95 70 T", ["ZZ 80 95 70 T"]),
        ("my NI number is QQ123456T", ["QQ123456T"]),
        ("the van reg was ZZ123456T", []),
    ],
)
def test_numbers_shaped_like_one_are_masked_next_to_a_context_word(
    text: str, found: list[str]
) -> None:
    assert kept(RECOGNIZER, text) == found
