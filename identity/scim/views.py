"""``/scim/v2/``: thin views over ``parsing``, ``resources`` and ``actions``.

Authenticated by bearer token only (no session, no cookie, so no CSRF token either).
Every refusal is a SCIM error body: a missing or wrong token 401, a bad body or filter
400 with its ``scimType``, an unknown id 404. URLs carry the opaque id only; Entra ID's
``filter=userName eq "…"`` puts a user name in the query string, which is why the access
log in ``deploy/nginx`` leaves query strings out.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from identity.scim import actions, discovery
from identity.scim.auth import authenticate
from identity.scim.errors import ScimError, not_found
from identity.scim.groups import (
    GROUP_SCHEMA,
    MemberChanges,
    group_by_id,
    group_resource,
    parse_group,
    parse_group_patch,
    role_groups,
)
from identity.scim.models import ScimToken
from identity.scim.parsing import (
    GROUP_FILTERABLE,
    USER_SCHEMA,
    is_id,
    parse_filter,
    parse_json,
    parse_patch,
    parse_user,
    query_int,
)
from identity.scim.resources import list_response, provisioned_users, user_by_id, user_resource

CONTENT_TYPE = "application/scim+json"
ScimView = Callable[..., HttpResponse]


def scim_json(body: dict[str, Any], status: int = 200) -> JsonResponse:
    response = JsonResponse(body, status=status, content_type=CONTENT_TYPE)
    response["Cache-Control"] = "no-store"
    return response


def scim_endpoint(*methods: str) -> Callable[[ScimView], ScimView]:
    """A SCIM view: CSRF-exempt, bearer-authenticated, and answering errors as SCIM does."""

    def decorator(view: ScimView) -> ScimView:
        @csrf_exempt
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            try:
                token = authenticate(request)
                if request.method not in methods:
                    raise ScimError(405, f"{request.method} is not supported here.")
                return view(request, token, *args, **kwargs)
            except ScimError as error:
                response = scim_json(error.body(), status=error.status)
                if error.status == 401:
                    response["WWW-Authenticate"] = 'Bearer realm="scim"'
                return response

        return wrapped

    return decorator


def base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/scim/v2")


@scim_endpoint("GET")
def service_provider_config(request: HttpRequest, token: ScimToken) -> HttpResponse:
    return scim_json(discovery.service_provider_config(base_url(request)))


def _one_or_all(documents: dict[str, dict[str, Any]], name: str) -> HttpResponse:
    if not name:
        return scim_json(list_response(list(documents.values()), len(documents), 1))
    if name not in documents:
        raise not_found()
    return scim_json(documents[name])


@scim_endpoint("GET")
def resource_types(request: HttpRequest, token: ScimToken, name: str = "") -> HttpResponse:
    url = base_url(request)
    types = {"User": discovery.user_resource_type(url), "Group": discovery.group_resource_type(url)}
    return _one_or_all(types, name)


@scim_endpoint("GET")
def schemas(request: HttpRequest, token: ScimToken, name: str = "") -> HttpResponse:
    url = base_url(request)
    documents = {USER_SCHEMA: discovery.user_schema(url), GROUP_SCHEMA: discovery.group_schema(url)}
    return _one_or_all(documents, name)


def _page(request: HttpRequest, items: QuerySet[Any]) -> tuple[QuerySet[Any], int]:
    """The page of ``items`` that ``startIndex`` and ``count`` ask for, and its start."""
    start = max(1, query_int(request.GET.get("startIndex"), 1, 2**31))
    count = query_int(request.GET.get("count"), discovery.MAX_RESULTS, discovery.MAX_RESULTS)
    return items[start - 1 : start - 1 + count], start


def _list_users(request: HttpRequest) -> HttpResponse:
    users = provisioned_users()
    if "filter" in request.GET:
        attribute, value = parse_filter(request.GET["filter"])
        if attribute == "userName":
            users = users.filter(username__iexact=value)
        elif attribute == "externalId":
            users = users.filter(scim__external_id=value)
        else:
            users = users.filter(pk=int(value)) if is_id(value) else users.none()
    page, start = _page(request, users)
    url = base_url(request)
    return scim_json(list_response([user_resource(u, url) for u in page], users.count(), start))


def _created(resource: dict[str, Any], location: str) -> HttpResponse:
    """A SCIM 201 with the new resource and its ``Location``."""
    response = scim_json(resource, status=201)
    response["Location"] = location
    return response


@scim_endpoint("GET", "POST")
def users(request: HttpRequest, token: ScimToken) -> HttpResponse:
    if request.method == "GET":
        return _list_users(request)
    user = actions.do_create_user(token, parse_user(parse_json(request.body)))
    url = base_url(request)
    return _created(user_resource(user, url), f"{url}/Users/{user.pk}")


@scim_endpoint("GET", "PUT", "PATCH", "DELETE")
def user(request: HttpRequest, token: ScimToken, user_id: str) -> HttpResponse:
    found = user_by_id(user_id)
    if request.method == "DELETE":
        actions.do_deactivate_user(token, found)
        return HttpResponse(status=204)
    if request.method == "PUT":
        actions.do_update_user(token, found, parse_user(parse_json(request.body)), replace=True)
    elif request.method == "PATCH":
        actions.do_update_user(token, found, parse_patch(parse_json(request.body)), replace=False)
    return scim_json(user_resource(user_by_id(user_id), base_url(request)))


def _list_groups(request: HttpRequest) -> HttpResponse:
    groups = role_groups()
    if "filter" in request.GET:
        attribute, value = parse_filter(request.GET["filter"], GROUP_FILTERABLE)
        groups = groups.filter(name__iexact=value) if attribute == "displayName" else groups
        if attribute == "id":
            groups = groups.filter(pk=int(value)) if is_id(value) else groups.none()
    page, start = _page(request, groups)
    url = base_url(request)
    return scim_json(list_response([group_resource(g, url) for g in page], groups.count(), start))


@scim_endpoint("GET", "POST")
def groups(request: HttpRequest, token: ScimToken) -> HttpResponse:
    if request.method == "GET":
        return _list_groups(request)
    group = actions.do_create_group(token, parse_group(parse_json(request.body)))
    url = base_url(request)
    return _created(group_resource(group, url), f"{url}/Groups/{group.pk}")


@scim_endpoint("GET", "PATCH", "DELETE")
def group(request: HttpRequest, token: ScimToken, group_id: str) -> HttpResponse:
    """A role; DELETE takes every member out of it (the role itself stays)."""
    found = group_by_id(group_id)
    if request.method == "DELETE":
        actions.do_change_members(token, found, MemberChanges(replace=set()))
        return HttpResponse(status=204)
    if request.method == "PATCH":
        changes = parse_group_patch(parse_json(request.body), found.name)
        actions.do_change_members(token, found, changes)
    return scim_json(group_resource(group_by_id(group_id), base_url(request)))


@scim_endpoint("GET", "POST", "PUT", "PATCH", "DELETE")
def unknown(request: HttpRequest, token: ScimToken, rest: str = "") -> HttpResponse:
    """Any other path under ``/scim/v2/``: a SCIM 404, after the token check."""
    raise not_found()
