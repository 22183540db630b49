from django.urls import path

from chatserver.console import views

urlpatterns = [
    path("", views.console, name="console"),
    path("agents/", views.available_agents, name="console-agents"),
    path("history/", views.history, name="console-history"),
    path("history/<uuid:conversation_id>/", views.transcript, name="console-transcript"),
    path("history/<uuid:conversation_id>/hold/", views.legal_hold, name="console-hold"),
    path("history/<uuid:conversation_id>/disclose/", views.disclose, name="console-disclose"),
    path("dashboard/", views.dashboard, name="console-dashboard"),
    path("photos/", views.photo_upload, name="console-photo-upload"),
    path("photos/<uuid:attachment_id>/", views.photo, {"part": "image"}, name="console-photo"),
    path(
        "photos/<uuid:attachment_id>/thumbnail/",
        views.photo,
        {"part": "thumbnail"},
        name="console-photo-thumbnail",
    ),
    path("requests/new/", views.subject_request_new, name="console-request-new"),
    path(
        "requests/<uuid:request_id>/export/",
        views.subject_request_export,
        name="console-request-export",
    ),
    path(
        "requests/<uuid:request_id>/erase/",
        views.subject_request_erase,
        name="console-request-erase",
    ),
]
