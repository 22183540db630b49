"""The audit log: who did what to which conversation or request, by ids and counts only."""

import uuid
from typing import Any

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
