"""Evidence that outlives the text: an open case holds its transcript (the case's own hold,
beside the DPO's and other cases'), and the case's facts stay readable after the
transcript is masked, erased or purged."""

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from chatserver.casework import actions
from chatserver.casework.actions import CaseRequest
from chatserver.casework.models import Case
from tests import factories
from transcripts.compliance import holds, retention, subject_requests, subject_rights
from transcripts.compliance.models import AuditEntry, StandingHold, SubjectRequest
from transcripts.record import store
from transcripts.record.models import Conversation

pytestmark = pytest.mark.django_db
HAZARD = CaseRequest(kind="hazard", seq=1, severity="emergency", category="gas_and_carbon_monoxide")


@dataclass
class Masked:
    text: str
    special_category: bool = False


class EveryWordMasked:
    """A stand-in for the redaction engine (its own tests are elsewhere): masks every line."""

    def redact_transcripts(self, transcripts):
        return [[Masked("<MASKED>") for _ in texts] for texts, _known in transcripts]


@pytest.fixture(autouse=True)
def _isolated_var_dir(settings, tmp_path: Path) -> None:
    settings.VAR_DIR = tmp_path
    settings.CHAT_PURGE_DAYS = None


@pytest.fixture
def agent():
    return factories.agent("casey")


def old_chat() -> Conversation:
    chat = factories.conversation(lines=["I can smell gas in the kitchen"])
    long_ago = timezone.now() - timedelta(days=400)
    Conversation.objects.filter(pk=chat.pk).update(last_activity_at=long_ago, closed_at=long_ago)
    return chat


def is_held(chat: Conversation) -> bool:
    return bool(holds.held([chat], timezone.localdate()))


def facts(case: Case) -> tuple[object, ...]:
    case.refresh_from_db()
    steps = [(step.step, step.due_by, step.done_at) for step in case.steps.all()]
    return (case.reference, case.kind, case.category, case.aware_at, case.outcome, steps)


def test_an_open_case_holds_the_transcript_from_retention(agent) -> None:
    chat = old_chat()
    actions.do_record_case(agent, chat.pk, HAZARD)
    assert is_held(chat)
    report = retention.run(redactor=EveryWordMasked())
    assert (report.aged, report.held) == (0, 1)
    assert store.read_messages(chat.pk)[0].text == "I can smell gas in the kitchen"


def test_closing_the_case_lifts_its_hold_and_the_masked_transcript_keeps_the_case(agent) -> None:
    chat = old_chat()
    case = actions.do_record_case(agent, chat.pk, HAZARD)
    actions.do_mark_made_safe(agent, case.reference)
    before = facts(case)
    actions.do_close_case(agent, case.reference, "made_safe")
    assert not is_held(chat)
    assert AuditEntry.objects.filter(action="legal_hold_lifted", conversation_id=chat.pk).exists()
    assert retention.run(redactor=EveryWordMasked()).aged == 1
    assert store.read_messages(chat.pk)[0].text == "<MASKED>"
    after = facts(case)
    assert after[:4] == before[:4] and after[5] == before[5] and after[4] == "made_safe"
    assert case.conversation_id == chat.pk


def test_closing_a_case_lifts_neither_the_dpos_hold_nor_another_cases(agent) -> None:
    chat = old_chat()
    first = actions.do_record_case(agent, chat.pk, HAZARD)
    second = actions.do_record_case(agent, chat.pk, CaseRequest(kind="complaint", seq=1))
    holds.set_legal_hold(chat.pk, hold=True, reason="claim", actor_id=None)
    actions.do_close_case(agent, first.reference, "no_hazard")
    holds.set_legal_hold(chat.pk, hold=False, reason="claim settled", actor_id=None)
    assert is_held(chat), "the open complaint still holds it"
    holds.set_legal_hold(chat.pk, hold=True, reason="claim", actor_id=None)
    actions.do_close_case(agent, second.reference, "withdrawn")
    assert is_held(chat), "the DPO's hold stays"
    holds.set_legal_hold(chat.pk, hold=False, reason="claim settled", actor_id=None)
    assert not is_held(chat)
    assert not StandingHold.objects.exists()


def test_erasure_refuses_an_open_case_without_an_override_and_the_case_outlives_it(
    agent,
) -> None:
    chat = old_chat()
    case = actions.do_record_case(agent, chat.pk, HAZARD)
    before = facts(case)
    request = subject_requests.start_request(SubjectRequest.Kind.ERASURE, [chat.pk])
    with pytest.raises(subject_rights.HeldConversations):
        subject_rights.erase_request(request)
    subject_rights.erase_request(request, override_hold_reason="tenant's erasure; case kept")
    chat.refresh_from_db()
    assert chat.erased_at is not None
    assert facts(case) == before
    assert case.conversation_id == chat.pk
    actions.do_mark_made_safe(agent, case.reference)
    actions.do_close_case(agent, case.reference, "made_safe")
    assert not StandingHold.objects.exists()


def test_a_case_cannot_be_recorded_on_an_erased_chat(agent) -> None:
    chat = old_chat()
    store.shred_conversation(chat.pk)
    with pytest.raises(actions.ChatError, match="erased"):
        actions.do_record_case(agent, chat.pk, HAZARD)
    assert not Case.objects.exists()


def test_a_purged_transcript_leaves_the_case_unlinked(agent, settings) -> None:
    settings.CHAT_PURGE_DAYS = 1
    chat = old_chat()
    case = actions.do_record_case(agent, chat.pk, HAZARD)
    actions.do_close_case(agent, case.reference, "withdrawn")
    retention.run(redactor=EveryWordMasked())
    Conversation.objects.filter(pk=chat.pk).update(aged_at=timezone.now() - timedelta(days=2))
    retention.run(redactor=EveryWordMasked())
    assert not Conversation.objects.filter(pk=chat.pk).exists()
    case.refresh_from_db()
    assert case.conversation_id is None and case.reference and case.outcome == "withdrawn"
