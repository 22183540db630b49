"""Email addresses written to dodge spam robots."""

import re

from transcripts.redaction.recognizers.base import RegexRecognizer

_AT = r"(?:[ \t]*(?:\[at\]|\(at\)|@)[ \t]*|[ \t]+at[ \t]+)"
_DOT = r"(?:[ \t]*(?:\[dot\]|\(dot\)|\.)[ \t]*|[ \t]+dot[ \t]+)"
_EMAIL_TLDS = r"(?:com|co|uk|org|net|gov|ac|nhs|sch|ltd|plc|me|io|info|biz|eu|ie|email)"


class ObfuscatedEmailRecognizer(RegexRecognizer):
    """Emails written to dodge spam robots: "name dot surname at gmail dot com",
    "name [at] domain [dot] com", "name (at) domain.co.uk".

    The address must have a spelt-out or bracketed "at" or "dot" (plain addresses are
    Presidio's) and end in a known top-level domain, so "meet at home" is not one.
    """

    ENTITY = "EMAIL_ADDRESS"
    PATTERNS = (
        (
            rf"(?<![\w.])(?P<pii>[a-z0-9_+-]+(?:{_DOT}[a-z0-9_+-]+)*{_AT}[a-z0-9-]+"
            rf"(?:{_DOT}[a-z0-9-]+)*{_DOT}{_EMAIL_TLDS})\b",
            0.8,
        ),
    )

    def validate(self, candidate: str) -> float | None:
        plain = re.fullmatch(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", candidate.strip())
        return 0.0 if plain else None
