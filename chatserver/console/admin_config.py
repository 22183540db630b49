"""Django's admin on ``admin_site.AuditedAdminSite``: listed in ``INSTALLED_APPS`` in place of
``django.contrib.admin`` (a module of its own, so the console keeps its one app config)."""

from django.contrib.admin.apps import AdminConfig


class AuditedAdminConfig(AdminConfig):
    default_site = "chatserver.console.admin_site.AuditedAdminSite"
