"""Integrations: the landlord's other systems hear of what happens in the chat.

Owns the outbox (an event row written in the same transaction as the change it describes,
``events.record``), the webhook endpoints a supervisor configures (their signing secrets
sealed at rest), the delivery worker (``manage.py deliver_webhooks``: signed to the
Standard Webhooks specification, retried with backoff for a day, an endpoint that keeps
failing disabled and the supervisors told) and the delivery log (times, statuses and
latencies, never bodies). Events carry ids and non-personal facts; a visitor's details or
the chat's text are added at delivery, read from the sealed record, only for an endpoint
allowed each of them, so the outbox never holds them.
"""
