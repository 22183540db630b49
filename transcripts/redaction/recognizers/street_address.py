"""Street addresses, flats and named buildings."""

from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from transcripts.redaction.recognizers.base import RegexRecognizer
from transcripts.redaction.recognizers.towns import town_end

STREET_SUFFIXES = (
    r"(?:street|st|road|rd|avenue|ave|lane|ln|close|court|ct|place|pl|way|drive|dr|crescent"
    r"|cres|gardens|gdns|grove|gr|terrace|ter|hill|view|walk|square|sq|row|mews|parade|green"
    r"|park|rise|gate|wharf|yard|meadows?|fields?|vale|boulevard|embankment|quay|croft"
    r"|approach|circus|end|hollow|lea|path|passage|cottages?|mews|crossing|chase|dene)"
)
BUILDING_SUFFIXES = (
    r"(?:court|house|tower|lodge|mansions|heights|point|building|buildings|block|place"
    r"|gardens|close|hall|cottages?|villas?|apartments|mills?|works|chambers|wharf)"
)
_NOT_STREET_WORDS = (
    r"(?!(?:the|a|an|in|on|at|of|to|for|and|or|my|your|our|their|this|that|is|was|are|be"
    r"|been|it|its|with|from|by|since|until|about|some|all|every|each|per|last|next|more"
    r"|years?|months?|weeks?|days?|hours?|minutes?|times?|pounds?|pence|people|kids|children"
    r"|flats?|floors?|storeys?|stories|bedrooms?|rooms?|doors?|windows?"
    r"|won't|wont|can't|cant|don't|dont|doesn't|isn't|wasn't|aren't|haven't|hasn't|didn't"
    r"|will|would|can|could|should|shall|must|has|have|had|does|did|do|keeps?|still|just"
    r"|also|not|never|always|really|very|again|now|then|here|there|please|which|who|where"
    r"|when|because|but|so|if|has|needs?|gets?|got|went|goes|came|comes|broke|broken|leaks?"
    r"|leaking|won)\b)"
)
_STREET_WORD = rf"{_NOT_STREET_WORDS}[a-z][a-z'’-]*"
_FLAT = r"(?:flat|apartment|apt|unit|room|maisonette)\s+\d+[a-z]?"
# A named block or house after its number ("14b, Foxglove House"), written capitalised;
# not a kind of house ("3 Bed House").
_KINDS_OF_HOUSE = (
    r"(?!(?:Bed|Beds|Bedroom|Bedroomed|Storey|Detached|Semi|Terraced|Council|Family|Social"
    r"|Care|Open|Full|Half|Whole|Empty|New|Old|Big|Small|Private|Public|Safe|The)\b)"
)
_NAMED_BLOCK = (
    rf"(?-i:(?:{_KINDS_OF_HOUSE}[A-Z][a-z'’-]+[ \t]+){{1,2}}"
    r"(?:House|Hse|Court|Tower|Lodge|Mansions|Heights|Point|Hall|Buildings|Apartments"
    r"|Villas|Chambers))\b"
)


class StreetAddressRecognizer(RegexRecognizer):
    """House number and street (with its suffix), flats, named buildings, "number 12"."""

    ENTITY = "STREET_ADDRESS"
    PATTERNS = (
        (
            rf"\b(?:{_FLAT},?\s+)?\d{{1,4}}[a-z]?,?\s+(?:the\s+)?(?:{_STREET_WORD}\s+){{0,3}}"
            rf"{STREET_SUFFIXES}\b\.?",
            0.75,
        ),
        (
            rf"\b{_FLAT},?\s+(?:the\s+)?(?:{_STREET_WORD}\s+){{1,3}}{BUILDING_SUFFIXES}\b"
            rf"(?:,?\s+(?:{_STREET_WORD}\s+){{1,3}}{STREET_SUFFIXES}\b)?",
            0.75,
        ),
        (
            rf"(?<![\w'’])(?:{_STREET_WORD}\s+){{1,3}}{BUILDING_SUFFIXES},?\s+{_FLAT}\b",
            0.75,
        ),
        (rf"\b\d{{1,4}}[a-z]?,?[ \t]+{_NAMED_BLOCK}", 0.75),
        (
            r"\b(?:at|live|lives|living|address|house|home)\s+(?P<pii>(?:number|no\.?)\s+\d{1,4}[a-z]?)\b",
            0.6,
        ),
    )
    CONTEXT = ("address", "live", "lives", "at", "flat")

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """The matches, each with the town written after it, but none inside another."""
        results = super().analyze(text, entities, nlp_artifacts)
        for result in results:
            result.end = town_end(text, result.end)
        return [
            result
            for result in results
            if not any(
                other is not result
                and other.start <= result.start
                and result.end <= other.end
                and other.end - other.start > result.end - result.start
                for other in results
            )
        ]
