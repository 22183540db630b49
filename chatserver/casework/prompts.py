"""Prompting agents to offer the complaint choice or to record a hazard, and their answers.

The server decides when to prompt; the agent decides what to do. A visitor's line that
sounds dissatisfied, or a low rating, prompts the complaint choice (the Housing
Ombudsman's Complaint Handling Code: whenever a resident expresses dissatisfaction they
are given the choice to complain); a line naming damp, mould or another hazard prompts
recording it (Awaab's Law puts those on a clock from when the landlord knows, and a chat
line can be that moment). A conversation has at most one open prompt of each kind, kept
on its live state, so a chat of complaints is not a stream of prompts. Each prompt and
each answer is an audit entry holding kinds, categories and seqs, never the words.
"""

import logging
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from chatserver.casework import prompt_cues
from chatserver.chat import broadcast, protocol
from chatserver.chat.errors import ChatError
from chatserver.chat.models import LiveConversation
from locality import languages
from transcripts.compliance import audit
from transcripts.record.messages import NewMessage
from transcripts.record.models import Conversation, Message

logger = logging.getLogger(__name__)

COMPLAINT: Final = "complaint"
HAZARD: Final = "hazard"
# The answers an agent may give to each kind of prompt: only a complaint is offered.
DECISIONS: dict[str, tuple[str, ...]] = {
    COMPLAINT: ("offered", "declined", "recorded", "not_relevant"),
    HAZARD: ("recorded", "not_relevant"),
}


class NoOpenPrompt(ChatError):
    """The conversation has no open prompt of that kind."""


@dataclass(frozen=True)
class Prompt:
    """A prompt to open: its kind, what triggered it, a hazard's category and the line."""

    kind: protocol.CasePromptKind
    trigger: protocol.CasePromptTrigger
    category: str | None = None
    seq: int | None = None

    def stored(self) -> dict[str, Any]:
        """As the live state keeps it (and the audit entry records it)."""
        kept: dict[str, Any] = {"prompt": self.kind, "trigger": self.trigger, "state": "open"}
        if self.category is not None:
            kept["category"] = self.category
        if self.seq is not None:
            kept["seq"] = self.seq
        return kept


def line_cues(
    lines: Sequence[NewMessage], emergencies: Mapping[int, str]
) -> dict[int, prompt_cues.Cues]:
    """The cues of each visitor line that prompts anything, by index (no database: this is
    the hot path of every line). ``emergencies`` are the lines' emergency categories."""
    found: dict[int, prompt_cues.Cues] = {}
    for index, line in enumerate(lines):
        if line.sender != Message.Sender.VISITOR:
            continue
        cues = prompt_cues.read(line.text, emergencies.get(index))
        if cues != prompt_cues.NOTHING:
            found[index] = cues
    return found


def prompts_for_line(cues: prompt_cues.Cues, seq: int) -> list[Prompt]:
    prompts = [Prompt(COMPLAINT, "words", seq=seq)] if cues.dissatisfied else []
    if cues.hazard is not None:
        prompts.append(Prompt(HAZARD, "words", category=cues.hazard, seq=seq))
    return prompts


def prompt_frame(
    conversation_id: uuid.UUID | str, kept: Mapping[str, Any], language: str
) -> protocol.CasePromptFrame:
    """The ``case_prompt`` frame of a prompt as the live state keeps it."""
    frame: protocol.CasePromptFrame = {
        "type": "case_prompt",
        "conversation_id": str(conversation_id),
        "prompt": kept["prompt"],
        "trigger": kept["trigger"],
        "state": kept["state"],
    }
    if "category" in kept:
        frame["category"] = kept["category"]
        frame["label"] = prompt_cues.label(kept["category"])
        frame["severity"] = prompt_cues.severity(kept["category"])
    if "seq" in kept:
        frame["seq"] = kept["seq"]
    if kept["prompt"] == COMPLAINT:
        with languages.speaking(language):
            frame["offer"] = _(
                "If you are unhappy with our service, you can make a complaint, and I can "
                "record it for you now. Would you like me to do that?"
            )
    return frame


