"""Spotting emergencies in visitors' lines, and configuring the phrases."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from chatserver.chat import emergencies
from chatserver.chat import emergency_defaults as categories


@pytest.mark.parametrize(
    ("line", "category"),
    [
        ("I can smell gas in the kitchen", categories.GAS),
        ("There's a GAS LEAK outside flat 4", categories.GAS),
        ("i think theres a gass leak", categories.GAS),
        ("my CO alarm keeps beeping", categories.CARBON_MONOXIDE),
        ("the bins are on fire", categories.FIRE),
        ("water pouring through the ceiling!!", categories.FLOOD),
        ("The bathroom is flooding", categories.FLOOD),
        ("we have a burst pipe under the sink", categories.FLOOD),
        ("pipe has burst in the loft", categories.FLOOD),
        ("no heating and I have a newborn baby", categories.NO_HEATING_VULNERABLE),
        ("My mum is elderly and the boiler isnt working", categories.NO_HEATING_VULNERABLE),
        ("the socket is sparking", categories.ELECTRICAL),
        ("he hit me again last night", categories.DOMESTIC_ABUSE),
        ("I'm scared of my partner", categories.DOMESTIC_ABUSE),
        ("I want to kill myself", categories.SELF_HARM),
        ("thinking about self-harm", categories.SELF_HARM),
        ("I've been self harming", categories.SELF_HARM),
        # The most urgent category wins when a line has several.
        ("flooding and now I smell gas", categories.GAS),
        # Curly apostrophes are typed by phones.
        ("he\u2019s hurting me", categories.DOMESTIC_ABUSE),
    ],
)
def test_emergencies_are_recognised(line: str, category: str) -> None:
    assert emergencies.detect(line) == category


@pytest.mark.parametrize(
    "line",
    [
        "When is my gas safety check due?",
        "The heating is broken",  # no vulnerable person mentioned
        "My baby was born last week, can I add her to the tenancy?",
        "I paid the rent on Monday",
        "The gasket on the fridge is loose",
        "I'd like a new fireplace surround",
        "sparkling clean kitchen",
        "bloodflood",
    ],
)
def test_ordinary_lines_are_not_emergencies(line: str) -> None:
    assert emergencies.detect(line) is None


def test_the_advice_gives_the_numbers_from_settings(settings) -> None:
    settings.CHAT_GAS_EMERGENCY_PHONE = "0800 000 0001"
    settings.CHAT_DOMESTIC_ABUSE_PHONE = "0808 000 0002"
    assert "0800 000 0001" in emergencies.advice(categories.GAS)
    assert "0808 000 0002" in emergencies.advice(categories.DOMESTIC_ABUSE)
    assert "999" in emergencies.advice(categories.FIRE)
    assert all(emergencies.advice(category) for category in categories.CATEGORIES)
    assert set(emergencies.LABELS) == set(categories.CATEGORIES)


def test_configured_phrases_replace_a_category(settings) -> None:
    settings.CHAT_EMERGENCY_PHRASES = '{"fire": ["blaze"], "flood": []}'
    assert emergencies.detect("a blaze in the stairwell") == categories.FIRE
    assert emergencies.detect("the flat is on fire") is None
    assert emergencies.detect("flooding") is None
    assert emergencies.detect("smell of gas") == categories.GAS


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('["gas leak"]', "JSON object"),
        ("not json", "JSON object"),
        ('{"gas": "gas leak"}', "gas must be a list"),
        ('{"gas": [1]}', "gas must be a list"),
        ('{"gas": [""]}', "gas must be a list"),
        ('{"tsunami": ["wave"]}', "not a category"),
    ],
)
def test_bad_phrase_lists_stop_the_server_naming_the_variable(text: str, problem: str) -> None:
    with pytest.raises(ImproperlyConfigured, match=f"CHAT_EMERGENCY_PHRASES.*{problem}"):
        categories.parse_phrases("CHAT_EMERGENCY_PHRASES", text)


@pytest.mark.parametrize("answered", [True, False])
def test_every_advice_opens_with_the_sentence_the_widget_shows_as_an_alert(answered) -> None:
    """The widget knows emergency advice by its first sentence, from its own strings: in
    every language, every category's advice opens with exactly that sentence."""
    from django.conf import settings
    from django.utils import translation

    from widget.strings import frame_strings

    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            opening = str(frame_strings()["emergency_opening"])
            for category in emergencies.ADVICE:
                assert emergencies.advice(category, answered).startswith(f"{opening} "), code
