"""The roles an account can hold, as the names of Django groups: defined here, where
accounts are provisioned, and read by the chat's access rules (``chatserver.chat.access``)."""

AGENTS_GROUP_NAME = "agents"
SUPERVISORS_GROUP_NAME = "supervisors"
AGENT_GROUP_NAMES = (AGENTS_GROUP_NAME, SUPERVISORS_GROUP_NAME)
