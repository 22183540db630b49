"""Welsh and English: the catalogue, how a language is chosen, and what is written in it."""

import gettext
import io
import json
import re
import shutil
import subprocess
import sys
import uuid
import zipfile
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.utils import translation

from chatserver.chat import inbound, state
from chatserver.chat.actions import conversations, routing
from chatserver.chat.actions.messages import do_send_messages
from chatserver.chat.actions.transcript_email import do_email_transcript
from chatserver.chat.errors import ChatError
from chatserver.chat.models import CannedResponse, CannedTranslation
from locality import languages
from tests import factories
from tests.backends import skip_or_fail
from tests.mfa import sign_in
from transcripts.compliance import subject_rights
from transcripts.compliance.models import SubjectRequest
from transcripts.record import store
from transcripts.record.models import Conversation, Message
from widget.strings import FRAME, frame_strings, loader_labels

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "chatserver" / "locale" / "cy" / "LC_MESSAGES"
PLACEHOLDER = re.compile(r"\{\w+\}|%\(\w+\)s")


def read_po(path: Path) -> list[dict[str, object]]:
    """The entries of a .po file: msgid, msgstr and flags (enough for our catalogue)."""
    entries: list[dict[str, object]] = []
    current: dict[str, object] = {"flags": set()}
    field = None
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if "msgid" in current:
                entries.append(current)
            current, field = {"flags": set()}, None
        elif line.startswith("#,"):
            current["flags"] = {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith(("msgid ", "msgstr ")):
            field, _, value = line.partition(" ")
            current[field] = json.loads(value)
        elif line.startswith('"') and field:
            current[field] = str(current[field]) + json.loads(line)
    return [entry for entry in entries if entry["msgid"]]


def test_every_entry_is_translated_and_keeps_its_placeholders() -> None:
    entries = read_po(CATALOGUE / "django.po")
    assert len(entries) > 150
    for entry in entries:
        assert entry["msgstr"], f"untranslated: {entry['msgid']!r}"
        assert "fuzzy" not in entry["flags"], f"fuzzy: {entry['msgid']!r}"  # type: ignore[operator]
        found = sorted(PLACEHOLDER.findall(str(entry["msgstr"])))
        assert found == sorted(PLACEHOLDER.findall(str(entry["msgid"]))), entry["msgid"]


def test_the_compiled_catalogue_is_the_po_file() -> None:
    with open(CATALOGUE / "django.mo", "rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)._catalog  # type: ignore[attr-defined]
    written = {entry["msgid"]: entry["msgstr"] for entry in read_po(CATALOGUE / "django.po")}
    assert {key: value for key, value in catalogue.items() if key} == written


def test_the_catalogue_holds_every_string_the_code_marks(tmp_path: Path) -> None:
    """makemessages over a copy of the code adds nothing untranslated (and drops nothing)."""
    if shutil.which("xgettext") is None:
        skip_or_fail("gettext is not installed (make test installs it when it can)")
    for name in (
        "chatserver",
        "identity",
        "transcripts",
        "locality",
        "widget",
        "tests",
        "manage.py",
    ):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, tmp_path / name)
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "cy",
            "--no-location",
            "--no-obsolete",
            "-i",
            "tests",
        ],
        cwd=tmp_path,
        env={"DJANGO_SETTINGS_MODULE": "tests.settings", "PATH": "/usr/bin:/bin"},
        check=True,
        capture_output=True,
    )
    fresh = read_po(tmp_path / "chatserver" / "locale" / "cy" / "LC_MESSAGES" / "django.po")
    untranslated = [entry["msgid"] for entry in fresh if not entry["msgstr"]]
    assert untranslated == []
    assert {entry["msgid"] for entry in fresh} == {
        entry["msgid"] for entry in read_po(CATALOGUE / "django.po")
    }


@pytest.mark.parametrize(
    ("given", "chosen"),
    [
        ("cy", "cy"),
        ("CY-gb", "cy"),
        ("en", "en-gb"),
        ("en-US", "en-gb"),
        ("fr", None),
        ("", None),
        (None, None),
        (7, None),
        ("x" * 100, None),
    ],
)
def test_supported_languages(given: object, chosen: str | None) -> None:
    assert languages.supported(given) == chosen


def test_the_start_frame_language_is_checked() -> None:
    assert inbound.language({}) is None
    assert inbound.language({"language": None}) is None
    assert inbound.language({"language": "cy-GB"}) == "cy"
    for bad in ("klingon", 3, ["cy"]):
        with pytest.raises(ChatError, match="language must be one of en-gb, cy"):
            inbound.language({"language": bad})