def open_frames(live: LiveConversation) -> list[protocol.CasePromptFrame]:
    """The conversation's open prompts, for the agent who opens it (after a reconnect, or
    a chat taken from the queue with a prompt waiting)."""
    return [prompt_frame(live.conversation_id, kept, live.language) for kept in live.case_prompts]


def _tell_agent(agent_id: int | None, frame: protocol.CasePromptFrame) -> None:
    if agent_id is not None:
        transaction.on_commit(lambda: broadcast.case_prompt(agent_id, frame))


def raise_prompt(conversation_id: uuid.UUID, prompt: Prompt) -> None:
    """Opens ``prompt`` unless one of its kind is open: audited, and the assigned agent is
    told after the commit. Runs inside the caller's transaction, which has locked the
    conversation's record (every writer of the live state locks it first)."""
    live = LiveConversation.objects.select_for_update().get(conversation_id=conversation_id)
    if any(kept["prompt"] == prompt.kind for kept in live.case_prompts):
        return
    kept = prompt.stored()
    LiveConversation.objects.filter(pk=live.pk).update(case_prompts=[*live.case_prompts, kept])
    facts = {key: value for key, value in kept.items() if key != "state"}
    audit.record(audit.CASE_PROMPTED, conversation_id=conversation_id, **facts)
    _tell_agent(live.assigned_agent_id, prompt_frame(conversation_id, kept, live.language))
    logger.info("Conversation %s prompted a %s", conversation_id, prompt.kind)


def raise_rating_prompt(conversation_id: uuid.UUID, score: int) -> None:
    """A rating at or below ``CHAT_LOW_RATING`` prompts the complaint choice (inside the
    rating's transaction)."""
    if score <= settings.CHAT_LOW_RATING:
        raise_prompt(conversation_id, Prompt(COMPLAINT, "rating"))


def read_decision(content: Mapping[str, Any]) -> tuple[str, str]:
    """The prompt's kind and the agent's decision from a ``case_prompt_decision`` frame."""
    kind, decision = content.get("prompt"), content.get("decision")
    if not isinstance(kind, str) or kind not in DECISIONS:
        raise ChatError(f"prompt must be one of {', '.join(DECISIONS)}")
    if not isinstance(decision, str) or decision not in DECISIONS[kind]:
        raise ChatError(f"decision for a {kind} must be one of {', '.join(DECISIONS[kind])}")
    return kind, decision


def do_decide(agent: User, conversation: Conversation, kind: str, decision: str) -> None:
    """The agent's answer to the conversation's open prompt of ``kind`` (audited).

    ``offered`` keeps a complaint prompt open, as offered, until the tenant answers; any
    other decision closes it. Every socket of the agent is told."""
    with transaction.atomic():
        # The record's row first, as every writer of the live state locks them.
        Conversation.objects.select_for_update().filter(pk=conversation.pk).exists()
        live = LiveConversation.objects.select_for_update().get(conversation_id=conversation.pk)
        current = next((kept for kept in live.case_prompts if kept["prompt"] == kind), None)
        if current is None:
            raise NoOpenPrompt(f"this conversation has no open {kind} prompt")
        state = "offered" if decision == "offered" else "decided"
        answered = {**current, "state": state}
        others = [kept for kept in live.case_prompts if kept is not current]
        LiveConversation.objects.filter(pk=live.pk).update(
            case_prompts=[*others, answered] if state == "offered" else others
        )
        audit.record(
            audit.CASE_PROMPT_DECIDED,
            actor_id=agent.pk,
            conversation_id=conversation.pk,
            prompt=kind,
            decision=decision,
            trigger=current["trigger"],
        )
        frame = prompt_frame(conversation.pk, answered, live.language)
        _tell_agent(agent.pk, frame)
    logger.info("Agent %s answered a %s prompt: %s", agent.pk, kind, decision)
