"""The outbox and the delivery log are working records, not an archive: what is settled is
deleted after ``CHAT_WEBHOOK_KEEP_DAYS``.

An event goes once none of its deliveries is still pending (delivered or given up, or it
had none); its deliveries go with it. Attempts older than the same age go from the log.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction

from chatserver.integrations.models import Attempt, Delivery, OutboxEvent


@transaction.atomic
def do_prune(now: datetime) -> tuple[int, int]:
    """Deletes settled events and old attempts; (events, attempts) deleted."""
    cutoff = now - timedelta(days=settings.CHAT_WEBHOOK_KEEP_DAYS)
    pending = Delivery.objects.filter(status=Delivery.Status.PENDING).values("event_id")
    old = OutboxEvent.objects.filter(created_at__lt=cutoff).exclude(pk__in=pending)
    events = old.count()
    Delivery.objects.filter(event__in=old).delete()
    old.delete()
    attempts, _ = Attempt.objects.filter(attempted_at__lt=cutoff).delete()
    return events, attempts
