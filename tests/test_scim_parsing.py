"""The SCIM parsers: filters, user resources and PATCH operations, as Entra ID sends them
and as anything else might (hypothesis): a result or a SCIM 400, never another error."""

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from identity.scim.errors import ScimError
from identity.scim.parsing import (
    PATCH_SCHEMA,
    USER_SCHEMA,
    parse_filter,
    parse_json,
    parse_patch,
    parse_user,
)


def any_case(word: str) -> st.SearchStrategy[str]:
    """``word`` with each letter upper- or lower-cased."""
    return st.tuples(*(st.sampled_from(sorted({c.lower(), c.upper()})) for c in word)).map("".join)


def patch(*operations: Any) -> dict[str, Any]:
    return {"schemas": [PATCH_SCHEMA], "Operations": list(operations)}


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=20), inner, max_size=4)
    ),
    max_leaves=20,
)


def refused_with(call: Any, scim_type: str) -> None:
    with pytest.raises(ScimError) as refused:
        call()
    assert (refused.value.status, refused.value.scim_type) == (400, scim_type)


# Filters -------------------------------------------------------------------------------


@given(
    attribute=st.sampled_from(["userName", "externalId"]).flatmap(any_case),
    operator=any_case("eq"),
    value=st.text(st.characters(exclude_categories=("Cc", "Cs")), max_size=60),
    space=st.sampled_from([" ", "  ", "\t"]),
)
def test_an_eq_filter_reads_back_any_value_in_any_case(
    attribute: str, operator: str, value: str, space: str
) -> None:
    text = f"{attribute}{space}{operator}{space}{json.dumps(value)}"
    assert parse_filter(text) == (
        {"username": "userName"}.get(attribute.lower(), "externalId"),
        value,
    )


@given(
    before=st.text(max_size=5),
    bad=st.characters(categories=("Cc", "Cs")),
    after=st.text(max_size=5),
)
def test_a_filter_value_with_control_characters_or_lone_surrogates_is_refused(
    before: str, bad: str, after: str
) -> None:
    text = f"userName eq {json.dumps(before + bad + after)}"
    refused_with(lambda: parse_filter(text), "invalidFilter")


def test_entra_ids_filter_and_the_schema_qualified_form() -> None:
    assert parse_filter('userName eq "alice@contoso.example"') == (
        "userName",
        "alice@contoso.example",
    )
    qualified = f'{USER_SCHEMA}:userName eq "a\\"b"'
    assert parse_filter(qualified) == ("userName", 'a"b')


@given(st.text(max_size=80))
def test_any_filter_text_parses_or_is_refused_as_an_invalid_filter(text: str) -> None:
    try:
        attribute, value = parse_filter(text)
    except ScimError as refused:
        assert (refused.status, refused.scim_type) == (400, "invalidFilter")
    else:
        assert attribute in {"userName", "externalId", "id"} and isinstance(value, str)


@pytest.mark.parametrize(
    "text",
    [
        'userName co "ali"',
        'userName eq "a" and active eq true',
        'emails.value eq "a@example.org"',
        "userName eq alice",
        'userName eq "\\x"',
        "",
    ],
)
def test_other_filters_are_refused(text: str) -> None:
    refused_with(lambda: parse_filter(text), "invalidFilter")


# PATCH ---------------------------------------------------------------------------------


@given(
    op=st.sampled_from(["replace", "add"]).flatmap(any_case),
    path=any_case("active"),
    value=st.sampled_from([False, "False", "false", "FALSE", " false "]),
)
def test_entra_ids_deactivation_with_a_path_in_any_case_and_form(
    op: str, path: str, value: Any
) -> None:
    assert parse_patch(patch({"op": op, "path": path, "value": value})) == {"active": False}


@given(
    op=any_case("replace"), key=any_case("active"), value=st.sampled_from([True, "True", "true"])
)
def test_a_path_less_value_object_in_any_case(op: str, key: str, value: Any) -> None:
    assert parse_patch(patch({"op": op, "value": {key: value}})) == {"active": True}


def test_entra_ids_path_less_update_of_several_attributes() -> None:
    body = patch(
        {
            "op": "Replace",
            "value": {
                "displayName": "Alice Jones",
                "name.givenName": "Alice",
                "name.familyName": "Jones",
                'emails[type eq "work"].value': "alice@contoso.example",
                "externalId": "alice",
            },
        }
    )
    assert parse_patch(body) == {
        "displayName": "Alice Jones",
        "name.givenName": "Alice",
        "name.familyName": "Jones",
        "email": "alice@contoso.example",
        "externalId": "alice",
    }


def test_operations_apply_in_order_and_remove_clears() -> None:
    body = patch(
        {"op": "add", "path": "name.familyName", "value": "Jones"},
        {"op": "remove", "path": "name.familyName"},
        {"op": "replace", "path": 'emails[type eq "work"].value', "value": "a@contoso.example"},
        {"op": "replace", "path": f"{USER_SCHEMA}:displayName", "value": "A"},
    )
    assert parse_patch(body) == {
        "name.familyName": "",
        "email": "a@contoso.example",
        "displayName": "A",
    }


