from django.apps import AppConfig


class IntegrationsConfig(AppConfig):
    name = "chatserver.integrations"
    label = "integrations"
    verbose_name = "Integrations: webhooks to the landlord's other systems"

    def ready(self) -> None:
        from chatserver.integrations import checks  # noqa: F401  (registers the system check)
