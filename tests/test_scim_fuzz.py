"""Whatever reaches ``/scim/v2/`` with a valid token, the answer is a SCIM response,
never a 500 (hypothesis over paths, methods, query strings and bodies)."""

import json
from typing import Any

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from identity.scim.actions import do_create_token
from identity.scim.parsing import PATCH_SCHEMA, USER_SCHEMA
from tests import factories

pytestmark = pytest.mark.django_db

# Text with what databases choke on: NUL, lone surrogates, other scripts' digits.
awkward = st.text(
    alphabet=st.sampled_from(["a", "1", "\x00", "\ud800", "\u0661", "\u00b2", '"', " ", "@", "é"]),
    max_size=8,
)
values = st.recursive(
    st.none() | st.booleans() | st.integers() | awkward,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(awkward, inner, max_size=3),
    max_leaves=10,
)
attributes = st.sampled_from(
    ["userName", "name.givenName", "displayName", "externalId", "active", "emails", "members"]
)
bodies = st.one_of(
    values,
    st.dictionaries(attributes, values, max_size=3).map(
        lambda attrs: {"schemas": [USER_SCHEMA], "userName": "u1", **attrs}
    ),
    st.tuples(st.sampled_from(["add", "replace", "remove"]), attributes, values).map(
        lambda op: {
            "schemas": [PATCH_SCHEMA],
            "Operations": [{"op": op[0], "path": op[1], "value": op[2]}],
        }
    ),
    st.tuples(attributes, values).map(
        lambda op: {
            "schemas": [PATCH_SCHEMA],
            "Operations": [{"op": "add", "value": {op[0]: op[1]}}],
        }
    ),
)


@pytest.fixture
def scim(db: Any) -> Client:
    factories.agent("alice")
    return Client(HTTP_AUTHORIZATION=f"Bearer {do_create_token('fuzz')}")


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    method=st.sampled_from(["get", "post", "put", "patch", "delete"]),
    path=st.one_of(
        st.sampled_from(["Users", "Groups", "Users/1", "Groups/1", "Schemas", "ResourceTypes"]),
        st.sampled_from(["Users/", "Groups/"]).flatmap(
            lambda p: awkward.filter(lambda t: "/" not in t and "\ud800" not in t).map(
                lambda t: p + t
            )
        ),
    ),
    # A query string carries bytes, never lone surrogates: those come as JSON escapes.
    query=st.dictionaries(
        st.sampled_from(["filter", "startIndex", "count"]),
        st.one_of(
            awkward.filter(lambda t: "\ud800" not in t),
            awkward.map(lambda t: f"userName eq {json.dumps(t)}"),
        ),
        max_size=2,
    ),
    body=bodies,
)
def test_no_request_gets_a_500(
    scim: Client, method: str, path: str, query: dict[str, str], body: Any
) -> None:
    try:
        data = json.dumps(body)
    except UnicodeEncodeError:
        data = "{}"
    response = getattr(scim, method)(
        f"/scim/v2/{path}",
        data=data if method != "get" else query,
        content_type="application/scim+json",
    )
    assert response.status_code < 500, response.content
    if response.status_code >= 400:
        assert response.json()["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:Error"]


@pytest.mark.parametrize("value", ["a\x00b", "a\ud800b"])
def test_nul_and_lone_surrogates_are_refused(scim: Client, value: str) -> None:
    for body in (
        {"schemas": [USER_SCHEMA], "userName": "bob", "displayName": value},
        {"schemas": [USER_SCHEMA], "userName": "bob", "name": {"familyName": value}},
    ):
        response = scim.post(
            "/scim/v2/Users", data=json.dumps(body), content_type="application/scim+json"
        )
        assert response.status_code == 400 and response.json()["scimType"] == "invalidValue"
    query = {"filter": f"userName eq {json.dumps(value)}"}
    response = scim.get("/scim/v2/Users", query)
    assert response.status_code == 400 and response.json()["scimType"] == "invalidFilter"


@pytest.mark.parametrize("user_id", ["\u0661", "\u00b2", "1\u00b2"])
def test_ids_in_other_scripts_digits_are_not_found(scim: Client, user_id: str) -> None:
    assert scim.get(f"/scim/v2/Users/{user_id}").status_code == 404
    assert scim.get(f"/scim/v2/Groups/{user_id}").status_code == 404
