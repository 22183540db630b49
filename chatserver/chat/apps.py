from django.apps import AppConfig


class ChatConfig(AppConfig):
    name = "chatserver.chat"
    label = "chat"
    verbose_name = "Live chat"

    def ready(self) -> None:
        from chatserver.chat import (
            checks,  # noqa: F401  (registers the system checks)
            live,
            receivers,
            subject_export,
        )

        receivers.connect()
        live.connect()
        subject_export.register()
