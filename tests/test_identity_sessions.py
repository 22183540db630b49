"""An agent's own sessions (allauth.usersessions): where and when they are signed in, and
signing the others out, which ends those sessions and so every socket they opened."""

import pytest
from django.test import Client

from chatserver.chat.agent_auth import agent_session_is_valid
from tests import factories
from tests.mfa import enrol
from tests.totp import unused_code

pytestmark = pytest.mark.django_db


def signed_in_over_http(user, address: str, browser: str) -> Client:
    """A client signed in through the sign-in page and the code challenge, as a browser is
    (the session list records sign-ins made there); each with a code not used before."""
    enrol(user)
    client = Client(REMOTE_ADDR=address, HTTP_USER_AGENT=browser)
    response = client.post(
        "/accounts/login/", {"login": user.username, "password": factories.PASSWORD}
    )
    assert response["Location"] == "/accounts/2fa/authenticate/"
    code = unused_code(f"sessions-test-{user.pk}")
    assert client.post("/accounts/2fa/authenticate/", {"code": code}).status_code == 302
    return client


def test_an_agent_sees_their_sessions_and_signs_the_others_out() -> None:
    alice = factories.agent("alice")
    desk = signed_in_over_http(alice, "203.0.113.7", "DeskBrowser/1.0")
    laptop = signed_in_over_http(alice, "198.51.100.9", "LaptopBrowser/2.0")
    page = laptop.get("/accounts/sessions/")
    assert page.status_code == 200
    listed = page.content.decode()
    assert "203.0.113.7" in listed and "DeskBrowser/1.0" in listed
    assert "LaptopBrowser/2.0" in listed and "This browser" in listed
    assert "Sign out the other sessions" in listed

    desk_key = desk.session.session_key
    assert agent_session_is_valid(desk_key, alice.pk)
    assert laptop.post("/accounts/sessions/").status_code == 302
    assert not agent_session_is_valid(desk_key, alice.pk)
    assert agent_session_is_valid(laptop.session.session_key, alice.pk)
    assert "DeskBrowser/1.0" not in laptop.get("/accounts/sessions/").content.decode()


def test_the_session_list_needs_the_second_factor() -> None:
    alice = factories.agent("alice")
    client = Client()
    client.force_login(alice)  # a password only: no second factor in this session
    assert client.get("/accounts/sessions/").status_code == 302
