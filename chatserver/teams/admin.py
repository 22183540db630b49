"""A supervisor's set-up of teams: who is in each, the topics visitors may choose and the
team each goes to, and which languages agents can hold a whole chat in.

Supervisors keep it (``SupervisedAdmin``); every change is in the app's audit log. Members
and skills are offered only for agents (the ``agents`` and ``supervisors`` groups).
"""

from typing import Any

from django.contrib import admin
from django.contrib.auth.models import User
from django.db.models import Count, ForeignKey, ManyToManyField, QuerySet
from django.forms import ModelChoiceField, ModelMultipleChoiceField
from django.http import HttpRequest

from chatserver.chat.access import AGENT_GROUP_NAMES
from chatserver.console.admin_audit import SupervisedAdmin, SupervisedInline
from chatserver.teams.models import LanguageSkill, Team, Topic


def agents() -> QuerySet[User]:
    return (
        User.objects.filter(groups__name__in=AGENT_GROUP_NAMES, is_active=True)
        .distinct()
        .order_by("first_name", "username")
    )


class TopicInline(SupervisedInline[Topic]):
    model = Topic
    extra = 1
    fields = ("label", "label_cy", "slug", "position")


@admin.register(Team)
class TeamAdmin(SupervisedAdmin[Team]):
    """A team takes the chats of its topics. A restricted team's chats are readable only
    by its members and supervisors."""

    list_display = ("name", "restricted", "member_count", "topic_labels")
    list_filter = ("restricted",)
    filter_horizontal = ("members",)
    inlines = [TopicInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Team]:
        return (
            super()
            .get_queryset(request)
            .annotate(member_total=Count("members", distinct=True))
            .prefetch_related("topics")
        )

    @admin.display(description="members")
    def member_count(self, team: Team) -> int:
        return int(getattr(team, "member_total", 0))

    @admin.display(description="topics")
    def topic_labels(self, team: Team) -> str:
        return ", ".join(topic.label for topic in team.topics.all())

    def formfield_for_manytomany(
        self, db_field: ManyToManyField[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> ModelMultipleChoiceField[Any] | None:
        if db_field.name == "members":
            kwargs["queryset"] = agents()
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(Topic)
class TopicAdmin(SupervisedAdmin[Topic]):
    """What the widget offers a visitor, in this order, in English and Welsh."""

    list_display = ("label", "label_cy", "team", "position")
    list_editable = ("position",)
    list_filter = ("team",)
    prepopulated_fields = {"slug": ("label",)}


@admin.register(LanguageSkill)
class LanguageSkillAdmin(SupervisedAdmin[LanguageSkill]):
    """Every agent speaks English; a skill adds a language (Welsh) whose chats routing
    gives them first."""

    list_display = ("agent", "language")
    list_filter = ("language",)
    list_select_related = ("agent",)

    def formfield_for_foreignkey(
        self, db_field: ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField[Any] | None:
        if db_field.name == "agent":
            kwargs["queryset"] = agents()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
