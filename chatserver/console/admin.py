"""Django admin for agents' accounts, canned responses, presence and closures of the chat.

Every change made here is in the app's audit log too (``admin_audit``). Conversations
appear read-only with their metadata only (no decrypted text, no details): a legal hold
is set in the console, which audits it, and nothing that is part of the record
(conversations, audit entries) can be deleted here.
"""

from django.contrib import admin
from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.http import HttpRequest

from chatserver.chat.models import AgentPresence, CannedResponse, CannedTranslation, Closure
from chatserver.console.admin_audit import AuditedAdmin, ReadOnlyAdmin
from transcripts.compliance import audit
from transcripts.compliance.models import AuditEntry
from transcripts.record.models import Conversation


class CannedTranslationInline(admin.TabularInline[CannedTranslation, CannedResponse]):
    model = CannedTranslation
    extra = 1


@admin.register(CannedResponse)
class CannedResponseAdmin(AuditedAdmin[CannedResponse]):
    list_display = ("shortcut", "text")
    search_fields = ("shortcut",)
    inlines = [CannedTranslationInline]


@admin.register(Closure)
class ClosureAdmin(AuditedAdmin[Closure]):
    """One-off closures on top of the weekly hours (``CHAT_OPENING_HOURS``) and bank holidays."""

    list_display = ("starts_on", "ends_on", "reason")
    date_hierarchy = "starts_on"


@admin.register(AgentPresence)
class AgentPresenceAdmin(AuditedAdmin[AgentPresence]):
    list_display = ("agent", "status", "changed_at", "last_assigned_at")
    readonly_fields = ("changed_at", "last_assigned_at", "offline_since")


@admin.register(Conversation)
class ConversationAdmin(ReadOnlyAdmin[Conversation]):
    """Read-only: holds go through the console (``holds.set_legal_hold`` audits them) and
    a conversation ends only by retention or an erasure request, each with its record."""

    list_display = (
        "id",
        "status",
        "created_at",
        "assigned_agent",
        "emergency",
        "legal_hold",
        "aged_at",
    )
    list_filter = (
        "live__status",
        "legal_hold",
        "special_category",
        "live__emergency",
        "live__awaiting_reply",
    )
    list_select_related = ("live__assigned_agent",)
    fields = (
        "status",
        "created_at",
        "assigned_agent",
        "legal_hold",
        "legal_hold_reason",
        "legal_hold_until",
        "aged_at",
    )
    readonly_fields = ("status", "assigned_agent")

    @admin.display(description="status", ordering="live__status")
    def status(self, conversation: Conversation) -> str:
        return conversation.live.status

    @admin.display(description="assigned agent", ordering="live__assigned_agent")
    def assigned_agent(self, conversation: Conversation) -> User | None:
        return conversation.live.assigned_agent

    @admin.display(description="emergency", ordering="live__emergency")
    def emergency(self, conversation: Conversation) -> str:
        return conversation.live.emergency


class ActionFilter(admin.SimpleListFilter):
    """The audit log's actions in words (``audit.ACTION_LABELS``)."""

    title = "action"
    parameter_name = "action"

    def lookups(self, request: HttpRequest, model_admin: object) -> list[tuple[str, str]]:
        return audit.written_action_choices()

    def queryset(
        self, request: HttpRequest, queryset: QuerySet[AuditEntry]
    ) -> QuerySet[AuditEntry]:
        return queryset.filter(action=self.value()) if self.value() else queryset


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin[AuditEntry]):
    list_display = ("at", "action_in_words", "actor", "conversation_id", "request_id")
    list_filter = (ActionFilter,)

    @admin.display(description="action", ordering="action")
    def action_in_words(self, entry: AuditEntry) -> str:
        return audit.label(entry.action)
