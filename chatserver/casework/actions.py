"""Every change to a case: each action is one transaction, locks the case, writes its audit
entry (ids, kinds and dates only) and keeps the transcript's hold in step with the case.

Recording a case holds its conversation until the case is closed; the hold is the case's
own (``case:<reference>``), so closing it lifts neither the DPO's hold nor another case's.
"""

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from chatserver.casework import clocks
from chatserver.casework.models import (
    SIGNIFICANT_CATEGORIES,
    Case,
    CaseStep,
    Category,
    ExtensionReason,
    Kind,
    Outcome,
    Severity,
    Step,
)
from chatserver.chat import access, broadcast, protocol
from chatserver.chat.errors import ChatError, NotFound
from chatserver.integrations import events, kinds
from transcripts.compliance import audit, holds, references
from transcripts.record.errors import ConversationErased
from transcripts.record.models import Conversation, Message

NO_SUCH_LINE = "the conversation has no line with that number"
SYSTEM_LINE = (
    "that line is the chat's own notice: choose the visitor's or an agent's line that made us aware"
)
ERASED = "this conversation was erased: a case needs the line that made us aware"
CLOSED = "this case is closed"
CHOOSE_KIND = "Choose what kind of case this is: a complaint, a service request or a hazard."
OUTCOMES: dict[str, frozenset[str]] = {
    Kind.COMPLAINT: frozenset(
        {Outcome.UPHELD, Outcome.PARTLY_UPHELD, Outcome.NOT_UPHELD, Outcome.WITHDRAWN}
    ),
    Kind.SERVICE_REQUEST: frozenset({Outcome.RESOLVED, Outcome.WITHDRAWN}),
    Kind.HAZARD: frozenset({Outcome.MADE_SAFE, Outcome.NO_HAZARD, Outcome.WITHDRAWN}),
}


@dataclass(frozen=True)
class CaseRequest:
    """What an agent records: the kind, a hazard's severity and category, and the number
    of the line that made the landlord aware."""

    kind: str
    seq: int
    severity: str = ""
    category: str = ""


def check_request(request: CaseRequest) -> None:
    """Refuses a kind, severity or category that does not fit, saying why in plain words
    (an agent reads them in the live chat's dialog and on the transcript's page)."""
    if request.kind not in Kind.values:
        raise ChatError(CHOOSE_KIND)
    if request.kind != Kind.HAZARD:
        if request.severity or request.category:
            raise ChatError(
                "Only a hazard has a severity and a category: choose Hazard, or leave them "
                "as Not a hazard."
            )
        return
    if request.severity not in Severity.values:
        raise ChatError("Choose the hazard's severity: emergency or significant.")
    if request.category not in Category.values:
        raise ChatError("Choose the hazard's category.")
    if request.severity == Severity.SIGNIFICANT and request.category not in SIGNIFICANT_CATEGORIES:
        raise ChatError(
            "A significant hazard's clock is for damp and mould: for another category, "
            "choose an emergency hazard if it is one."
        )


def holder(case: Case) -> str:
    return f"case:{case.reference}"


def _new_reference() -> str:
    reference = references.new_reference()
    while Case.objects.filter(reference=reference).exists():
        reference = references.new_reference()
    return reference


def _awareness_time(conversation: Conversation, seq: int) -> datetime:
    """The stored time of line ``seq``: only the time is read, never the line."""
    if conversation.erased_at is not None:
        raise ChatError(ERASED)
    found = (
        Message.objects.filter(conversation=conversation, seq=seq)
        .values_list("created_at", "sender")
        .first()
    )
    if found is None:
        raise ChatError(NO_SUCH_LINE)
    at, sender = found
    if sender == Message.Sender.SYSTEM:
        raise ChatError(SYSTEM_LINE)
    return at


def _refuse_a_second_open_case(conversation: Conversation, request: CaseRequest) -> None:
    """One open case of a kind per line: the same complaint is not recorded twice. A line
    may name two hazards, so a hazard of another category is another case."""
    same = Case.objects.filter(
        conversation=conversation, kind=request.kind, aware_seq=request.seq, closed_at=None
    )
    if request.kind == Kind.HAZARD:
        same = same.filter(category=request.category)
    found = same.first()
    if found is not None:
        raise ChatError(
            f"a {found.get_kind_display().lower()} on this line is already recorded "
            f"and open: {found.shown_reference}"
        )


