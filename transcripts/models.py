"""The models module Django looks for in the ``transcripts`` app.

The record's models live in ``transcripts.record.models`` and compliance's in
``transcripts.compliance.models``; importing them here registers both with the app.
Code imports them from their own package, not from here.
"""

from transcripts.compliance.models import AuditEntry, Disclosure, SubjectRequest, Withholding
from transcripts.record.models import (
    Attachment,
    Conversation,
    ConversationOrigin,
    DataKey,
    Diagnostics,
    Message,
    RatingComment,
    VisitorDetails,
    VisitorSession,
)

__all__ = [
    "Attachment",
    "AuditEntry",
    "Conversation",
    "ConversationOrigin",
    "DataKey",
    "Diagnostics",
    "Disclosure",
    "Message",
    "RatingComment",
    "SubjectRequest",
    "VisitorDetails",
    "VisitorSession",
    "Withholding",
]
