"""What is stored about a conversation.

Every personal value is a sealed envelope (see ``crypto.py``) in a binary
column; only ``store.py`` writes or reads these models' sealed fields.
"""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils.timezone import now as timezone_now


def new_conversation_id() -> uuid.UUID:
    """A UUID carrying 128 random bits, so guessing ids finds nothing."""
    return uuid.UUID(bytes=secrets.token_bytes(16))


class Conversation(models.Model):
    id = models.UUIDField(primary_key=True, default=new_conversation_id, editable=False)
    created_at = models.DateTimeField(default=timezone_now, db_index=True)
    closed_at = models.DateTimeField(null=True, blank=True, db_index=True)
    last_activity_at = models.DateTimeField(default=timezone_now)
    last_seq = models.PositiveIntegerField(default=0)
    key_generation = models.PositiveIntegerField(default=1)
    key_seals = models.PositiveIntegerField(default=0)
    has_details = models.BooleanField(default=False)
    special_category = models.BooleanField(default=False)
    legal_hold = models.BooleanField(default=False)
    legal_hold_reason = models.CharField(max_length=200, blank=True)
    legal_hold_until = models.DateField(null=True, blank=True)
    aged_at = models.DateTimeField(null=True, blank=True, db_index=True)
    erased_at = models.DateTimeField(null=True, blank=True)
    # Which retention run is working on the conversation (PostgreSQL, several workers).
    retention_claim = models.UUIDField(null=True, blank=True)
    retention_claimed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Conversation {self.id}"


class DataKey(models.Model):
    """A conversation's data key, wrapped by a master key. Deleting it shreds."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="keys")
    generation = models.PositiveIntegerField()
    master_key_id = models.CharField(max_length=32, db_index=True)
    wrapped = models.BinaryField()
    created_at = models.DateTimeField(default=timezone_now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["conversation", "generation"], name="unique_data_key_generation"
            )
        ]

    def __str__(self) -> str:
        return f"Data key {self.generation} of {self.conversation_id}"


class Message(models.Model):
    class Sender(models.TextChoices):
        VISITOR = "visitor"
        AGENT = "agent"
        SYSTEM = "system"
        NOTE = "note"

    # No index of its own: unique_message_seq, led by the conversation, serves its lookups,
    # and every index costs each stored line another write.
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages", db_index=False
    )
    seq = models.PositiveIntegerField()
    sender = models.CharField(max_length=10, choices=Sender.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    # NULL (not "") for system messages: the unique constraint ignores NULLs.
    client_id = models.CharField(max_length=64, null=True, blank=True)  # noqa: DJ001
    body = models.BinaryField(null=True)
    # NULL until the retention job masks the message; "" is a masked empty text.
    masked_text = models.TextField(null=True, blank=True)  # noqa: DJ001
    created_at = models.DateTimeField(default=timezone_now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["conversation", "seq"], name="unique_message_seq"),
            # Led by client_id, so a batch's repeat check probes the index once per line
            # instead of reading every message of the batch's conversations.
            models.UniqueConstraint(
                fields=["client_id", "conversation"], name="unique_message_client_id"
            ),
        ]
        ordering = ["conversation", "seq"]

    def __str__(self) -> str:
        return f"Message {self.seq} of {self.conversation_id}"


class VisitorDetails(models.Model):
    """The visitor's optional pre-chat details, each sealed."""

    conversation = models.OneToOneField(
        Conversation, on_delete=models.CASCADE, primary_key=True, related_name="details"
    )
    name = models.BinaryField(null=True)
    email = models.BinaryField(null=True)
    address = models.BinaryField(null=True)
    email_index = models.CharField(max_length=64, null=True, blank=True, db_index=True)  # noqa: DJ001
    email_index_key_id = models.CharField(max_length=32, blank=True)
    updated_at = models.DateTimeField(default=timezone_now)

    def __str__(self) -> str:
        return f"Details of {self.conversation_id}"