def test_the_widget_page_is_in_the_language_the_page_or_browser_chose(client) -> None:
    welsh = client.get("/widget/frame/?lang=cy")
    assert welsh["Content-Language"] == "cy" and "Accept-Language" in welsh["Vary"]
    page = welsh.content.decode()
    assert '<html lang="cy">' in page and "Dechrau sgwrsio" in page and "Start chat" not in page
    assert 'href="/privacy/?lang=cy"' in page
    strings = json.loads(re.search(r'id="strings"[^>]*>(.*?)</script>', page, re.S)[1])
    assert strings["waiting"] == "Yn aros am gynghorydd…"
    assert strings["weekdays"][0] == "Dydd Llun" and strings["months"][11] == "Rhagfyr"

    browser = client.get("/widget/frame/", HTTP_ACCEPT_LANGUAGE="cy-GB,cy;q=0.9,en;q=0.5")
    assert browser["Content-Language"] == "cy"
    page_wins = client.get("/widget/frame/?lang=en", HTTP_ACCEPT_LANGUAGE="cy")
    assert page_wins["Content-Language"] == "en-gb" and "Start chat" in page_wins.content.decode()
    unknown = client.get("/widget/frame/?lang=fr", HTTP_ACCEPT_LANGUAGE="de")
    assert unknown["Content-Language"] == "en-gb"


def test_the_demo_page_is_welsh_when_it_embeds_the_welsh_widget(client) -> None:
    """Usability re-check: the demo landlord page at ?lang=cy stayed English around a
    Welsh widget."""
    welsh = client.get("/?lang=cy")
    page = welsh.content.decode()
    assert '<html lang="cy">' in page and welsh["Content-Language"] == "cy"
    assert "Sut allwn ni helpu heddiw?" in page and "How can we help today?" not in page
    assert "Talu eich rhent" in page and 'data-lang="cy"' in page
    english = client.get("/?lang=en-gb").content.decode()
    assert '<html lang="en-GB">' in english and "How can we help today?" in english


def test_every_script_line_is_translated() -> None:
    with translation.override("cy"):
        welsh = frame_strings()
    with translation.override("en-gb"):
        english = frame_strings()
    same = [
        key
        for key in FRAME
        if welsh[key] == english[key] and PLACEHOLDER.sub("", english[key]).strip(" ,")
    ]  # type: ignore[arg-type]
    assert same == []
    assert loader_labels() == {
        "en-gb": {"open": "Chat with us", "close": "Close chat"},
        "cy": {"open": "Sgwrsiwch â ni", "close": "Cau'r sgwrs"},
    }


def test_the_loader_carries_every_language(client) -> None:
    response = client.get("/widget/loader.js")
    assert response["Content-Type"].startswith("text/javascript")
    source = response.content.decode()
    assert '"cy": {"open": "Sgwrsiwch \\u00e2 ni"' in source
    assert "{%" not in source and "{{" not in source and "comment is not sent" not in source


def test_the_privacy_notice_in_welsh(client) -> None:
    page = client.get("/privacy/", HTTP_ACCEPT_LANGUAGE="cy").content.decode()
    assert '<html lang="cy">' in page and "Eich hawliau" in page and "Your rights" not in page
    english = client.get("/privacy/?lang=en-gb", HTTP_ACCEPT_LANGUAGE="cy").content.decode()
    assert "Your rights" in english


@pytest.fixture
def welsh_chat(db, settings) -> tuple[Conversation, User]:
    settings.CHAT_ROUTING = "manual"
    settings.CHAT_OPENING_HOURS = None
    agent = factories.online_agent("sam")
    conversation = conversations.do_start_conversation(
        session_hash=uuid.uuid4().hex,
        details={"email": "ffion@example.org"},
        diagnostics=None,
        language="cy",
    )
    return conversation, agent


def system_lines(conversation: Conversation) -> list[str]:
    return [
        str(line.text)
        for line in store.read_messages(conversation.pk)
        if line.sender == Message.Sender.SYSTEM
    ]


def test_a_welsh_conversation_gets_its_system_lines_and_advice_in_welsh(welsh_chat) -> None:
    conversation, agent = welsh_chat
    assert conversation.live.language == "cy"
    routing.do_accept(agent, conversation.pk)
    do_send_messages(
        [store.NewMessage(conversation.pk, Message.Sender.VISITOR, "Dw i'n arogli nwy", "c1")]
    )
    conversation.refresh_from_db()
    assert conversation.live.emergency == "gas"  # Welsh phrases flag it too
    conversations.do_close_by_agent(agent, conversation)
    joined, advice, closed = system_lines(conversation)
    assert joined == "Ymunodd Sam â'r sgwrs."
    assert advice.startswith("Gallai hwn fod yn argyfwng. Os ydych chi'n arogli nwy")
    assert "0800 111 999" in advice
    assert closed == "Caeodd Sam y sgwrs."


