"""Joint names: two titles or two initials and one surname ("Mr and Mrs Patel",
"mr & mrs kowalski", "A & K Begum")."""

from transcripts.redaction.recognizers.base import RegexRecognizer
from transcripts.redaction.recognizers.person_name import TITLES

_AND = r"[ \t]*(?:&|and)[ \t]*"
_SURNAME = r"[^\W\d_](?:[^\W\d_]|['’-])+"
# Initials joined by "&" that are shops, services and set phrases, not two people.
NOT_INITIALS = r"a&e|b&q|m&s|p&o|h&m|q&a|r&b|b&b|g&t|t&c|d&t|c&a|a&w"


class JointNameRecognizer(RegexRecognizer):
    """Two titles and a surname in any case; two capital initials and a capitalised
    surname, except the "A & E" kind."""

    ENTITY = "PERSON"
    PATTERNS = (
        (rf"\b(?:{TITLES})\.?{_AND}(?:{TITLES})\.?[ \t]+(?!(?:and|or|the)\b){_SURNAME}", 0.8),
        (
            rf"(?<![\w&])(?-i:[A-Z])\.?{_AND}(?-i:[A-Z])\.?[ \t]+(?-i:[A-Z])(?:[^\W\d_]|['’-])+",
            0.7,
        ),
    )

    def validate(self, candidate: str) -> float | None:
        letters = "".join(candidate.split()[:3]).lower().replace("and", "&").replace(".", "")
        return 0.0 if letters[:3] in NOT_INITIALS.split("|") else None