class DetailIndex(models.Model):
    """A keyed blind index of one of the visitor's details (``blind_index``): their name,
    surname, address or postcode as given in the details, or a phone number or tenancy
    reference they wrote in the chat. Never the value; deleted with the conversation's
    other personal records."""

    class Kind(models.TextChoices):
        NAME = "name"
        SURNAME = "surname"
        ADDRESS = "address"
        POSTCODE = "postcode"
        PHONE = "phone"
        TENANCY = "tenancy"

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="detail_indexes"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    digest = models.CharField(max_length=64)
    key_id = models.CharField(max_length=32)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["conversation", "kind", "digest"], name="unique_detail_index"
            )
        ]
        indexes = [models.Index(fields=["kind", "digest"], name="detail_index_lookup")]

    def __str__(self) -> str:
        return f"{self.kind} index of {self.conversation_id}"


class Diagnostics(models.Model):
    """What the privacy notice says we collect about the connection, each sealed."""

    conversation = models.OneToOneField(
        Conversation, on_delete=models.CASCADE, primary_key=True, related_name="diagnostics"
    )
    ip_address = models.BinaryField(null=True)
    browser = models.BinaryField(null=True)
    operating_system = models.BinaryField(null=True)

    def __str__(self) -> str:
        return f"Diagnostics of {self.conversation_id}"


class VisitorSession(models.Model):
    """A visitor's resumable session, found by the SHA-256 of its random id."""

    id_hash = models.CharField(max_length=64, primary_key=True)
    conversation = models.ForeignKey(
        Conversation, null=True, blank=True, on_delete=models.CASCADE, related_name="sessions"
    )
    created_at = models.DateTimeField(default=timezone_now)

    def __str__(self) -> str:
        return f"Visitor session of {self.conversation_id}"


class ConversationOrigin(models.Model):
    """Who started a visitor's conversation, as hashes only.

    ``session_hash`` is the SHA-256 of the widget session's random id (as in
    ``VisitorSession``): "forget" reaches every conversation the session started.
    ``address_index`` is a keyed hash of the client address (``crypto.address_index``),
    never the address: it bounds conversations per address and keeps one address from
    filling the head of the queue, and housekeeping blanks it once it is no longer needed.
    """

    conversation = models.OneToOneField(
        Conversation, on_delete=models.CASCADE, primary_key=True, related_name="origin"
    )
    session_hash = models.CharField(max_length=64, db_index=True)
    address_index = models.CharField(max_length=64, blank=True, db_index=True)
    created_at = models.DateTimeField(default=timezone_now, db_index=True)

    def __str__(self) -> str:
        return f"Origin of {self.conversation_id}"


class RatingComment(models.Model):
    """The visitor's optional comment with a rating, sealed; aged out with the chat text."""

    conversation = models.OneToOneField(
        Conversation, on_delete=models.CASCADE, primary_key=True, related_name="rating_comment"
    )
    comment = models.BinaryField()

    def __str__(self) -> str:
        return f"Rating comment of {self.conversation_id}"


class Attachment(models.Model):
    """A photo sent in a conversation, re-encoded and sealed with its thumbnail.

    Its message (``seq``) holds the placeholder text; the image and the thumbnail are
    sealed under the conversation's data key, each bound to this row, so erasure and
    ageing destroy them with the key.
    """

    id = models.UUIDField(primary_key=True, default=new_conversation_id, editable=False)
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="attachments"
    )
    seq = models.PositiveIntegerField()
    content_type = models.CharField(max_length=20)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    size = models.PositiveIntegerField()
    image = models.BinaryField()
    thumbnail = models.BinaryField()
    created_at = models.DateTimeField(default=timezone_now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["conversation", "seq"], name="unique_attachment_seq")
        ]
        indexes = [models.Index(fields=["conversation", "created_at"])]

    def __str__(self) -> str:
        return f"Attachment {self.seq} of {self.conversation_id}"

    @property
    def extension(self) -> str:
        """The file extension of its (re-encoded) content type."""
        return "png" if self.content_type == "image/png" else "jpg"


class PortalTenant(models.Model):
    """The tenant the landlord's portal vouched for in a signed assertion
    (``chatserver.tenant_portal``): its opaque tenancy reference and, when the portal gave
    one, a display name, each sealed like the visitor's details. Nothing else about the
    tenant is kept; erased and aged out with the conversation's other personal records."""

    conversation = models.OneToOneField(
        Conversation, on_delete=models.CASCADE, primary_key=True, related_name="portal_tenant"
    )
    tenancy_reference = models.BinaryField()
    display_name = models.BinaryField(null=True)
    verified_at = models.DateTimeField(default=timezone_now)

    def __str__(self) -> str:
        return f"Portal tenant of {self.conversation_id}"
