import pytest

from tests.recognizers.conftest import kept
from transcripts.redaction.recognizers.card_number import CardNumberRecognizer, luhn_valid

RECOGNIZER = CardNumberRecognizer()


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("paid with 4111 1111 1111 1111", ["4111 1111 1111 1111"]),
        ("4111-1111-1111-1111 charged twice", ["4111-1111-1111-1111"]),
        ("my card 4555 9797 1147 1049 was declined", ["4555 9797 1147 1049"]),
        ("card no 4746507529170342", ["4746507529170342"]),
        ("4111 1111 1111 1112 fails the check", []),
        ("reference 4555 9797 1147 1049", []),
    ],
)
def test_card_numbers(text: str, found: list[str]) -> None:
    assert kept(RECOGNIZER, text) == found


def test_luhn() -> None:
    assert luhn_valid("4111111111111111")
    assert not luhn_valid("4111111111111112")


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("What is the limit for card 630451333870?", ["630451333870"]),
        ("Need to change billing date of my card 180071906594018", ["180071906594018"]),
        ("the job number was 630451333870", []),
    ],
)
def test_maestro_and_other_issuers_next_to_card(text: str, found: list[str]) -> None:
    assert kept(RECOGNIZER, text) == found
