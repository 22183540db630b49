from typing import Any

from django.core.checks import CheckMessage, Error, Tags, Warning, register
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError

from transcripts.record.keyring import configured_key_ring


@register("transcripts")
def check_key_ring(**kwargs: Any) -> list[CheckMessage]:
    try:
        ring = configured_key_ring()
    except ImproperlyConfigured as error:  # the message names entries, never key material
        return [
            Error(
                str(error),
                hint="Each entry is id:base64-of-32-bytes, separated by commas, primary first.",
                id="transcripts.E003",
            )
        ]
    if ring is None:
        return [
            Error(
                "No transcript master keys are configured.",
                hint="Set TRANSCRIPT_KEYS (id:base64-of-32-bytes, primary first); "
                "`make run` creates a development ring under var/.",
                id="transcripts.E001",
            )
        ]
    return []


def resting_on_missing_keys() -> list[str]:
    """What the database holds under master keys that the ring no longer has, a line per
    key and kind (empty when nothing): such transcripts cannot be opened here."""
    from transcripts.compliance import key_usage

    try:
        ring = configured_key_ring()
    except ImproperlyConfigured:  # reported by transcripts.E003
        return []
    if ring is None:
        return []
    return key_usage.key_usage_outside(ring.keys).lines()


@register("transcripts", Tags.database)
def check_keys_in_ring(databases: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Run by ``migrate`` (the release step) and ``check --database default``."""
    if not databases:
        return []
    try:
        missing = resting_on_missing_keys()
    except DatabaseError:  # not migrated yet: nothing can rest on any key
        return []
    if not missing:
        return []
    return [
        Warning(
            "Stored items rest on master keys that TRANSCRIPT_KEYS does not hold: "
            + "; ".join(missing)
            + ".",
            hint="Their transcripts cannot be opened. Put those keys back in the ring (after "
            "the primary) and run `manage.py rotate_keys` before removing them.",
            id="transcripts.W002",
        )
    ]