def _first_step(case: Case, timescales: clocks.Timescales) -> CaseStep:
    """The step whose clock starts when the landlord becomes aware."""
    if case.kind == Kind.COMPLAINT:
        step, due = (
            Step.ACKNOWLEDGE,
            clocks.working_days_after(case.aware_at, timescales.stage1_acknowledge),
        )
    elif case.kind == Kind.SERVICE_REQUEST:
        step, due = (
            Step.RESPOND,
            clocks.working_days_after(case.aware_at, timescales.service_request),
        )
    elif case.severity == Severity.EMERGENCY:
        step, due = Step.MAKE_SAFE, clocks.hours_after(case.aware_at, timescales.emergency_hours)
    else:
        step, due = (
            Step.INVESTIGATE,
            clocks.working_days_after(case.aware_at, timescales.investigate),
        )
    return CaseStep.objects.create(
        case=case, step=step, stage=case.stage, due_on=due.on, due_by=due.by
    )


def do_record_case(
    actor: AbstractBaseUser, conversation_id: uuid.UUID, request: CaseRequest
) -> Case:
    """Records a case from a chat, open or closed, and holds its transcript."""
    check_request(request)
    timescales = clocks.configured()
    with transaction.atomic():
        conversation = (
            Conversation.objects.select_for_update(of=("self",))
            .select_related("live__team")
            .filter(pk=conversation_id)
            .first()
        )
        if conversation is None:
            raise access.ConversationNotFound("no such conversation")
        access.check_casework(actor, conversation)
        _refuse_a_second_open_case(conversation, request)
        case = Case.objects.create(
            reference=_new_reference(),
            kind=request.kind,
            severity=request.severity,
            category=request.category,
            stage=1 if request.kind == Kind.COMPLAINT else 0,
            conversation=conversation,
            team=conversation.live.team,
            aware_seq=request.seq,
            aware_at=_awareness_time(conversation, request.seq),
            recorded_at=timezone.now(),
            recorded_by_id=actor.pk,
        )
        _first_step(case, timescales)
        _hold_and_announce(actor, case, conversation.pk)
    return case


def _hold_and_announce(actor: AbstractBaseUser, case: Case, conversation_id: uuid.UUID) -> None:
    """Holds the new case's transcript, audits the case and, once it commits, gives the
    visitor its reference."""
    try:
        holds.place_standing_hold(conversation_id, holder=holder(case), actor_id=actor.pk)
    except ConversationErased:
        raise ChatError(ERASED) from None
    audit.record(
        audit.CASE_RECORDED,
        actor_id=actor.pk,
        conversation_id=conversation_id,
        case=case.reference,
        kind=case.kind,
        severity=case.severity,
        category=case.category,
        seq=case.aware_seq,
    )
    events.case_event(kinds.CASE_RECORDED, case)
    frame = protocol.case_recorded_frame(case.shown_reference, case.kind)
    transaction.on_commit(lambda: broadcast.case_recorded(conversation_id, frame))


def open_case(actor: AbstractBaseUser, reference: str) -> Case:
    """The case, locked, for a change by ``actor``; raises if it is not theirs to change."""
    access.require_agent(actor)
    found = (
        Case.objects.select_for_update(of=("self",))
        .select_related("team")
        .filter(reference=references.normalise(reference))
        .first()
    )
    if found is None or not access.may_read_team_chats(actor, found.team):
        raise NotFound("no such case")
    if not found.is_open:
        raise ChatError(CLOSED)
    return found


def pending(case: Case, step: str) -> CaseStep:
    found = case.steps.filter(step=step, stage=case.stage, done_at=None).first()
    if found is None:
        raise ChatError(f"this case has no step '{step}' waiting")
    return found


def _audit_step(actor: AbstractBaseUser, case: Case, action: str, **facts: Any) -> None:
    audit.record(
        action,
        actor_id=actor.pk,
        conversation_id=case.conversation_id,
        case=case.reference,
        kind=case.kind,
        stage=case.stage,
        **facts,
    )
    events.case_event(kinds.CASE_CHANGED, case, change=action.removeprefix("case_"), **facts)


def complete_step(
    actor: AbstractBaseUser, reference: str, step: str, *, kinds: tuple[str, ...]
) -> CaseStep:
    """Marks ``step`` of the case's stage done now, and starts the clock of the step that
    follows it (an answer after an acknowledgement, a summary after an investigation)."""
    timescales = clocks.configured()
    with transaction.atomic():
        case = open_case(actor, reference)
        if case.kind not in kinds:
            raise ChatError(f"a {case.get_kind_display().lower()} has no step '{step}'")
        done = pending(case, step)
        done.done_at = timezone.now()
        done.save(update_fields=["done_at"])
        following = _following(case, step, timescales)
        if following is not None:
            due = clocks.working_days_after(done.done_at, following[1])
            CaseStep.objects.create(
                case=case, step=following[0], stage=case.stage, due_on=due.on, due_by=due.by
            )
        _audit_step(actor, case, audit.CASE_STEP_DONE, step=step, in_time=done.done_in_time)
    return done


