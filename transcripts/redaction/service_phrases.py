"""Title-case phrases that name a team, a role, a service or a payment ("Dear Income
Team", "the Adaptations Officer", "Pension Credit"): no person's name and no home ends in
one of these words, so a name or address found inside such a phrase is dropped, whichever
model or rule found it."""

import re

from presidio_analyzer import RecognizerResult

from transcripts.redaction.recognizers.names import given_names

SERVICE_KINDS = frozenset(
    (
        "team teams service services department unit hub panel officer officers manager "
        "managers coordinator co-ordinator adviser advisor advisors advice nurse worker "
        "workers visitor ombudsman allowance credit benefit benefits payment payments "
        "insurance complaint claim scheme policy programme association council trust "
        "partnership committee board forum helpline office centre fund grant award survey "
        "assessment inspection review report plan directorate taskforce"
    ).split()
)
# Words that join the parts of such a phrase ("Voids and Lettings Team").
JOINERS = frozenset("and & of for".split())
_WORD = re.compile(r"[^\W_][\w'’-]*|&")
_NEXT = re.compile(r"[ \t]+([^\W_][\w'’-]*|&)")


def names_a_service(text: str, result: RecognizerResult) -> bool:
    """Whether the person or address found lies in a title-case
    phrase ending in a team, role, service or payment word. A phrase starting with a
    known given name ("Karen Team Leader") and an address with a number ("Unit 3,
    Enterprise Centre") are not such phrases."""
    start, end, entity_type = result.start, result.end, result.entity_type
    if entity_type not in ("PERSON", "STREET_ADDRESS"):
        return False
    if entity_type == "STREET_ADDRESS" and any(c.isdigit() for c in text[start:end]):
        return False
    words = [word.group() for word in _WORD.finditer(text, start, end)]
    if words and words[0].lower() == "the":
        words = words[1:]
    position = end
    while following := _NEXT.match(text, position):
        word = following.group(1)
        if not (word.istitle() or word.lower() in JOINERS):
            break
        words.append(word)
        position = following.end()
    if len(words) < 2 or words[0].lower() in given_names():
        return False
    return any(word.lower() in SERVICE_KINDS for word in words[1:])
