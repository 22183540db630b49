"""Teams of agents, the topics a visitor may choose from, and agents' language skills.

A supervisor configures them in the admin. A chat's topic decides its team; routing gives
it to an available member of that team who speaks the visitor's language. A restricted
team's transcripts are readable only by its members and supervisors (``chat.access``).
"""

from django.conf import settings
from django.db import models


class Team(models.Model):
    name = models.CharField(max_length=80, unique=True)
    # Anti-social behaviour, domestic abuse, safeguarding: only the team and supervisors
    # may read these chats.
    restricted = models.BooleanField(
        default=False,
        help_text="Only this team's members and supervisors may read its chats.",
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="chat_teams"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Topic(models.Model):
    """A short choice the widget offers ("Repairs", "Rent"), in English and Welsh."""

    slug = models.SlugField(max_length=40, unique=True)
    label = models.CharField(max_length=60, help_text="In English.")
    label_cy = models.CharField("label in Welsh", max_length=60)
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="topics")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "label"]

    def __str__(self) -> str:
        return self.label


def visitor_languages() -> list[tuple[str, str]]:
    return list(settings.LANGUAGES)


class LanguageSkill(models.Model):
    """A language an agent can hold a whole chat in."""

    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="chat_languages"
    )
    language = models.CharField(max_length=10, choices=visitor_languages)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agent", "language"], name="one_skill_per_language")
        ]

    def __str__(self) -> str:
        return f"{self.agent_id} speaks {self.language}"