@pytest.mark.parametrize(
    ("operation", "scim_type"),
    [
        (
            {"op": "replace", "path": 'phoneNumbers[type eq "mobile"].value', "value": "0"},
            "invalidPath",
        ),
        (
            {
                "op": "replace",
                "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department",
                "value": "x",
            },
            "invalidPath",
        ),
        ({"op": "replace", "value": {"title": "Adviser"}}, "invalidPath"),
        ({"op": "replace", "path": "active", "value": "maybe"}, "invalidValue"),
        ({"op": "replace", "path": "active", "value": 0}, "invalidValue"),
        ({"op": "remove", "path": "active"}, "mutability"),
        ({"op": "remove"}, "noTarget"),
        ({"op": "move", "path": "active", "value": False}, "invalidSyntax"),
        (
            {"op": "replace", "path": 'emails[type eq "work"].value', "value": "not an address"},
            "invalidValue",
        ),
        ({"op": "replace", "path": "userName", "value": ""}, "invalidValue"),
        ({"op": "replace", "path": "displayName", "value": "x" * 256}, "invalidValue"),
        ("replace", "invalidSyntax"),
    ],
)
def test_unknown_attributes_and_bad_values_are_refused_with_their_scim_type(
    operation: Any, scim_type: str
) -> None:
    refused_with(lambda: parse_patch(patch(operation)), scim_type)


def test_a_patch_without_its_schema_or_operations_is_refused() -> None:
    refused_with(
        lambda: parse_patch({"Operations": [{"op": "replace", "value": {"active": False}}]}),
        "invalidSyntax",
    )
    refused_with(lambda: parse_patch(patch()), "invalidSyntax")
    refused_with(lambda: parse_patch([]), "invalidSyntax")


@settings(max_examples=300)
@given(
    st.one_of(
        json_values,
        st.lists(
            st.dictionaries(
                st.sampled_from(["op", "path", "value", "Op", "PATH"]), json_values, max_size=3
            ),
            max_size=3,
        ).map(lambda operations: patch(*operations)),
    )
)
def test_any_json_as_a_patch_gives_changes_or_a_scim_400(body: Any) -> None:
    try:
        changes = parse_patch(body)
    except ScimError as refused:
        assert refused.status == 400 and refused.scim_type
    else:
        assert set(changes) <= {
            "userName",
            "name.givenName",
            "name.familyName",
            "displayName",
            "email",
            "externalId",
            "active",
        }


# Whole resources -------------------------------------------------------------------------


def test_entra_ids_create_request() -> None:
    body = {
        "schemas": [USER_SCHEMA, "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
        "externalId": "alice",
        "userName": "alice@contoso.example",
        "active": True,
        "displayName": "Alice Jones",
        "emails": [{"primary": True, "type": "work", "value": "alice@contoso.example"}],
        "meta": {"resourceType": "User"},
        "name": {"familyName": "Jones", "givenName": "Alice"},
    }
    assert parse_user(body) == {
        "externalId": "alice",
        "userName": "alice@contoso.example",
        "active": True,
        "displayName": "Alice Jones",
        "email": "alice@contoso.example",
        "name.familyName": "Jones",
        "name.givenName": "Alice",
    }


@pytest.mark.parametrize(
    ("body", "scim_type"),
    [
        ({"schemas": [USER_SCHEMA]}, "invalidValue"),
        ({"userName": "a"}, "invalidSyntax"),
        ({"schemas": [USER_SCHEMA], "userName": "a", "password": "x"}, "invalidPath"),
        ({"schemas": [USER_SCHEMA], "userName": "a", "addresses": []}, "invalidPath"),
        ({"schemas": [USER_SCHEMA], "userName": "a", "emails": "a@b.example"}, "invalidValue"),
        ({"schemas": [USER_SCHEMA], "userName": 7}, "invalidValue"),
    ],
)
def test_a_bad_user_resource_is_refused(body: Any, scim_type: str) -> None:
    refused_with(lambda: parse_user(body), scim_type)


@given(json_values)
def test_any_json_as_a_user_gives_changes_or_a_scim_400(body: Any) -> None:
    try:
        parse_user(body)
    except ScimError as refused:
        assert refused.status == 400 and refused.scim_type


@given(st.binary(max_size=60))
def test_any_bytes_as_a_body_give_json_or_a_scim_400(raw: bytes) -> None:
    try:
        parse_json(raw)
    except ScimError as refused:
        assert (refused.status, refused.scim_type) == (400, "invalidSyntax")


def test_deeply_nested_json_is_a_scim_400() -> None:
    refused_with(lambda: parse_json(b"[" * 100_000), "invalidSyntax")
