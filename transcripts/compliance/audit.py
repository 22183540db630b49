"""The audit log: who did what to which conversation or request, by ids and counts only."""

import uuid
from typing import Any

from django.utils import timezone

from transcripts.compliance.models import AuditEntry

# Every action the log records.
TRANSCRIPT_READ = "transcript_read"
TRANSCRIPT_EMAILED = "transcript_emailed"
EMAIL_CODE_SENT = "email_code_sent"
LEGAL_HOLD_SET = "legal_hold_set"
LEGAL_HOLD_LIFTED = "legal_hold_lifted"
SUBJECT_REQUEST_RECEIVED = "subject_request_received"
SUBJECT_ACCESS_EXPORT = "subject_access_export"
SUBJECT_ERASURE = "subject_erasure"
# The request register's steps: a deadline extended, a line or photo withheld from an
# access export or put back (its part, seq and reason choice, never the DPO's note), and
# a rectification, restriction or objection answered.
SUBJECT_REQUEST_EXTENDED = "subject_request_extended"
SUBJECT_REQUEST_WITHHELD = "subject_request_withheld"
SUBJECT_REQUEST_RESTORED = "subject_request_restored"
SUBJECT_REQUEST_COMPLETED = "subject_request_completed"
RETENTION_RUN = "retention_run"
EMERGENCY_CLEARED = "emergency_cleared"
PHOTO_VIEWED = "photo_viewed"
DISCLOSURE_RECORDED = "disclosure_recorded"
# A search of the console's history: which kinds of filter, never their values.
HISTORY_SEARCHED = "history_searched"
# The DPO's search for a subject's conversations: the kind searched and the counts found,
# never the value or its blind index.
SUBJECT_SEARCHED = "subject_searched"
# A record added, changed or deleted through the Django admin: which fields, never values.
ADMIN_CHANGE = "admin_change"
# Provisioning by the identity provider (SCIM): tokens made and revoked, and each change to
# an account, under the token's name with the attributes changed, never their values.
SCIM_TOKEN_CREATED = "scim_token_created"  # noqa: S105  (an action name)
SCIM_TOKEN_REVOKED = "scim_token_revoked"  # noqa: S105  (an action name)
SCIM_USER_CHANGED = "scim_user_changed"
SCIM_GROUP_CHANGED = "scim_group_changed"
# A supervisor ended every session of an agent.
SIGNED_OUT_EVERYWHERE = "signed_out_everywhere"
# A single sign-on: who, which managed groups were joined or left; never a token or claim value.
SSO_SIGNED_IN = "sso_signed_in"
# Sign-in (identity.audit): the account's id and the kinds of factor, never a password or code.
SIGNED_IN = "signed_in"
SIGN_IN_FAILED = "sign_in_failed"
SIGN_IN_LOCKED = "sign_in_locked"
SIGN_IN_LOCKOUT_CLEARED = "sign_in_lockout_cleared"
MFA_ADDED = "mfa_added"
MFA_REMOVED = "mfa_removed"
MFA_FAILED = "mfa_failed"
MFA_RECOVERY_CODE_USED = "mfa_recovery_code_used"
MFA_RECOVERY_CODES_RESET = "mfa_recovery_codes_reset"
# A sign-in refused by the single sign-on policy, and why (no MFA, no role, deactivated,
# password sign-in off).
SSO_REFUSED = "sso_refused"
ACTIONS = (
    TRANSCRIPT_READ,
    TRANSCRIPT_EMAILED,
    EMAIL_CODE_SENT,
    LEGAL_HOLD_SET,
    LEGAL_HOLD_LIFTED,
    SUBJECT_REQUEST_RECEIVED,
    SUBJECT_ACCESS_EXPORT,
    SUBJECT_ERASURE,
    SUBJECT_REQUEST_EXTENDED,
    SUBJECT_REQUEST_WITHHELD,
    SUBJECT_REQUEST_RESTORED,
    SUBJECT_REQUEST_COMPLETED,
    RETENTION_RUN,
    EMERGENCY_CLEARED,
    PHOTO_VIEWED,
    DISCLOSURE_RECORDED,
    HISTORY_SEARCHED,
    SUBJECT_SEARCHED,
    ADMIN_CHANGE,
    SCIM_TOKEN_CREATED,
    SCIM_TOKEN_REVOKED,
    SCIM_USER_CHANGED,
    SCIM_GROUP_CHANGED,
    SIGNED_OUT_EVERYWHERE,
    SSO_SIGNED_IN,
    SIGNED_IN,
    SIGN_IN_FAILED,
    SIGN_IN_LOCKED,
    SIGN_IN_LOCKOUT_CLEARED,
    MFA_ADDED,
    MFA_REMOVED,
    MFA_FAILED,
    MFA_RECOVERY_CODE_USED,
    MFA_RECOVERY_CODES_RESET,
    SSO_REFUSED,
)


def record(
    action: str,
    *,
    actor_id: int | None = None,
    conversation_id: uuid.UUID | str | None = None,
    request_id: uuid.UUID | None = None,
    **detail: Any,
) -> AuditEntry:
    """Records an audit entry; ``detail`` must hold ids and counts only."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    return AuditEntry.objects.create(
        action=action,
        actor_id=actor_id,
        conversation_id=conversation_id,
        request_id=request_id,
        detail=detail,
    )


def record_photo_view(
    *, actor_id: int | None, conversation_id: uuid.UUID, photo_id: uuid.UUID, part: str
) -> None:
    """A view of a photo: every full view, and a thumbnail once a day per viewer (a page
    shows it again on every render, which is not another look at the photo)."""
    since = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    seen_today = AuditEntry.objects.filter(
        action=PHOTO_VIEWED,
        actor_id=actor_id,
        conversation_id=conversation_id,
        detail__photo=str(photo_id),
        detail__part="thumbnail",
        at__gte=since,
    )
    if part != "thumbnail" or not seen_today.exists():
        record(
            PHOTO_VIEWED,
            actor_id=actor_id,
            conversation_id=conversation_id,
            photo=str(photo_id),
            part=part,
        )
