from django.apps import AppConfig


class TenantPortalConfig(AppConfig):
    name = "chatserver.tenant_portal"
    label = "tenant_portal"
    verbose_name = "Tenants verified by the landlord's portal"

    def ready(self) -> None:
        from chatserver.tenant_portal import checks  # noqa: F401  (registers the system check)
