"""Compliance's own records: the audit trail, the subject-request register and the
disclosure register. None holds chat text or visitor details."""

import uuid

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.utils import dateformat
from django.utils.timezone import now as timezone_now

from transcripts.record.models import Conversation

# Crockford's base 32 without U: the short references staff and tenants read (``references``).
CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
REFERENCE_BITS = 40


def shown_reference(compact: str) -> str:
    """A stored eight-character reference as staff and tenants read it: ``XK3V-X11F``."""
    return f"{compact[:4]}-{compact[4:]}"


def short_reference(request_id: uuid.UUID) -> str:
    """A request's short reference, as shown: its id's first 40 bits (random in a version 4
    UUID) as eight characters, ``XK3V-X11F``; ``references.find_requests`` reads it back."""
    bits = request_id.int >> (128 - REFERENCE_BITS)
    chars = "".join(CROCKFORD[(bits >> shift) & 31] for shift in range(35, -1, -5))
    return shown_reference(chars)


class AuditEntry(models.Model):
    """Who did what to which conversation. Never holds personal data."""

    at = models.DateTimeField(default=timezone_now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    action = models.CharField(max_length=40, db_index=True)
    conversation_id = models.UUIDField(null=True, blank=True, db_index=True)
    request_id = models.UUIDField(null=True, blank=True)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at"]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"{self.action} at {self.at:%Y-%m-%d %H:%M}"


class SubjectRequest(models.Model):
    """A data subject's request (access, erasure, rectification, restriction or objection),
    with its statutory deadline and the conversations it is about.

    The subject is identified only by the blind index of their email, or by the
    conversations the DPO found: the register itself never holds the address.
    """

    class Kind(models.TextChoices):
        ACCESS = "access", "Access"
        ERASURE = "erasure", "Erasure"
        RECTIFICATION = "rectification", "Rectification"
        RESTRICTION = "restriction", "Restriction"
        OBJECTION = "objection", "Objection"

    class Extension(models.TextChoices):
        COMPLEX = "complex", "The request is complex"
        SEVERAL = "several", "Several requests from the same person"

    class Outcome(models.TextChoices):
        RELEASED = "released", "Export released"
        ERASED = "erased", "Erased"
        DONE = "done", "Done as asked"
        PARTLY = "partly", "Partly done, the tenant told why"
        REFUSED = "refused", "Refused, the tenant told why and of their right to complain"

    class Source(models.TextChoices):
        DPO = "dpo", "Data protection officer"
        WIDGET = "widget", "Visitor, from the chat widget"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.DPO)
    email_index = models.CharField(max_length=64, blank=True)
    # The master key the index was made under ("" for requests registered before this
    # was recorded): the email cannot be indexed again without the subject's address.
    email_index_key_id = models.CharField(max_length=32, blank=True, default="")
    received_on = models.DateField()
    deadline = models.DateField()
    created_at = models.DateTimeField(default=timezone_now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    conversations = models.PositiveIntegerField(default=0)
    # The conversations the request is about, found by email or by the DPO's search.
    in_scope = models.ManyToManyField(Conversation, blank=True, related_name="subject_requests")
    extension = models.CharField(max_length=10, choices=Extension.choices, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True)

    class Meta:
        ordering = ["deadline"]

    def __str__(self) -> str:
        return f"{self.kind} request {self.id} due {self.deadline}"

    @property
    def reference(self) -> str:
        """The short reference staff and the tenant use: the one a visitor's "Ask us to
        forget" receipt gave, else the one of the id (the id itself is for machines)."""
        try:
            given = self.reached.reference
        except ObjectDoesNotExist:
            given = None
        return shown_reference(given) if given else short_reference(self.id)

    @property
    def title(self) -> str:
        """How the screens name a request: "Access request XK3V-X11F, received 7 December
        2026"."""
        received = dateformat.format(self.received_on, "j F Y")
        return f"{self.get_kind_display()} request {self.reference}, received {received}"


class RequestConversations(models.Model):
    """The conversations a subject request reached or was started for, by id (a visitor's
    "Ask us to forget", or the DPO's search), and for a visitor's request the short
    reference their receipt gives (``references``). Holds no personal data."""

    request = models.OneToOneField(
        SubjectRequest, on_delete=models.CASCADE, primary_key=True, related_name="reached"
    )
    reference = models.CharField(max_length=8, unique=True, null=True, blank=True)  # noqa: DJ001
    conversations = models.ManyToManyField(Conversation, related_name="+")

    def __str__(self) -> str:
        return f"Conversations of request {self.request_id}"


class Withholding(models.Model):
    """A line or photo left out of an access export, and why (a choice, and the DPO's
    own words sealed under the conversation's data key: erased with it, never logged)."""

    class Part(models.TextChoices):
        LINE = "line", "Line"
        PHOTO = "photo", "Photo"

    class Reason(models.TextChoices):
        THIRD_PARTY = "third_party", "Another person's information (DPA 2018 Sch. 2 para. 16)"
        CRIME = "crime", "Prevention or detection of crime (Sch. 2 para. 2)"
        LEGAL_PRIVILEGE = "legal_privilege", "Legal professional privilege (Sch. 2 para. 19)"
        SERIOUS_HARM = "serious_harm", "Serious harm to someone's health (Sch. 3)"
        OTHER = "other", "Another exemption, named in the note"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    request = models.ForeignKey(SubjectRequest, on_delete=models.CASCADE, related_name="withheld")
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="+")
    part = models.CharField(max_length=5, choices=Part.choices)
    seq = models.PositiveIntegerField()
    reason = models.CharField(max_length=20, choices=Reason.choices)
    note = models.BinaryField(null=True, blank=True)
    withheld_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    withheld_at = models.DateTimeField(default=timezone_now)

    class Meta:
        ordering = ["conversation_id", "seq"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "conversation", "part", "seq"], name="withheld_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.part} {self.seq} withheld from request {self.request_id}"


