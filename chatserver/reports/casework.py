"""Where complaints and hazards join the reports: the casework app's figures.

Casework (complaints, and hazards such as damp and mould, each with its legal timescales)
is an app of its own, ``chatserver.casework``, whose ``figures.timeliness(start, end)``
counts the cases opened, acknowledged, answered and made safe within their timescales
over a period, and whose template ``casework/timeliness.html`` shows them (as
``casework``). Without that app installed the reports say so and show no such figures.
"""

import importlib
from datetime import datetime

from django.apps import apps

CASEWORK_APP = "chatserver.casework"


def timeliness(start: datetime, end: datetime) -> object | None:
    """Casework's figures for the period, or None when casework is not installed."""
    if not apps.is_installed(CASEWORK_APP):
        return None
    figures = importlib.import_module(f"{CASEWORK_APP}.figures")
    return figures.timeliness(start, end)  # type: ignore[no-any-return]
