"""The emailed copy of a chat (audit finding F-04), against a real Daphne process.

A copy goes only to an address confirmed with a one-time code sent to it; the code
email is fixed text with nothing the visitor typed, and every address, conversation,
socket and client address has its limits.
"""

import asyncio
import re
import socket
from pathlib import Path
from typing import Any

import pytest

from tests.mailbox import CODE_LINE, latest_code, mail_to, sent_mail
from tests.peers import Peer, open_visitor

pytestmark = pytest.mark.e2e

PHISHING = "Your tenancy is at risk: verify your bank details at https://evil.example/verify"
PHISHING_NAME = "Pay today at https://evil.example/pay"
ANSWERS = {"email_code_sent", "transcript_emailed", "error"}


async def _visitor_with_a_chat(
    server: Any, token: str | None = None, forwarded_for: str | None = None
) -> Peer:
    """A visitor who has said something an attacker would like mailed to someone else
    (from ``forwarded_for`` behind a trusted proxy, when given)."""
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    visitor = await open_visitor(server, additional_headers=headers)
    await visitor.hello(token)
    if token is None:
        await visitor.start(name=PHISHING_NAME)
        await visitor.say(PHISHING)
    return visitor


async def _ask(visitor: Peer, email: str, code: str | None = None) -> dict[str, Any]:
    frame: dict[str, Any] = {"type": "email_transcript", "email": email}
    if code is not None:
        frame["code"] = code
    await visitor.send(frame)
    return await visitor.expect_any(ANSWERS)


def _another(code: str) -> str:
    return "000000" if code != "000000" else "111111"


async def test_copies_asked_for_third_parties_send_only_a_fixed_code_email(
    start_server, tmp_path: Path
) -> None:
    """The audit's reproduction: a visitor with no agent asks for copies to other people."""
    var = tmp_path / "var"
    server = start_server(CHAT_VAR_DIR=str(var))
    visitor = await _visitor_with_a_chat(server)
    targets = [f"target{k}@example.net" for k in range(3)]
    for target in targets:
        answer = await _ask(visitor, target)
        assert answer == {"type": "email_code_sent", "expires_in": 900}, answer

    mails = [mail for target in targets for mail in mail_to(var, target)]
    assert [mail.to for mail in mails] == targets
    assert len(sent_mail(var)) == 3  # no copy went anywhere
    for mail in mails:
        assert "evil.example" not in mail.subject + mail.body
        assert "tenancy" not in mail.body.lower() and "Pay today" not in mail.body
        assert mail.subject == "Your code from Riverside Homes (demo)"
        assert "It contains nothing typed in the chat" in mail.body
    # One fixed text for every address and every visitor: only the code differs.
    assert len({CODE_LINE.sub("<code>", mail.body) for mail in mails}) == 1
    log = server.log_text()
    for mail in mails:
        assert not re.search(rf"\b{re.escape(CODE_LINE.findall(mail.body)[0])}\b", log)
        assert mail.to not in log
    await visitor.close()


async def test_the_code_from_the_email_sends_the_copy_once(start_server, tmp_path: Path) -> None:
    var = tmp_path / "var"
    server = start_server(CHAT_VAR_DIR=str(var))
    visitor = await _visitor_with_a_chat(server)
    assert (await _ask(visitor, "tenant@example.org"))["type"] == "email_code_sent"
    code = latest_code(var, "tenant@example.org")

    assert await _ask(visitor, "tenant@example.org", code) == {"type": "transcript_emailed"}
    _code_mail, copy = mail_to(var, "tenant@example.org", 2)
    assert copy.subject == "Your chat with Riverside Homes (demo)"
    assert copy.body.startswith("Here is the copy of your chat that you asked for.")
    assert "confirmed with a code" in copy.body
    assert f"] You: {PHISHING}" in copy.body

    used = await _ask(visitor, "tenant@example.org", code)
    assert used["type"] == "error" and used["code"] == "code_expired", used
    assert len(sent_mail(var)) == 2
    assert not re.search(rf"\b{code}\b", server.log_text())
    await visitor.close()


