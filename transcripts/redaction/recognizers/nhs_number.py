"""NHS numbers."""

import re

from transcripts.redaction.recognizers.base import RegexRecognizer


def _nhs_checksum_valid(digits: str) -> bool:
    total = sum(
        int(digit) * weight for digit, weight in zip(digits[:9], range(10, 1, -1), strict=True)
    )
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(digits[9])


class NhsNumberRecognizer(RegexRecognizer):
    """Ten-digit NHS numbers (3-3-4; a space, two spaces, a dash or none between the groups)
    that pass the mod-11 check."""

    ENTITY = "UK_NHS"
    PATTERNS = ((r"(?<![\d-])\d{3}(?:[ -]| {2})?\d{3}(?:[ -]| {2})?\d{4}(?![\d-])", 0.5),)
    CONTEXT = ("nhs", "health", "number")

    def validate(self, candidate: str) -> float | None:
        digits = re.sub(r"\D", "", candidate)
        return 0.75 if _nhs_checksum_valid(digits) else 0.0
