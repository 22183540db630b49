"""The forms of the DPO's search for a subject's conversations (``views.subject_search``):
the value is posted, never put in a URL, and checked here like every console form."""

from django import forms

from transcripts.compliance.models import SubjectRequest
from transcripts.compliance.subject_search import KINDS
from transcripts.record.models import Conversation


class SubjectSearchForm(forms.Form):
    kind = forms.ChoiceField(choices=list(KINDS.items()), label="Search by")
    value = forms.CharField(max_length=320, strip=True, label="Search for")


class StartRequestForm(forms.Form):
    """A request for conversations chosen from a search's results."""

    kind = forms.ChoiceField(choices=SubjectRequest.Kind.choices, label="Kind of request")
    conversations = forms.ModelMultipleChoiceField(
        queryset=Conversation.objects.all(),
        label="Conversations",
        error_messages={"required": "Choose at least one conversation."},
    )
