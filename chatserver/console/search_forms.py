"""The forms of the DPO's search for a subject's conversations (``views.subject_search``):
the value is posted, never put in a URL, and checked here like every console form."""

from django import forms

from transcripts.compliance.subject_search import KINDS


class SubjectSearchForm(forms.Form):
    kind = forms.ChoiceField(choices=list(KINDS.items()), label="Search by")
    value = forms.CharField(max_length=320, strip=True, label="Search for")
