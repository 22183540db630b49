"""The record's errors: the store's refusals, and the failures to seal or open a value.
They carry no protocol: the chat maps them to its error codes in one place
(``chatserver.chat.errors``)."""


class StoreError(Exception):
    """Base of the store's refusals."""


class InvalidText(StoreError, ValueError):
    """Text that cannot be stored, e.g. a lone surrogate that is not valid Unicode."""


class ClientIdReused(StoreError):
    """A ``client_id`` already used in this conversation came with different text."""


class ConversationErased(StoreError):
    """The conversation's data keys were destroyed; nothing can be added to it."""


class UnknownConversation(StoreError):
    """The conversation does not exist (or no longer does)."""


class AlreadyRated(StoreError):
    """The conversation has been rated already (a rating is given once)."""


class CryptoError(Exception):
    """Base of every failure to open or seal a transcript value."""


class KeyDestroyedError(CryptoError):
    """The conversation's data key was destroyed: its content is erased for good."""
