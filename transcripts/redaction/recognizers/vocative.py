"""People spoken to: the name after a greeting or a thanks ("Welcome Adaeze!", "Sorry
Nasra, it's...", "diolch rhiannon"), the name between a sentence and a comma before the
next clause ("I've checked it Tayla, you're verified"), and a known name before "'s"
("Natasha's account").

A capitalised word after a greeting is a name only when punctuation or the end of the
line follows it ("Hi Team,", "Thanks Again" are listed as no names); in lower case, only
a given name the gazetteer knows and that is no everyday word ("hi karim", not "hi
frank")."""

import re

from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from spacy.lang.en.stop_words import STOP_WORDS

from transcripts.redaction.recognizers.base import RegexRecognizer
from transcripts.redaction.recognizers.names import ambiguous_names, given_names
from transcripts.redaction.recognizers.person_name import (
    DAY_AND_MONTH_WORDS,
    RELATION_WORDS,
)

_WORD = r"[^\W\d_](?:[^\W\d_]|-(?=[^\W\d_]))*"
_GREETING = (
    r"(?:thanks|thank\s+you|thankyou|ty|sorry|welcome|hi|hiya|hello|hey|dear|morning"
    r"|afternoon|evening|congratulations|congrats|cheers|bye|ta|diolch|ok|okay|great|lovely)"
)
_AFTER_GREETING = re.compile(
    rf"\b{_GREETING}[ \t]*,?[ \t]+(?P<pii>{_WORD})(?P<after>[ \t]*(?:[,.!?:;)]|-\s|$|x+\b))",
    re.IGNORECASE | re.MULTILINE,
)
_LOWER_AFTER_GREETING = re.compile(rf"\b{_GREETING}[ \t]+(?P<pii>{_WORD})\b", re.IGNORECASE)
_BEFORE_CLAUSE = re.compile(
    rf"(?<=[a-z][ \t])(?P<pii>(?-i:[A-Z]){_WORD}),[ \t]+"
    r"(?:you|you're|you’re|youre|you'll|you’ll|you've|you’ve|your|we|we'll|we’ll|we've|we’ve"
    r"|i|i'll|i’ll|i've|i’ve|i'm|i’m|it|it's|it’s|it'll|it’ll|that's|that’s|reference|ref)\b",
    re.IGNORECASE,
)
_POSSESSIVE = re.compile(rf"\b(?P<pii>{_WORD})['’]s\b")
# Words spoken to that name no one.
NOT_NAMES = frozenset(
    (
        "team all everyone everybody again mate mates sir madam there guys folks love hun "
        "hon babe both you so very much again anyway again all again lol thanks thank sorry "
        "hi hello hiya hey welcome ok okay yes no yeah please then now back home again just "
        "morning afternoon evening night day bye cheers great lovely brilliant perfect fine "
        "council housing rent repairs officer advisor adviser agent bot chat support admin "
        "landlord neighbour ma'am maam miss mrs mr ms dr pal bud buddy darling dear hun "
        "doctor nurse officer councillor vicar reverend father pastor imam rabbi inspector "
        "constable sergeant manager boss world friend friends"
    ).split()
)


class VocativeNameRecognizer(RegexRecognizer):
    """Names of the person spoken to, and known names before "'s"."""

    ENTITY = "PERSON"

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        results = []
        for match in _AFTER_GREETING.finditer(text):
            if _capitalised_name(match.group("pii")):
                results.append(self._result(*match.span("pii"), 0.7, "spoken to"))
        for match in _BEFORE_CLAUSE.finditer(text):
            before = text[: match.start()].split()
            if _capitalised_name(match.group("pii")) and before and before[-1].islower():
                results.append(self._result(*match.span("pii"), 0.7, "spoken to"))
        for pattern in (_LOWER_AFTER_GREETING, _POSSESSIVE):
            for match in pattern.finditer(text):
                if _known_name(match.group("pii")):
                    results.append(self._result(*match.span("pii"), 0.7, "known name"))
        return results


def _capitalised_name(word: str) -> bool:
    lower = word.lower()
    return (
        word[0].isupper()
        and not word.isupper()
        and lower not in NOT_NAMES
        and lower not in STOP_WORDS
        and lower not in DAY_AND_MONTH_WORDS
        and lower not in RELATION_WORDS
    )


def _known_name(word: str) -> bool:
    lower = word.lower()
    return (
        lower in given_names()
        and lower not in ambiguous_names()
        and lower not in NOT_NAMES
        and lower not in STOP_WORDS
        and lower not in DAY_AND_MONTH_WORDS
    )
