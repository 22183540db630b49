"""The casework forms: what an agent posts to record a case or take its next step."""

from django import forms

from chatserver.casework import clocks
from chatserver.casework.actions import CHOOSE_KIND, CaseRequest
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
CHOOSE_LINE = "Choose the line that made us aware."


class RecordCaseForm(forms.Form):
    conversation = forms.UUIDField()
    kind = forms.ChoiceField(
        choices=Kind.choices,
        error_messages={"invalid_choice": CHOOSE_KIND, "required": CHOOSE_KIND},
    )
    severity = forms.ChoiceField(
        choices=[("", "None"), *Severity.choices],
        required=False,
        error_messages={"invalid_choice": "Choose the hazard's severity from the list."},
    )
    category = forms.ChoiceField(
        choices=[("", "None"), *Category.choices],
        required=False,
        error_messages={"invalid_choice": "Choose the hazard's category from the list."},
    )
    seq = forms.IntegerField(
        label="Line",
        min_value=1,
        max_value=2**31 - 1,
        error_messages={"invalid": CHOOSE_LINE, "required": CHOOSE_LINE},
    )

    def case_request(self) -> CaseRequest:
        data = self.cleaned_data
        return CaseRequest(
            kind=data["kind"], seq=data["seq"], severity=data["severity"], category=data["category"]
        )


class CaseStepForm(forms.Form):
    step = forms.ChoiceField(choices=[(step, step) for step in STEPS])
    days = forms.IntegerField(label="Working days", min_value=1, required=False)
    reason = forms.ChoiceField(choices=[("", "None"), *ExtensionReason.choices], required=False)
    outcome = forms.ChoiceField(choices=[("", "None"), *Outcome.choices], required=False)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        step = data.get("step")
        if step == "extend" and not (data.get("days") and data.get("reason")):
            raise forms.ValidationError("An extension needs its working days and a reason.")
        limit, days = clocks.configured().extension, data.get("days")
        if step == "extend" and isinstance(days, int) and days > limit:
            raise forms.ValidationError(
                f"An answer may be extended by at most {limit} working days in all."
            )
        if step == "close" and not data.get("outcome"):
            raise forms.ValidationError("Closing a case needs its outcome.")
        return data