def test_an_english_conversation_is_untouched_by_the_welsh_catalogue(db, settings) -> None:
    settings.CHAT_OPENING_HOURS = None
    conversation = conversations.do_start_conversation(
        session_hash=uuid.uuid4().hex, details=None, diagnostics=None
    )
    assert conversation.live.language == "en-gb"
    conversations.do_end_by_visitor(conversation)
    assert system_lines(conversation) == ["The visitor ended the chat."]


def test_the_emailed_copy_is_in_the_conversations_language(welsh_chat) -> None:
    conversation, _agent = welsh_chat
    store.append_message(conversation.pk, sender="visitor", text="Mae'r to yn gollwng")
    do_email_transcript(conversation, "ffion@example.org")
    (message,) = mail.outbox
    assert message.subject.startswith("Eich sgwrs gyda ")
    assert message.body.startswith("Dyma'r copi o'ch sgwrs")
    assert "] Chi: Mae'r to yn gollwng" in message.body


def test_the_subject_export_page_is_in_the_subjects_language(welsh_chat) -> None:
    conversation, _agent = welsh_chat
    store.append_message(conversation.pk, sender="visitor", text="Helo")
    request = subject_rights.register_request(SubjectRequest.Kind.ACCESS, "ffion@example.org")
    archive = zipfile.ZipFile(
        io.BytesIO(subject_rights.export_subject("ffion@example.org", request))
    )
    page = archive.read("export.html").decode()
    assert "<html lang='cy'>" in page and "Data eich sgyrsiau sydd gan" in page
    assert "Staff a agorodd gofnod y sgwrs ar ôl y sgwrs" in page and "Staff who" not in page
    assert "Daethom o hyd i un sgwrs gyda chi." in page and "Llinell 1 · " in page
    document = json.loads(archive.read("export.json"))
    assert document["conversations"][0]["language"] == "cy"
    assert document["email_use"].startswith("Dim ond i anfon y copi")

    again = subject_rights.register_request(SubjectRequest.Kind.ACCESS, "ffion@example.org")
    english = zipfile.ZipFile(
        io.BytesIO(subject_rights.export_subject("ffion@example.org", again, language="en-gb"))
    )
    assert "Staff who opened the transcript after the chat" in english.read("export.html").decode()


def test_the_console_offers_the_welsh_canned_text_and_names_the_language(
    client, welsh_chat
) -> None:
    conversation, agent = welsh_chat
    response = CannedResponse.objects.create(shortcut="thanks", text="Thank you for waiting.")
    CannedTranslation.objects.create(response=response, language="cy", text="Diolch am aros.")
    sign_in(client, agent)
    page = client.get("/console/").content.decode()
    canned = json.loads(re.search(r'id="canned-responses"[^>]*>(.*?)</script>', page, re.S)[1])
    assert canned == [
        {
            "shortcut": "thanks",
            "text": "Thank you for waiting.",
            "translations": {"cy": "Diolch am aros."},
        }
    ]
    names = json.loads(re.search(r'id="languages"[^>]*>(.*?)</script>', page, re.S)[1])
    assert names == {
        "default": "en-gb",
        "names": {"en-gb": "English", "cy": "Cymraeg (Welsh)"},
        "english": {"en-gb": "English", "cy": "Welsh"},
    }
    assert state.queue_entries()[0]["language"] == "cy"
    assert state.conversation_summary(conversation)["language"] == "cy"


def test_the_dashboard_counts_chats_by_language(welsh_chat, client) -> None:
    _conversation, agent = welsh_chat
    conversations.do_start_conversation(session_hash="s2", details=None, diagnostics=None)
    conversations.do_start_conversation(session_hash="s3", details=None, diagnostics=None)
    supervisor = factories.supervisor("sue")
    sign_in(client, supervisor)
    page = client.get("/console/dashboard/").content.decode()
    table = re.search(r'<table id="by-language">.*?</table>', page, re.S)[0]
    assert re.findall(r"<tr><td>(\w+)</td><td>(\d+)</td></tr>", table) == [
        ("English", "2"),
        ("Cymraeg", "1"),
    ]
