"""Reading the provider's claims (any JSON value) into roles, groups and MFA evidence."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from identity.sso import adapter, claims, config
from identity.sso.config import RoleMap

ROLE_MAP = RoleMap(
    claim="roles", agent=frozenset({"Chat.Agent"}), supervisor=frozenset({"Chat.Supervisor"})
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: st.lists(children) | st.dictionaries(st.text(), children),
    max_leaves=10,
)


@given(st.dictionaries(st.text(), json_values), st.text())
def test_any_claim_value_reads_as_a_set_of_non_empty_strings(claims_: dict, name: str) -> None:
    values = claims.claim_values(claims_, name)
    assert all(isinstance(value, str) and value for value in values)
    raw = claims_.get(name)
    if not isinstance(raw, str | list):
        assert values == frozenset()


@given(st.lists(st.text() | st.integers() | st.none()))
def test_a_list_claim_keeps_exactly_its_strings(raw: list) -> None:
    assert claims.claim_values({"roles": raw}, "roles") == {
        item for item in raw if isinstance(item, str) and item
    }


@pytest.mark.parametrize(
    ("raw", "groups"),
    [
        (["Chat.Agent"], {"agents"}),
        (["Chat.Supervisor"], {"agents", "supervisors"}),
        (["Chat.Agent", "Chat.Supervisor", "Other"], {"agents", "supervisors"}),
        ("Chat.Agent", {"agents"}),
        (["chat.agent"], set()),
        (["Other"], set()),
        ([], set()),
        (None, set()),
        ({"Chat.Agent": True}, set()),
        ([["Chat.Agent"]], set()),
    ],
)
def test_roles_map_to_groups(raw: object, groups: set[str]) -> None:
    roles = claims.role_claims({"roles": raw}, {}, "roles")
    assert claims.groups_for(roles, ROLE_MAP) == groups


@given(st.frozensets(st.text()))
def test_groups_are_only_ever_the_managed_ones(roles: frozenset[str]) -> None:
    groups = claims.groups_for(roles | {"Chat.Agent"}, ROLE_MAP)
    assert groups <= claims.MANAGED_GROUPS and "agents" in groups


def test_the_id_tokens_claim_wins_over_userinfo_and_userinfo_fills_in() -> None:
    userinfo = {"groups": ["Chat.Supervisor"]}
    assert claims.role_claims({"groups": []}, userinfo, "groups") == frozenset()
    assert claims.role_claims({}, userinfo, "groups") == {"Chat.Supervisor"}


@pytest.mark.parametrize(
    ("amr", "shows"),
    [
        (["pwd", "mfa"], True),
        (["ngcmfa"], True),
        (["pwd"], False),
        (["otp"], False),
        (["pwd", "otp"], False),
        ("mfa", True),
        ([], False),
        (None, False),
        (["MFA"], False),
    ],
)
def test_amr_shows_mfa_only_with_an_accepted_value(amr: object, shows: bool) -> None:
    accepted = config.parse_values(config.DEFAULT_MFA_AMR, "OIDC_MFA_AMR")
    assert claims.shows_mfa(adapter.amr_of({"amr": amr}), accepted) is shows


@given(st.lists(st.text()))
def test_amr_values_reaching_the_audit_log_are_short_plain_names(amr: list[str]) -> None:
    kept = adapter.amr_of({"amr": amr})
    assert kept <= set(amr)
    for value in kept:
        assert 1 <= len(value) <= 32 and value.isascii() and value.isprintable()
        assert not any(character.isspace() or character in "<>\"'&" for character in value)


claim_value = st.from_regex(r"[\w.:/-]([\w.:/ -]*[\w.:/-])?", fullmatch=True)


@given(st.lists(claim_value))
def test_a_value_list_round_trips(values: list[str]) -> None:
    assert config.parse_values(" , ".join(values), "X") == frozenset(values)


@given(st.text())
def test_a_value_list_either_parses_or_names_its_variable(text: str) -> None:
    try:
        values = config.parse_values(text, "OIDC_AGENT_ROLES")
    except config.ImproperlyConfigured as error:
        assert "OIDC_AGENT_ROLES" in str(error)
    else:
        assert all(value and value == value.strip() for value in values)
