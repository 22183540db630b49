"""Django admin for agents' canned responses, presence, closures of the chat and legal holds.

Conversations appear with their metadata only: no decrypted text, no details.
"""

from django.contrib import admin

from chatserver.chat.models import AgentPresence, CannedResponse, CannedTranslation, Closure
from transcripts.models import AuditEntry, Conversation


class CannedTranslationInline(admin.TabularInline[CannedTranslation, CannedResponse]):
    model = CannedTranslation
    extra = 1


@admin.register(CannedResponse)
class CannedResponseAdmin(admin.ModelAdmin[CannedResponse]):
    list_display = ("shortcut", "text")
    search_fields = ("shortcut",)
    inlines = [CannedTranslationInline]


@admin.register(Closure)
class ClosureAdmin(admin.ModelAdmin[Closure]):
    """One-off closures on top of the weekly hours (``CHAT_OPENING_HOURS``) and bank holidays."""

    list_display = ("starts_on", "ends_on", "reason")
    date_hierarchy = "starts_on"


@admin.register(AgentPresence)
class AgentPresenceAdmin(admin.ModelAdmin[AgentPresence]):
    list_display = ("agent", "status", "changed_at", "last_assigned_at")
    readonly_fields = ("changed_at", "last_assigned_at", "offline_since")


@admin.register(Conversation)
class ConversationAdmin(admin.ModelAdmin[Conversation]):
    list_display = (
        "id",
        "status",
        "created_at",
        "assigned_agent",
        "emergency",
        "legal_hold",
        "aged_at",
    )
    list_filter = ("status", "legal_hold", "special_category", "emergency", "awaiting_reply")
    fields = (
        "status",
        "created_at",
        "assigned_agent",
        "legal_hold",
        "legal_hold_reason",
        "aged_at",
    )
    readonly_fields = ("status", "created_at", "assigned_agent", "aged_at")

    def has_add_permission(self, request: object) -> bool:
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin[AuditEntry]):
    list_display = ("at", "action", "actor", "conversation_id", "request_id")
    list_filter = ("action",)

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False
