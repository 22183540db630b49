"""The visitor's socket (the widget): one conversation, resumable by token."""

import uuid
from typing import Any

from channels.db import database_sync_to_async
from django.conf import settings

from chatserver.chat import (
    admission,
    availability,
    broadcast,
    housekeeping,
    inbound,
    protocol,
    state,
    stored_frames,
    team_state,
)
from chatserver.chat.access import access_conversation_for_visitor
from chatserver.chat.actions import (
    conversations,
    details,
    email_codes,
    idle,
    messages,
    ratings,
    topics,
    visitor_presence,
)
from chatserver.chat.clients import header
from chatserver.chat.consumers.base import ChatConsumer
from chatserver.chat.errors import ChatError, Forbidden, NotStarted, RateLimited
from chatserver.chat.useragent import summarise_user_agent
from chatserver.chat.visitor_auth import make_token, new_session_id, session_id_from_token
from chatserver.chat.visitor_limits import (
    email_code_address_window,
    email_code_socket_window,
    visibility_window,
    visitor_message_window,
)
from chatserver.tenant_portal import sockets as portal
from transcripts.compliance import subject_rights
from transcripts.record import store
from transcripts.record.models import Conversation, Message


class VisitorConsumer(ChatConsumer):
    handlers = {
        "hello": "on_hello",
        "start": "on_start",
        "message": "on_message",
        "typing": "on_typing",
        "details": "on_details",
        "end": "on_end",
        "ping": "on_ping",
        "email_transcript": "on_email_transcript",
        "forget": "on_forget",
        "rate": "on_rate",
        "exit": "on_exit",
        "keep_open": "on_keep_open",
        "visibility": "on_visibility",
        "topic": "on_topic",
        "language_choice": "on_language_choice",
    }
    group: str | None = None

    async def connect(self) -> None:
        self.session_id: str | None = None
        self.conversation_id: uuid.UUID | None = None
        self.delivered = {}
        self.group: str | None = None
        # The widget's page is hidden (its last ``visibility``); an older widget never says.
        self.hidden = False
        self.tenant: portal.Verified | None = None  # vouched for by the landlord's portal
        self.starts = admission.socket_window()
        await self.accept()
        self.start_watchdog()

    async def disconnect(self, code: int) -> None:
        if self.group is not None:
            await broadcast.leave(self.group, self.channel_name)
            await self._left()

    async def _left(self) -> None:
        """This socket no longer shows its conversation: with none left, the visitor is
        gone unless they are back within the reconnect grace."""
        alone = await database_sync_to_async(visitor_presence.do_visitor_socket_left)(
            self.channel_name
        )
        if alone is not None:
            housekeeping.expire_presence_later(alone)

    async def periodic(self) -> None:
        if self.group is not None:
            await database_sync_to_async(visitor_presence.do_visitor_socket_seen)(self.channel_name)

    async def dispatch_frame(self, content: dict[str, Any]) -> None:
        if self.session_id is None and content.get("type") != "hello":
            await self.send_error(
                protocol.error_frame(protocol.INVALID, "the first frame must be hello")
            )
            await self.close(code=protocol.CLOSE_PROTOCOL)
            return
        if "conversation_id" in content and content["conversation_id"] != (
            str(self.conversation_id) if self.conversation_id else None
        ):
            await self.send_error(
                protocol.error_frame(protocol.FORBIDDEN, "that conversation is not yours")
            )
            return
        await super().dispatch_frame(content)

    async def _conversation(self) -> Conversation:
        conversation: Conversation = await database_sync_to_async(access_conversation_for_visitor)(
            self.conversation_id
        )
        return conversation

    async def _subscribe(self, conversation_id: uuid.UUID) -> None:
        group = broadcast.visitor_group(conversation_id)
        if self.group != group:
            if self.group is not None:
                await broadcast.leave(self.group, self.channel_name)
            await broadcast.join(group, self.channel_name)
            self.group = group
        self.conversation_id = conversation_id
        await database_sync_to_async(visitor_presence.do_visitor_socket_joined)(
            conversation_id, self.channel_name, self.hidden
        )

    async def on_hello(self, content: dict[str, Any]) -> None:
        if self.session_id is not None:
            raise ChatError("hello was already received")
        token, after_seq = inbound.token(content), inbound.after_seq(content, nullable=True)
        session_id = session_id_from_token(token) if token else None
        self.session_id = session_id or new_session_id()
        self.tenant = await portal.check_hello(content)
        conversation_id = await database_sync_to_async(state.session_conversation)(self.session_id)
        frame: protocol.WelcomeFrame = {
            "type": "welcome",
            "token": make_token(self.session_id),
            "resumed": session_id is not None,
            "conversation": None,
            "messages": [],
            "limits": {
                "text": settings.CHAT_MAX_TEXT_LENGTH,
                "photo_bytes": settings.CHAT_PHOTO_MAX_BYTES,
            },
            "hours": await database_sync_to_async(state.hours_now)(),
            "answering": await database_sync_to_async(availability.answering_now)(),
            "topics": await database_sync_to_async(team_state.visitor_topics)(),
        }
        if conversation_id is not None:
            # Subscribe first, then read: anything committed in between arrives
            # twice and is dropped by seq, so nothing falls between the two.
            await self._subscribe(conversation_id)
            replay = await database_sync_to_async(state.visitor_replay)(conversation_id, after_seq)
            self.delivered = {str(conversation_id): replay.delivered_seq}
            frame["conversation"], frame["messages"] = replay.conversation, replay.messages
        await portal.vouch(self.conversation_id, self.tenant)
        await self.send_frame(frame)

    async def on_start(self, content: dict[str, Any]) -> None:
        given = inbound.details(content.get("details"))
        language, topic = inbound.language(content), inbound.topic(content)
        if self.conversation_id is not None:
            existing = await self._conversation()
            if existing.live.is_open:
                await self.send_frame(await database_sync_to_async(self._status)(existing))
                return
        admission.check_socket(self.starts)
        origin = admission.origin_of(self.session_id or "", self.address)
        browser, system = summarise_user_agent(header(self.scope, b"user-agent"))
        conversation = await database_sync_to_async(conversations.do_start_conversation)(
            session_hash=origin.session_hash,
            address_index=origin.address_index,
            admit=True,
            details=given,
            language=language,
            visitor_socket=(self.channel_name, self.hidden),
            topic=topic,
            diagnostics={
                "ip_address": self.address,
                "browser": browser,
                "operating_system": system,
            },
        )
        self.delivered = {}
        await self._subscribe(conversation.pk)
        await portal.vouch(conversation.pk, self.tenant)
        await self.send_frame(
            await database_sync_to_async(self._status)(conversation, with_id=True)
        )
        # Routing may already have stored a system message, or made the Welsh offer,
        # before we subscribed.
        await self.catch_up(str(conversation.pk))
        if await database_sync_to_async(team_state.offer_pending)(conversation.pk):
            await self.send_frame(protocol.language_offer_frame())

    @staticmethod
    def _status(conversation: Conversation, with_id: bool = False) -> protocol.StatusFrame:
        return state.visitor_state(conversation).frame(conversation.pk if with_id else None)

    async def on_message(self, content: dict[str, Any]) -> None:
        client_id, text = inbound.client_id(content), inbound.text(content)
        if self.conversation_id is None:
            raise NotStarted("send start before chatting")
        wait = visitor_message_window().hit(str(self.conversation_id))
        if wait:
            raise RateLimited(
                "too many messages in this conversation; wait a moment",
                retry_after=round(wait, 2),
            )
        await self.store_line(
            store.NewMessage(self.conversation_id, Message.Sender.VISITOR, text, client_id),
            lambda result: {"type": "ack", "client_id": client_id, "seq": result.message.seq},
            "message",
        )

    async def on_typing(self, content: dict[str, Any]) -> None:
        active = inbound.active_flag(content)
        conversation = await self._conversation()
        await database_sync_to_async(messages.visitor_typing)(conversation, active)

    async def on_details(self, content: dict[str, Any]) -> None:
        given = inbound.details(content.get("details"))
        conversation = await self._conversation()
        if not conversation.live.is_open:
            raise ChatError("the conversation is closed")
        await database_sync_to_async(details.do_update_details)(conversation, given)
        await self.send_frame({"type": "details_saved"})

    async def on_end(self, content: dict[str, Any]) -> None:
        conversation = await self._conversation()
        await database_sync_to_async(conversations.do_end_by_visitor)(conversation)

    async def on_rate(self, content: dict[str, Any]) -> None:
        score, comment = inbound.rating(content)
        conversation = await self._conversation()
        await database_sync_to_async(ratings.do_rate_conversation)(conversation, score, comment)
        await self.send_frame({"type": "rated"})

    async def on_exit(self, content: dict[str, Any]) -> None:
        """The quick exit: ends an open chat, leaves a closed one as it is; no answer
        (the page is already gone)."""
        if self.conversation_id is None:
            return
        conversation = await self._conversation()
        if conversation.live.is_open:
            await database_sync_to_async(conversations.do_quick_exit)(conversation)

    async def on_keep_open(self, content: dict[str, Any]) -> None:
        """The answer to ``idle_warning``; ``kept_open`` reaches every socket of the chat."""
        conversation = await self._conversation()
        await database_sync_to_async(idle.do_keep_open)(conversation)

    async def on_visibility(self, content: dict[str, Any]) -> None:
        """The widget's page was hidden or shown; the agent sees the visitor away or back.
        No answer. Before a conversation the socket only remembers it."""
        hidden = inbound.hidden_flag(content)
        wait = visibility_window().hit(self.channel_name)
        if wait:
            raise RateLimited(
                "the page's visibility changes too often; wait a moment",
                retry_after=round(wait, 2),
            )
        self.hidden = hidden
        if self.conversation_id is not None:
            await database_sync_to_async(visitor_presence.do_visitor_visibility)(
                self.channel_name, hidden
            )

    async def on_topic(self, content: dict[str, Any]) -> None:
        """The visitor chooses what the chat is about (or clears it) while it is queued."""
        topic = inbound.topic(content)
        if self.conversation_id is None:
            raise NotStarted("send start before choosing a topic")
        conversation = await self._conversation()
        await database_sync_to_async(topics.do_visitor_topic)(conversation, topic)
        await self.send_frame({"type": "topic_set", "topic": topic})

    async def on_language_choice(self, content: dict[str, Any]) -> None:
        """The answer to ``language_offer``: wait, continue in English, leave a message."""
        choice = inbound.language_choice(content)
        if self.conversation_id is None:
            raise NotStarted("send start before choosing")
        conversation = await self._conversation()
        await database_sync_to_async(topics.do_choose_language)(conversation, choice)
        await self.send_frame({"type": "language_chosen", "choice": choice})

    async def on_email_transcript(self, content: dict[str, Any]) -> None:
        """A copy only to an address confirmed by a code emailed to it: without ``code``
        the code is emailed (``email_code_sent``); with it, the copy is."""
        email, code = inbound.email(content), inbound.email_code(content)
        conversation = await self._conversation()
        if code is not None:
            await database_sync_to_async(email_codes.do_email_transcript_with_code)(
                conversation, email, code
            )
            await self.send_frame({"type": "transcript_emailed"})
            return
        for window, key in (
            (email_code_socket_window(), self.channel_name),
            (email_code_address_window(), self.address_key),
        ):
            wait = window.hit(key)
            if wait:
                raise RateLimited(
                    "enough codes were asked for from here; please wait", retry_after=round(wait)
                )
        expires_in = await database_sync_to_async(email_codes.do_send_email_code)(
            conversation, email
        )
        frame: protocol.EmailCodeSentFrame = {"type": "email_code_sent", "expires_in": expires_in}
        await self.send_frame(frame)

    async def on_forget(self, content: dict[str, Any]) -> None:
        """The visitor's "forget me": erases every conversation of the session now (all
        or none) and answers a receipt with their number."""
        reached = await database_sync_to_async(state.session_conversations)(self.session_id or "")
        if not reached:
            raise NotStarted("there is no conversation to forget")
        if any(conversation.live.is_open for conversation in reached):
            raise ChatError("end the chat before asking us to forget it")
        try:
            receipt = await database_sync_to_async(subject_rights.forget_conversations)(reached)
        except subject_rights.HeldConversations as held:
            raise Forbidden(
                "a conversation of this chat must be kept for now, so nothing was erased; "
                "quote the reference to our data protection officer",
                reference=held.reference,
            ) from None
        if self.group is not None:
            await broadcast.leave(self.group, self.channel_name)
            await self._left()
            self.group = None
        self.conversation_id = None
        frame: protocol.ForgottenFrame = {
            "type": "forgotten",
            "receipt": {
                "request_id": str(receipt.request_id),
                "reference": receipt.reference,
                "erased_at": protocol.iso(receipt.at),
                "conversations": receipt.conversations,
            },
        }
        await self.send_frame(frame)

    def delivers(self, conversation_id: str) -> bool:
        return conversation_id == str(self.conversation_id)

    async def line_frame(
        self, event: protocol.MessageEvent, text: str
    ) -> protocol.VisitorMessageFrame:
        return protocol.visitor_message_frame(
            seq=event["seq"],
            sender=event["sender"],
            text=text,
            at=event["at"],
            client_id=event["client_id"],
            attachment=event.get("attachment"),
        )

    def stored_line_frame(self, message: store.StoredMessage) -> protocol.VisitorMessageFrame:
        return stored_frames.visitor_frame(message)

    def missing_lines(self, conversation_id: str, after_seq: int) -> list[store.StoredMessage]:
        return state.visitor_missing(uuid.UUID(conversation_id), after_seq)

    async def chat_status(self, event: protocol.StatusEvent) -> None:
        await self.send_frame(event["frame"])

    async def chat_typing(self, event: protocol.TypingEvent) -> None:
        frame: protocol.TypingToVisitorFrame = {
            "type": "typing",
            "from": "agent",
            "active": event["active"],
        }
        await self.send_frame(frame)

    async def chat_idle_warning(self, event: protocol.IdleWarningEvent) -> None:
        await self.send_frame(event["frame"])

    async def chat_language_offer(self, event: protocol.LanguageOfferEvent) -> None:
        await self.send_frame(event["frame"])

    async def chat_case_recorded(self, event: protocol.CaseRecordedEvent) -> None:
        await self.send_frame(event["frame"])

    async def chat_kept_open(self, event: protocol.KeptOpenEvent) -> None:
        await self.send_frame({"type": "kept_open"})

    async def chat_erased(self, event: protocol.VisitorErasedEvent) -> None:
        await self.send_frame({"type": "erased"})
        await self.close(code=1000)
