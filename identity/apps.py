from django.apps import AppConfig


class IdentityConfig(AppConfig):
    name = "identity"
    verbose_name = "Agent sign-in"

    def ready(self) -> None:
        from identity import audit, checks  # noqa: F401  (checks registers the system checks)

        audit.connect()
