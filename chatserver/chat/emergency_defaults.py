"""The emergency categories and the phrases that flag them, and their parsing.

``CHAT_EMERGENCY_PHRASES`` is text in the settings, parsed here once per text
(``configured_phrases``); a bad one is reported by the check chat.E006. Phrases
are matched case-insensitively on word boundaries; spaces and hyphens match each
other and an apostrophe may be left out ("isnt"). A phrase ``"a + b"`` matches a
line holding both parts, in any order.
"""

import json
from functools import lru_cache
from itertools import product

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

GAS = "gas"
CARBON_MONOXIDE = "carbon_monoxide"
FIRE = "fire"
SELF_HARM = "self_harm"
DOMESTIC_ABUSE = "domestic_abuse"
ELECTRICAL = "electrical"
FLOOD = "flood"
NO_HEATING_VULNERABLE = "no_heating_vulnerable"

# Most urgent first: a line matching several is flagged with the first.
CATEGORIES = (
    GAS,
    CARBON_MONOXIDE,
    FIRE,
    SELF_HARM,
    DOMESTIC_ABUSE,
    ELECTRICAL,
    FLOOD,
    NO_HEATING_VULNERABLE,
)

_NO_HEATING = (
    "no heating",
    "heating not working",
    "heating isn't working",
    "heating has stopped",
    "heating is broken",
    "heating broken",
    "boiler not working",
    "boiler isn't working",
    "boiler has broken",
    "boiler broken",
    "boiler has stopped",
    "no heat",
)
_VULNERABLE = (
    "baby",
    "babies",
    "newborn",
    "toddler",
    "pregnant",
    "elderly",
    "disabled",
    "disability",
    "vulnerable",
    "oxygen",
    "chemotherapy",
    "frail",
    "dementia",
)

# Welsh speakers write Welsh: the same categories, in Welsh (with and without the
# circumflex, which phones often leave out).
_WELSH_HEATING = (
    "dim gwres",
    "gwres ddim yn gweithio",
    "boeler ddim yn gweithio",
    "boeler wedi torri",
    "boeler wedi stopio",
)
_WELSH_VULNERABLE = (
    "babi",
    "babanod",
    "beichiog",
    "oedrannus",
    "anabl",
    "anabledd",
    "bregus",
    "ocsigen",
    "cemotherapi",
    "dementia",
)
WELSH_PHRASES: dict[str, tuple[str, ...]] = {
    GAS: (
        "arogl nwy",
        "arogli nwy",
        "ogla nwy",
        "nwy yn gollwng",
        "nwy'n gollwng",
        "gollyngiad nwy",
    ),
    CARBON_MONOXIDE: ("carbon monocsid", "monocsid", "larwm co"),
    FIRE: ("tân", "ar dân", "arogl llosgi", "mwg yn dod"),
    SELF_HARM: (
        "lladd fy hun",
        "hunanladdiad",
        "niweidio fy hun",
        "brifo fy hun",
        "eisiau marw",
        "isio marw",
    ),
    DOMESTIC_ABUSE: (
        "cam-drin domestig",
        "trais domestig",
        "fy nharo",
        "ofn fy mhartner",
        "bygwth fy lladd",
    ),
    ELECTRICAL: ("gwreichion", "sioc drydan", "gwifrau noeth", "soced yn mygu"),
    FLOOD: (
        "llifogydd",
        "dan ddŵr",
        "dan ddwr",
        "dŵr yn llifo",
        "dwr yn llifo",
        "pibell wedi byrstio",
        "pibell wedi torri",
        "dŵr drwy'r nenfwd",
        "dwr drwy'r nenfwd",
    ),
    NO_HEATING_VULNERABLE: tuple(
        f"{heating} + {person}" for heating, person in product(_WELSH_HEATING, _WELSH_VULNERABLE)
    ),
}

