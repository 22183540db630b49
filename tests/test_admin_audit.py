"""The Django admin: no silent legal hold or deletion, and every change to agents audited."""

import json

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.test import Client

from chatserver.console.admin_audit import AuditedAdmin
from tests import factories
from tests.mfa import sign_in
from transcripts.compliance.models import AuditEntry
from transcripts.record import store
from transcripts.record.models import Conversation

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-brand-new-secret-9183"


@pytest.fixture
def admin_client() -> Client:
    client = Client()
    sign_in(client, User.objects.create_superuser("root", password="root-pass-for-tests-1"))
    return client


def admin_changes() -> list[dict[str, object]]:
    return [
        entry.detail for entry in AuditEntry.objects.filter(action="admin_change").order_by("at")
    ]


def test_no_silent_legal_hold_or_deletion_of_a_conversation(admin_client: Client) -> None:
    conversation = store.create_conversation(details=None)
    change = f"/admin/transcripts/conversation/{conversation.pk}/change/"
    admin_client.post(change, {"legal_hold": "on", "legal_hold_reason": "set silently in admin"})
    conversation.refresh_from_db()
    assert (conversation.legal_hold, conversation.legal_hold_reason) == (False, "")

    assert admin_client.get(change).status_code == 200  # still shown, read-only
    deleted = admin_client.post(
        f"/admin/transcripts/conversation/{conversation.pk}/delete/", {"post": "yes"}
    )
    assert deleted.status_code == 403
    admin_client.post(
        "/admin/transcripts/conversation/",
        {"action": "delete_selected", "_selected_action": [str(conversation.pk)], "post": "yes"},
    )
    assert Conversation.objects.filter(pk=conversation.pk).exists()


def test_changes_to_an_agent_are_audited(admin_client: Client) -> None:
    bob = factories.agent("bob", first_name="")
    supervisors = Group.objects.create(name="supervisors")
    form = {
        "username": "bob",
        "first_name": "Bob",
        "last_name": "",
        "email": "",
        "groups": [str(bob.groups.get().pk), str(supervisors.pk)],
        "date_joined_0": "2026-01-01",
        "date_joined_1": "09:00:00",
    }  # "is_active" left out: the box is unticked
    answer = admin_client.post(f"/admin/auth/user/{bob.pk}/change/", form)
    assert answer.status_code == 302
    bob.refresh_from_db()
    assert not bob.is_active and bob.groups.filter(name="supervisors").exists()
    root = User.objects.get(username="root")
    entry = AuditEntry.objects.get(action="admin_change")
    assert entry.actor == root
    assert entry.detail["model"] == "auth.user" and entry.detail["object_id"] == str(bob.pk)
    assert entry.detail["operation"] == "changed"
    assert {"Active", "Groups", "First name"} <= set(entry.detail["fields"])
    assert entry.detail["groups_added"] == ["supervisors"]
    assert entry.detail["groups_removed"] == []
    assert entry.detail["is_active"] is False


def test_passwords_set_in_the_admin_are_audited_without_the_password(
    admin_client: Client,
) -> None:
    added = admin_client.post(
        "/admin/auth/user/add/",
        {
            "username": "dave",
            "usable_password": "true",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )
    assert added.status_code == 302
    dave = User.objects.get(username="dave")
    changed = admin_client.post(
        f"/admin/auth/user/{dave.pk}/password/",
        {
            "usable_password": "true",
            "password1": NEW_PASSWORD + "x",
            "password2": NEW_PASSWORD + "x",
        },
    )
    assert changed.status_code == 302
    assert [(row["operation"], row["object_id"]) for row in admin_changes()] == [
        ("added", str(dave.pk)),
        ("changed", str(dave.pk)),
    ]
    assert "password" in " ".join(admin_changes()[1]["fields"]).lower()  # type: ignore[arg-type]
    stored = json.dumps(admin_changes())
    assert NEW_PASSWORD not in stored and "pbkdf2" not in stored


def test_agents_are_deactivated_not_deleted_and_group_changes_are_audited(
    admin_client: Client,
) -> None:
    bob = factories.agent("bob", first_name="")
    assert (
        admin_client.post(f"/admin/auth/user/{bob.pk}/delete/", {"post": "yes"}).status_code == 403
    )
    assert User.objects.filter(pk=bob.pk).exists()
    group = Group.objects.get(name="agents")
    admin_client.post(f"/admin/auth/group/{group.pk}/delete/", {"post": "yes"})
    assert not Group.objects.filter(pk=group.pk).exists()
    assert [(row["model"], row["operation"], row["object_id"]) for row in admin_changes()] == [
        ("auth.group", "deleted", str(group.pk))
    ]


def test_every_admin_page_is_audited_or_read_only(admin_client: Client, rf) -> None:
    request = rf.get("/admin/")
    request.user = User.objects.get(username="root")
    for model, model_admin in admin.site._registry.items():
        if isinstance(model_admin, AuditedAdmin):
            continue
        offers = (
            model_admin.has_add_permission(request),
            model_admin.has_change_permission(request),
            model_admin.has_delete_permission(request),
        )
        assert offers == (False, False, False), model


def test_the_agents_list_puts_no_name_or_email_in_a_url(admin_client: Client) -> None:
    factories.agent("bob", first_name="")
    page = admin_client.get("/admin/auth/user/").content.decode()
    assert 'name="q"' not in page
    assert "?groups__id__exact=" in page and "?is_active__exact=0" in page


@pytest.mark.parametrize("page", ["/admin/password_change/", "/accounts/password_change/"])
def test_changing_ones_own_password_is_audited_without_it(admin_client: Client, page: str) -> None:
    """The re-audit of F-14: the admin's own "change password" page wrote no entry."""
    admin_user = User.objects.get(username="root")
    changed = admin_client.post(
        page,
        {
            "old_password": "root-pass-for-tests-1",
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )
    assert changed.status_code == 302
    rows = [row for row in admin_changes() if row["object_id"] == str(admin_user.pk)]
    assert [(row["operation"], row["fields"]) for row in rows] == [("changed", ["password"])]
    stored = json.dumps(admin_changes())
    assert NEW_PASSWORD not in stored and "pbkdf2" not in stored
