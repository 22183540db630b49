from django.urls import path, re_path

from identity.scim import views

# No trailing slashes: SCIM clients append "/Users" to the tenant URL as it is.
urlpatterns = [
    path("ServiceProviderConfig", views.service_provider_config, name="scim-config"),
    path("ResourceTypes", views.resource_types, name="scim-resource-types"),
    path("ResourceTypes/<str:name>", views.resource_types, name="scim-resource-type"),
    path("Schemas", views.schemas, name="scim-schemas"),
    path("Schemas/<str:name>", views.schemas, name="scim-schema"),
    path("Users", views.users, name="scim-users"),
    path("Users/<str:user_id>", views.user, name="scim-user"),
    path("Groups", views.groups, name="scim-groups"),
    path("Groups/<str:group_id>", views.group, name="scim-group"),
    re_path(r"^(?P<rest>.*)$", views.unknown, name="scim-unknown"),
]
