"""The agent's socket (the console): the queue and every conversation assigned to them."""

import asyncio
import logging
from collections.abc import Mapping
from typing import Any, cast

from channels.db import database_sync_to_async
from django.conf import settings
from django.contrib.auth.models import User
from django.db import DatabaseError

from chatserver.chat import board, broadcast, inbound, protocol, queue_lines, state, stored_frames
from chatserver.chat.access import access_conversation_for_agent, is_agent, is_supervisor
from chatserver.chat.actions import (
    conversations,
    emergencies,
    messages,
    preferences,
    presence,
    revocation,
    routing,
    topics,
    transfer,
)
from chatserver.chat.agent_auth import agent_session_is_valid, session_hash
from chatserver.chat.consumers.base import ChatConsumer
from chatserver.chat.consumers.case_prompts import CasePromptHandlers
from chatserver.chat.errors import ChatError
from chatserver.chat.models import AgentPresence, LiveConversation
from chatserver.wrapup import actions as wrap_ups
from chatserver.wrapup import choices
from identity.mfa_policy import session_is_mfa_verified
from transcripts.record import store
from transcripts.record.models import Conversation, Message

logger = logging.getLogger(__name__)


class AgentConsumer(ChatConsumer, CasePromptHandlers):
    handlers = {
        "presence": "on_presence",
        "accept": "on_accept",
        "message": "on_message",
        "note": "on_note",
        "typing": "on_typing",
        "transfer": "on_transfer",
        "close": "on_close",
        "wrap_up": "on_wrap_up",
        "history": "on_history",
        "clear_emergency": "on_clear_emergency",
        "ping": "on_ping",
        "dismiss": "on_dismiss",
        "alert_preferences": "on_alert_preferences",
        "topic": "on_topic",
        "case_prompt_decision": "on_case_prompt_decision",
    }

    async def connect(self) -> None:
        self.user: User = self.scope.get("user")
        # A cursor for each conversation assigned to this socket's agent.
        self.delivered = {}
        # Staff display names by id, learnt as their lines arrive (a socket's lifetime).
        self.staff_names: dict[int, str] = {}
        # Whether this agent may read each restricted team's chats, by team id: learnt as
        # the queue names them, and learnt again after each session re-check.
        self.unreadable_teams: dict[int, bool] = {}
        self.registered = False
        self.revoked = False
        self.recheck: asyncio.Task[None] | None = None
        self.supervisor = False
        if not await database_sync_to_async(self._may_connect)():
            await self.accept()
            await self.close(code=protocol.CLOSE_UNAUTHENTICATED)
            return
        session = self.scope.get("session")
        self.session_key = session.session_key if session is not None else None
        self.session_hash = session_hash(self.session_key)
        await broadcast.join(broadcast.agent_group(self.user.pk), self.channel_name)
        await broadcast.join(broadcast.AGENTS_GROUP, self.channel_name)
        self.supervisor = await database_sync_to_async(is_supervisor)(self.user)
        if self.supervisor:
            await broadcast.join(broadcast.SUPERVISORS_GROUP, self.channel_name)
        await self.accept()
        await database_sync_to_async(presence.do_agent_socket_opened)(
            self.user, self.channel_name, self.session_key
        )
        self.registered = True
        # A session ended between the handshake and joining the group sent its revocation
        # before this socket could hear it.
        if not await database_sync_to_async(self._still_valid)():
            await self._revoke("session ended while connecting")
            return
        snapshot = await database_sync_to_async(state.agent_snapshot)(self.user)
        for summary in snapshot["conversations"]:
            self._adopt(summary)
        await self.send_frame(snapshot)
        await self.chat_board({"type": "chat.board"})
        self.recheck = asyncio.get_running_loop().create_task(self._recheck_loop())
        self.start_watchdog()

    def _may_connect(self) -> bool:
        """An agent, signed in with a second factor in this session (identity.mfa_policy);
        anyone else is closed with 4401 as an invalid session is."""
        session = self.scope.get("session")
        return is_agent(self.user) and session_is_mfa_verified(session, self.user)

    def _adopt(self, summary: protocol.ConversationSummary) -> None:
        """Follows the lines of an open conversation (an ended one shown with its notice
        gets none)."""
        if summary["status"] == LiveConversation.Status.CLOSED:
            return
        key = summary["conversation_id"]
        latest = max((message["seq"] for message in summary["messages"]), default=0)
        self.delivered[key] = max(self.delivered.get(key, 0), latest)

    async def disconnect(self, code: int) -> None:
        if getattr(self, "recheck", None) is not None:
            self.recheck.cancel()  # type: ignore[union-attr]
        await self._leave_everything()

    async def _leave_everything(self) -> None:
        """Stops all delivery to this socket and forgets it (once)."""
        if not getattr(self, "registered", False):
            return
        self.registered = False
        await broadcast.leave(broadcast.agent_group(self.user.pk), self.channel_name)
        await broadcast.leave(broadcast.AGENTS_GROUP, self.channel_name)
        if self.supervisor:
            await broadcast.leave(broadcast.SUPERVISORS_GROUP, self.channel_name)
        forget = (
            revocation.do_agent_socket_revoked if self.revoked else presence.do_agent_socket_closed
        )
        await database_sync_to_async(forget)(self.user.pk, self.channel_name)

    async def _revoke(self, why: str) -> None:
        """Closes the socket with 4401 because its session ended; nothing is sent after."""
        if self.revoked:
            return
        self.revoked = True
        logger.info("Closed the socket of agent %s: %s", self.user.pk, why)
        await self.close(code=protocol.CLOSE_UNAUTHENTICATED)
        try:
            await self._leave_everything()
        except DatabaseError as error:  # its row goes stale; housekeeping forgets it
            logger.warning("Forgetting a revoked agent socket failed: %s", type(error).__name__)

    async def send_frame(self, frame: Mapping[str, Any]) -> None:
        if not getattr(self, "revoked", False):
            await super().send_frame(frame)

    async def agent_revoked(self, event: protocol.AgentRevokedEvent) -> None:
        """A logout of this socket's session (or every session of its agent) anywhere."""
        if event["session"] is None or event["session"] == self.session_hash:
            await self._revoke("session ended")

    async def _recheck_loop(self) -> None:
        """The backstop for ends of session that send no event (an expired session, a
        change made straight in the database)."""
        while not self.revoked:
            await asyncio.sleep(settings.CHAT_AGENT_RECHECK_SECONDS)
            try:
                valid = await database_sync_to_async(self._still_valid)()
            except DatabaseError:
                continue
            if not valid:
                await self._revoke("session no longer valid")
                return
            self.unreadable_teams = {}
            await self._reconcile()

    def _still_valid(self) -> bool:
        valid = agent_session_is_valid(self.session_key, self.user.pk)
        if valid:
            presence.do_agent_socket_seen(self.channel_name)
        return valid

    async def _reconcile(self) -> None:
        """Catches up on assignment and board signals the channel layer may have dropped."""
        await self.chat_board({"type": "chat.board"})
        assigned = await database_sync_to_async(state.assigned_ids)(self.user)
        for conversation_id in assigned - set(self.delivered):
            await self.chat_assigned({"type": "chat.assigned", "conversation_id": conversation_id})
        for conversation_id in set(self.delivered) - assigned:
            await self.chat_unassigned(
                {"type": "chat.unassigned", "conversation_id": conversation_id}
            )

    async def _mine(self, content: dict[str, Any]) -> Conversation:
        conversation_id = inbound.conversation_id(content)
        conversation: Conversation = await database_sync_to_async(access_conversation_for_agent)(
            self.user, conversation_id
        )
        return conversation

    async def on_presence(self, content: dict[str, Any]) -> None:
        status = content.get("status")
        if status not in AgentPresence.Status.values:
            raise ChatError("status must be available or away")
        await database_sync_to_async(presence.do_set_presence)(self.user, status)
        await self.send_frame({"type": "presence", "status": status})

    async def on_accept(self, content: dict[str, Any]) -> None:
        conversation_id = inbound.conversation_id(content)
        await database_sync_to_async(routing.do_accept)(self.user, conversation_id)

    async def _send_line(self, content: dict[str, Any], sender: str, frame_type: str) -> None:
        client_id, text = inbound.client_id(content), inbound.text(content)
        conversation_id = inbound.conversation_id(content)
        await self.store_line(
            store.NewMessage(conversation_id, sender, text, client_id, self.user.pk),
            lambda result: {
                "type": "ack",
                "conversation_id": str(conversation_id),
                "client_id": client_id,
                "seq": result.message.seq,
            },
            frame_type,
        )

    async def on_message(self, content: dict[str, Any]) -> None:
        await self._send_line(content, Message.Sender.AGENT, "message")

    async def on_note(self, content: dict[str, Any]) -> None:
        await self._send_line(content, Message.Sender.NOTE, "note")

    async def on_typing(self, content: dict[str, Any]) -> None:
        active = inbound.active_flag(content)
        conversation = await self._mine(content)
        await database_sync_to_async(messages.agent_typing)(conversation, active)

    async def on_transfer(self, content: dict[str, Any]) -> None:
        conversation = await self._mine(content)
        to_agent_id, to_team_id, note = inbound.handover(content)
        handover = transfer.Handover(to_agent_id=to_agent_id, to_team_id=to_team_id, note=note)
        await database_sync_to_async(transfer.do_transfer)(self.user, conversation, handover)

    async def on_close(self, content: dict[str, Any]) -> None:
        wrap_up = choices.read(content)
        conversation = await self._mine(content)
        await database_sync_to_async(conversations.do_close_by_agent)(
            self.user, conversation, wrap_up
        )

    async def on_wrap_up(self, content: dict[str, Any]) -> None:
        wrap_up = choices.read_required(content)
        conversation_id = inbound.conversation_id(content)
        await database_sync_to_async(wrap_ups.do_wrap_up)(self.user, conversation_id, wrap_up)

    async def on_history(self, content: dict[str, Any]) -> None:
        after_seq = inbound.after_seq(content, nullable=False) or 0
        conversation = await self._mine(content)
        await self.send_frame(
            await database_sync_to_async(state.history_frame)(conversation, after_seq)
        )

    async def on_clear_emergency(self, content: dict[str, Any]) -> None:
        conversation = await self._mine(content)
        await database_sync_to_async(emergencies.do_clear_emergency)(self.user, conversation)

    async def on_dismiss(self, content: dict[str, Any]) -> None:
        """Done with a chat the visitor ended: every socket of the agent gets ``dismissed``."""
        conversation = await self._mine(content)
        await database_sync_to_async(conversations.do_dismiss_ended)(self.user, conversation)

    async def chat_dismissed(self, event: protocol.ConversationEvent) -> None:
        await self.send_frame({"type": "dismissed", "conversation_id": event["conversation_id"]})

    async def chat_visitor_presence(self, event: protocol.VisitorPresenceEvent) -> None:
        frame: protocol.VisitorPresenceFrame = {
            "type": "visitor_presence",
            "conversation_id": event["conversation_id"],
            "presence": cast(protocol.VisitorPresence, event["presence"]),
        }
        await self.send_frame(frame)

    async def chat_board(self, event: protocol.BoardEvent) -> None:
        """Supervisors' sockets read the board again (the event says only that it changed)."""
        if self.supervisor:
            await self.send_frame(await database_sync_to_async(board.supervisor_board)())

    async def on_alert_preferences(self, content: dict[str, Any]) -> None:
        sound, desktop, volume = inbound.alert_preferences(content)
        await database_sync_to_async(preferences.do_set_alert_preferences)(
            self.user, sound=sound, desktop=desktop, volume=volume
        )

    async def chat_alert_preferences(self, event: protocol.AlertPreferencesEvent) -> None:
        await self.send_frame({"type": "alert_preferences", "alerts": event["alerts"]})

    async def on_topic(self, content: dict[str, Any]) -> None:
        topic = inbound.topic(content)
        conversation = await self._mine(content)
        await database_sync_to_async(topics.do_agent_topic)(self.user, conversation, topic)

    async def chat_topic(self, event: protocol.TopicEvent) -> None:
        await self.send_frame(event["frame"])

    async def chat_emergency(self, event: protocol.EmergencyEvent) -> None:
        frame: protocol.EmergencyFrame = {
            "type": "emergency",
            "conversation_id": event["conversation_id"],
            "emergency": state.emergency_label(event["category"]),
        }
        await self.send_frame(frame)

    async def line_frame(
        self, event: protocol.MessageEvent, text: str
    ) -> protocol.AgentMessageFrame:
        author_id = event.get("author_id")
        if author_id is not None and author_id not in self.staff_names:
            names = await database_sync_to_async(stored_frames.staff_names)({author_id})
            self.staff_names |= names
        return protocol.agent_message_frame(
            conversation_id=event["conversation_id"],
            seq=event["seq"],
            sender=event["sender"],
            text=text,
            at=event["at"],
            client_id=event["client_id"],
            attachment=event.get("attachment"),
            author=stored_frames.author_of(event["sender"], author_id, self.staff_names),
        )

    def stored_line_frame(self, message: store.StoredMessage) -> protocol.AgentMessageFrame:
        return stored_frames.agent_frame(message, self.staff_names)

    def missing_lines(self, conversation_id: str, after_seq: int) -> list[store.StoredMessage]:
        """The lines past ``after_seq``, with their writers' names learnt for the frames."""
        messages = state.agent_missing(conversation_id, after_seq)
        unknown = stored_frames.author_ids(messages) - set(self.staff_names)
        self.staff_names |= stored_frames.staff_names(unknown)
        return messages

    async def chat_status(self, event: protocol.StatusEvent) -> None:
        frame = event["frame"]
        if frame.get("status") == LiveConversation.Status.CLOSED:
            self.delivered.pop(frame.get("conversation_id", ""), None)
        await self.send_frame(frame)

    async def chat_typing(self, event: protocol.TypingEvent) -> None:
        frame: protocol.TypingToAgentFrame = {
            "type": "typing",
            "conversation_id": event.get("conversation_id", ""),
            "from": "visitor",
            "active": event["active"],
        }
        await self.send_frame(frame)

    async def chat_queue(self, event: protocol.QueueEvent) -> None:
        queue = event["queue"]
        withheld = await self._withheld_teams(event.get("restricted_teams", []))
        hidden = {entry["conversation_id"] for entry in queue if entry.get("team_id") in withheld}
        sealed = [
            line for line in event.get("first_lines", []) if line["conversation_id"] not in hidden
        ]
        lines = await queue_lines.first_lines.open(sealed)
        await self.send_frame(
            {
                "type": "queue",
                "queue": queue_lines.for_agent(queue, lines, withheld),
                "total": event.get("total", len(queue)),
            }
        )

    async def _withheld_teams(self, restricted: list[int]) -> set[int]:
        """Those of the restricted teams whose chats this agent may not read."""
        unknown = set(restricted) - set(self.unreadable_teams)
        if unknown:
            refused = await database_sync_to_async(queue_lines.unreadable_teams)(self.user, unknown)
            self.unreadable_teams |= {team: team in refused for team in unknown}
        return {team for team in restricted if self.unreadable_teams[team]}

    async def chat_assigned(self, event: protocol.ConversationEvent) -> None:
        summary = await database_sync_to_async(state.assigned_summary)(
            event["conversation_id"], self.user
        )
        if summary is None:
            return
        self._adopt(summary)
        await self.send_frame({"type": "assigned", "conversation": summary})

    async def chat_erased(self, event: protocol.ConversationEvent) -> None:
        self.delivered.pop(event["conversation_id"], None)
        await self.send_frame({"type": "erased", "conversation_id": event["conversation_id"]})

    async def chat_unassigned(self, event: protocol.ConversationEvent) -> None:
        self.delivered.pop(event["conversation_id"], None)
        await self.send_frame({"type": "unassigned", "conversation_id": event["conversation_id"]})

    async def chat_wrapped_up(self, event: protocol.ConversationEvent) -> None:
        await self.send_frame({"type": "wrapped_up", "conversation_id": event["conversation_id"]})

    async def chat_details(self, event: protocol.ConversationEvent) -> None:
        frame = await database_sync_to_async(state.details_frame)(event["conversation_id"])
        if frame is not None:
            await self.send_frame(frame)