class Disclosure(models.Model):
    """A disclosure of a conversation to a third party (police, a court, a benefit
    agency, a partner under a data-sharing agreement), recorded by a supervisor.

    Holds no chat text or visitor details: who received what, under which lawful basis
    and reference. Kept with the conversation's record; part of the subject export.
    """

    class LawfulBasis(models.TextChoices):
        CRIME = "crime", "Prevention or detection of crime (DPA 2018 Sch. 2 para. 2)"
        LEGAL_PROCEEDINGS = "legal_proceedings", "Legal proceedings or advice (Sch. 2 para. 5)"
        COURT_ORDER = "court_order", "Court order or enactment (Sch. 2 para. 5(1))"
        LEGAL_OBLIGATION = "legal_obligation", "Legal obligation (UK GDPR art. 6(1)(c))"
        SHARING_AGREEMENT = "sharing_agreement", "Data-sharing agreement (art. 6(1)(e))"
        VITAL_INTERESTS = "vital_interests", "Vital interests (art. 6(1)(d))"
        CONSENT = "consent", "The visitor's consent (art. 6(1)(a))"

    class Scope(models.TextChoices):
        TRANSCRIPT = "transcript", "The transcript and the visitor's details"
        TRANSCRIPT_ONLY = "transcript_only", "The transcript without the visitor's details"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="disclosures"
    )
    recipient = models.CharField(max_length=200)
    lawful_basis = models.CharField(max_length=30, choices=LawfulBasis.choices)
    reference = models.CharField(max_length=100)
    scope = models.CharField(max_length=20, choices=Scope.choices)
    # Required for special-category conversations: the art. 9 condition relied on.
    special_category_basis = models.CharField(max_length=200, blank=True)
    disclosed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    disclosed_at = models.DateTimeField(default=timezone_now, db_index=True)

    class Meta:
        ordering = ["-disclosed_at"]

    def __str__(self) -> str:
        return f"Disclosure of {self.conversation_id} to {self.recipient}"


class StandingHold(models.Model):
    """A hold placed by an open matter of record (a complaint or hazard case): one row per
    holder, so lifting one never lifts another's, nor the DPO's own hold (the
    conversation's ``legal_hold``). ``holder`` names the matter (``case:K7QM2XPD``), never
    a person."""

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="standing_holds"
    )
    holder = models.CharField(max_length=40)
    placed_at = models.DateTimeField(default=timezone_now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["conversation", "holder"], name="unique_standing_hold")
        ]

    def __str__(self) -> str:
        return f"Hold on {self.conversation_id} by {self.holder}"
