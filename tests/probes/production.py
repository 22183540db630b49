"""Run in a subprocess under production settings; prints what the tests check as JSON.

Usage: python -m tests.probes.production (with the production environment set).
"""

import json
import sys


def main() -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    from django.contrib.auth.models import Group, User

    agent = User.objects.create_user("probe-agent", password="probe-password-123!")
    agent.groups.add(Group.objects.get_or_create(name="agents")[0])

    client = Client(
        secure=True, HTTP_HOST=settings.ALLOWED_HOSTS[0], HTTP_X_FORWARDED_PROTO="https"
    )
    login_page = client.get("/accounts/login/")
    logged_in = client.post(
        "/accounts/login/", {"login": "probe-agent", "password": "probe-password-123!"}
    )
    privacy = client.get("/privacy/")

    def cookie(response: object, name: str) -> dict[str, object] | None:
        morsel = response.cookies.get(name)  # type: ignore[attr-defined]
        if morsel is None:
            return None
        return {
            "secure": bool(morsel["secure"]),
            "httponly": bool(morsel["httponly"]),
            "samesite": morsel["samesite"],
        }

    import gc

    threshold_before = gc.get_threshold()
    import chatserver.asgi  # noqa: F401  (what a server process loads)

    json.dump(
        {
            "gc": {
                "threshold_before": threshold_before,
                "threshold": gc.get_threshold(),
                "frozen": gc.get_freeze_count(),
            },
            "allowed_hosts": settings.ALLOWED_HOSTS,
            "origin_settings": {
                "CHAT_ALLOWED_ORIGINS": settings.CHAT_ALLOWED_ORIGINS,
                "CHAT_SERVER_ORIGINS": settings.CHAT_SERVER_ORIGINS,
                "CSRF_TRUSTED_ORIGINS": list(getattr(settings, "CSRF_TRUSTED_ORIGINS", [])),
            },
            "channel_backend": settings.CHANNEL_LAYERS["default"]["BACKEND"],
            "silenced": settings.SILENCED_SYSTEM_CHECKS,
            "login_page": {
                "status": login_page.status_code,
                "headers": dict(login_page.headers),
                "csrf_cookie": cookie(login_page, "csrftoken"),
            },
            "login": {
                "status": logged_in.status_code,
                "session_cookie": cookie(logged_in, "sessionid"),
            },
            "privacy_headers": dict(privacy.headers),
        },
        sys.stdout,
    )


if __name__ == "__main__":
    main()
