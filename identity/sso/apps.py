from django.apps import AppConfig


class SsoConfig(AppConfig):
    name = "identity.sso"
    label = "identity_sso"
    verbose_name = "Single sign-on"

    def ready(self) -> None:
        from identity.sso import (
            checks,  # noqa: F401  (registers the system checks)
            receivers,
        )

        receivers.connect()
