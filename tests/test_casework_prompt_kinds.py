"""The kinds of expression that prompt the complaint choice or name a hazard, beyond the
fixed phrases: each kind with lines it must catch and lines, using the same words in an
ordinary sense, it must leave alone."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chatserver.casework import prompt_cues
from chatserver.casework import prompt_kinds as kinds
from chatserver.casework import prompt_words as words
from chatserver.chat import emergencies


def cues(line: str) -> prompt_cues.Cues:
    """The cues as the chat reads them: with the emergency phrases' category passed in."""
    return prompt_cues.read(line, emergencies.detect(line))


DISSATISFIED_BY_KIND = {
    "repetition": [
        "this is the 4th time ive reported it",
        "Fifth visit and still broken",
        "i have called 6 times this week",
        "rang and rang and nobody picks up",
        "the appointment was cancelled AGAIN!",
        "same problem again",
        "they keep cancelling on me",
        "every time i ring i get a different answer",
        "yet again the repair has failed",
    ],
    "waiting": [
        "still waiting on the surveyor",
        "been waiting 3 weeks for a callback",
        "months now and nothing",
        "been chasing this since march",
        "how long do i have to wait",
        "nothing's been done",
        "no response to my email",
        "they closed the job without fixing it",
        "it's been an ongoing issue for 2 years",
        "seriously? another 6 week wait",
        "I've wasted a whole day off work",
        "am I supposed to live like this?",
    ],
    "unmet promise": [
        "you said someone would come monday but nobody came",
        "i was told they would ring back, that was 2 weeks ago",
        "the engineer never turned up",
        "no-one has bothered to call me",
        "why does nobody listen",
        "the contractor hasnt shown up",
        "nobody from your office has been in touch",
        "the survey was meant to happen in june",
        "we're now on the 5th engineer",
        "I keep getting fobbed off",
        "they marked it as complete",
    ],
    "escalation": [
        "can i speak to a manager",
        "whats the name of your supervisor",
        "I'm going to contact my local MP",
        "I'll be going to the papers",
        "my solicitor will be in touch",
        "I'm taking this further",
        "I want compensation",
        "I'll be writing to your chief executive",
        "I'd like to raise a grievance",
    ],
    "judgement": [
        "it's a joke",
        "what a shambles",
        "your contractors are incompetent",
        "the woman on the phone was rude",
        "you lot are useless",
        "great, another cancelled appointment",
        "brilliant service as usual.",
        "cheers for nothing",
        "I'm getting really annoyed now",
        "I've been more than patient",
        "you people need to sort yourselves out",
        "you don't even care",
        "the plasterer made it worse",
        "I'm absolutely done with this",
        "I shouldn't have to beg for repairs",
        "why is it taking so long",
    ],
    "welsh": [
        "dyma'r pedwerydd tro i mi ffonio",
        "dwi wedi ffonio dro ar ôl tro",
        "dwi dal i aros",
        "does neb wedi ffonio fi nôl",
        "ers misoedd",
        "dwi eisiau siarad â rheolwr",
        "mae hyn yn jôc",
        "addawoch chi ddod",
        "dwi'n flin iawn am hyn",
        "mae'r gwasanaeth yn ofnadwy",
        "dwi wedi aros tri mis",
        "dwi wedi ffonio pump gwaith heddiw",
        "mae hyn wedi mynd ymlaen yn rhy hir",
    ],
}


@pytest.mark.parametrize(
    ("kind", "line"),
    [(kind, line) for kind, lines in DISSATISFIED_BY_KIND.items() for line in lines],
)
def test_each_kind_of_dissatisfaction_prompts(kind: str, line: str) -> None:
    assert cues(line).dissatisfied, kind


@pytest.mark.parametrize(
    "line",
    [
        "thanks, the plumber came and fixed it",
        "just checking on my repair, any update?",
        "I called again to confirm the appointment",
        "can you call me back on monday",
        "the engineer said they would come back with a part, thats fine",
        "is there a manager's special on parking permits",
        "my neighbour is a joker",
        "still got my old key, do i need to return it",
        "the new kitchen is fantastic",
        "great, see you thursday",
        "this is my first time using the chat",
        "the boiler service is due next month",
        "diolch yn fawr am eich help",
        "ffonio eto i gadarnhau'r apwyntiad",
        "dim problem, dydd Iau yn iawn",
        "sorry to be annoying, any update?",
        "sorry to bother you again, just wanted the reference",
        "I care for my mum, can you call her",
        "I'm done with the form, thanks",
        "I have mental health needs, please call my support worker",
        "nobody told me the code, could you send it",
    ],
)
def test_ordinary_lines_with_the_same_words_do_not_prompt(line: str) -> None:
    assert not cues(line).dissatisfied


