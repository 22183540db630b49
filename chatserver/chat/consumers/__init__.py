"""The chat's WebSocket consumers: framing in ``base``, one module per endpoint."""

from chatserver.chat.consumers.agent import AgentConsumer
from chatserver.chat.consumers.visitor import VisitorConsumer

__all__ = ["AgentConsumer", "VisitorConsumer"]
