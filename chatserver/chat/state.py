"""The read side of the chat: what a socket is sent when it connects or catches up.

Synchronous (call it through ``database_sync_to_async``); it changes nothing. A
transcript that cannot be opened (a master key missing from the ring, altered bytes)
is reported as unreadable, never raised: one such conversation must not take a socket
down with it, and the store has already logged it with ids.
"""

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from django.conf import settings
from django.contrib.auth.models import User
from django.db.models import Case, Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce

from chatserver.casework import prompts as case_prompts
from chatserver.chat import emergencies, hours, protocol, queue_lines, stored_frames
from chatserver.chat.access import display_name, is_assigned_to
from chatserver.chat.models import AgentPresence, AlertPreferences, LiveConversation
from chatserver.chat.team_state import add_topic_fields, agent_topics, team_name, topic_ref
from chatserver.chat.visitor_auth import session_hash
from transcripts.record import store
from transcripts.record.errors import CryptoError
from transcripts.record.models import Conversation, VisitorSession

Status = LiveConversation.Status
QUEUE_STATUSES = LiveConversation.QUEUE_STATUSES
# What an agent may accept (of live states; of conversations): the queue, messages left.
TAKEABLE_LIVE = Q(status__in=QUEUE_STATUSES) | Q(awaiting_reply=True)
TAKEABLE = Q(live__status__in=QUEUE_STATUSES) | Q(live__awaiting_reply=True)
RECENT_MESSAGES = 50


# ---------- agents and the queue ----------


def active_count(agent: User) -> int:
    return active_conversations(agent).count()


def _emergencies_ahead_from_same_address() -> Coalesce:
    """How many flagged conversations from the same client address (by its keyed hash)
    are in the queue with an earlier flag than this one."""
    ahead = (
        Conversation.objects.filter(TAKEABLE)
        .exclude(live__emergency="")
        .exclude(origin__address_index="")
        .filter(
            origin__address_index=OuterRef("origin__address_index"),
            live__emergency_at__lt=OuterRef("live__emergency_at"),
        )
        .order_by()
        .values("origin__address_index")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(ahead[:1]), Value(0), output_field=IntegerField())


