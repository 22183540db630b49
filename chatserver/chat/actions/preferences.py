"""Agents' own settings: how the console alerts them to new and assigned chats."""

from django.contrib.auth.models import User
from django.db import transaction

from chatserver.chat import broadcast, protocol
from chatserver.chat.models import AlertPreferences


def do_set_alert_preferences(
    agent: User, *, sound: bool, desktop: bool, volume: int
) -> protocol.AlertPreferences:
    """Keeps the agent's alert preferences and tells every socket of theirs after the
    commit (their other tabs follow). Not personal data about anyone: no audit row."""
    alerts: protocol.AlertPreferences = {"sound": sound, "desktop": desktop, "volume": volume}
    with transaction.atomic():
        AlertPreferences.objects.update_or_create(agent=agent, defaults=dict(alerts))
        transaction.on_commit(lambda: broadcast.alert_preferences(agent.pk, alerts))
    return alerts
