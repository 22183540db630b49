from django.contrib import admin
from django.urls import include, path

from chatserver import views
from widget import views as widget_views

urlpatterns = [
    path("", views.demo_page, name="demo"),
    path("privacy/", views.privacy_notice, name="privacy"),
    path("healthz", views.healthz, name="healthz"),
    path("widget/frame/", widget_views.frame, name="widget-frame"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("console/", include("chatserver.console.urls")),
    path("admin/", admin.site.urls),
]