async def test_wrong_codes_are_refused_and_too_many_void_the_code(
    start_server, tmp_path: Path
) -> None:
    var = tmp_path / "var"
    server = start_server(CHAT_VAR_DIR=str(var), CHAT_EMAIL_CODE_ATTEMPTS="3")
    visitor = await _visitor_with_a_chat(server)
    await _ask(visitor, "tenant@example.org")
    code = latest_code(var, "tenant@example.org")
    wrong = _another(code)

    for attempts_left in (2, 1):
        refused = await _ask(visitor, "tenant@example.org", wrong)
        assert refused["code"] == "wrong_code" and refused["attempts_left"] == attempts_left
    refused = await _ask(visitor, "tenant@example.org", wrong)
    assert refused["code"] == "too_many_attempts", refused
    # The right code no longer works either, and a code for another address never did.
    late = await _ask(visitor, "tenant@example.org", code)
    assert late["code"] == "too_many_attempts", late
    other = await _ask(visitor, "someone.else@example.net", code)
    assert other["code"] == "code_expired", other
    malformed = await _ask(visitor, "tenant@example.org", "12 34")
    assert malformed["code"] == "invalid", malformed
    assert len(sent_mail(var)) == 1
    await visitor.close()


async def test_an_expired_code_is_refused(start_server, tmp_path: Path) -> None:
    var = tmp_path / "var"
    server = start_server(CHAT_VAR_DIR=str(var), CHAT_EMAIL_CODE_SECONDS="1")
    visitor = await _visitor_with_a_chat(server)
    assert (await _ask(visitor, "tenant@example.org"))["expires_in"] == 1
    code = latest_code(var, "tenant@example.org")
    await asyncio.sleep(1.5)
    expired = await _ask(visitor, "tenant@example.org", code)
    assert expired["code"] == "code_expired", expired
    assert len(sent_mail(var)) == 1
    await visitor.close()


async def test_the_daily_limit_of_an_address_holds_across_conversations(
    start_server, tmp_path: Path
) -> None:
    var = tmp_path / "var"
    server = start_server(CHAT_VAR_DIR=str(var), CHAT_TRANSCRIPT_EMAILS_PER_ADDRESS_PER_DAY="2")
    first = await _visitor_with_a_chat(server)
    for _ in range(2):
        assert (await _ask(first, "victim@example.net"))["type"] == "email_code_sent"
    second = await _visitor_with_a_chat(server)  # another session, another conversation
    refused = await _ask(second, "VICTIM@example.net")
    assert refused["code"] == "rate_limited", refused
    assert 23 * 3600 < refused["retry_after"] <= 24 * 3600
    assert (await _ask(second, "tenant@example.org"))["type"] == "email_code_sent"
    assert len(mail_to(var, "victim@example.net")) == 2
    await first.close()
    await second.close()


async def test_the_spellings_of_one_mailbox_share_its_daily_allowance(
    start_server, tmp_path: Path
) -> None:
    var = tmp_path / "var"
    server = start_server(CHAT_VAR_DIR=str(var), CHAT_TRANSCRIPT_EMAILS_PER_ADDRESS_PER_DAY="3")
    spellings = ["victim@strasse.net", '"victim"@strasse.net', "victim@straße.net"]
    visitors = [await _visitor_with_a_chat(server) for _ in range(4)]
    for visitor, spelling in zip(visitors, spellings, strict=False):
        assert (await _ask(visitor, spelling))["type"] == "email_code_sent"
    refused = await _ask(visitors[3], '"victim"@STRAßE.net')
    assert refused.get("code") == "rate_limited", refused
    unsendable = await _ask(visitors[3], "victim@" + "ä" * 63 + ".net")  # IDNA: label too long
    assert unsendable["code"] == "invalid", unsendable
    assert len(mail_to(var, "victim@strasse.net", count=3)) == 3
    assert len(sent_mail(var)) == 3
    for visitor in visitors:
        await visitor.close()


async def test_a_conversation_asks_for_at_most_its_hourly_emails(
    start_server, tmp_path: Path
) -> None:
    var = tmp_path / "var"
    server = start_server(CHAT_VAR_DIR=str(var), CHAT_TRANSCRIPT_EMAILS_PER_HOUR="3")
    first = await _visitor_with_a_chat(server)
    token = first.received[0]["token"]
    for k in range(2):
        assert (await _ask(first, f"a{k}@example.net"))["type"] == "email_code_sent"
    # The same conversation on another socket (a reload): the count is the conversation's.
    again = await _visitor_with_a_chat(server, token)
    assert (await _ask(again, "a2@example.net"))["type"] == "email_code_sent"
    refused = await _ask(again, "a3@example.net")
    assert refused["code"] == "rate_limited" and refused["retry_after"] > 3500, refused
    assert len(sent_mail(var)) == 3
    await first.close()
    await again.close()


