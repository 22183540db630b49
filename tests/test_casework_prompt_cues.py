"""Which visitor lines prompt the agent: dissatisfaction (the complaint choice) and
hazards in the home, in English and Welsh."""

import time

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from chatserver.casework import prompt_cues
from chatserver.casework import prompt_words as words
from chatserver.chat import emergencies
from chatserver.chat import emergency_defaults as emergency


def cues(line: str) -> prompt_cues.Cues:
    """The cues as the chat reads them: with the emergency phrases' category passed in."""
    return prompt_cues.read(line, emergencies.detect(line))


@pytest.mark.parametrize(
    "line",
    [
        "I'm not happy, this is the third time",
        "NOT HAPPY with the repair",
        "I want to complain",
        "I'd like to make a formal complaint",
        "my complaint ref is C1234",
        "I am disgusted with how I've been treated",
        "This is the third time I've reported it",
        "honestly I'm fed up",
        "I'm fed-up with waiting",
        "your service is useless",
        "I will go to the ombudsman",
        "Please escalate this",
        "still waiting for someone to come out",
        "nobody came on Tuesday",
        "I’m sick and tired of chasing you",
        "Dwi eisiau gwneud cwyn",
        "rydw i eisiau cwyno",
        "dwi'n anhapus iawn",
        "dwi ddim yn hapus o gwbl",
        "rydw i'n siomedig",
        "dwi wedi cael llond bol",
        "dyma'r drydedd waith, trydedd waith i mi ffonio",
        "Mae'n WARTHUS, gwarthus",
        "fy nghwyn",
        "I'm not complaining but I'm not happy",
    ],
)
def test_dissatisfaction_prompts_the_complaint_choice(line: str) -> None:
    assert cues(line).dissatisfied


@pytest.mark.parametrize(
    "line",
    [
        "happy to help",
        "I'm happy with the repair, thanks",
        "thank you so much",
        "when is my rent due?",
        "I'm not complaining, just asking",
        "no complaints about the plumber",
        "I don't want to complain, just book it in",
        "it's not a complaint",
        "the first time I called it was sorted",
        "ddim eisiau cwyno",
        "dim cwyn, diolch",
        "sickle",
        "complainant",  # a word that merely starts like one
        "angrier",
    ],
)
def test_ordinary_lines_do_not_prompt_a_complaint(line: str) -> None:
    assert not cues(line).dissatisfied


@pytest.mark.parametrize(
    ("line", "hazard"),
    [
        ("there's damp in the bedroom", words.DAMP_MOULD),
        ("Black mould all over the bathroom ceiling", words.DAMP_MOULD),
        ("black mold", words.DAMP_MOULD),
        ("the windows are covered in condensation", words.DAMP_MOULD),
        ("MOULDY walls", words.DAMP_MOULD),
        ("mae lleithder yn y llofft", words.DAMP_MOULD),
        ("llwydni du ar y wal", words.DAMP_MOULD),
        ("the roof is leaking", words.LEAK),
        ("water coming through the light fitting", words.LEAK),
        ("mae'r to yn gollwng", words.LEAK),
        ("no hot water since Friday", words.NO_HEATING),
        ("The heating isn't working", words.NO_HEATING),
        ("dim gwres ers dydd Llun", words.NO_HEATING),
        ("dim dŵr poeth", words.NO_HEATING),
        ("plaster falling off the ceiling", words.STRUCTURE),
        ("my front door won't lock", words.SECURITY),
        ("clo wedi torri", words.SECURITY),
        # The emergencies that are hazards are the emergency's category.
        ("I can smell gas", emergency.GAS),
        ("arogl nwy yn y gegin", emergency.GAS),
        ("my CO alarm keeps going off", emergency.CARBON_MONOXIDE),
        ("the socket is sparking", emergency.ELECTRICAL),
        ("there are exposed wires in the hall", emergency.ELECTRICAL),
        ("the kitchen is on fire", emergency.FIRE),
        ("the ceiling collapsed", emergency.FLOOD),
        ("no heating and I have a newborn baby", emergency.NO_HEATING_VULNERABLE),
        # The more serious hazard wins when a line names several.
        ("there's a leak and damp everywhere", words.DAMP_MOULD),
        ("gas leak", emergency.GAS),
        ("Mae lleithder ym mhob ystafell", words.DAMP_MOULD),
        ("there's no damp but the roof is leaking", words.LEAK),
    ],
)
def test_hazards_prompt_with_their_category(line: str, hazard: str) -> None:
    assert cues(line).hazard == hazard


@pytest.mark.parametrize(
    "line",
    [
        "there's no damp",
        "it's not leaking any more",
        "no sign of mould",
        "dim llwydni",
        "ddim yn gollwng",
        "I'm worried about my gas safety check",
        "he hit me again",  # an emergency, but not a hazard of the home
        "I want to kill myself",
        "mouldings on the door frame",
        "dampen",
        "the leakey family next door",
        "I paid my rent",
        "",
    ],
)
def test_ordinary_lines_name_no_hazard(line: str) -> None:
    assert cues(line).hazard is None


def test_a_line_can_prompt_both() -> None:
    assert cues("I'm disgusted, the mould is back") == prompt_cues.Cues(
        dissatisfied=True, hazard=words.DAMP_MOULD
    )


@pytest.mark.parametrize(
    ("category", "severity"),
    [
        (words.DAMP_MOULD, "significant"),
        (words.LEAK, "significant"),
        (emergency.GAS, "emergency"),
        (emergency.FLOOD, "emergency"),
    ],
)
def test_severity_by_category(category: str, severity: str) -> None:
    assert prompt_cues.severity(category) == severity


def test_labels_are_lower_case_words() -> None:
    assert prompt_cues.label(words.DAMP_MOULD) == "damp and mould"
    assert prompt_cues.label(emergency.GAS) == "gas leak"


def test_every_emergency_hazard_is_an_emergency_category() -> None:
    assert set(words.EMERGENCY_HAZARDS) <= set(emergency.CATEGORIES)
    assert emergency.SELF_HARM not in words.EMERGENCY_HAZARDS


@hypothesis_settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=2000))
def test_any_text_is_read_without_error(text: str) -> None:
    found = prompt_cues.read(text)
    assert isinstance(found.dissatisfied, bool)
    assert found.hazard is None or found.hazard in words.SIGNIFICANT_HAZARDS


@hypothesis_settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(words.DISSATISFACTION), st.text(alphabet=" .,!?\n", max_size=5))
def test_each_dissatisfaction_phrase_prompts_on_its_own(phrase: str, around: str) -> None:
    assert prompt_cues.read(f"{around}{phrase.upper()}{around}").dissatisfied


@pytest.mark.parametrize(
    "text",
    [
        "not " * 20_000,
        "damp " * 20_000,
        "a" * 100_000,
        "no sign of " * 10_000,
        "é\u0301" * 50_000,
    ],
)
def test_long_lines_are_read_in_bounded_time(text: str) -> None:
    started = time.perf_counter()
    prompt_cues.read(text)
    assert time.perf_counter() - started < 1.0


@hypothesis_settings(deadline=None, max_examples=50)
@given(st.text(min_size=1, max_size=40))
def test_any_text_repeated_to_a_long_line_is_read_in_bounded_time(unit: str) -> None:
    text = unit * (20_000 // len(unit) + 1)
    started = time.perf_counter()
    prompt_cues.read(text)
    assert time.perf_counter() - started < 1.0
