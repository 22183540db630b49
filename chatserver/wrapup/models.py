"""Wrap-up: why a tenant chatted and what came of it, recorded when the chat closes.

Supervisors keep the lists (contact reasons, outcomes, tags) in the admin. A ``WrapUp`` row
holds only those choices, the agent, the team and topic at close and when: no text of any
kind, so it is not personal data and outlives the transcript. Its link to the conversation
is ``SET_NULL`` and the close date is copied onto it, so a masked or erased transcript (the
row stays) and a purged one (the row goes) are still counted by reason and outcome.
"""

from django.conf import settings
from django.db import models


class Choice(models.Model):
    """One entry of a supervisor-kept list. Retired entries stay (old wrap-ups name them)
    but are no longer offered."""

    slug = models.SlugField(max_length=40, unique=True)
    label = models.CharField(max_length=60)
    position = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True, help_text="Offered to agents when closing.")

    class Meta:
        abstract = True
        ordering = ["position", "label"]

    def __str__(self) -> str:
        return self.label


class ContactReason(Choice):
    class Meta(Choice.Meta):
        verbose_name = "contact reason"


class Outcome(Choice):
    class Meta(Choice.Meta):
        verbose_name = "outcome"


class Tag(Choice):
    """An optional extra label ("vulnerable tenant flagged", "follow-up needed"): chosen
    from this list, never typed, because free text could hold a tenant's personal data and
    would then outlive an erasure."""

    class Meta(Choice.Meta):
        verbose_name = "tag"


class WrapUpPolicy(models.Model):
    """The one row of wrap-up settings a supervisor changes in the admin."""

    required = models.BooleanField(
        default=False,
        help_text=(
            "Agents must give a contact reason and an outcome to close a chat. Off: they are "
            "asked, but may close without."
        ),
    )

    class Meta:
        verbose_name = "wrap-up policy"
        verbose_name_plural = "wrap-up policy"

    def __str__(self) -> str:
        return "Wrap-up required" if self.required else "Wrap-up optional"

    @classmethod
    def current(cls) -> "WrapUpPolicy":
        return cls.objects.order_by("pk").first() or cls()


class WrapUp(models.Model):
    conversation = models.OneToOneField(
        "transcripts.Conversation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="wrap_up",
    )
    reason = models.ForeignKey(ContactReason, on_delete=models.PROTECT, related_name="+")
    outcome = models.ForeignKey(Outcome, on_delete=models.PROTECT, related_name="+")
    tags = models.ManyToManyField(Tag, blank=True, related_name="+")
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    team = models.ForeignKey(
        "teams.Team", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    topic = models.ForeignKey(
        "teams.Topic", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    wrapped_at = models.DateTimeField()
    closed_on = models.DateField(db_index=True)

    class Meta:
        verbose_name = "wrap-up"

    def __str__(self) -> str:
        return f"{self.reason_id}/{self.outcome_id} on {self.closed_on}"
