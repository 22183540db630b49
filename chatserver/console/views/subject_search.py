"""The DPO's search for a subject's conversations (by name, surname, email, address,
postcode, phone number or forget-receipt reference) and starting a request from its
results. Searches are POSTed, so no value is in a URL or an access log; each is audited
by ``subject_search.do_search_subject`` with the kind searched, never the value."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from chatserver.console.forms import first_error
from chatserver.console.search_forms import StartRequestForm, SubjectSearchForm
from chatserver.console.views.common import bad_form, kept_private, supervisor_required
from transcripts.compliance import subject_search
from transcripts.compliance.models import SubjectRequest


@supervisor_required
@require_http_methods(["GET", "POST"])
def search(request: HttpRequest) -> HttpResponse:
    form = SubjectSearchForm(request.POST if request.method == "POST" else None)
    context: dict[str, Any] = {
        "kinds": subject_search.KINDS,
        "kind": form.data.get("kind", "") if form.is_bound else "",
        "request_kinds": SubjectRequest.Kind.choices,
    }
    status = 200
    if form.is_bound and form.is_valid():
        context["results"] = subject_search.do_search_subject(
            form.cleaned_data["kind"], form.cleaned_data["value"], actor_id=request.user.pk
        )
    elif form.is_bound:
        context["error"], status = first_error(form), 400
    return kept_private(render(request, "console/subject_search.html", context, status=status))


@require_POST
@supervisor_required
def start_request(request: HttpRequest) -> HttpResponse:
    """Registers a request for the conversations chosen from a search's results."""
    form = StartRequestForm(request.POST)
    if not form.is_valid():
        back = reverse("console-subject-search")
        return bad_form(request, "Request not recorded", first_error(form), back)
    subject_search.do_start_request(
        form.cleaned_data["kind"],
        [conversation.pk for conversation in form.cleaned_data["conversations"]],
        actor_id=request.user.pk,
    )
    return redirect("console-dashboard")
