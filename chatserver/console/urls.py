from django.urls import path

from chatserver.console.views import (
    agents,
    casework,
    conversations,
    dashboard,
    disclosures,
    history,
    request_review,
    requests,
    subject_search,
    webhooks,
)

urlpatterns = [
    path("", conversations.console, name="console"),
    path("agents/", conversations.available_agents, name="console-agents"),
    path(
        "agents/<int:account_id>/sign-out/",
        agents.sign_out_everywhere,
        name="console-sign-out-everywhere",
    ),
    path("history/", history.history, name="console-history"),
    path("history/<uuid:conversation_id>/", history.transcript, name="console-transcript"),
    path("history/<uuid:conversation_id>/hold/", history.legal_hold, name="console-hold"),
    path(
        "history/<uuid:conversation_id>/disclose/",
        disclosures.disclose,
        name="console-disclose",
    ),
    path("dashboard/", dashboard.dashboard, name="console-dashboard"),
    path("webhooks/", webhooks.webhooks, name="console-webhooks"),
    path("webhooks/add/", webhooks.add_endpoint, name="console-webhook-add"),
    path(
        "webhooks/<int:endpoint_id>/disable/",
        webhooks.disable_endpoint,
        name="console-webhook-disable",
    ),
    path(
        "history/<uuid:conversation_id>/send-to-housing/",
        webhooks.send_to_housing,
        name="console-send-to-housing",
    ),
    path("cases/", casework.cases, name="console-cases"),
    path("cases/record/", casework.record_case, name="console-case-record"),
    path("cases/of/<uuid:conversation_id>/", casework.chat_cases, name="console-chat-cases"),
    path("cases/<str:reference>/", casework.case_page, name="console-case"),
    path("cases/<str:reference>/step/", casework.case_step, name="console-case-step"),
    path("photos/", conversations.photo_upload, name="console-photo-upload"),
    path(
        "photos/<uuid:attachment_id>/",
        conversations.photo,
        {"part": "image"},
        name="console-photo",
    ),
    path(
        "photos/<uuid:attachment_id>/thumbnail/",
        conversations.photo,
        {"part": "thumbnail"},
        name="console-photo-thumbnail",
    ),
    path("requests/search/", subject_search.search, name="console-subject-search"),
    path("requests/new/", requests.subject_request_new, name="console-request-new"),
    path("requests/start/", request_review.subject_request_start, name="console-request-start"),
    path(
        "requests/<uuid:request_id>/", request_review.subject_request_page, name="console-request"
    ),
    path(
        "requests/<uuid:request_id>/withhold/",
        request_review.subject_request_withhold,
        name="console-request-withhold",
    ),
    path(
        "requests/<uuid:request_id>/withheld/<uuid:withholding_id>/restore/",
        request_review.subject_request_restore,
        name="console-request-restore",
    ),
    path(
        "requests/<uuid:request_id>/extend/",
        request_review.subject_request_extend,
        name="console-request-extend",
    ),
    path(
        "requests/<uuid:request_id>/complete/",
        request_review.subject_request_complete,
        name="console-request-complete",
    ),
    path(
        "requests/<uuid:request_id>/release/",
        request_review.subject_request_release,
        name="console-request-release",
    ),
    path(
        "requests/<uuid:request_id>/erase/",
        requests.subject_request_erase,
        name="console-request-erase",
    ),
]
