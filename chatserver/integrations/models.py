"""Webhook endpoints, the outbox of events, each event's delivery to each endpoint and
the log of delivery attempts.

Nothing here is chat text or a visitor detail: an event's payload holds ids, times and
choices from fixed lists; the fields an endpoint may receive besides are named here and
read from the sealed record when a delivery is sent. The endpoint's signing secret is
sealed at rest (``transcripts.record.secrets_at_rest``) and shown once, when it is made.
"""

import uuid

from django.conf import settings
from django.db import models


class Endpoint(models.Model):
    url = models.URLField(max_length=400)
    description = models.CharField(max_length=80)
    secret_sealed = models.BinaryField()
    event_types = models.JSONField(default=list)
    allowed_fields = models.JSONField(default=list)
    # The endpoint an agent's "Send to the housing system" goes to (one at most).
    housing_system = models.BooleanField(default=False)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    disabled_at = models.DateTimeField(null=True, blank=True)
    # Consecutive failed attempts, and since when (reset by a success).
    failures = models.PositiveIntegerField(default=0)
    failing_since = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-active", "description"]
        constraints = [
            models.UniqueConstraint(
                fields=["housing_system"],
                condition=models.Q(housing_system=True, active=True),
                name="integrations_one_active_housing_system",
            )
        ]

    def __str__(self) -> str:
        return self.description


class OutboxEvent(models.Model):
    """One event, written in the transaction of its change; its id is the ``webhook-id``."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    type = models.CharField(max_length=40, db_index=True)
    payload = models.JSONField()
    conversation_id = models.UUIDField(null=True, blank=True)
    # Set for an event that must be written once only (a subject request's due notice).
    once_key = models.CharField(max_length=80, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.type} {self.pk}"


class Delivery(models.Model):
    """An event's delivery to one endpoint: due, claimed by a worker, delivered or given up."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting"
        DELIVERED = "delivered", "Delivered"
        GIVEN_UP = "given_up", "Given up"

    event = models.ForeignKey(OutboxEvent, on_delete=models.CASCADE, related_name="deliveries")
    endpoint = models.ForeignKey(Endpoint, on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    # A worker's claim: no other worker takes the delivery before this time (a worker
    # killed mid-delivery leaves it to be taken again then).
    claimed_until = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["event", "endpoint"], name="integrations_one_delivery")
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="integrations_due")]

    def __str__(self) -> str:
        return f"{self.event_id} to {self.endpoint_id}: {self.status}"


class Attempt(models.Model):
    """The delivery log: when, which event to which endpoint, the answer and how long it
    took. Never a body, sent or received."""

    class Outcome(models.TextChoices):
        DELIVERED = "delivered", "Delivered"
        REFUSED = "refused", "Refused (not a 2xx answer)"
        TIMED_OUT = "timed_out", "Timed out"
        UNREACHABLE = "unreachable", "Could not connect"

    attempted_at = models.DateTimeField(db_index=True)
    event_id = models.UUIDField()
    event_type = models.CharField(max_length=40)
    endpoint = models.ForeignKey(Endpoint, on_delete=models.CASCADE, related_name="attempts")
    outcome = models.CharField(max_length=12, choices=Outcome.choices)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    latency_ms = models.PositiveIntegerField()

    class Meta:
        ordering = ["-attempted_at"]

    def __str__(self) -> str:
        return f"{self.event_id} to {self.endpoint_id}: {self.outcome}"
