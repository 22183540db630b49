"""What the console's header offers the signed-in user: only the pages they may open."""

from django.http import HttpRequest

from chatserver.chat.access import is_supervisor, may_read_reports


def console_links(request: HttpRequest) -> dict[str, bool]:
    user = getattr(request, "user", None)
    supervisor = is_supervisor(user)
    return {
        "sees_dashboard": supervisor,
        "sees_reports": may_read_reports(user),
        "sees_admin": supervisor or bool(getattr(user, "is_staff", False)),
    }
