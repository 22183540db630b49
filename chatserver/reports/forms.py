"""The reports' filters: a period, the team, topic, contact reason, outcome and language,
the breakdown and the service level's threshold, all GET parameters (ids and dates only,
never personal data). Bad values are the form's errors, shown beside the fields."""

from datetime import datetime, timedelta
from typing import Any

from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chatserver.reports.figures import DIMENSIONS
from chatserver.teams.models import Team, Topic
from chatserver.wrapup.models import ContactReason, Outcome
from locality.days import start_of
from transcripts.record.models import Conversation

DEFAULT_DAYS = 30
MAX_DAYS = 731
DEFAULT_THRESHOLD_SECONDS = 60

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

DIMENSION_LABELS = {
    "team": _("Team"),
    "topic": _("Topic"),
    "reason": _("Contact reason"),
    "outcome": _("Outcome"),
    "language": _("Language"),
}


class PeriodForm(forms.Form):
    """A period of whole days, both ends included (the last 30 days when not given)."""

    start = forms.DateField(label=_("From"), required=False, widget=DATE_INPUT)
    end = forms.DateField(label=_("To"), required=False, widget=DATE_INPUT)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        today = timezone.localdate()
        end = cleaned.get("end") or today
        start = cleaned.get("start") or end - timedelta(days=DEFAULT_DAYS - 1)
        if start > end:
            raise forms.ValidationError(_("The period must start on or before its end."))
        if (end - start).days >= MAX_DAYS:
            raise forms.ValidationError(
                _("A period can be at most %(days)s days long.") % {"days": MAX_DAYS}
            )
        cleaned["start"], cleaned["end"] = start, end
        return cleaned

    def period(self) -> tuple[datetime, datetime]:
        """From the first instant of the first day to the first instant after the last."""
        data = self.cleaned_data
        return start_of(data["start"]), start_of(data["end"] + timedelta(days=1))


class ReportForm(PeriodForm):
    team = forms.ModelChoiceField(
        Team.objects.all(), label=_("Team"), empty_label=_("Any"), required=False
    )
    topic = forms.ModelChoiceField(
        Topic.objects.all(), label=_("Topic"), empty_label=_("Any"), required=False
    )
    reason = forms.ModelChoiceField(
        ContactReason.objects.all(), label=_("Contact reason"), empty_label=_("Any"), required=False
    )
    outcome = forms.ModelChoiceField(
        Outcome.objects.all(), label=_("Outcome"), empty_label=_("Any"), required=False
    )
    language = forms.ChoiceField(
        choices=[("", _("Any"))] + list(settings.LANGUAGES), label=_("Language"), required=False
    )
    by = forms.ChoiceField(
        choices=[(name, DIMENSION_LABELS[name]) for name in DIMENSIONS],
        label=_("Break down by"),
        required=False,
    )
    threshold = forms.IntegerField(
        label=_("Answered within (seconds)"), min_value=1, max_value=3600, required=False
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        cleaned["by"] = cleaned.get("by") or "team"
        cleaned["threshold"] = cleaned.get("threshold") or DEFAULT_THRESHOLD_SECONDS
        return cleaned

    def conversations(self) -> QuerySet[Conversation]:
        """The chats started in the period that match every filter given."""
        start, end = self.period()
        data = self.cleaned_data
        chosen = Conversation.objects.filter(created_at__gte=start, created_at__lt=end)
        for name, field in (
            ("team", "live__team"),
            ("topic", "live__topic"),
            ("reason", "wrap_up__reason"),
            ("outcome", "wrap_up__outcome"),
            ("language", "live__language"),
        ):
            if data.get(name):
                chosen = chosen.filter(**{field: data[name]})
        return chosen

    def filter_ids(self) -> dict[str, Any]:
        """The filters given, as ids and codes (what the audit log records of an export)."""
        data = self.cleaned_data
        given = {
            name: getattr(data[name], "pk", data[name])
            for name in ("team", "topic", "reason", "outcome", "language")
            if data.get(name)
        }
        return {"start": data["start"].isoformat(), "end": data["end"].isoformat(), **given}
