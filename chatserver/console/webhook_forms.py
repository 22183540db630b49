"""The forms of the Webhooks page and of "Send to the housing system"."""

from django import forms

from chatserver.integrations import kinds

SUBSCRIBABLE = [
    (key, label) for key, label in kinds.EVENT_TYPES.items() if key != kinds.HOUSING_SUMMARY
]
PERSONAL = list(kinds.PERSONAL_FIELDS.items())


class EndpointForm(forms.Form):
    description = forms.CharField(label="Name (which system it is)", max_length=80)
    url = forms.CharField(label="Address (https://…)", max_length=400)
    event_types = forms.MultipleChoiceField(
        label="Events it receives",
        choices=SUBSCRIBABLE,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    allowed_fields = forms.MultipleChoiceField(
        label="Personal data it may receive (each off unless ticked)",
        choices=PERSONAL,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    housing_system = forms.BooleanField(
        label="Agents' summaries go here (Send to the housing system)", required=False
    )


class HousingSummaryForm(forms.Form):
    include = forms.MultipleChoiceField(
        label="Also send (only what the housing system is allowed)",
        choices=PERSONAL,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
