"""The audit log: who did what to which conversation or request, by ids and counts only."""

import uuid
from typing import Any

from django.utils import timezone

from transcripts.compliance.models import AuditEntry

# Every action the log records.
TRANSCRIPT_READ = "transcript_read"
# A transcript or photo refused to its reader: what (``read``) and by which rule (a
# restricted team's, special-category data, a live chat).
READ_REFUSED = "read_refused"
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
# An agent prompted to offer the complaint choice or to record a hazard (its kind, what
# triggered it, the hazard's category and the prompting line's seq), and the agent's answer
# (the kind and the decision): never the words that prompted.
CASE_PROMPTED = "case_prompted"
CASE_PROMPT_DECIDED = "case_prompt_decided"
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
# Casework (chatserver.casework): a case recorded, a step done (acknowledged, answered,
# made safe...), a complaint taken to stage 2, an answer extended (days and the reason's
# choice), a case closed with its outcome; by the case's reference, never the chat's text.
CASE_RECORDED = "case_recorded"
CASE_STEP_DONE = "case_step_done"
CASE_ESCALATED = "case_escalated"
CASE_EXTENDED = "case_extended"
CASE_CLOSED = "case_closed"
# A contact-centre report exported as CSV: which report, the period and the filters' ids,
# never a conversation's content.
REPORT_EXPORTED = "report_exported"
# The REST API (chatserver.api): a token made or revoked (its name, prefix and scopes), each
# request a token made (the operation, the answer's status and whether personal data was
# asked for), and what a token changed: a system line posted (its seq, never its text) and
# a chat closed with its wrap-up's codes.
API_TOKEN_CREATED = "api_token_created"  # noqa: S105  (an action name)
API_TOKEN_REVOKED = "api_token_revoked"  # noqa: S105  (an action name)
API_REQUEST = "api_request"
API_SYSTEM_LINE_POSTED = "api_system_line_posted"
API_CONVERSATION_CLOSED = "api_conversation_closed"
# Webhooks (chatserver.integrations): an endpoint added (its id, host, event types and the
# personal fields allowed, never its secret), disabled by a supervisor or for failing, and
# an agent's summary sent to the housing system (the conversation, the case references and
# the names of the fields ticked, never their values).
WEBHOOK_ENDPOINT_ADDED = "webhook_endpoint_added"
WEBHOOK_ENDPOINT_DISABLED = "webhook_endpoint_disabled"
HOUSING_SUMMARY_SENT = "housing_summary_sent"
# Tenants verified by the landlord's portal (chatserver.tenant_portal): a conversation
# marked verified (no reference or name in the entry), and an assertion refused with its
# reason only (forged, expired, replayed...), never the token or its claims.
PORTAL_VERIFIED = "portal_verified"
PORTAL_ASSERTION_REFUSED = "portal_assertion_refused"
# Every action in the words staff read in the audit log (the dashboard and the admin):
# ``record`` refuses an action without a label, so every action written has one.
ACTION_LABELS: dict[str, str] = {
    TRANSCRIPT_READ: "Transcript opened",
    READ_REFUSED: "Transcript or photo refused",
    TRANSCRIPT_EMAILED: "Transcript emailed to the visitor",
    EMAIL_CODE_SENT: "Email check code sent to the visitor",
    LEGAL_HOLD_SET: "Legal hold set",
    LEGAL_HOLD_LIFTED: "Legal hold lifted",
    SUBJECT_REQUEST_RECEIVED: "Request recorded",
    SUBJECT_ACCESS_EXPORT: "Access export released",
    SUBJECT_ERASURE: "Conversations erased for a request",
    SUBJECT_REQUEST_EXTENDED: "Request deadline extended",
    SUBJECT_REQUEST_WITHHELD: "Part of a request withheld",
    SUBJECT_REQUEST_RESTORED: "Withheld part put back",
    SUBJECT_REQUEST_COMPLETED: "Request answered",
    RETENTION_RUN: "Retention job run",
    EMERGENCY_CLEARED: "Emergency flag cleared",
    CASE_PROMPTED: "Agent prompted about a complaint or hazard",
    CASE_PROMPT_DECIDED: "Complaint or hazard prompt answered",
    PHOTO_VIEWED: "Photo viewed",
    DISCLOSURE_RECORDED: "Disclosure to a third party recorded",
    HISTORY_SEARCHED: "Chat history searched",
    SUBJECT_SEARCHED: "Subject's conversations searched",
    ADMIN_CHANGE: "Record changed in the admin",
    SCIM_TOKEN_CREATED: "Provisioning token created",
    SCIM_TOKEN_REVOKED: "Provisioning token revoked",
    SCIM_USER_CHANGED: "Account changed by provisioning",
    SCIM_GROUP_CHANGED: "Group changed by provisioning",
    SIGNED_OUT_EVERYWHERE: "Signed out everywhere",
    SSO_SIGNED_IN: "Signed in with single sign-on",
    SIGNED_IN: "Signed in",
    SIGN_IN_FAILED: "Sign-in password failed",
    SIGN_IN_LOCKED: "Sign-in locked after failures",
    SIGN_IN_LOCKOUT_CLEARED: "Sign-in lockout cleared",
    MFA_ADDED: "Second factor added",
    MFA_REMOVED: "Second factor removed",
    MFA_FAILED: "Sign-in code failed",
    MFA_RECOVERY_CODE_USED: "Recovery code used",
    MFA_RECOVERY_CODES_RESET: "Recovery codes replaced",
    SSO_REFUSED: "Single sign-on refused",
    CASE_RECORDED: "Case recorded",
    CASE_STEP_DONE: "Case step done",
    CASE_ESCALATED: "Complaint taken to stage 2",
    CASE_EXTENDED: "Case answer extended",
    CASE_CLOSED: "Case closed",
    REPORT_EXPORTED: "Report exported as CSV",
    API_TOKEN_CREATED: "API token created",
    API_TOKEN_REVOKED: "API token revoked",
    API_REQUEST: "API request",
    API_SYSTEM_LINE_POSTED: "System line posted through the API",
    API_CONVERSATION_CLOSED: "Chat closed through the API",
    WEBHOOK_ENDPOINT_ADDED: "Webhook endpoint added",
    WEBHOOK_ENDPOINT_DISABLED: "Webhook endpoint disabled",
    HOUSING_SUMMARY_SENT: "Summary sent to the housing system",
    PORTAL_VERIFIED: "Tenant verified by the portal",
    PORTAL_ASSERTION_REFUSED: "Portal sign-in assertion refused",
}
ACTIONS = tuple(ACTION_LABELS)


def label(action: str) -> str:
    """An action in words; one no longer written (an older release's) as its name in words."""
    return ACTION_LABELS.get(action) or action.replace("_", " ").capitalize()


def written_action_choices() -> list[tuple[str, str]]:
    """Each action the log holds so far with its words, alphabetically by the words: the
    choices of the audit log's filters (the dashboard's and the admin's)."""
    # The model's ordering (by time) would make each row distinct: order by the action.
    written = AuditEntry.objects.order_by("action").values_list("action", flat=True).distinct()
    return sorted(((action, label(action)) for action in written), key=lambda c: c[1])


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


def record_read_refused(
    *, actor_id: int | None, conversation_id: uuid.UUID | str, read: str, rule: str
) -> None:
    """A transcript or photo refused to a reader (``read``), and by which access rule."""
    record(READ_REFUSED, actor_id=actor_id, conversation_id=conversation_id, read=read, rule=rule)


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
