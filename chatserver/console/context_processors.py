"""What the console's header offers the signed-in user: only the pages they may open."""

from django.http import HttpRequest

from chatserver.chat.access import is_supervisor


def console_links(request: HttpRequest) -> dict[str, bool]:
    user = getattr(request, "user", None)
    supervisor = is_supervisor(user)
    return {
        "sees_dashboard": supervisor,
        "sees_admin": supervisor or bool(getattr(user, "is_staff", False)),
    }