@pytest.mark.parametrize(
    ("line", "hazard"),
    [
        ("black spots all over the ceiling", words.DAMP_MOULD),
        ("there's a musty smell in the bedroom", words.DAMP_MOULD),
        ("the walls are wet to touch", words.DAMP_MOULD),
        ("water running down the windows every morning", words.DAMP_MOULD),
        ("green furry stuff behind the wardrobe", words.DAMP_MOULD),
        ("mae smotiau du ar y wal", words.DAMP_MOULD),
        ("boiler keeps cutting out", words.NO_HEATING),
        ("the radiators are stone cold", words.NO_HEATING),
        ("hot water isn't coming through", words.NO_HEATING),
        ("it's freezing in the flat", words.NO_HEATING),
        ("mae'r rheiddiaduron yn oer", words.NO_HEATING),
        ("the ceiling is bowing", words.STRUCTURE),
        ("big crack in the wall", words.STRUCTURE),
        ("the banister is loose", words.STRUCTURE),
        ("the bathroom floor is rotten and soft", words.STRUCTURE),
        ("I think there's asbestos in the loft", words.STRUCTURE),
        ("the carpet is ripped and I nearly tripped", words.STRUCTURE),
        ("the windows are streaming every morning", words.DAMP_MOULD),
        ("a tile fell off the roof", words.STRUCTURE),
        ("the handrail came off the wall", words.STRUCTURE),
        ("mae crac mawr yn y nenfwd", words.STRUCTURE),
        ("rain is getting in through the roof", words.LEAK),
        ("the tap drips all night", words.LEAK),
        ("mae dŵr yn dod drwy'r to", words.LEAK),
        ("the bedroom window won't shut", words.SECURITY),
        ("the back door lock is broken", words.SECURITY),
        ("mae'r ffenest ddim yn cau", words.SECURITY),
    ],
)
def test_hazards_in_tenants_words_prompt_with_their_category(line: str, hazard: str) -> None:
    assert cues(line).hazard == hazard


@pytest.mark.parametrize(
    "line",
    [
        "the heating is working fine now thanks",
        "the boiler service is due next month",
        "can someone check my smoke alarm",
        "the new windows are lovely",
        "black cat in the garden",
        "the door is lovely",
        "no damp in the flat",
    ],
)
def test_ordinary_lines_name_no_hazard(line: str) -> None:
    assert cues(line).hazard is None


def test_a_problem_looked_ahead_at_still_names_the_hazard() -> None:
    assert cues("still leaking") == prompt_cues.Cues(dissatisfied=True, hazard=words.LEAK)
    assert cues("brilliant, the mould is back again") == prompt_cues.Cues(
        dissatisfied=True, hazard=words.DAMP_MOULD
    )


def _whole_words(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w)(?:{pattern})(?!\w)")


@pytest.mark.parametrize(
    "pattern",
    [
        pattern
        for patterns_by_kind in (kinds.DISSATISFACTION_KINDS, kinds.HAZARD_KINDS)
        for patterns in patterns_by_kind.values()
        for pattern in patterns
    ],
)
def test_grouping_patterns_by_first_letter_keeps_what_they_match(pattern: str) -> None:
    """The hot path's regrouped patterns match exactly the lines the written ones do."""
    written = _whole_words(pattern.replace(" ", r"[\s\-]+"))
    grouped = _whole_words(prompt_cues._kinds({"kind": (pattern,)}))
    for line in (line for lines in DISSATISFIED_BY_KIND.values() for line in lines):
        text = prompt_cues.normalised(line)
        assert bool(written.search(text)) == bool(grouped.search(text))


@given(
    st.lists(st.sampled_from(words.DISSATISFACTION), min_size=1, max_size=30),
    st.sampled_from(words.DISSATISFACTION),
)
def test_the_phrase_trie_matches_what_an_alternation_would(phrases: list[str], line: str) -> None:
    trie = re.compile(rf"(?:{prompt_cues._alternatives(tuple(phrases))})(?!\w)")
    ordered = sorted(set(phrases), key=lambda phrase: (-len(phrase), phrase))
    flat = re.compile(rf"(?:{'|'.join(re.escape(phrase) for phrase in ordered)})(?!\w)")
    trie_match, flat_match = trie.match(line), flat.match(line)
    assert (trie_match and trie_match.group()) == (flat_match and flat_match.group())
