import pytest

from tests.recognizers.conftest import kept
from transcripts.redaction.recognizers.landlord_reference import LandlordReferenceRecognizer
from transcripts.redaction.recognizers.registry import default_reference_patterns


@pytest.mark.parametrize(
    ("patterns", "text", "found"),
    [
        (None, "my tenancy is TN123456", ["TN123456"]),
        (None, "TN-654321 is the ref", ["TN-654321"]),
        (None, "TN12345 is too short", []),
        ([r"\bRA\d{5}\b"], "rent account RA12345", ["RA12345"]),
    ],
)
def test_references(patterns: list[str] | None, text: str, found: list[str]) -> None:
    recognizer = LandlordReferenceRecognizer(patterns or default_reference_patterns())
    assert kept(recognizer, text) == found
