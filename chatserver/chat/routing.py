from django.urls import path

from chatserver.chat import consumers

websocket_urlpatterns = [
    path("ws/visitor/", consumers.VisitorConsumer.as_asgi()),
    path("ws/agent/", consumers.AgentConsumer.as_asgi()),
]
