"""The mail a server under test sent: its file backend's files under ``var/mail``."""

import re
import time
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

SEPARATOR = b"\n" + b"-" * 79 + b"\n"
CODE_LINE = re.compile(r"^\s*(\d{6})\s*$", re.M)


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    body: str


def sent_mail(var_dir: Path) -> list[Mail]:
    """Every message written so far, oldest file first (the backend may append several
    messages to one file, each followed by a line of 79 dashes)."""
    mails = []
    paths = (var_dir / "mail").glob("*.log")
    for path in sorted(paths, key=lambda path: (path.stat().st_mtime_ns, path.name)):
        for chunk in path.read_bytes().split(SEPARATOR):
            if not chunk.strip():
                continue
            message = message_from_bytes(chunk, policy=policy.default)
            assert isinstance(message, EmailMessage)
            body = message.get_body(("plain",))
            assert body is not None
            mails.append(Mail(str(message["To"]), str(message["Subject"]), body.get_content()))
    return mails


def mail_to(var_dir: Path, address: str, count: int = 1, timeout: float = 10.0) -> list[Mail]:
    """The messages sent to ``address``, once there are at least ``count`` of them."""
    deadline = time.monotonic() + timeout
    while True:
        found = [mail for mail in sent_mail(var_dir) if mail.to == address]
        if len(found) >= count or time.monotonic() > deadline:
            return found
        time.sleep(0.05)


def code_in(mail: Mail) -> str:
    """The one-time code of a confirmation email: the only line of six digits."""
    (code,) = CODE_LINE.findall(mail.body)
    return str(code)


def latest_code(var_dir: Path, address: str, count: int = 1) -> str:
    """The code of the ``count``-th email sent to ``address``."""
    mails = mail_to(var_dir, address, count)
    assert len(mails) >= count, f"no {count} emails to {address}"
    return code_in(mails[count - 1])
