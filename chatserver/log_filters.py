"""Refusals logged on one line.

Django logs every refused request with the exception's traceback: a host name the server
does not serve (``django.security.DisallowedHost``), a page the user may not see
(``django.request``, 403). Anyone can send such requests, so each would grow the log by
kilobytes. The line itself (what was refused, the path, the status) is kept; the
traceback of a refusal says nothing an operator needs. Server errors (5xx) keep theirs.
"""

import logging


class RefusalsOnOneLine(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        refusal = record.name.startswith("django.security.") or (
            record.name == "django.request" and record.levelno < logging.ERROR
        )
        if refusal:
            record.exc_info = None
            record.exc_text = None
            record.stack_info = None
        return True
