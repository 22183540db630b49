"""The last checks on a detected span, whichever recognizer found it: no name or
address inside the name of a team or service (``service_phrases``), and no person's name
made of a cue word and a number (the general model reads "ref R-339120" as a name).
Before any check, line breaks pasted as escapes are read as breaks."""

import re

from presidio_analyzer import RecognizerResult
from spacy.lang.en.stop_words import STOP_WORDS

from transcripts.redaction.service_phrases import names_a_service

# "\\n" (or "\\r", "\\t") typed or pasted as two characters, not after another backslash.
_ESCAPED_BREAK = re.compile(r"(?<!\\)\\[nrt]")


def pasted_line_breaks(text: str) -> str:
    """The text with each escaped break read as a space and a line break, the same length,
    so that "Mobile:\\n07700 900461" has its number as a word of its own."""
    return _ESCAPED_BREAK.sub(" \n", text)


_LETTERS = re.compile(r"[^\W\d_]+")
# Words that lead a number and are no name ("ref", "tenancy no").
CUE_WORDS = frozenset("ref reference no number num id tenancy account acc acct".split())


def _only_a_numbered_cue(text: str) -> bool:
    """Whether a span with digits is a cue word and a number: its other words are cue
    words and stop words, and one at least is a cue word."""
    if not any(character.isdigit() for character in text):
        return False
    words = [
        letters.lower()
        for word in text.split()
        if not any(character.isdigit() for character in word)
        for letters in _LETTERS.findall(word)
    ]
    return any(word in CUE_WORDS for word in words) and all(
        word in CUE_WORDS or word in STOP_WORDS for word in words
    )


def implausible(text: str, result: RecognizerResult) -> bool:
    """Whether a found span is no personal data after all."""
    if result.entity_type == "PERSON" and _only_a_numbered_cue(text[result.start : result.end]):
        return True
    return names_a_service(text, result)