_ENGLISH_PHRASES: dict[str, tuple[str, ...]] = {
    GAS: (
        "gas leak",
        "gas leaking",
        "leaking gas",
        "smell gas",
        "smell of gas",
        "smells of gas",
        "smelling gas",
        "gas smell",
        "smell gass",
        "gass",
        "gas escape",
    ),
    CARBON_MONOXIDE: (
        "carbon monoxide",
        "carbon monoxcide",
        "monoxide",
        "co alarm",
        "co detector",
        "co poisoning",
    ),
    FIRE: ("fire", "on fire", "caught fire", "smoke coming", "smell of burning", "burning smell"),
    SELF_HARM: (
        "suicide",
        "suicidal",
        "kill myself",
        "killing myself",
        "end my life",
        "take my own life",
        "want to die",
        "self harm",
        "self harming",
        "harm myself",
        "hurt myself",
        "overdose",
    ),
    DOMESTIC_ABUSE: (
        "domestic abuse",
        "domestic violence",
        "he hit me",
        "she hit me",
        "he hits me",
        "she hits me",
        "he beat me",
        "he beats me",
        "he hurt me",
        "he's hurting me",
        "abusive partner",
        "abusive husband",
        "abusive boyfriend",
        "scared of my partner",
        "afraid of my partner",
        "threatened to kill me",
    ),
    ELECTRICAL: (
        "sparking",
        "sparks",
        "sparked",
        "electric shock",
        "electrical fire",
        "exposed wires",
        "bare wires",
        "socket smoking",
    ),
    FLOOD: (
        "flood",
        "flooding",
        "flooded",
        "floodin",
        "water pouring",
        "water is pouring",
        "pouring water",
        "water coming through the ceiling",
        "water through the ceiling",
        "ceiling collapsed",
        "burst pipe",
        "pipe burst",
        "pipe has burst",
        "pipes burst",
        "burst water pipe",
    ),
    NO_HEATING_VULNERABLE: tuple(
        f"{heating} + {person}" for heating, person in product(_NO_HEATING, _VULNERABLE)
    ),
}


DEFAULT_PHRASES = {
    category: _ENGLISH_PHRASES[category] + WELSH_PHRASES[category] for category in CATEGORIES
}


def parse_phrases(name: str, text: str) -> dict[str, tuple[str, ...]]:
    """The phrase lists: the defaults, with the categories a JSON object names replaced.

    ``{"gas": ["gas leak", "smell gas"], "fire": []}`` replaces those two lists (an
    empty list turns a category off). An unknown category, a value that is not a list
    of non-empty strings, or text that is not a JSON object raises
    ``ImproperlyConfigured`` naming ``name``.
    """
    phrases = dict(DEFAULT_PHRASES)
    if not text:
        return phrases
    try:
        given = json.loads(text)
    except ValueError:
        raise ImproperlyConfigured(
            f"{name} must be a JSON object of phrase lists by category."
        ) from None
    if not isinstance(given, dict):
        raise ImproperlyConfigured(f"{name} must be a JSON object of phrase lists by category.")
    for category, values in given.items():
        if category not in CATEGORIES:
            raise ImproperlyConfigured(
                f"{name}: {category!r} is not a category (one of {', '.join(CATEGORIES)})."
            )
        if not isinstance(values, list) or not all(
            isinstance(value, str) and value.strip(" +") for value in values
        ):
            raise ImproperlyConfigured(f"{name}: {category} must be a list of phrases.")
        phrases[category] = tuple(value.strip() for value in values)
    return phrases


@lru_cache(maxsize=4)
def _configured_phrases(text: str) -> dict[str, tuple[str, ...]]:
    return parse_phrases("CHAT_EMERGENCY_PHRASES", text)


def configured_phrases() -> dict[str, tuple[str, ...]]:
    """``CHAT_EMERGENCY_PHRASES`` applied to the defaults; ``ImproperlyConfigured`` if bad.

    The dict is shared between calls: callers must not change it."""
    text: str = settings.CHAT_EMERGENCY_PHRASES
    return _configured_phrases(text)
