"""The landlord's own references."""

from collections.abc import Iterable

from transcripts.redaction.recognizers.base import RegexRecognizer


class LandlordReferenceRecognizer(RegexRecognizer):
    """The landlord's own references (tenancy, rent account), from configurable regexes."""

    ENTITY = "TENANCY_REF"
    CONTEXT = ("tenancy", "reference", "ref", "account")

    def __init__(self, patterns: Iterable[str]) -> None:
        self.PATTERNS = tuple((pattern, 0.85) for pattern in patterns)
        super().__init__()
