from django.apps import AppConfig


class ConsoleConfig(AppConfig):
    name = "chatserver.console"
    label = "console"
    verbose_name = "Agent console"
