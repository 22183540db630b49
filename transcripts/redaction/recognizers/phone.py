"""UK telephone numbers."""

import re

from transcripts.redaction.recognizers.base import RegexRecognizer


class UkPhoneRecognizer(RegexRecognizer):
    """UK numbers by their shape (+44, 0044, (0), spaces, brackets, dashes).

    The ``phonenumbers`` library's validity test rejects the Ofcom drama ranges
    (07700 900xxx, 01632 960xxx), so validation here checks the digit count only.
    """

    ENTITY = "PHONE_NUMBER"
    PATTERNS = (
        (r"(?<![\w+])(?:\+|00)\s?44\s?(?:\(0\)\s?)?\(?\d(?:[\s\-)]?\d){8,9}(?!\d)", 0.7),
        (r"(?<![\w+])\(?0\d{2,4}\)?(?:[\s-]?\d){6,8}(?!\d)", 0.6),
        # A digit at a time, with a space, dot or dash (or a spaced dash) between each.
        (r"(?<![\w+.-])0(?:(?:[ \t]*[.-][ \t]*|[ \t]+)\d){9,10}(?![ \t]*[.-]?[ \t]*\d)", 0.6),
    )
    CONTEXT = ("call", "ring", "phone", "mobile", "tel", "telephone", "number", "contact", "text")

    def validate(self, candidate: str) -> float | None:
        digits = re.sub(r"\D", "", candidate)
        if digits.startswith("0044"):
            national = digits[4:]
        elif digits.startswith("44") and candidate.lstrip().startswith("+"):
            national = digits[2:]
        else:
            national = digits[1:] if digits.startswith("0") else ""
        national = national.removeprefix("0")
        if len(national) not in (9, 10) or national[0] == "0":
            return 0.0
        return None
