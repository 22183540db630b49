"""The agent socket's part in complaint and hazard prompts (``chatserver.casework.prompts``):
it passes the agent's decision to the action and the prompts to the console."""

from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from channels.db import database_sync_to_async
from django.contrib.auth.models import User

from chatserver.casework import prompts
from chatserver.chat import protocol
from transcripts.record.models import Conversation


class CasePromptHandlers:
    """Mixed into the agent's consumer, which provides the agent, ``_mine`` (the
    conversation a frame names, if it is this agent's) and ``send_frame``."""

    user: User
    _mine: Callable[[dict[str, Any]], Awaitable[Conversation]]
    send_frame: Callable[[Mapping[str, Any]], Awaitable[None]]

    async def on_case_prompt_decision(self, content: dict[str, Any]) -> None:
        kind, decision = prompts.read_decision(content)
        conversation = await self._mine(content)
        await database_sync_to_async(prompts.do_decide)(self.user, conversation, kind, decision)

    async def chat_case_prompt(self, event: protocol.CasePromptEvent) -> None:
        await self.send_frame(event["frame"])
