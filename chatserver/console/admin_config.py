"""Django's admin on ``admin_site.AuditedAdminSite``: listed in ``INSTALLED_APPS`` in place of
``django.contrib.admin`` (a module of its own, so the console keeps its one app config)."""

from django.contrib.admin.apps import AdminConfig


class AuditedAdminConfig(AdminConfig):
    default_site = "chatserver.console.admin_site.AuditedAdminSite"

    def ready(self) -> None:
        """Once every app's admin module is loaded (whatever their order in
        ``INSTALLED_APPS``), Django's and allauth's own admins give way to audited ones."""
        super().ready()
        from django.contrib import admin

        from chatserver.console.admin_audit import register_audited_auth_admin
        from chatserver.console.admin_identity import register_identity_admin

        register_audited_auth_admin(admin.site)
        register_identity_admin(admin.site)
