"""The casework timescales are parsed at start-up, so a bad one stops the server."""

from typing import Any

from django.core.checks import CheckMessage, Error, register
from django.core.exceptions import ImproperlyConfigured

from chatserver.casework import clocks


@register("casework")
def check_timescales(**kwargs: Any) -> list[CheckMessage]:
    try:
        clocks.configured()
    except ImproperlyConfigured as error:
        return [Error(str(error), hint=f"See {clocks.SETTING} in README.md.", id="casework.E001")]
    return []