def in_queue_order(conversations: QuerySet[Conversation]) -> QuerySet[Conversation]:
    """Emergencies first, then the longest waiting.

    Only the first ``CHAT_PRIORITY_EMERGENCIES_PER_IP`` flagged conversations from one
    client address head the queue at a time; later ones from that address keep their
    flag but wait in line like ordinary chats, and move up as those ahead are taken. A
    flood of fake emergencies from one address cannot bury another address's real one.
    """
    return conversations.annotate(
        emergencies_ahead=_emergencies_ahead_from_same_address()
    ).order_by(
        Case(
            When(live__emergency="", then=Value(1)),
            When(emergencies_ahead__gte=settings.CHAT_PRIORITY_EMERGENCIES_PER_IP, then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        ),
        Coalesce("live__waiting_since", "created_at"),
        "created_at",
    )


def queued() -> QuerySet[Conversation]:
    """The queue: waiting and offline conversations, and messages left that no one took."""
    return in_queue_order(
        Conversation.objects.filter(TAKEABLE).select_related("live", "live__topic")
    )


def queue_position(conversation: Conversation) -> int | None:
    if conversation.live.status != Status.WAITING:
        return None
    waiting = Conversation.objects.filter(live__status=Status.WAITING)
    order = list(in_queue_order(waiting).values_list("pk", flat=True))
    return order.index(conversation.pk) + 1 if conversation.pk in order else None


def emergency_label(category: str) -> protocol.Emergency | None:
    if not category:
        return None
    return {"category": category, "label": emergencies.LABELS.get(category, category)}


def emergency_of(conversation: Conversation) -> protocol.Emergency | None:
    return emergency_label(conversation.live.emergency)


def queue_entries() -> list[protocol.QueueEntry]:
    return [
        {
            "conversation_id": str(conversation.pk),
            "status": conversation.live.status,
            "waiting_since": protocol.iso(
                conversation.live.waiting_since or conversation.created_at
            ),
            "has_details": conversation.has_details,
            "special_category": conversation.special_category,
            "emergency": emergency_of(conversation),
            "awaiting_reply": conversation.live.awaiting_reply,
            "language": conversation.live.language,
            "topic": topic_of(conversation.live),
            "team_id": conversation.live.team_id,
            # Each agent's socket fills these in (queue_lines).
            "first_line": None,
            "first_line_withheld": False,
        }
        for conversation in queued()
    ]


def topic_of(live: LiveConversation) -> protocol.QueueTopic | None:
    topic = live.topic
    if topic is None:
        return None
    return {"slug": topic.slug, "label": topic.label, "label_cy": topic.label_cy}


def hours_now() -> protocol.Hours:
    """The opening hours' answer for visitors: open now, and until or from when."""
    now = hours.opening()
    answer: protocol.Hours = {"open": now.is_open, "time_zone": settings.CHAT_TIME_ZONE}
    if now.closes_at is not None:
        answer["closes_at"] = protocol.iso(now.closes_at)
    if now.opens_at is not None:
        answer["opens_at"] = protocol.iso(now.opens_at)
    return answer


# ---------- visitors ----------


@dataclass(frozen=True)
class VisitorState:
    status: str
    queue_position: int | None
    agent_name: str | None
    offline_hours: protocol.Hours | None = None

    def frame(self, conversation_id: uuid.UUID | None = None) -> protocol.StatusFrame:
        return protocol.status_frame(
            self.status,
            queue_position=self.queue_position,
            agent_name=self.agent_name,
            conversation_id=conversation_id,
            **offline_fields(self.offline_hours),
        )


def offline_reason(answer: protocol.Hours) -> Literal["closed", "busy"]:
    """Why no one answers: the chat is closed, or open with no adviser free."""
    return "busy" if answer["open"] else "closed"


def offline_fields(answer: protocol.Hours | None) -> dict[str, Any]:
    """The ``reason`` and ``hours`` of an offline status (nothing for other statuses)."""
    if answer is None:
        return {}
    return {"offline_reason": offline_reason(answer), "hours": answer}


def offline_status_frame() -> protocol.StatusFrame:
    return protocol.status_frame(Status.OFFLINE, **offline_fields(hours_now()))


def visitor_state(conversation: Conversation) -> VisitorState:
    agent = conversation.live.assigned_agent if conversation.live.status == Status.ACTIVE else None
    return VisitorState(
        status=conversation.live.status,
        queue_position=queue_position(conversation),
        agent_name=display_name(agent) if agent is not None else None,
        offline_hours=hours_now() if conversation.live.status == Status.OFFLINE else None,
    )


def session_conversation(session_id: str) -> uuid.UUID | None:
    """The conversation a visitor's session belongs to, if it still has one."""
    return (
        VisitorSession.objects.filter(id_hash=session_hash(session_id))
        .values_list("conversation_id", flat=True)
        .first()
    )


def session_conversations(session_id: str) -> list[Conversation]:
    """Every conversation the visitor's session reaches and that is not erased yet: each
    one it started ("Start a new chat" keeps the session) and the one it resumes."""
    hashed = session_hash(session_id)
    return list(
        Conversation.objects.filter(Q(origin__session_hash=hashed) | Q(sessions__id_hash=hashed))
        .filter(erased_at=None)
        .select_related("live")
        .distinct()
        .order_by("created_at")
    )


@dataclass(frozen=True)
class Replay:
    conversation: protocol.WelcomeConversation
    messages: list[protocol.VisitorMessageFrame]
    delivered_seq: int


def visitor_replay(conversation_id: uuid.UUID, after_seq: int | None) -> Replay:
    """The ``welcome`` frame's conversation and the lines after ``after_seq``."""
    found = Conversation.objects.select_related("live__assigned_agent", "live__topic")
    conversation = found.get(pk=conversation_id)
    stored = (
        stored_frames.readable_messages(conversation.pk, after_seq=after_seq, include_notes=False)
        or []
    )
    state = visitor_state(conversation)
    frame: protocol.WelcomeConversation = {"id": str(conversation.pk), "status": state.status}
    if state.queue_position is not None:
        frame["queue_position"] = state.queue_position
    if state.agent_name is not None:
        frame["agent"] = {"name": state.agent_name}
    if state.offline_hours is not None:
        frame["reason"] = offline_reason(state.offline_hours)
    add_topic_fields(frame, conversation.live)
    if cases := list(conversation.cases.all()):
        frame["cases"] = [{"reference": case.shown_reference, "kind": case.kind} for case in cases]
    return Replay(
        conversation=frame,
        messages=[
            stored_frames.visitor_frame(message) for message in stored if message.text is not None
        ],
        delivered_seq=max([after_seq or 0, *(message.seq for message in stored)]),
    )


def visitor_missing(conversation_id: uuid.UUID, after_seq: int) -> list[store.StoredMessage]:
    """The visitor's lines past ``after_seq`` (no notes, nothing erased)."""
    missing = (
        stored_frames.readable_messages(conversation_id, after_seq=after_seq, include_notes=False)
        or []
    )
    return [message for message in missing if message.text is not None]


# ---------- agents' conversations ----------


def agent_missing(conversation_id: str, after_seq: int) -> list[store.StoredMessage]:
    return stored_frames.readable_messages(conversation_id, after_seq=after_seq) or []


def conversation_summary(conversation: Conversation) -> protocol.ConversationSummary:
    messages = stored_frames.readable_messages(conversation.pk, limit=RECENT_MESSAGES)
    try:
        details = store.read_details(conversation.pk)
        portal = store.read_portal_tenant(conversation.pk)
    except CryptoError:
        details, messages, portal = store.DetailsView(), None, None
    summary: protocol.ConversationSummary = {
        "conversation_id": str(conversation.pk),
        "status": conversation.live.status,
        "started_at": protocol.iso(conversation.created_at),
        "special_category": conversation.special_category,
        "emergency": emergency_of(conversation),
        "language": conversation.live.language,
        "details": details.as_dict(),
        "details_erased": details.erased,
        "messages": stored_frames.agent_frames(messages or []),
        "unreadable": messages is None,
        "visitor_presence": conversation.live.visitor_presence,
        "topic": topic_ref(conversation.live),
        "team": team_name(conversation.live),
        "welsh_choice": conversation.live.welsh_choice,
    }
    handed_over = stored_frames.handover(conversation.live)
    if handed_over is not None:
        summary["handover"] = handed_over
    if conversation.live.ended_by:
        summary["ended_by"] = conversation.live.ended_by
    if conversation.live.case_prompts:
        summary["case_prompts"] = case_prompts.open_frames(conversation.live)
    if portal is not None:
        summary["portal"] = protocol.portal_tenant(portal.tenancy_reference, portal.display_name)
    return summary


def assigned_summary(conversation_id: str, agent: User) -> protocol.ConversationSummary | None:
    """The summary of a conversation just assigned to ``agent``; None once it is not theirs."""
    conversation = (
        Conversation.objects.select_related("live__topic", "live__team")
        .filter(pk=conversation_id)
        .first()
    )
    if conversation is None or not is_assigned_to(conversation, agent.pk):
        return None
    return conversation_summary(conversation)


def active_conversations(agent: User) -> QuerySet[Conversation]:
    return Conversation.objects.filter(live__assigned_agent=agent, live__status=Status.ACTIVE)


def assigned_ids(agent: User) -> set[str]:
    return {str(pk) for pk in active_conversations(agent).values_list("pk", flat=True)}


def on_agents_screen(agent: User) -> QuerySet[Conversation]:
    """The agent's active conversations and those the visitor ended that the agent has
    not dismissed yet (they stay on screen with a notice)."""
    return Conversation.objects.filter(
        Q(live__status=Status.ACTIVE) | Q(live__awaiting_dismissal=True),
        live__assigned_agent=agent,
    )


def agent_snapshot(agent: User) -> protocol.SnapshotFrame:
    presence = AgentPresence.objects.get(agent=agent)
    mine = (
        on_agents_screen(agent)
        .select_related("live__topic", "live__team")
        .order_by("live__assigned_at")
    )
    queue = queue_entries()
    return {
        "type": "snapshot",
        "agent": {
            "id": agent.pk,
            "name": display_name(agent),
            "status": presence.status,
            "max_conversations": settings.CHAT_AGENT_MAX_CONVERSATIONS,
            "teams": sorted(agent.chat_teams.values_list("pk", flat=True)),
            "alerts": alert_preferences(agent),
        },
        "queue": queue_lines.snapshot_entries(agent, queue[: settings.CHAT_QUEUE_FRAME_MAX]),
        "queue_total": len(queue),
        "conversations": [conversation_summary(conversation) for conversation in mine],
        "limits": {
            "text": settings.CHAT_MAX_TEXT_LENGTH,
            "photo_bytes": settings.CHAT_PHOTO_MAX_BYTES,
        },
        "topics": agent_topics(),
    }


def alert_preferences(agent: User) -> protocol.AlertPreferences:
    """The agent's alert preferences (the defaults until they change one)."""
    kept = AlertPreferences.objects.filter(agent=agent).first() or AlertPreferences(agent=agent)
    return {"sound": kept.sound, "desktop": kept.desktop, "volume": kept.volume}


def details_frame(conversation_id: str) -> protocol.DetailsFrame | None:
    try:
        details = store.read_details(conversation_id)
        portal = store.read_portal_tenant(conversation_id)
    except CryptoError:
        return None
    frame = protocol.details_frame(conversation_id, details.as_dict())
    if portal is not None:
        frame["portal"] = protocol.portal_tenant(portal.tenancy_reference, portal.display_name)
    return frame


def history_frame(conversation: Conversation, after_seq: int) -> protocol.HistoryFrame:
    """Raises ``CryptoError`` when the transcript cannot be opened (answered as an error)."""
    messages = store.read_messages(conversation.pk, after_seq=after_seq)
    return {
        "type": "history",
        "conversation_id": str(conversation.pk),
        "messages": stored_frames.agent_frames(messages),
    }


def still_open(conversation_ids: Iterable[uuid.UUID]) -> set[uuid.UUID]:
    """Those of the conversations not closed yet: waiting, offline or with an agent."""
    return set(
        LiveConversation.objects.filter(pk__in=list(conversation_ids))
        .exclude(status=Status.CLOSED)
        .values_list("pk", flat=True)
    )