def _following(case: Case, step: str, timescales: clocks.Timescales) -> tuple[str, int] | None:
    if step == Step.ACKNOWLEDGE:
        days = timescales.stage2_respond if case.stage == 2 else timescales.stage1_respond
        return Step.RESPOND, days
    if step == Step.INVESTIGATE:
        return Step.SUMMARY, timescales.summary
    return None


def do_acknowledge(actor: AbstractBaseUser, reference: str) -> CaseStep:
    return complete_step(actor, reference, Step.ACKNOWLEDGE, kinds=(Kind.COMPLAINT,))


def do_answer(actor: AbstractBaseUser, reference: str) -> CaseStep:
    return complete_step(
        actor, reference, Step.RESPOND, kinds=(Kind.COMPLAINT, Kind.SERVICE_REQUEST)
    )


def do_mark_made_safe(actor: AbstractBaseUser, reference: str) -> CaseStep:
    return complete_step(actor, reference, Step.MAKE_SAFE, kinds=(Kind.HAZARD,))


def do_mark_investigated(actor: AbstractBaseUser, reference: str) -> CaseStep:
    return complete_step(actor, reference, Step.INVESTIGATE, kinds=(Kind.HAZARD,))


def do_send_summary(actor: AbstractBaseUser, reference: str) -> CaseStep:
    return complete_step(actor, reference, Step.SUMMARY, kinds=(Kind.HAZARD,))


def do_escalate_to_stage_2(actor: AbstractBaseUser, reference: str) -> Case:
    """The resident is not satisfied with the stage 1 answer: stage 2 starts now, with its
    own acknowledgement to give."""
    timescales = clocks.configured()
    with transaction.atomic():
        case = open_case(actor, reference)
        if case.kind != Kind.COMPLAINT or case.stage != 1:
            raise ChatError("only a complaint at stage 1 can go to stage 2")
        if not case.steps.filter(step=Step.RESPOND, stage=1).exclude(done_at=None).exists():
            raise ChatError("stage 2 follows the stage 1 answer: record that first")
        case.stage = 2
        case.save(update_fields=["stage"])
        due = clocks.working_days_after(timezone.now(), timescales.stage2_acknowledge)
        CaseStep.objects.create(
            case=case, step=Step.ACKNOWLEDGE, stage=2, due_on=due.on, due_by=due.by
        )
        _audit_step(actor, case, audit.CASE_ESCALATED)
    return case


def do_extend(actor: AbstractBaseUser, reference: str, days: int, reason: str) -> CaseStep:
    """Extends the answer due at the case's stage by ``days`` working days, for a reason
    explained to the resident; all extensions of an answer together are at most the
    ``extension`` timescale."""
    limit = clocks.configured().extension
    if reason not in ExtensionReason.values:
        raise ChatError("Choose the reason for the extension from the list.")
    with transaction.atomic():
        case = open_case(actor, reference)
        step = pending(case, Step.RESPOND)
        if not 1 <= days <= limit - step.extended_days:
            raise ChatError(
                f"an answer may be extended by at most {limit} working days in all; "
                f"{limit - step.extended_days} are left"
            )
        due = clocks.extended(clocks.Due(step.due_on, step.due_by), days)
        step.due_on, step.due_by = due.on, due.by
        step.extended_days += days
        step.extension_reason = reason
        step.save(update_fields=["due_on", "due_by", "extended_days", "extension_reason"])
        _audit_step(actor, case, audit.CASE_EXTENDED, days=days, extension_reason=reason)
    return step


def do_close_case(actor: AbstractBaseUser, reference: str, outcome: str) -> Case:
    """Closes the case with its outcome and lifts the case's own hold on the transcript.
    Steps still waiting are not needed once it closes: they stay undone (never done in
    time nor late), and the audit entry counts them."""
    with transaction.atomic():
        case = open_case(actor, reference)
        if outcome not in OUTCOMES[case.kind]:
            allowed = ", ".join(
                str(label).lower()
                for value, label in Outcome.choices
                if value in OUTCOMES[case.kind]
            )
            raise ChatError(
                f"Choose an outcome a {case.get_kind_display().lower()} can have: {allowed}."
            )
        case.closed_at = timezone.now()
        case.outcome = outcome
        case.save(update_fields=["closed_at", "outcome"])
        if case.conversation_id is not None:
            holds.lift_standing_hold(case.conversation_id, holder=holder(case), actor_id=actor.pk)
        not_needed = case.steps.filter(done_at=None).count()
        _audit_step(actor, case, audit.CASE_CLOSED, outcome=outcome, steps_not_needed=not_needed)
    return case
