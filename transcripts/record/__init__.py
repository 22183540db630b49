"""The sealed record: conversations, messages, visitor details, photos and their keys.

Owns the models of the record, the store (every read and write of sealed values),
sealing and crypto (per-conversation data keys wrapped by the master key ring), key
rotation and the batch SQL of group commit. Imports Django and ``locality`` only: never
the chat, redaction or compliance, which build on it.
"""
