from typing import Any

from django.conf import settings
from django.core.checks import Error, register


@register("transcripts")
def check_key_ring(**kwargs: Any) -> list[Error]:
    if settings.TRANSCRIPT_KEY_RING is None:
        return [
            Error(
                "No transcript master keys are configured.",
                hint="Set TRANSCRIPT_KEYS (id:base64-of-32-bytes, primary first); "
                "`make run` creates a development ring under var/.",
                id="transcripts.E001",
            )
        ]
    return []
