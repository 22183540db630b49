"""Live-session state. The stored records of conversations live in ``transcripts``."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.timezone import now as timezone_now

from chatserver.chat import visitor_presence


class AgentPresence(models.Model):
    class Status(models.TextChoices):
        AVAILABLE = "available"
        AWAY = "away"

    agent = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="chat_presence",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.AWAY)
    last_assigned_at = models.DateTimeField(null=True, blank=True)
    changed_at = models.DateTimeField(default=timezone_now)
    offline_since = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "agent presence"

    def __str__(self) -> str:
        return f"Agent {self.agent_id}: {self.status}"


class AgentSocket(models.Model):
    """One open agent socket; an agent with none is offline.

    ``seen_at`` is refreshed by the socket's periodic re-check, so rows left by a
    killed process stop counting once they are stale. A row is deleted in the same
    transaction as the end of its session, so routing never picks a revoked socket.
    """

    channel_name = models.CharField(max_length=200, primary_key=True)
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="chat_sockets"
    )
    # The SHA-256 of the session key the socket was opened with: a logout forgets
    # that session's sockets in its own transaction.
    session_hash = models.CharField(max_length=64, blank=True, default="", db_default="")
    opened_at = models.DateTimeField(default=timezone_now)
    seen_at = models.DateTimeField(default=timezone_now, db_index=True)

    def __str__(self) -> str:
        return f"Socket of agent {self.agent_id}"


class CannedResponse(models.Model):
    """A reply agents insert by shortcut; written by staff, holds no visitor data.

    ``text`` is in the default language; ``translations`` hold it in the others, and
    the console inserts the one in the conversation's language when there is one.
    """

    shortcut = models.SlugField(max_length=40, unique=True)
    text = models.TextField(max_length=2000)

    def __str__(self) -> str:
        return self.shortcut


def translation_languages() -> list[tuple[str, str]]:
    """The visitors' languages other than the default, which canned text is written in."""
    return [(code, name) for code, name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


class CannedTranslation(models.Model):
    """A canned response in another of the visitors' languages (Welsh)."""

    response = models.ForeignKey(
        CannedResponse, on_delete=models.CASCADE, related_name="translations"
    )
    language = models.CharField(max_length=10, choices=translation_languages)
    text = models.TextField(max_length=2000)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["response", "language"], name="one_translation_per_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.response.shortcut} ({self.language})"


class Closure(models.Model):
    """A one-off closure of the chat (a training day, the office move), set in the admin."""

    starts_on = models.DateField()
    ends_on = models.DateField()
    reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="closure_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return f"Closed {self.starts_on} to {self.ends_on}"


def default_language() -> str:
    return str(settings.LANGUAGE_CODE)


class EndedBy(models.TextChoices):
    VISITOR = "visitor"
    QUICK_EXIT = "quick_exit"
    IDLE = "idle"
    AGENT = "agent"


class WelshChoice(models.TextChoices):
    """What a visitor to the Welsh service chose when no Welsh speaker was free."""

    WAIT = "wait", "wait for a Welsh speaker"
    ENGLISH = "english", "continue in English"
    MESSAGE = "message", "leave a message"


class LiveConversation(models.Model):
    """The chat's live state of a conversation, beside the sealed record it annotates.

    Made with every conversation (``receivers``); erasing the conversation clears it.
    The record keeps what retention and erasure need; routing and chat features keep
    their state here, so they change without migrating the record's tables.
    """

    class Status(models.TextChoices):
        WAITING = "waiting"
        OFFLINE = "offline"
        ACTIVE = "active"
        CLOSED = "closed"

    # In the queue: waiting for an adviser, or offered to leave a message.
    QUEUE_STATUSES = (Status.WAITING, Status.OFFLINE)

    conversation = models.OneToOneField(
        "transcripts.Conversation", on_delete=models.CASCADE, primary_key=True, related_name="live"
    )
    # A record made outside the chat (an import, a test) has no live session: closed.
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.CLOSED, db_index=True
    )
    waiting_since = models.DateTimeField(null=True, blank=True)
    assigned_at = models.DateTimeField(null=True, blank=True)
    # When an agent first joined the chat (``assigned_at`` moves on with each transfer):
    # the end of the visitor's wait, which the contact-centre reports call "answered".
    answered_at = models.DateTimeField(null=True, blank=True)
    # Started while agents were answering (the chat was open and one was available): a chat
    # offered to them, counted in the service level. False: started when no one answered,
    # so the visitor could only leave a message.
    offered = models.BooleanField(default=False, db_default=False)
    assigned_agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="chat_conversations",
    )
    handled_by = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="handled_conversations"
    )
    # A message left out of hours or with no adviser free, which no agent has taken yet.
    awaiting_reply = models.BooleanField(default=False)
    # The emergency category a visitor's line matched (chat.emergencies), "" when none or
    # cleared; the categories already advised on are not flagged again.
    emergency = models.CharField(max_length=30, blank=True)
    emergency_at = models.DateTimeField(null=True, blank=True)
    emergency_categories = models.JSONField(default=list, blank=True)
    # The visitor's language (one of settings.LANGUAGES): system lines, the emailed copy
    # and the subject's export are written in it.
    language = models.CharField(max_length=10, default=default_language)
    # What the visitor said the chat is about, and the team it is routed to: the topic's
    # team, or the one it was transferred to. None: any agent may take it.
    topic = models.ForeignKey(
        "teams.Topic", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    team = models.ForeignKey(
        "teams.Team", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The last transfer: who handed the chat over, when, and the seq of the internal note
    # they wrote for the receiver (a sealed ``note`` line; None without one). The console
    # shows it first when the chat opens on the receiver's screen.
    handover_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    handover_at = models.DateTimeField(null=True, blank=True)
    handover_note_seq = models.PositiveIntegerField(null=True, blank=True)
    # Where the visitor is (chat.visitor_presence), and since when no socket of theirs is
    # open (the reconnect grace runs from then; None while one is open).
    visitor_presence = models.CharField(
        max_length=10,
        choices=visitor_presence.CHOICES,
        default=visitor_presence.GONE,
        db_default=visitor_presence.GONE,
    )
    visitor_left_at = models.DateTimeField(null=True, blank=True)
    # Who or what ended the chat; a chat the visitor ended (or left by quick exit, or
    # that closed while idle) stays on its agent's screen until they dismiss it.
    ended_by = models.CharField(
        max_length=12, choices=EndedBy.choices, blank=True, default="", db_default=""
    )
    awaiting_dismissal = models.BooleanField(default=False, db_default=False)
    # A Welsh chat with no Welsh speaker free is offered (in Welsh) to wait for one, go on
    # in English or leave a message; the choice is kept and counted (Welsh Language
    # Standards). Non-personal: it survives masking and erasure like ``language``.
    welsh_offered_at = models.DateTimeField(null=True, blank=True)
    welsh_choice = models.CharField(max_length=10, choices=WelshChoice.choices, blank=True)
    # The open prompts of the agent to offer the complaint choice or record a hazard
    # (chatserver.casework.prompts), at most one of each kind: their kind, trigger, the
    # hazard's category and the seq of the line that prompted, never its words.
    case_prompts = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = "live state"
        verbose_name_plural = "live states"
        indexes = [
            models.Index(fields=["status", "waiting_since"]),
            # The reports' concurrency: an agent's chats answered in a window.
            models.Index(fields=["assigned_agent", "answered_at"], name="live_agent_answered"),
        ]

    def __str__(self) -> str:
        return f"Live state of {self.conversation_id} ({self.status})"

    @property
    def is_open(self) -> bool:
        return self.status != self.Status.CLOSED


class Rating(models.Model):
    """The visitor's rating of a closed conversation; the score is kept for statistics.

    The comment given with it is sealed and stays in the record (``RatingComment``).
    """

    conversation = models.OneToOneField(
        "transcripts.Conversation",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="rating",
    )
    score = models.PositiveSmallIntegerField()
    # The agent who had the conversation when it closed.
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    rated_at = models.DateTimeField(default=timezone_now, db_index=True)

    def __str__(self) -> str:
        return f"Rating of {self.conversation_id}"


class EmailCode(models.Model):
    """A one-time code emailed to an address a visitor asked a transcript copy for.

    Holds no address and no code: only the address's blind index and a keyed hash
    of the code. The conversation is named by id, not by a foreign key, so erasing
    the conversation does not reset the address's daily count; rows are deleted by
    housekeeping a day after they were made.
    """

    conversation_id = models.UUIDField(db_index=True)
    recipient_index = models.CharField(max_length=64, db_index=True)
    recipient_index_key_id = models.CharField(max_length=32)
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone_now, db_index=True)
    expires_at = models.DateTimeField()
    failed_attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)
    locked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Email code for conversation {self.conversation_id}"


class VisitorSocket(models.Model):
    """One open visitor socket of a conversation, and whether its page is hidden.

    ``seen_at`` is refreshed while the socket is open, so rows left by a killed process
    stop counting once they are stale (housekeeping forgets them).
    """

    channel_name = models.CharField(max_length=200, primary_key=True)
    conversation = models.ForeignKey(
        LiveConversation, on_delete=models.CASCADE, related_name="visitor_sockets"
    )
    hidden = models.BooleanField(default=False)
    seen_at = models.DateTimeField(default=timezone_now, db_index=True)

    def __str__(self) -> str:
        return f"Visitor socket of {self.conversation_id}"


class AlertPreferences(models.Model):
    """How the console alerts an agent to a new or assigned chat; kept on the server so
    that they follow the agent to any browser. An emergency's sound is never muted."""

    agent = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="chat_alert_preferences",
    )
    sound = models.BooleanField(default=True)
    desktop = models.BooleanField(default=True)
    volume = models.PositiveSmallIntegerField(
        default=70, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )

    class Meta:
        verbose_name_plural = "alert preferences"

    def __str__(self) -> str:
        return f"Alert preferences of agent {self.agent_id}"
