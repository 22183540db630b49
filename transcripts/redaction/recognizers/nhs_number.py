"""NHS numbers."""

import re

from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from transcripts.redaction.recognizers.base import RegexRecognizer
from transcripts.redaction.recognizers.cues import cued_results

# Ten digits in any grouping (3-3-4, 4-3-3, 3-3-2-2...), not part of a longer number.
_TEN_DIGITS = r"(?<![\d-])(?<!\d )(?<!\d  )\d(?:(?:[ -]| {2})?\d){9}(?![\d-])(?! {1,2}\d)"
_USUAL_GROUPING = re.compile(r"\d{3}(?:[ -]| {2})?\d{3}(?:[ -]| {2})?\d{4}")


def nhs_checksum_valid(digits: str) -> bool:
    total = sum(
        int(digit) * weight for digit, weight in zip(digits[:9], range(10, 1, -1), strict=True)
    )
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(digits[9])


class NhsNumberRecognizer(RegexRecognizer):
    """Ten-digit NHS numbers: in the usual 3-3-4 grouping (a space, two spaces, a dash or
    none between the groups) when they pass the mod-11 check; in any grouping and whatever
    their check digit next to "NHS" (a mistyped NHS number still names a patient), and
    then every other ten-digit number of the line too (a correction)."""

    ENTITY = "UK_NHS"
    PATTERNS = ((_TEN_DIGITS, 0.1),)
    CONTEXT = ("nhs",)
    CONTEXT_WORDS_BEFORE = 10
    CUED_SCORE = 0.6

    def validate(self, candidate: str) -> float | None:
        digits = re.sub(r"\D", "", candidate)
        usual = _USUAL_GROUPING.fullmatch(candidate) is not None
        return 0.75 if usual and nhs_checksum_valid(digits) else None

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        results = super().analyze(text, entities, nlp_artifacts)
        return cued_results(results, text, self.has_context, self.CONTEXT, self.CUED_SCORE)
