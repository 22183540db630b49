"""What a token may do: each scope by its code, in the words a supervisor ticks."""

from django.db import models


class Scope(models.TextChoices):
    READ_CONVERSATIONS = "conversations:read", "Read conversations and cases (no personal data)"
    PERSONAL_DATA = (
        "personal_data:read",
        "Include personal data (visitor details and the chat's text) in what it reads",
    )
    POST_SYSTEM_LINE = "conversations:post_system_line", "Post a system line to a live chat"
    CLOSE = "conversations:close", "Close a conversation with a wrap-up"
    READ_REPORTS = "reports:read", "Read report figures"


SCOPES = frozenset(Scope.values)
