"""Spotting emergencies in visitors' lines, and the advice the visitor is given at once.

The match runs on the plaintext in memory, before the line is sealed; only the
category is ever stored outside the encrypted line, never the words that matched.
"""

import re
from functools import lru_cache

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chatserver.chat import emergency_defaults as categories

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'"})


def _phrase_pattern(phrase: str) -> str:
    words = [word for word in re.split(r"[\s\-]+", phrase.lower()) if word]
    return r"[\s\-]+".join(re.escape(word).replace("'", "'?") for word in words)


def _key(text: str) -> str:
    """What a phrase and any text it matches have in common: spaces for spaces and
    hyphens, no apostrophes."""
    return " ".join(re.split(r"[\s\-]+", text.lower().replace("'", ""))).strip()


class _Matcher:
    """Every phrase of every category in one pattern, searched once a line.

    A phrase ``"a + b"`` has two parts; a category matches when all parts of one of
    its phrases are found. The pattern tries longer parts first.
    """

    def __init__(self, phrases: tuple[tuple[str, tuple[str, ...]], ...]) -> None:
        self.categories = [
            (
                category,
                [
                    frozenset(_key(part) for part in phrase.split("+") if part.strip())
                    for phrase in values
                ],
            )
            for category, values in phrases
            if values
        ]
        parts = {
            part.strip()
            for _category, values in phrases
            for phrase in values
            for part in phrase.split("+")
            if part.strip()
        }
        alternatives = "|".join(
            _phrase_pattern(part) for part in sorted(parts, key=lambda part: (-len(part), part))
        )
        self.pattern = re.compile(rf"(?<![\w'])(?:{alternatives})(?![\w'])") if parts else None

    def category(self, text: str) -> str | None:
        if self.pattern is None:
            return None
        found = {_key(match.group(0)) for match in self.pattern.finditer(text)}
        if not found:
            return None
        for category, required in self.categories:
            if any(parts <= found for parts in required):
                return category
        return None


@lru_cache(maxsize=4)
def _matcher(phrases: tuple[tuple[str, tuple[str, ...]], ...]) -> _Matcher:
    return _Matcher(phrases)


def detect(text: str) -> str | None:
    """The most urgent emergency category the line mentions, or None."""
    configured = categories.configured_phrases()
    phrases = tuple((category, configured[category]) for category in categories.CATEGORIES)
    return _matcher(phrases).category(" ".join(text.translate(_APOSTROPHES).lower().split()))


LABELS = {
    categories.GAS: "Gas leak",
    categories.CARBON_MONOXIDE: "Carbon monoxide",
    categories.FIRE: "Fire",
    categories.SELF_HARM: "Risk of self-harm",
    categories.DOMESTIC_ABUSE: "Domestic abuse",
    categories.ELECTRICAL: "Electrical danger",
    categories.FLOOD: "Flood or burst pipe",
    categories.NO_HEATING_VULNERABLE: "No heating, vulnerable person",
}


# The advice for each category; {gas}, {repairs}, {samaritans} and {domestic_abuse} are
# the numbers from settings.
ADVICE = {
    categories.GAS: gettext_lazy(
        "If you smell gas: do not use switches, flames or phones near the smell, open "
        "doors and windows, turn the gas off at the meter if you can, leave the property "
        "and call the National Gas Emergency Service on {gas} (free, 24 hours). "
        "If anyone feels unwell, call 999."
    ),
    categories.CARBON_MONOXIDE: gettext_lazy(
        "If you think there is carbon monoxide: open doors and windows, turn off gas "
        "appliances, get everyone out into fresh air and call the National Gas Emergency "
        "Service on {gas} (free, 24 hours). If anyone has a headache, dizziness or "
        "sickness, call 999."
    ),
    categories.FIRE: gettext_lazy("If there is a fire: get everyone out, stay out and call 999."),
    categories.SELF_HARM: gettext_lazy(
        "If your life is at risk now, call 999. You can talk to Samaritans at any time, "
        "free, on {samaritans}. For urgent mental health help, call NHS 111 and choose "
        "the mental health option."
    ),
    categories.DOMESTIC_ABUSE: gettext_lazy(
        "If you are in danger now, call 999; if you cannot speak, call 999 and press 55 "
        "when asked. The domestic abuse helpline is free and open 24 hours: "
        "{domestic_abuse}. You can leave this chat at once with Quick exit."
    ),
    categories.ELECTRICAL: gettext_lazy(
        "Keep away from anything sparking or burning. Switch the electricity off at the "
        "fuse box if it is safe to. If there is fire or smoke, call 999; otherwise call "
        "our 24-hour repairs line on {repairs}."
    ),
    categories.FLOOD: gettext_lazy(
        "If water is pouring in: turn the water off at the stopcock, keep away from "
        "electrics near the water and switch them off at the fuse box if it is safe to, "
        "then call our 24-hour repairs line on {repairs}."
    ),
    categories.NO_HEATING_VULNERABLE: gettext_lazy(
        "No heating with someone vulnerable at home is an emergency repair: call our "
        "24-hour repairs line on {repairs}. If someone is very cold and unwell, call 999, "
        "or NHS 111 for advice."
    ),
}


def advice(category: str, answered: bool = True) -> str:
    """The system line a visitor gets at once, with the numbers from settings, in the
    active language. Unless an adviser is there to answer (out of hours, or nobody free:
    ``answered`` false), it says nobody is reading and points to the numbers."""
    numbers = {
        "gas": settings.CHAT_GAS_EMERGENCY_PHONE,
        "repairs": settings.CHAT_REPAIRS_PHONE,
        "samaritans": settings.CHAT_SAMARITANS_PHONE,
        "domestic_abuse": settings.CHAT_DOMESTIC_ABUSE_PHONE,
    }
    what_to_do = str(ADVICE[category]).format(**numbers)
    if not answered:
        return _(
            "This may be an emergency. {advice} No adviser is reading this chat now, so "
            "please use the numbers above."
        ).format(advice=what_to_do)
    return _("This may be an emergency. {advice} We have marked your chat as urgent.").format(
        advice=what_to_do
    )
