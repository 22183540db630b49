from django.contrib import admin
from django.urls import include, path

from chatserver import views

urlpatterns = [
    path("", views.demo_page, name="demo"),
    path("privacy/", views.privacy_notice, name="privacy"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
]
