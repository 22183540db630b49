"""The casework forms: what an agent posts to record a case or take its next step."""

from django import forms

from chatserver.casework.actions import CaseRequest
from chatserver.casework.models import Category, ExtensionReason, Kind, Outcome, Severity

STEPS = (
    "acknowledge",
    "answer",
    "escalate",
    "extend",
    "made_safe",
    "investigated",
    "summary",
    "close",
)


class RecordCaseForm(forms.Form):
    conversation = forms.UUIDField()
    kind = forms.ChoiceField(
        choices=Kind.choices, error_messages={"required": "Choose what kind of case this is."}
    )
    severity = forms.ChoiceField(choices=[("", "None"), *Severity.choices], required=False)
    category = forms.ChoiceField(choices=[("", "None"), *Category.choices], required=False)
    seq = forms.IntegerField(
        label="Line",
        min_value=1,
        max_value=2**31 - 1,
        error_messages={"required": "Choose the line that made us aware."},
    )

    def case_request(self) -> CaseRequest:
        data = self.cleaned_data
        return CaseRequest(
            kind=data["kind"], seq=data["seq"], severity=data["severity"], category=data["category"]
        )


class CaseStepForm(forms.Form):
    step = forms.ChoiceField(choices=[(step, step) for step in STEPS])
    days = forms.IntegerField(min_value=1, max_value=365, required=False)
    reason = forms.ChoiceField(choices=[("", "None"), *ExtensionReason.choices], required=False)
    outcome = forms.ChoiceField(choices=[("", "None"), *Outcome.choices], required=False)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        step = data.get("step")
        if step == "extend" and not (data.get("days") and data.get("reason")):
            raise forms.ValidationError("An extension needs its working days and a reason.")
        if step == "close" and not data.get("outcome"):
            raise forms.ValidationError("Closing a case needs its outcome.")
        return data
