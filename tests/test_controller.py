"""The controller named in the privacy notice and the access letter, and the lawful basis
of each purpose: read from settings, a bad value stopping the start-up."""

import pytest
from django.core.checks import run_checks
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from transcripts.compliance import controller

GOOD = "chat=contract, details=contract, photos=public_task, diagnostics=legitimate_interests"


def test_every_purpose_gets_its_basis() -> None:
    bases = controller.parse_lawful_bases(GOOD)
    assert bases == {
        "chat": "contract",
        "details": "contract",
        "photos": "public_task",
        "diagnostics": "legitimate_interests",
    }


@pytest.mark.parametrize(
    ("text", "complaint"),
    [
        ("chat=contract", "no basis for"),
        (GOOD + ", chat=consent", "more than once"),
        (GOOD.replace("public_task", "because"), "unknown lawful basis"),
        (GOOD + ", marketing=consent", "unknown purpose"),
        (GOOD.replace("chat=contract", "chat contract"), "purpose=basis"),
    ],
)
def test_a_bad_value_is_refused_naming_the_setting(text: str, complaint: str) -> None:
    with pytest.raises(ImproperlyConfigured, match="CHAT_LAWFUL_BASES") as refused:
        controller.parse_lawful_bases(text)
    assert complaint in str(refused.value)


@given(st.text(max_size=80))
def test_any_text_parses_or_is_refused_as_misconfigured(text: str) -> None:
    try:
        bases = controller.parse_lawful_bases(text)
    except ImproperlyConfigured:
        return
    assert set(bases) == set(controller.PURPOSES)
    assert set(bases.values()) <= set(controller.BASES)


def test_a_bad_setting_is_a_check_error_at_start_up(settings) -> None:
    settings.CHAT_LAWFUL_BASES = "chat=whatever"
    settings.CHAT_CONTROLLER_ADDRESS = " "
    ids = {message.id for message in run_checks()}
    assert {"chat.E007", "chat.E008"} <= ids
    settings.CHAT_LAWFUL_BASES = GOOD
    settings.CHAT_CONTROLLER_ADDRESS = "1 Quay Street, Newport"
    ids = {message.id for message in run_checks()}
    assert not {"chat.E007", "chat.E008"} & ids


@pytest.mark.django_db
def test_the_privacy_notice_names_the_controller_and_each_basis(settings) -> None:
    settings.CHAT_ORGANISATION_NAME = "Quay <Homes>"
    settings.CHAT_CONTROLLER_ADDRESS = "1 Quay Street, Newport <NP20>"
    settings.CHAT_LAWFUL_BASES = GOOD
    page = Client().get("/privacy/").content.decode()
    assert "Quay &lt;Homes&gt;" in page and "1 Quay Street, Newport &lt;NP20&gt;" in page
    assert "<NP20>" not in page
    assert "article 6(1)(b)" in page and "article 6(1)(e)" in page and "article 6(1)(f)" in page
    assert "restrict" in page and "object" in page and "correct" in page


@pytest.mark.django_db
def test_the_privacy_notice_in_welsh_names_the_bases(settings) -> None:
    settings.CHAT_LAWFUL_BASES = GOOD
    page = Client().get("/privacy/", HTTP_ACCEPT_LANGUAGE="cy").content.decode()
    assert "erthygl 6(1)(b)" in page and "Rheolydd" in page
