"""Subject requests coming due: one ``subject_request.due`` event per request and deadline.

The worker runs this now and then. A request still open whose deadline is within
``DUE_WITHIN_DAYS`` gets an event, once for that deadline (an extension, which moves the
deadline, gets one more). The event names the request's short reference, kind and dates:
never the subject.
"""

from datetime import date, timedelta

from django.db import transaction

from chatserver.integrations import events, kinds
from transcripts.compliance.models import SubjectRequest

DUE_WITHIN_DAYS = 7


@transaction.atomic
def do_announce_due_requests(today: date) -> int:
    """Records the due event of every open request due within the window and not yet
    announced for its deadline; how many were recorded."""
    due = SubjectRequest.objects.filter(
        completed_at__isnull=True, deadline__lte=today + timedelta(days=DUE_WITHIN_DAYS)
    ).order_by("deadline")
    recorded = 0
    for request in due:
        payload = {
            "request_reference": request.reference,
            "request_id": str(request.pk),
            "kind": request.kind,
            "received_on": request.received_on.isoformat(),
            "deadline": request.deadline.isoformat(),
            "extended": bool(request.extension),
            "days_left": (request.deadline - today).days,
        }
        once = f"{kinds.SUBJECT_REQUEST_DUE}:{request.pk}:{request.deadline.isoformat()}"
        if events.record(kinds.SUBJECT_REQUEST_DUE, payload, once_key=once) is not None:
            recorded += 1
    return recorded
