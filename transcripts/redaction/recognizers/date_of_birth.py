"""Dates of birth."""

import datetime
import re

from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from transcripts.redaction.recognizers.base import RegexRecognizer

MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
ORDINAL_WORDS = (
    r"(?:(?:twenty|thirty)[- ]?)?(?:first|second|third|fourth|fifth|sixth|seventh|eighth"
    r"|ninth)|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth"
    r"|eighteenth|nineteenth|twentieth|thirtieth"
)
# A day written as a number or an ordinal ("2nd", "the 4th of", "the twelfth of").
DAY = rf"(?:the\s+)?(?:\d{{1,2}}(?:st|nd|rd|th)?|{ORDINAL_WORDS})"

DATE_FORMS = (
    r"\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})",
    r"(?:19|20)\d{2}-\d{1,2}-\d{1,2}",
    rf"{DAY}\s+(?:of\s+)?{MONTHS}\.?,?\s+\d{{2,4}}",
    rf"{MONTHS}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}",
)
# Someone this many years old or more is the only one whose full date a housing chat
# gives: appointments, letters and tenancies are this year, last year or next.
OLDEST_OTHER_DATE = 16
# A full date that old is masked without a cue: it is asked for, then typed alone.
LONG_PAST_SCORE = 0.45
# Words after which a sentence's full dates are birthdays: a list of children or of a
# family ("Children: Ade (date), Bola (date)", "Son | date", "born ... and her sister on
# date"); these dates may be recent, so the age rule above does not find them.
FAMILY_CUE = re.compile(
    r"\b(?:born|dob|d\.o\.b|birthdays?|date\s+of\s+birth|sons?|daughters?|child(?:ren)?"
    r"|kids?|bab(?:y|ies)|twins?|grand(?:son|daughter|child(?:ren)?)s?|newborn)\b",
    re.IGNORECASE,
)
FAMILY_REACH = 70
# Words between the cue and the date that make it some other date of the family's.
OTHER_DATE = re.compile(
    r"\b(?:appointments?|visits?|inspection|booked|court|hearing|due|until|till|from|since"
    r"|start(?:s|ed|ing)?|moved|school|review|meeting|expires?|ends?|dated|letters?|sent|paid"
    r"|received|raised)\b|[?!\n]|\.\s",
    re.IGNORECASE,
)
_YEAR = re.compile(r"(?:19|20)\d{2}\b|\d{2}$")
_NUMERIC = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-]")


def _this_year() -> int:
    return datetime.datetime.now(datetime.UTC).year


def _year(candidate: str) -> int | None:
    """The date's year, a two-digit one read as the latest year not in the future."""
    found = _YEAR.search(candidate.strip())
    if found is None:
        return None
    year = int(found.group())
    if year >= 100:
        return year
    this_year = _this_year()
    return 2000 + year if 2000 + year <= this_year else 1900 + year


def _after_family_cue(text: str, start: int) -> bool:
    """Whether a family or birth word comes shortly before, in the same sentence, with no
    word between that makes the date another event's."""
    before = text[max(0, start - FAMILY_REACH) : start]
    cues = list(FAMILY_CUE.finditer(before))
    return bool(cues) and OTHER_DATE.search(before[cues[-1].end() :]) is None


def _day_and_month(first: int, second: int) -> bool:
    """Whether two numbers can be a day and a month, in either order (UK or US)."""
    return 1 <= min(first, second) <= 12 and max(first, second) <= 31


class DateOfBirthRecognizer(RegexRecognizer):
    """Dates near "born", "DOB", "date of birth" or "birthday", and full dates long past.

    Other dates (appointments, "next Tuesday") are ordinary words of the service.
    "born" gets patterns of its own: spaCy lemmatises it to "bear", which
    Presidio's lemma-based context matching would never see.
    """

    ENTITY = "DATE_OF_BIRTH"
    PATTERNS = (
        tuple((rf"\b{form}\b", 0.05) for form in DATE_FORMS)
        + tuple((rf"\bborn\s+(?:on\s+)?(?P<pii>{form})\b", 0.6) for form in DATE_FORMS)
        + ((r"\bborn\s+in\s+(?P<pii>(?:19|20)\d{2})\b", 0.6),)
    )
    CONTEXT = ("dob", "d.o.b", "birth", "birthday", "birthdate")

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        results = super().analyze(text, entities, nlp_artifacts)
        for result in results:
            if result.score < LONG_PAST_SCORE and _after_family_cue(text, result.start):
                year = _year(text[result.start : result.end])
                if year is not None and year <= _this_year():
                    result.score = LONG_PAST_SCORE
        return results

    def validate(self, candidate: str) -> float | None:
        numeric = _NUMERIC.match(candidate)
        if numeric and not _day_and_month(int(numeric.group(1)), int(numeric.group(2))):
            return 0.0
        year = _year(candidate)
        if year is None or year < 1900:
            return None
        if year <= _this_year() - OLDEST_OTHER_DATE:
            return LONG_PAST_SCORE
        return None
