"""A case and its steps, each step with its due time and when it was done.

Nothing here is chat text or a visitor detail: kinds, categories, reasons and outcomes are
choices from fixed lists (free text could hold a tenant's personal data and would then
outlive an erasure), and the line that made the landlord aware is kept by its number only.
The link to the conversation is ``SET_NULL``: erasure keeps the conversation's row (and so
the link), a purge deletes it and the case stays, unlinked.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from transcripts.compliance.models import shown_reference


class Kind(models.TextChoices):
    """Translated: the tenant's emailed copy names each case's kind in their language."""

    COMPLAINT = "complaint", _("Complaint")
    SERVICE_REQUEST = "service_request", _("Service request")
    HAZARD = "hazard", _("Hazard")


class Severity(models.TextChoices):
    EMERGENCY = "emergency", "Emergency hazard"
    SIGNIFICANT = "significant", "Significant hazard"


class Category(models.TextChoices):
    """Hazard categories (after the Housing Health and Safety Rating System's)."""

    DAMP_AND_MOULD = "damp_and_mould", "Damp and mould"
    GAS_AND_CARBON_MONOXIDE = "gas_and_carbon_monoxide", "Gas or carbon monoxide"
    ELECTRICAL = "electrical", "Electrical"
    FIRE = "fire", "Fire"
    WATER_AND_SANITATION = "water_and_sanitation", "Water supply or sanitation"
    EXCESS_COLD = "excess_cold", "Excess cold"
    STRUCTURE = "structure", "Structural collapse or falling elements"
    SECURITY = "security", "Entry by intruders"
    OTHER = "other", "Other hazard"


# Awaab's Law's significant-hazard clock covers damp and mould (its first phase); an
# emergency hazard may be of any category.
SIGNIFICANT_CATEGORIES = frozenset({Category.DAMP_AND_MOULD})


class Step(models.TextChoices):
    ACKNOWLEDGE = "acknowledge", "Acknowledged"
    RESPOND = "respond", "Answered"
    MAKE_SAFE = "make_safe", "Investigated and made safe"
    INVESTIGATE = "investigate", "Investigated"
    SUMMARY = "summary", "Written summary sent"


# Each step as the next thing to do ("Next: acknowledge by 14 Dec"), and its place in the
# order a case's clock runs (within a stage; a kind takes only some of them).
NEXT_STEP: dict[str, str] = {
    Step.ACKNOWLEDGE: "acknowledge",
    Step.RESPOND: "answer",
    Step.MAKE_SAFE: "make safe",
    Step.INVESTIGATE: "investigate",
    Step.SUMMARY: "send the written summary",
}
STEP_ORDER = tuple(NEXT_STEP)


class ExtensionReason(models.TextChoices):
    """Why a response was extended: explained to the resident in full, recorded here as a
    choice."""

    INSPECTION_NEEDED = "inspection_needed", "An inspection is needed"
    THIRD_PARTY = "third_party", "Waiting on a contractor or another body"
    COMPLEX = "complex", "The complaint has several parts to investigate"
    RESIDENT_AVAILABILITY = "resident_availability", "The resident's availability"


class Outcome(models.TextChoices):
    UPHELD = "upheld", "Upheld"
    PARTLY_UPHELD = "partly_upheld", "Partly upheld"
    NOT_UPHELD = "not_upheld", "Not upheld"
    RESOLVED = "resolved", "Resolved"
    MADE_SAFE = "made_safe", "Hazard made safe and remedied"
    NO_HAZARD = "no_hazard", "No hazard found"
    WITHDRAWN = "withdrawn", "Withdrawn by the resident"


class Case(models.Model):
    reference = models.CharField(max_length=8, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, db_index=True)
    severity = models.CharField(max_length=12, choices=Severity.choices, blank=True)
    category = models.CharField(max_length=30, choices=Category.choices, blank=True)
    # 1 or 2 for a complaint; 0 for the other kinds, which have no stages.
    stage = models.PositiveSmallIntegerField(default=0)
    conversation = models.ForeignKey(
        "transcripts.Conversation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cases",
    )
    team = models.ForeignKey(
        "teams.Team", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The line of the chat that made the landlord aware, by its number, and its time.
    aware_seq = models.PositiveIntegerField()
    aware_at = models.DateTimeField(db_index=True)
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True, db_index=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)

    class Meta:
        ordering = ["aware_at"]

    def __str__(self) -> str:
        return self.shown_reference

    @property
    def shown_reference(self) -> str:
        """``K7QM-2XPD``: as the tenant reads it."""
        return shown_reference(self.reference)

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class CaseStep(models.Model):
    """One step a case must take by a time: made when its clock starts (an acknowledgement
    when the case is recorded, an answer when it is acknowledged), done when it happens.
    A step is never deleted; an extension moves its due time and says why."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="steps")
    step = models.CharField(max_length=20, choices=Step.choices)
    stage = models.PositiveSmallIntegerField(default=0)
    # The last day (working-day clocks) and its last moment; an emergency's exact hour.
    due_on = models.DateField()
    due_by = models.DateTimeField(db_index=True)
    done_at = models.DateTimeField(null=True, blank=True)
    extended_days = models.PositiveSmallIntegerField(default=0)
    extension_reason = models.CharField(max_length=30, choices=ExtensionReason.choices, blank=True)

    class Meta:
        ordering = ["due_by"]
        constraints = [
            models.UniqueConstraint(fields=["case", "step", "stage"], name="unique_case_step")
        ]

    def __str__(self) -> str:
        return f"{self.step} (stage {self.stage}) of {self.case_id}"

    @property
    def done_in_time(self) -> bool:
        return self.done_at is not None and self.done_at <= self.due_by
