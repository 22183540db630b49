"""The kinds of event an endpoint may subscribe to, and the personal fields it may be
allowed one by one (docs/integrations.md describes each)."""

# The event types an endpoint may subscribe to (docs/integrations.md describes each).
CONVERSATION_CREATED = "conversation.created"
CONVERSATION_ASSIGNED = "conversation.assigned"
CONVERSATION_TRANSFERRED = "conversation.transferred"
CONVERSATION_CLOSED = "conversation.closed"
CONVERSATION_WRAPPED_UP = "conversation.wrapped_up"
MESSAGE_LEFT = "conversation.message_left"
CONVERSATION_RATED = "conversation.rated"
CASE_RECORDED = "case.recorded"
CASE_CHANGED = "case.changed"
SUBJECT_REQUEST_DUE = "subject_request.due"
HOUSING_SUMMARY = "housing.summary"
EVENT_TYPES: dict[str, str] = {
    CONVERSATION_CREATED: "Conversation created",
    CONVERSATION_ASSIGNED: "Conversation assigned to an agent",
    CONVERSATION_TRANSFERRED: "Conversation transferred",
    CONVERSATION_CLOSED: "Conversation closed (with its wrap-up)",
    CONVERSATION_WRAPPED_UP: "Wrap-up given after the close",
    MESSAGE_LEFT: "Message left while no one was answering",
    CONVERSATION_RATED: "Conversation rated",
    CASE_RECORDED: "Case recorded (complaint, service request, hazard)",
    CASE_CHANGED: "Case changed (a step done, escalated, extended, closed)",
    SUBJECT_REQUEST_DUE: "Subject request due soon",
    HOUSING_SUMMARY: "Summary sent to the housing system by an agent",
}

# What an endpoint may be allowed besides the facts, one by one (all off by default): the
# visitor's details and the chat's text, read from the sealed record at delivery.
NAME, EMAIL, ADDRESS, TRANSCRIPT = "name", "email", "address", "transcript"
PERSONAL_FIELDS: dict[str, str] = {
    NAME: "Visitor's name",
    EMAIL: "Visitor's email",
    ADDRESS: "Visitor's address",
    TRANSCRIPT: "The chat's text (its lines, without internal notes)",
}
