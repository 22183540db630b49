import pytest

from tests.recognizers.conftest import kept
from transcripts.redaction.recognizers.obfuscated_email import ObfuscatedEmailRecognizer

RECOGNIZER = ObfuscatedEmailRecognizer()


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("email kerry dot mensah at gmail dot com", ["kerry dot mensah at gmail dot com"]),
        ("j.okonkwo [at] outlook [dot] com", ["j.okonkwo [at] outlook [dot] com"]),
        ("sam_baker (at) hotmail.co.uk thanks", ["sam_baker (at) hotmail.co.uk"]),
        ("m.hussain[at]gmail[dot]com", ["m.hussain[at]gmail[dot]com"]),
        ("plain j.bloggs@example.com is Presidio's", []),
        ("I'll be at home at 5 dot on the hour", []),
        ("there is a dot at the top of the wall", []),
        ("look at the boiler dot matrix display", []),
    ],
)
def test_obfuscated_emails(text: str, found: list[str]) -> None:
    assert kept(RECOGNIZER, text) == found
