"""ASGI entry point: ``chatserver.asgi:application``.

HTTP goes to Django, with request bodies bounded (photos stay in memory); WebSockets
pass the origin check, then session authentication, then the chat router.
"""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chatserver.settings")
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402

from chatserver.chat.origin import ServerOriginValidator  # noqa: E402
from chatserver.chat.routing import websocket_urlpatterns  # noqa: E402
from chatserver.middleware import RequestBodyLimit  # noqa: E402
from chatserver.startup import refuse_misconfiguration, tune_garbage_collector  # noqa: E402

refuse_misconfiguration()
tune_garbage_collector()

application = ProtocolTypeRouter(
    {
        "http": RequestBodyLimit(django_asgi_app),
        "websocket": ServerOriginValidator(AuthMiddlewareStack(URLRouter(websocket_urlpatterns))),
    }
)
