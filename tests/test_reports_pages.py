"""The reports page and the transparency report: who may open them, the figures and
charts they show, bad filters answered as form errors (never a 500), and no visitor's
details on either."""

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests import factories
from tests.mfa import sign_in
from tests.reports_seed import KNOWN, period, seed

pytestmark = pytest.mark.django_db
PAGES = ("/console/reports/", "/console/reports/transparency/")


def signed_in_as(user: Any) -> Client:
    client = Client()
    sign_in(client, user)
    return client


@pytest.mark.parametrize("url", PAGES)
def test_only_supervisors_open_the_reports(url: str) -> None:
    assert signed_in_as(factories.agent("ann")).get(url).status_code == 403
    assert Client().get(url).status_code == 302  # to sign in
    assert signed_in_as(factories.supervisor("sue")).get(url).status_code == 200


def test_the_report_page_shows_the_figures_and_charts() -> None:
    seed()
    response = signed_in_as(factories.supervisor("sue")).get("/console/reports/", period())
    assert response.status_code == 200
    content = response.content.decode()
    assert response.context["overall"].chats == 4
    assert '<dd id="service-level">33.3%</dd>' in content
    assert content.count("<svg") == 2 and 'aria-label="Chats by hour started"' in content
    for table in ("breakdown", "languages", "hours", "concurrency", "ratings"):
        assert f'id="{table}"' in content
    assert 'id="casework-figures"' in content
    assert "/console/reports/conversations.csv?" in content


def test_the_breakdown_follows_the_chosen_dimension() -> None:
    seed()
    client = signed_in_as(factories.supervisor("sue"))
    response = client.get("/console/reports/", {**period(), "by": "reason"})
    assert {row.label for row in response.context["rows"]} == {"(none)", "Report a repair"}


@pytest.mark.parametrize(
    "query",
    [
        {"start": "2026-02-30"},
        {"start": "2026-03-02", "end": "2026-03-01"},
        {"start": "2020-01-01", "end": "2026-01-01"},
        {"team": "999999"},
        {"team": "x"},
        {"language": "fr"},
        {"by": "visitor"},
        {"threshold": "0"},
        {"threshold": "ten"},
    ],
)
def test_bad_filters_are_form_errors(query: dict[str, str]) -> None:
    response = signed_in_as(factories.supervisor("sue")).get("/console/reports/", query)
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()


FILTER_NAMES = st.sampled_from(["start", "end", "team", "by", "threshold", "language"])


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.dictionaries(FILTER_NAMES, st.text(max_size=20)))
def test_no_filter_makes_a_server_error(query: dict[str, str]) -> None:
    sue = User.objects.filter(username="sue").first() or factories.supervisor("sue")
    client = Client(raise_request_exception=False)
    sign_in(client, sue)
    for url in ("/console/reports/", "/console/reports/breakdown.csv", PAGES[1]):
        assert client.get(url, query).status_code in (200, 400)


def test_the_transparency_report_prints_figures_and_nothing_personal() -> None:
    seed()
    response = signed_in_as(factories.supervisor("sue")).get(PAGES[1], period())
    assert response.status_code == 200
    content = response.content.decode()
    assert "reports/transparency.css" in content
    assert response.context["figures"].chats.chats == 4
    for table in ("chats", "languages", "requests", "disclosures", "retention", "casework"):
        assert f'id="{table}"' in content
    for value in [*KNOWN.values(), *KNOWN["name"].split(), "Larkspur", "CF37"]:
        assert value.lower() not in content.lower()
