"""The console's forms: every value a supervisor or agent posts is checked here."""

import uuid
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS

from chatserver.chat import emergencies
from transcripts.compliance.models import Disclosure, SubjectRequest, Withholding
from transcripts.compliance.subject_requests import HAND_OUTCOMES

READ_REASONS = {
    "complaint": "Complaint investigation",
    "quality": "Quality review",
    "safeguarding": "Safeguarding concern",
    "subject_request": "Subject access or erasure request",
    "handover": "Handover from a colleague",
}
HOLD_REASONS = {
    "complaint": "Complaint",
    "ombudsman": "Housing Ombudsman case",
    "disrepair": "Disrepair claim",
    "safeguarding": "Safeguarding",
}

# The reasons the audit log may record, in words (a read, a hold, a withholding).
HOLD_READ_AND_REQUEST_WORDS = {
    **READ_REASONS,
    **HOLD_REASONS,
    **dict(Withholding.Reason.choices),
    **dict(SubjectRequest.Extension.choices),
}


class ReadReasonForm(forms.Form):
    reason = forms.ChoiceField(choices=list(READ_REASONS.items()))


ANY_EMERGENCY = "any"


class HistorySearchForm(forms.Form):
    """The history's filters, posted so that none of them (an email least of all) is in a URL."""

    start = forms.DateField(required=False, label="From")
    end = forms.DateField(required=False, label="To")
    # An account id (a 32-bit integer column): a larger number is refused, not sent to SQL.
    agent = forms.IntegerField(required=False, min_value=1, max_value=2**31 - 1, label="Agent")
    email = forms.EmailField(required=False, label="Visitor email")
    emergency = forms.ChoiceField(
        required=False,
        label="Emergency",
        choices=[("", "Any chat"), (ANY_EMERGENCY, "Any emergency"), *emergencies.LABELS.items()],
    )
    page = forms.IntegerField(required=False, min_value=1, label="Page")

    FILTERS = ("start", "end", "agent", "email", "emergency")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            raise forms.ValidationError(
                "The From date is after the To date: they are the wrong way round. "
                "Swap them and search again."
            )
        return cleaned

    def used(self) -> list[str]:
        """The kinds of filter this search used (the audit records these, not the values)."""
        return [name for name in self.FILTERS if self.cleaned_data.get(name) not in (None, "")]


class LegalHoldForm(forms.Form):
    action = forms.ChoiceField(choices=[("set", "Set"), ("lift", "Lift")])
    reason = forms.ChoiceField(choices=list(HOLD_REASONS.items()), required=False)
    until = forms.DateField(required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("action") == "set" and not cleaned.get("reason"):
            raise forms.ValidationError("A legal hold needs one of the listed reasons.")
        return cleaned


class SubjectRequestForm(forms.Form):
    kind = forms.ChoiceField(choices=SubjectRequest.Kind.choices)
    email = forms.EmailField()
    received_on = forms.DateField(required=False)


class ConversationIdsField(forms.Field):
    """Conversation ids, as posted by a list of checkboxes or hidden inputs."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value: Any) -> list[uuid.UUID]:
        values = value if isinstance(value, list | tuple) else [value] if value else []
        try:
            return [uuid.UUID(str(item)) for item in values]
        except ValueError:
            raise forms.ValidationError("That is not a conversation.") from None

    def validate(self, value: Any) -> None:
        if not value:
            raise forms.ValidationError("Choose at least one conversation.")


class StartRequestForm(forms.Form):
    """A request for conversations the DPO found (by email, or by searching)."""

    kind = forms.ChoiceField(choices=SubjectRequest.Kind.choices)
    conversation = ConversationIdsField()
    received_on = forms.DateField(required=False)


class WithholdForm(forms.Form):
    conversation = forms.UUIDField()
    part = forms.ChoiceField(choices=Withholding.Part.choices)
    seq = forms.IntegerField(min_value=1, max_value=2**31 - 1)
    reason = forms.ChoiceField(choices=Withholding.Reason.choices)
    note = forms.CharField(max_length=500, required=False, strip=True)


class ExtendForm(forms.Form):
    reason = forms.ChoiceField(choices=SubjectRequest.Extension.choices)


class CompleteForm(forms.Form):
    outcome = forms.ChoiceField(
        choices=[(outcome.value, outcome.label) for outcome in HAND_OUTCOMES]
    )


class ErasureForm(forms.Form):
    # Only for a request registered before its conversations were kept with it.
    email = forms.EmailField(required=False)
    confirm = forms.BooleanField(
        required=True, error_messages={"required": "Tick the box to confirm the erasure."}
    )
    override_reason = forms.CharField(max_length=200, required=False, strip=True)
    # Asked only when a conversation of the request is still open: the chat is then ended
    # at once, the visitor's window cleared, and the conversation erased.
    end_open = forms.BooleanField(required=False)


class DisclosureForm(forms.Form):
    recipient = forms.CharField(max_length=200, strip=True, label="Recipient")
    lawful_basis = forms.ChoiceField(choices=Disclosure.LawfulBasis.choices, label="Lawful basis")
    reference = forms.CharField(max_length=100, strip=True, label="Their reference")
    scope = forms.ChoiceField(choices=Disclosure.Scope.choices, label="What is disclosed")
    special_category_basis = forms.CharField(
        max_length=200, required=False, strip=True, label="Special-category condition"
    )


def first_error(form: forms.Form) -> str:
    """The form's first error, as a sentence naming its field."""
    for field, errors in form.errors.items():
        message = str(errors[0])
        if field == NON_FIELD_ERRORS:
            return message
        label = form.fields[field].label or field.replace("_", " ").capitalize()
        return f"{label}: {message}"
    return "The form is not valid."
