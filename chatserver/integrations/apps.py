from django.apps import AppConfig


class IntegrationsConfig(AppConfig):
    name = "chatserver.integrations"
    label = "integrations"
    verbose_name = "Integrations: webhooks to the landlord's other systems"
