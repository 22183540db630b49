"""Every frame by endpoint, direction and type, and the check of a frame against it."""

from chatserver.chat.protocol.agent_frames import (
    AgentAckFrame,
    AgentMessageFrame,
    AgentTopicSetFrame,
    AssignedFrame,
    ConversationFrame,
    DetailsFrame,
    EmergencyFrame,
    HistoryFrame,
    PresenceFrame,
    QueueFrame,
    SnapshotFrame,
    TypingToAgentFrame,
)
from chatserver.chat.protocol.client_frames import (
    AcceptFrame,
    AgentLineFrame,
    AgentTopicFrame,
    AgentTypingFrame,
    ClearEmergencyFrame,
    CloseFrame,
    DetailsUpdateFrame,
    EmailTranscriptFrame,
    EndFrame,
    ForgetFrame,
    HelloFrame,
    HistoryRequestFrame,
    KeepOpenFrame,
    LanguageChoiceFrame,
    PingFrame,
    PresenceRequestFrame,
    QuickExitFrame,
    RateFrame,
    StartFrame,
    TransferFrame,
    VisitorLineFrame,
    VisitorTopicFrame,
    VisitorTypingFrame,
)
from chatserver.chat.protocol.shared_frames import AckFrame, ErrorFrame, SimpleFrame, StatusFrame
from chatserver.chat.protocol.visitor_frames import (
    EmailCodeSentFrame,
    ForgottenFrame,
    IdleWarningFrame,
    LanguageChosenFrame,
    LanguageOfferFrame,
    TopicSetFrame,
    TypingToVisitorFrame,
    VisitorMessageFrame,
    WelcomeFrame,
)

# Every frame, by (endpoint, direction, type): the reference ``docs/protocol.md`` lists the
# same keys for each (a test compares them).
FRAMES: dict[tuple[str, str, str], type] = {
    ("visitor", "in", "hello"): HelloFrame,
    ("visitor", "in", "start"): StartFrame,
    ("visitor", "in", "message"): VisitorLineFrame,
    ("visitor", "in", "typing"): VisitorTypingFrame,
    ("visitor", "in", "details"): DetailsUpdateFrame,
    ("visitor", "in", "end"): EndFrame,
    ("visitor", "in", "ping"): PingFrame,
    ("visitor", "in", "email_transcript"): EmailTranscriptFrame,
    ("visitor", "in", "forget"): ForgetFrame,
    ("visitor", "in", "rate"): RateFrame,
    ("visitor", "in", "exit"): QuickExitFrame,
    ("visitor", "in", "keep_open"): KeepOpenFrame,
    ("visitor", "in", "topic"): VisitorTopicFrame,
    ("visitor", "in", "language_choice"): LanguageChoiceFrame,
    ("visitor", "out", "welcome"): WelcomeFrame,
    ("visitor", "out", "status"): StatusFrame,
    ("visitor", "out", "ack"): AckFrame,
    ("visitor", "out", "message"): VisitorMessageFrame,
    ("visitor", "out", "typing"): TypingToVisitorFrame,
    ("visitor", "out", "error"): ErrorFrame,
    ("visitor", "out", "erased"): SimpleFrame,
    ("visitor", "out", "pong"): SimpleFrame,
    ("visitor", "out", "details_saved"): SimpleFrame,
    ("visitor", "out", "email_code_sent"): EmailCodeSentFrame,
    ("visitor", "out", "transcript_emailed"): SimpleFrame,
    ("visitor", "out", "forgotten"): ForgottenFrame,
    ("visitor", "out", "rated"): SimpleFrame,
    ("visitor", "out", "idle_warning"): IdleWarningFrame,
    ("visitor", "out", "kept_open"): SimpleFrame,
    ("visitor", "out", "topic_set"): TopicSetFrame,
    ("visitor", "out", "language_offer"): LanguageOfferFrame,
    ("visitor", "out", "language_chosen"): LanguageChosenFrame,
    ("agent", "in", "presence"): PresenceRequestFrame,
    ("agent", "in", "accept"): AcceptFrame,
    ("agent", "in", "message"): AgentLineFrame,
    ("agent", "in", "note"): AgentLineFrame,
    ("agent", "in", "typing"): AgentTypingFrame,
    ("agent", "in", "transfer"): TransferFrame,
    ("agent", "in", "close"): CloseFrame,
    ("agent", "in", "history"): HistoryRequestFrame,
    ("agent", "in", "clear_emergency"): ClearEmergencyFrame,
    ("agent", "in", "ping"): PingFrame,
    ("agent", "in", "topic"): AgentTopicFrame,
    ("agent", "out", "snapshot"): SnapshotFrame,
    ("agent", "out", "queue"): QueueFrame,
    ("agent", "out", "assigned"): AssignedFrame,
    ("agent", "out", "unassigned"): ConversationFrame,
    ("agent", "out", "erased"): ConversationFrame,
    ("agent", "out", "message"): AgentMessageFrame,
    ("agent", "out", "ack"): AgentAckFrame,
    ("agent", "out", "typing"): TypingToAgentFrame,
    ("agent", "out", "status"): StatusFrame,
    ("agent", "out", "history"): HistoryFrame,
    ("agent", "out", "details"): DetailsFrame,
    ("agent", "out", "presence"): PresenceFrame,
    ("agent", "out", "emergency"): EmergencyFrame,
    ("agent", "out", "topic"): AgentTopicSetFrame,
    ("agent", "out", "error"): ErrorFrame,
    ("agent", "out", "pong"): SimpleFrame,
}


def frame_problems(endpoint: str, frame: dict[str, object]) -> list[str]:
    """What is wrong with a frame the server sent on ``endpoint`` ("visitor" or "agent"),
    judged by ``FRAMES``: missing keys and keys it does not define (empty when none)."""
    frame_type = str(frame.get("type"))
    typed = FRAMES.get((endpoint, "out", frame_type))
    if typed is None:
        return [f"no {endpoint} frame of type {frame_type}"]
    required, optional = set(typed.__required_keys__), set(typed.__optional_keys__)  # type: ignore[attr-defined]
    return [f"{frame_type} lacks {key}" for key in sorted(required - set(frame))] + [
        f"{frame_type} has unknown {key}" for key in sorted(set(frame) - required - optional)
    ]
