"""The DPO's search for a subject's conversations by name, surname, email, address,
postcode, phone number or forget-receipt reference; its results start a request through
``request_review.subject_request_start``. Searches are POSTed, so no value is in a URL or
an access log; each is audited by ``subject_search.do_search_subject`` with the kind
searched, never the value."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from chatserver.console.forms import first_error
from chatserver.console.search_forms import SubjectSearchForm
from chatserver.console.views.common import kept_private, supervisor_required
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