async def test_one_client_address_asks_for_at_most_its_hourly_codes(
    start_server, tmp_path: Path
) -> None:
    var = tmp_path / "var"
    server = start_server(CHAT_VAR_DIR=str(var), CHAT_EMAIL_CODES_PER_IP_PER_HOUR="2")
    visitors = [await _visitor_with_a_chat(server) for _ in range(3)]
    for k, visitor in enumerate(visitors[:2]):
        assert (await _ask(visitor, f"b{k}@example.net"))["type"] == "email_code_sent"
    refused = await _ask(visitors[2], "b2@example.net")
    assert refused["code"] == "rate_limited", refused
    assert len(sent_mail(var)) == 2
    for visitor in visitors:
        await visitor.close()


async def test_addresses_of_one_ipv6_64_share_the_hourly_codes(
    start_server, tmp_path: Path
) -> None:
    var = tmp_path / "var"
    server = start_server(
        CHAT_VAR_DIR=str(var), CHAT_EMAIL_CODES_PER_IP_PER_HOUR="2", CHAT_TRUSTED_PROXY="1"
    )
    visitors = [
        await _visitor_with_a_chat(server, forwarded_for=f"2001:db8:1:2::{k + 1}") for k in range(3)
    ]
    for k, visitor in enumerate(visitors[:2]):
        assert (await _ask(visitor, f"c{k}@example.net"))["type"] == "email_code_sent"
    refused = await _ask(visitors[2], "c2@example.net")
    assert refused.get("code") == "rate_limited", refused
    elsewhere = await _visitor_with_a_chat(server, forwarded_for="2001:db8:1:3::1")
    assert (await _ask(elsewhere, "c3@example.net"))["type"] == "email_code_sent"
    for visitor in [*visitors, elsewhere]:
        await visitor.close()


async def test_the_daily_limit_of_an_address_holds_across_server_processes(
    start_server, tmp_path: Path
) -> None:
    var = tmp_path / "var"
    limits = {"CHAT_VAR_DIR": str(var), "CHAT_TRANSCRIPT_EMAILS_PER_ADDRESS_PER_DAY": "2"}
    first = start_server(**limits)
    second = start_server(database_url=first.database_url, **limits)
    on_first = await _visitor_with_a_chat(first)
    on_second = await _visitor_with_a_chat(second)
    assert (await _ask(on_first, "victim@example.net"))["type"] == "email_code_sent"
    assert (await _ask(on_second, "victim@example.net"))["type"] == "email_code_sent"
    for visitor in (on_first, on_second):
        refused = await _ask(visitor, "victim@example.net")
        assert refused["code"] == "rate_limited", refused
    assert len(mail_to(var, "victim@example.net")) == 2
    await on_first.close()
    await on_second.close()


async def test_a_new_conversation_on_the_same_socket_gets_no_more_codes(
    start_server, tmp_path: Path
) -> None:
    """The audit's loop: ``end`` and ``start`` again, and ask once more."""
    var = tmp_path / "var"
    server = start_server(CHAT_VAR_DIR=str(var))
    visitor = await _visitor_with_a_chat(server)
    answers = []
    for round_ in range(2):
        if round_:
            await visitor.send({"type": "end"})
            await visitor.expect("status", status="closed")
            await visitor.start()
            await visitor.say(PHISHING)
        for k in range(3):
            answers.append(await _ask(visitor, f"target{k}@example.net"))
    assert [answer.get("code", answer["type"]) for answer in answers] == [
        *["email_code_sent"] * 3,
        *["rate_limited"] * 3,
    ]
    assert len(sent_mail(var)) == 3
    await visitor.close()


async def test_a_mail_server_failure_is_refused_without_logging_the_address(
    start_server, tmp_path: Path
) -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    server = start_server(
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(closed_port),
        CHAT_TRANSCRIPT_EMAILS_PER_ADDRESS_PER_DAY="1",
    )
    visitor = await _visitor_with_a_chat(server)
    for _ in range(3):
        refused = await _ask(visitor, "unreachable.tenant@example.org")
        # Not sent, so not counted: the address's limit of one is never reached.
        assert refused["code"] == "server_error", refused
    assert "unreachable.tenant" not in server.log_text()
    assert "An email could not be sent: ConnectionRefusedError" in server.log_text()
    await visitor.close()
