"""Casework in the console: a case recorded from a chat (the live chat's dialog asks for
JSON, the transcript page's form for a page), the open cases with what is due, and each
case's page, where its steps are recorded. The actions check who may; these only parse."""

import uuid
from collections.abc import Callable, Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from chatserver.casework import actions, clocks, queries
from chatserver.casework.models import (
    NEXT_STEP,
    Case,
    Category,
    ExtensionReason,
    Kind,
    Outcome,
    Severity,
    Step,
)
from chatserver.chat import access
from chatserver.chat.errors import ChatError, Forbidden, NotFound
from chatserver.console.case_forms import CaseStepForm, RecordCaseForm
from chatserver.console.case_lines import line_choices
from chatserver.console.forms import first_error
from chatserver.console.views.common import agent_required, bad_form, signed_in
from transcripts.compliance import references
from transcripts.record.messages import StoredMessage
from transcripts.record.models import Conversation

STEP_ACTIONS: dict[str, Callable[[AbstractBaseUser, str], object]] = {
    "acknowledge": actions.do_acknowledge,
    "answer": actions.do_answer,
    "escalate": actions.do_escalate_to_stage_2,
    "made_safe": actions.do_mark_made_safe,
    "investigated": actions.do_mark_investigated,
    "summary": actions.do_send_summary,
}
UNKNOWN_STEP = "That is not a step a case can take: use one of the buttons on the case's page."


def _refusal_status(error: ChatError) -> int:
    if isinstance(error, NotFound):
        return 404
    return 403 if isinstance(error, Forbidden) else 400


@require_POST
@agent_required
def record_case(request: HttpRequest) -> HttpResponse:
    wants_json = "application/json" in request.headers.get("Accept", "")
    form = RecordCaseForm(request.POST)
    try:
        if not form.is_valid():
            raise ChatError(first_error(form))
        case = actions.do_record_case(
            signed_in(request), form.cleaned_data["conversation"], form.case_request()
        )
    except ChatError as error:
        if wants_json:
            return JsonResponse({"error": str(error)}, status=_refusal_status(error))
        if isinstance(error, NotFound | Forbidden):
            raise
        return bad_form(request, "Case not recorded", str(error), _back_to_chat(form))
    if wants_json:
        url = reverse("console-case", kwargs={"reference": case.reference})
        return JsonResponse(
            {"reference": case.shown_reference, "kind": case.kind, "url": url}, status=201
        )
    return redirect("console-case", reference=case.reference)


def _back_to_chat(form: RecordCaseForm) -> str:
    """The transcript the case was being recorded from, where the form is again."""
    conversation = form.cleaned_data.get("conversation")
    if conversation is None:
        return reverse("console-cases")
    return reverse("console-transcript", kwargs={"conversation_id": conversation})


def _readable_case(request: HttpRequest, reference: str) -> Case:
    found = Case.objects.filter(reference=references.normalise(reference))
    case: Case | None = access.cases_readable(request.user, found).select_related("team").first()
    if case is None:
        raise Http404("no such case")
    return case


def case_choices() -> dict[str, object]:
    """The choices of the forms that record a case (the live chat's dialog, a transcript's)."""
    return {
        "case_kinds": Kind.choices,
        "case_severities": Severity.choices,
        "case_categories": Category.choices,
    }


def transcript_context(
    conversation: Conversation, messages: Iterable[StoredMessage]
) -> dict[str, object]:
    """The transcript page's casework: the chat's cases, those holding its transcript (by
    their own standing hold), and the choices to record one, its lines from those the page
    has already read for its reader."""
    cases = list(conversation.cases.order_by("aware_at"))
    holders = set(conversation.standing_holds.values_list("holder", flat=True))
    case_holds = [case.shown_reference for case in cases if actions.holder(case) in holders]
    return {
        "cases": cases,
        "case_holds": case_holds,
        "case_lines": line_choices(messages),
        **case_choices(),
    }


@agent_required
def chat_cases(request: HttpRequest, conversation_id: uuid.UUID) -> HttpResponse:
    """The chat's cases for the live dialog: reference, kind, line and whether open."""
    conversation = Conversation.objects.select_related("live__team").filter(pk=conversation_id)
    try:
        found = conversation.first()
        if found is None:
            raise NotFound("no such conversation")
        access.check_casework(signed_in(request), found)
    except ChatError as error:
        return JsonResponse({"error": str(error)}, status=_refusal_status(error))
    listed = [
        {
            "reference": case.shown_reference,
            "kind": case.kind,
            "label": case.get_kind_display(),
            "open": case.is_open,
            "seq": case.aware_seq,
        }
        for case in found.cases.order_by("recorded_at")
    ]
    return JsonResponse({"cases": listed})


@agent_required
def cases(request: HttpRequest) -> HttpResponse:
    readable = access.cases_readable(request.user, Case.objects.all())
    closed = readable.exclude(closed_at=None).order_by("-closed_at")[:20]
    context = {"due": queries.due_list(timezone.now(), readable), "closed": closed}
    return render(request, "console/cases.html", context)


@agent_required
def case_page(request: HttpRequest, reference: str) -> HttpResponse:
    return _show_case(request, _readable_case(request, reference))


def _show_case(
    request: HttpRequest,
    case: Case,
    *,
    error: str = "",
    posted: CaseStepForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """The case's page; a refused change comes back here with its error and what was typed."""
    steps = queries.steps_in_order(case)
    waiting = [step for step in steps if step.done_at is None]
    answer = next((step for step in waiting if step.step == Step.RESPOND), None)
    context = {
        "case": case,
        "steps": steps,
        "waiting": [(NEXT_STEP[step.step], step.due_on) for step in waiting],
        "now": timezone.now(),
        "extension_left": clocks.configured().extension - (answer.extended_days if answer else 0),
        "extension_reasons": ExtensionReason.choices,
        "outcomes": [
            (value, label)
            for value, label in Outcome.choices
            if value in actions.OUTCOMES[case.kind]
        ],
        "error": error,
        "posted": posted.data if posted is not None else {},
    }
    return render(request, "console/case.html", context, status=status)


def _form_error(form: CaseStepForm) -> str:
    if "step" in form.errors:
        return UNKNOWN_STEP
    return first_error(form)


def _sentence(message: str) -> str:
    return message[:1].upper() + message[1:] + ("" if message.endswith(".") else ".")


@require_POST
@agent_required
def case_step(request: HttpRequest, reference: str) -> HttpResponse:
    case = _readable_case(request, reference)
    form = CaseStepForm(request.POST)
    if not form.is_valid():
        return _show_case(request, case, error=_form_error(form), posted=form, status=400)
    data, agent = form.cleaned_data, signed_in(request)
    try:
        if data["step"] == "extend":
            actions.do_extend(agent, case.reference, data["days"], data["reason"])
        elif data["step"] == "close":
            actions.do_close_case(agent, case.reference, data["outcome"])
        else:
            STEP_ACTIONS[data["step"]](agent, case.reference)
    except ChatError as error:
        if isinstance(error, NotFound | Forbidden):
            raise
        return _show_case(request, case, error=_sentence(str(error)), posted=form, status=409)
    return redirect("console-case", reference=case.reference)
