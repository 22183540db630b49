from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "chatserver.casework"
    label = "casework"
    verbose_name = "Casework: complaints, service requests and hazards"

    def ready(self) -> None:
        from chatserver.casework import checks  # noqa: F401  (registers the system check)
