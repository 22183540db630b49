from django.apps import AppConfig


class TeamsConfig(AppConfig):
    name = "chatserver.teams"
    label = "teams"
    verbose_name = "Teams and skills"
