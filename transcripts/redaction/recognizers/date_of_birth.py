"""Dates of birth."""

from transcripts.redaction.recognizers.base import RegexRecognizer

MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)


DATE_FORMS = (
    r"\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})",
    r"(?:19|20)\d{2}-\d{1,2}-\d{1,2}",
    rf"\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTHS}\.?,?\s+\d{{2,4}}",
    rf"{MONTHS}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}",
)


class DateOfBirthRecognizer(RegexRecognizer):
    """Dates, kept only near "born", "DOB", "date of birth" or "birthday".

    Other dates (appointments, "next Tuesday") are ordinary words of the service.
    "born" gets patterns of its own: spaCy lemmatises it to "bear", which
    Presidio's lemma-based context matching would never see.
    """

    ENTITY = "DATE_OF_BIRTH"
    PATTERNS = tuple((rf"\b{form}\b", 0.05) for form in DATE_FORMS) + tuple(
        (rf"\bborn\s+(?:on\s+)?(?:the\s+)?(?P<pii>{form})\b", 0.6) for form in DATE_FORMS
    )
    CONTEXT = ("dob", "d.o.b", "birth", "birthday", "birthdate")
