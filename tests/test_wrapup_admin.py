"""Supervisors keep the wrap-up lists and the policy in the admin, audited; the lists'
entries are retired, not deleted, and wrap-ups are read-only there."""

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.test import Client

from chatserver.wrapup import choices, defaults
from chatserver.wrapup.models import ContactReason, WrapUpPolicy
from tests.mfa import sign_in
from transcripts.compliance.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client() -> Client:
    defaults.seed(lambda name: apps.get_model("wrapup", name))
    client = Client()
    sign_in(client, User.objects.create_superuser("root", password="root-pass-for-tests-1"))
    return client


def test_a_reason_is_added_and_the_policy_made_required_in_the_admin_audited(
    admin_client: Client,
) -> None:
    added = admin_client.post(
        "/admin/wrapup/contactreason/add/",
        {"slug": "safeguarding", "label": "Safeguarding", "position": "9", "active": "on"},
    )
    assert added.status_code == 302
    assert "safeguarding" in [row["code"] for row in choices.offered()["reasons"]]
    policy = WrapUpPolicy.objects.get()
    changed = admin_client.post(
        f"/admin/wrapup/wrapuppolicy/{policy.pk}/change/", {"required": "on"}
    )
    assert changed.status_code == 302
    assert choices.required() is True
    models = [entry.detail["model"] for entry in AuditEntry.objects.filter(action="admin_change")]
    assert sorted(models) == ["wrapup.contactreason", "wrapup.wrapuppolicy"]
    # One policy row: no second one, and it cannot be deleted.
    assert admin_client.get("/admin/wrapup/wrapuppolicy/add/").status_code == 403
    deleted = admin_client.post(f"/admin/wrapup/wrapuppolicy/{policy.pk}/delete/", {"post": "yes"})
    assert deleted.status_code == 403


def test_a_used_reason_is_retired_not_deleted(admin_client: Client) -> None:
    reason = ContactReason.objects.get(slug="repair")
    response = admin_client.post(
        f"/admin/wrapup/contactreason/{reason.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 403
    assert ContactReason.objects.filter(slug="repair").exists()


def test_a_supervisor_who_is_not_staff_keeps_the_lists_and_policy_and_sees_nothing_else() -> None:
    from tests import factories

    defaults.seed(lambda name: apps.get_model("wrapup", name))
    supervisor = Client()
    sign_in(supervisor, factories.supervisor("morgan"))
    index = supervisor.get("/admin/")
    assert index.status_code == 200
    page = index.content.decode()
    assert "/admin/wrapup/contactreason/" in page and "/admin/wrapup/wrapuppolicy/" in page
    assert "/admin/auth/user/" not in page
    assert supervisor.get("/admin/auth/user/").status_code == 403
    policy = WrapUpPolicy.objects.get()
    changed = supervisor.post(f"/admin/wrapup/wrapuppolicy/{policy.pk}/change/", {"required": "on"})
    assert changed.status_code == 302
    assert choices.required() is True
    assert AuditEntry.objects.filter(action="admin_change").count() == 1

    agent = Client()
    sign_in(agent, factories.agent("sam"))
    assert agent.get("/admin/").status_code == 302  # to the sign-in page: not for agents
    assert agent.get("/admin/wrapup/wrapuppolicy/").status_code == 302
