import pytest

from tests.recognizers.conftest import kept
from transcripts.redaction.recognizers.account_number import AccountNumberRecognizer

RECOGNIZER = AccountNumberRecognizer()


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("account number 12345678", ["12345678"]),
        ("a/c 40319926 for the refund", ["40319926"]),
        ("acc 71235508", ["71235508"]),
        ("job number 12345678 was raised", []),
    ],
)
def test_account_numbers(text: str, found: list[str]) -> None:
    assert kept(RECOGNIZER, text) == found
