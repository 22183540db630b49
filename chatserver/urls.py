from allauth.account.views import PasswordChangeView as AccountPasswordChangeView
from django.contrib import admin
from django.contrib.auth.views import PasswordChangeDoneView, PasswordChangeView
from django.urls import include, path, re_path

from chatserver import views
from chatserver.api import views as api_views
from chatserver.chat import views as chat_views
from chatserver.console.admin_site import audit_own_password_change
from identity import views as identity_views
from widget import views as widget_views

urlpatterns = [
    path("", views.demo_page, name="demo"),
    path("privacy/", views.privacy_notice, name="privacy"),
    path("healthz", views.healthz, name="healthz"),
    path("widget/frame/", widget_views.frame, name="widget-frame"),
    path("widget/loader.js", widget_views.loader, name="widget-loader"),
    path("chat/photos/", chat_views.visitor_upload, name="visitor-photo-upload"),
    path(
        "chat/photos/<uuid:attachment_id>/",
        chat_views.visitor_photo,
        {"part": "image"},
        name="visitor-photo",
    ),
    path(
        "chat/photos/<uuid:attachment_id>/thumbnail/",
        chat_views.visitor_photo,
        {"part": "thumbnail"},
        name="visitor-photo-thumbnail",
    ),
    path(
        "accounts/password_change/",
        audit_own_password_change(PasswordChangeView.as_view()),
        name="password_change",
    ),
    path(
        "accounts/password_change/done/",
        PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "accounts/password/change/",
        audit_own_password_change(AccountPasswordChangeView.as_view()),
        name="account_change_password",
    ),
    # Sign-in, MFA enrolment and challenge: allauth (identity/). Password reset is among
    # its pages but answers 404 unless IDENTITY_PASSWORD_RESET is on (identity.middleware).
    path("accounts/login/", identity_views.login, name="account_login"),
    path("accounts/2fa/authenticate/", identity_views.authenticate, name="mfa_authenticate"),
    path("accounts/", include("allauth.urls")),
    path("console/reports/", include("chatserver.reports.urls")),
    path("console/api-tokens/", include("chatserver.api.urls")),
    path("console/", include("chatserver.console.urls")),
    path("admin/", admin.site.urls),
    path("scim/v2/", include("identity.scim.urls")),
    # The API's root and any path it does not know answer its JSON 404 (ninja's own root
    # view, which it keeps only to reverse its base path, would answer an HTML one).
    re_path(r"^api/v1/$", api_views.unknown_path),
    path("api/v1/", api_views.api.urls),
    re_path(r"^api/v1/", api_views.unknown_path),
]
