"""Numbers a cue word makes personal data whatever their checksum ("NHS number",
"card"): a cue before the number (within the recognizer's window) or just after it
("... is my NHS number", "... exp 09/28"), and then every other number the same
recognizer found in the line (the second number of a correction)."""

import re
from collections.abc import Callable, Sequence

from presidio_analyzer import RecognizerResult

_WORD = re.compile(r"[\w'./]+")
# How many words after a number a cue may stand ("4019 283 746 is her NHS no").
WORDS_AFTER = 4


def cue_after(text: str, end: int, cues: Sequence[str]) -> bool:
    after = _WORD.findall(text[end : end + 60].lower())[:WORDS_AFTER]
    return any(cue in word for word in after for cue in cues)


def cued_results(
    results: list[RecognizerResult],
    text: str,
    cue_before: Callable[[str, int], bool],
    cues_after: Sequence[str],
    cued_score: float,
) -> list[RecognizerResult]:
    """Raises every number below ``cued_score`` to it when any number of the line has a
    cue before it (``cue_before(text, start)``) or one of ``cues_after`` just after it."""
    unchecked = [result for result in results if result.score < cued_score]
    if unchecked and any(
        cue_before(text, result.start) or cue_after(text, result.end, cues_after)
        for result in results
    ):
        for result in unchecked:
            result.score = cued_score
    return results
