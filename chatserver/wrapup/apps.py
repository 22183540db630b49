from django.apps import AppConfig


class WrapUpConfig(AppConfig):
    name = "chatserver.wrapup"
    label = "wrapup"
    verbose_name = "Wrap-up on close"
