"""Recording a case from a chat and taking it through its steps: each action checks who may,
refuses what does not fit, keeps the clocks and writes an audit entry without chat text."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from chatserver.casework import actions
from chatserver.casework.actions import CaseRequest
from chatserver.casework.models import Case, CaseStep, Step
from chatserver.chat.access import TranscriptRefused
from chatserver.chat.errors import ChatError, Forbidden, NotFound
from chatserver.teams.models import Team
from locality.holidays import add_working_days
from tests import factories
from transcripts.compliance.models import AuditEntry
from transcripts.record.models import Message

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
LINES = ("the bathroom ceiling is black with mould", "and nobody came after I rang")


@pytest.fixture
def agent():
    return factories.agent("casey")


def closed_chat(**fields: object):
    return factories.conversation(lines=LINES, **fields)


def set_line_time(conversation, seq: int, moment: datetime) -> None:
    Message.objects.filter(conversation=conversation, seq=seq).update(created_at=moment)


def test_a_complaint_on_a_closed_chat_starts_its_acknowledgement_clock(agent, settings) -> None:
    settings.CHAT_BANK_HOLIDAYS = "england-and-wales"
    chat = closed_chat()
    set_line_time(chat, 2, datetime(2026, 12, 24, 10, 0, tzinfo=LONDON))
    case = actions.do_record_case(agent, chat.pk, CaseRequest(kind="complaint", seq=2))
    assert len(case.reference) == 8 and case.shown_reference[4] == "-"
    assert (case.stage, case.aware_seq) == (1, 2)
    assert case.aware_at == datetime(2026, 12, 24, 10, 0, tzinfo=LONDON)
    [step] = case.steps.all()
    assert (step.step, step.stage, step.due_on) == (Step.ACKNOWLEDGE, 1, date(2027, 1, 5))
    entry = AuditEntry.objects.get(action="case_recorded")
    assert entry.detail["case"] == case.reference and entry.actor_id == agent.pk
    assert "mould" not in str(entry.detail)


def test_each_kind_starts_its_own_first_step(agent) -> None:
    chat = closed_chat()
    kinds = {
        CaseRequest(kind="service_request", seq=1): Step.RESPOND,
        CaseRequest(kind="hazard", seq=1, severity="emergency", category="electrical"): (
            Step.MAKE_SAFE
        ),
        CaseRequest(kind="hazard", seq=1, severity="significant", category="damp_and_mould"): (
            Step.INVESTIGATE
        ),
    }
    for request, first in kinds.items():
        case = actions.do_record_case(agent, chat.pk, request)
        assert [step.step for step in case.steps.all()] == [first]
    emergency = Case.objects.get(severity="emergency")
    made_safe_by = emergency.steps.get().due_by
    assert (made_safe_by - emergency.aware_at).total_seconds() == 24 * 3600


@pytest.mark.parametrize(
    ("request_", "says"),
    [
        (CaseRequest(kind="grumble", seq=1), "Choose what kind of case"),
        (CaseRequest(kind="complaint", seq=1, category="fire"), "Only a hazard"),
        (CaseRequest(kind="hazard", seq=1, category="fire"), "Choose the hazard's severity"),
        (CaseRequest(kind="hazard", seq=1, severity="emergency"), "Choose the hazard's category"),
        (
            CaseRequest(kind="hazard", seq=1, severity="significant", category="fire"),
            "damp and mould",
        ),
        (CaseRequest(kind="complaint", seq=9), "no line with that number"),
        (CaseRequest(kind="complaint", seq=0), "no line with that number"),
    ],
)
def test_a_case_that_does_not_fit_is_refused_saying_why(agent, request_, says) -> None:
    chat = closed_chat()
    with pytest.raises(ChatError, match=says):
        actions.do_record_case(agent, chat.pk, request_)
    assert not Case.objects.exists()


def test_only_the_chats_own_agent_records_on_a_live_chat(agent) -> None:
    other = factories.agent("other")
    live = closed_chat(status="active", assigned_agent=other)
    with pytest.raises(TranscriptRefused):
        actions.do_record_case(agent, live.pk, CaseRequest(kind="complaint", seq=1))
    case = actions.do_record_case(other, live.pk, CaseRequest(kind="complaint", seq=1))
    assert case.conversation_id == live.pk
    with pytest.raises(Forbidden):
        actions.do_record_case(factories.account("stranger"), live.pk, CaseRequest("complaint", 1))


def test_a_complaint_through_both_stages_with_an_extension(agent) -> None:
    case = actions.do_record_case(agent, closed_chat().pk, CaseRequest(kind="complaint", seq=1))
    with pytest.raises(ChatError, match="stage 2 follows the stage 1 answer"):
        actions.do_escalate_to_stage_2(agent, case.reference)
    acknowledged = actions.do_acknowledge(agent, case.shown_reference)
    respond = CaseStep.objects.get(case=case, step=Step.RESPOND, stage=1)
    assert respond.due_on == add_working_days(acknowledged.done_at.astimezone(LONDON).date(), 10)
    extended = actions.do_extend(agent, case.reference, 4, "inspection_needed")
    assert extended.due_on == add_working_days(respond.due_on, 4)
    with pytest.raises(ChatError, match="6 are left"):
        actions.do_extend(agent, case.reference, 7, "complex")
    with pytest.raises(ChatError, match="Choose the reason"):
        actions.do_extend(agent, case.reference, 1, "because")
    actions.do_answer(agent, case.reference)
    actions.do_escalate_to_stage_2(agent, case.reference)
    case.refresh_from_db()
    assert case.stage == 2
    with pytest.raises(ChatError, match="no step 'respond' waiting"):
        actions.do_answer(agent, case.reference)
    actions.do_acknowledge(agent, case.reference)
    stage_2 = CaseStep.objects.get(case=case, step=Step.RESPOND, stage=2)
    assert stage_2.due_on == add_working_days(
        stage_2.case.steps.get(step=Step.ACKNOWLEDGE, stage=2).done_at.astimezone(LONDON).date(), 20
    )
    actions.do_answer(agent, case.reference)
    with pytest.raises(ChatError, match="Choose an outcome a complaint can have"):
        actions.do_close_case(agent, case.reference, "made_safe")
    actions.do_close_case(agent, case.reference, "partly_upheld")
    with pytest.raises(ChatError, match="this case is closed"):
        actions.do_answer(agent, case.reference)
    logged = list(AuditEntry.objects.filter(action__startswith="case_").values_list("action"))
    assert len(logged) == 8


def test_a_significant_hazard_investigated_then_summarised(agent) -> None:
    request = CaseRequest(kind="hazard", seq=1, severity="significant", category="damp_and_mould")
    case = actions.do_record_case(agent, closed_chat().pk, request)
    with pytest.raises(ChatError, match="no step 'summary' waiting"):
        actions.do_send_summary(agent, case.reference)
    with pytest.raises(ChatError, match="has no step 'acknowledge'"):
        actions.do_acknowledge(agent, case.reference)
    investigated = actions.do_mark_investigated(agent, case.reference)
    assert investigated.done_in_time
    summary = CaseStep.objects.get(case=case, step=Step.SUMMARY)
    assert summary.due_on == add_working_days(investigated.done_at.astimezone(LONDON).date(), 3)
    assert actions.do_send_summary(agent, case.reference).done_in_time
    with pytest.raises(ChatError, match="no step 'investigate' waiting"):
        actions.do_mark_investigated(agent, case.reference)


def test_an_unknown_or_restricted_case_is_not_found(agent) -> None:
    restricted = Team.objects.create(name="Safeguarding", restricted=True)
    chat = closed_chat(team=restricted)
    case = actions.do_record_case(
        factories.supervisor("sue"), chat.pk, CaseRequest(kind="complaint", seq=1)
    )
    for reference in (case.reference, "0000-0000", "not a reference"):
        with pytest.raises(NotFound):
            actions.do_acknowledge(agent, reference)


def test_a_system_line_cannot_be_the_line_that_made_us_aware(agent) -> None:
    chat = closed_chat()
    Message.objects.filter(conversation=chat, seq=1).update(sender=Message.Sender.SYSTEM)
    with pytest.raises(ChatError, match="the visitor's or an agent's line"):
        actions.do_record_case(agent, chat.pk, CaseRequest(kind="complaint", seq=1))
    assert not Case.objects.exists()


def test_a_second_open_case_of_the_same_kind_on_the_same_line_is_refused(agent) -> None:
    chat = closed_chat()
    first = actions.do_record_case(agent, chat.pk, CaseRequest(kind="complaint", seq=1))
    with pytest.raises(ChatError, match=f"already recorded.*{first.shown_reference}"):
        actions.do_record_case(agent, chat.pk, CaseRequest(kind="complaint", seq=1))
    actions.do_record_case(agent, chat.pk, CaseRequest(kind="service_request", seq=1))
    actions.do_record_case(agent, chat.pk, CaseRequest(kind="complaint", seq=2))
    actions.do_close_case(agent, first.reference, "withdrawn")
    actions.do_record_case(agent, chat.pk, CaseRequest(kind="complaint", seq=1))
    fire = CaseRequest(kind="hazard", seq=2, severity="emergency", category="fire")
    actions.do_record_case(agent, chat.pk, fire)
    with pytest.raises(ChatError, match="hazard on this line is already recorded"):
        actions.do_record_case(agent, chat.pk, fire)
    actions.do_record_case(agent, chat.pk, CaseRequest("hazard", 2, "emergency", "electrical"))
    assert Case.objects.count() == 6
