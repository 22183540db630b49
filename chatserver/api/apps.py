from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "chatserver.api"
    label = "api"
    verbose_name = "REST API: tokens and scopes"
