from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "chatserver.reports"
    label = "reports"
    verbose_name = "Contact-centre reports"
