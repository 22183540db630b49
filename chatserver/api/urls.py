"""The console's pages for API tokens (supervisors only)."""

from django.urls import path

from chatserver.api import console

urlpatterns = [
    path("", console.tokens, name="api-tokens"),
    path("<int:token_id>/revoke/", console.revoke, name="api-token-revoke"),
]
