"""Photos: cleaned of metadata, refused when not a photo, sealed, served only to those
who may see them, and destroyed with the transcript."""

import io
import uuid
import zipfile
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils.timezone import now as timezone_now
from PIL import Image

from chatserver.chat import photos, ratelimit
from chatserver.chat.actions import photos as photo_actions
from chatserver.chat.actions.messages import ConversationClosed
from chatserver.chat.errors import RateLimited
from chatserver.chat.models import LiveConversation
from chatserver.chat.visitor_auth import make_token, new_session_id, session_hash
from tests import factories, photo_files
from tests.dumps import dump_test_database
from tests.mfa import sign_in
from transcripts.compliance import audit, retention, subject_rights
from transcripts.compliance.models import AuditEntry
from transcripts.record import store
from transcripts.record.models import Attachment, Conversation, Message

VISITOR = Message.Sender.VISITOR


def conversation_with_token(**details: str) -> tuple[Conversation, str]:
    session_id = new_session_id()
    conversation = store.create_conversation(
        details=details or None, session_id_hash=session_hash(session_id)
    )
    LiveConversation.objects.filter(pk=conversation.pk).update(status="offline")
    return conversation, make_token(session_id)


ADDRESS = "192.0.2.10"


@pytest.fixture(autouse=True)
def fresh_rate_windows(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test starts as a freshly started process would (the windows are per process)."""
    monkeypatch.setattr(ratelimit, "_windows", {})


def send(
    conversation: Conversation, data: bytes, client_id: str = "p1", address: str = ADDRESS
) -> store.AppendResult:
    return photo_actions.do_send_photo(
        conversation.pk, sender=VISITOR, data=data, client_id=client_id, address=address
    )


def test_a_camera_photo_comes_back_without_exif_gps_or_comment() -> None:
    original = photo_files.camera_jpeg(orientation=6)
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(photo_files.GPS_IFD)
    clean = photos.clean_photo(original)
    reopened = Image.open(io.BytesIO(clean.image))
    assert reopened.format == "JPEG"
    assert clean.content_type == "image/jpeg"
    assert dict(reopened.getexif()) == {}
    assert not reopened.getexif().get_ifd(photo_files.GPS_IFD)
    assert "comment" not in reopened.info
    assert "xmp" not in reopened.info
    assert b"TenantPhone" not in clean.image
    assert b"flat 4" not in clean.image
    # Orientation 6 (rotated 90 degrees) is applied to the pixels: portrait now.
    assert (reopened.width, reopened.height) == (1200, 1600) == (clean.width, clean.height)
    assert max(Image.open(io.BytesIO(clean.thumbnail)).size) == photos.THUMBNAIL_SIDE


def test_transparency_is_kept_as_png_and_big_photos_are_scaled_down() -> None:
    assert photos.clean_photo(photo_files.png(mode="RGBA")).content_type == "image/png"
    big = photos.clean_photo(photo_files.camera_jpeg(4000, 3000))
    assert (big.width, big.height) == (photos.MAX_SIDE, 1500)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (photo_files.polyglot(), "more than a picture"),
        (photo_files.decompression_bomb(), "too large to open"),
        (b"%PDF-1.7 not a picture", "only JPEG, PNG, WebP and HEIC"),
        (b"GIF89a" + b"\x00" * 40, "only JPEG, PNG, WebP and HEIC"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "only JPEG, PNG, WebP and HEIC"),
        # Cut short: its end is looked for before it is decoded.
        (photo_files.camera_jpeg(200, 200)[:2000], "has no end"),
        (b"", "empty"),
    ],
    ids=["polyglot", "bomb", "pdf", "gif", "svg", "truncated", "empty"],
)
@pytest.mark.django_db
def test_anything_but_a_clean_photo_is_refused_and_nothing_is_stored(
    data: bytes, reason: str
) -> None:
    conversation, _ = conversation_with_token()
    with pytest.raises(photo_actions.PhotoRefused, match=reason):
        send(conversation, data)
    assert not Message.objects.filter(conversation=conversation).exists()
    assert not Attachment.objects.filter(conversation=conversation).exists()


@pytest.mark.django_db
def test_an_oversized_file_is_refused(settings) -> None:
    settings.CHAT_PHOTO_MAX_BYTES = 50_000
    conversation, _ = conversation_with_token()
    with pytest.raises(photo_actions.PhotoRefused, match="up to"):
        send(conversation, photo_files.camera_jpeg())


@pytest.mark.django_db
def test_a_retried_upload_is_stored_once_and_every_attempt_counts(settings) -> None:
    settings.CHAT_PHOTOS_PER_HOUR = 4
    conversation, _ = conversation_with_token()
    first = send(conversation, photo_files.png(), "a")
    again = send(conversation, photo_files.png(), "a")
    assert again.created is False
    assert again.message.attachment == first.message.attachment
    with pytest.raises(photo_actions.PhotoRefused):
        send(conversation, photo_files.polyglot(), "refused")
    send(conversation, photo_files.png(), "b")
    with pytest.raises(RateLimited) as limited:
        send(conversation, photo_files.png(), "c")
    assert 0 < limited.value.extra["retry_after"] <= 3600
    lines = store.read_messages(conversation.pk)
    assert [line.text for line in lines] == ["[photo]"] * 2
    assert all(line.attachment is not None for line in lines)


@pytest.mark.django_db
def test_the_stored_photos_of_the_last_hour_are_counted_across_processes(
    settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.CHAT_PHOTOS_PER_HOUR = 2
    conversation, _ = conversation_with_token()
    send(conversation, photo_files.png(), "a")
    send(conversation, photo_files.png(), "b")
    monkeypatch.setattr(ratelimit, "_windows", {})  # another process: its windows are empty
    with pytest.raises(RateLimited):
        send(conversation, photo_files.png(), "c")
    Attachment.objects.update(created_at=timezone_now() - timedelta(hours=2))
    monkeypatch.setattr(ratelimit, "_windows", {})
    send(conversation, photo_files.png(), "c")
    assert len(store.read_messages(conversation.pk)) == 3


@pytest.mark.django_db
def test_one_address_is_limited_across_conversations_and_others_are_not(settings) -> None:
    settings.CHAT_PHOTOS_PER_HOUR_PER_IP = 3
    conversations = [conversation_with_token()[0] for _ in range(3)]
    send(conversations[0], photo_files.png(), "a")
    with pytest.raises(photo_actions.PhotoRefused):
        send(conversations[1], b"not a photo", "b")
    send(conversations[2], photo_files.png(), "c")
    with pytest.raises(RateLimited, match="your network"):
        send(conversations[1], photo_files.png(), "d")
    send(conversations[1], photo_files.png(), "d", address="198.51.100.7")


@pytest.mark.django_db
def test_addresses_of_one_ipv6_64_share_the_photo_limit(settings) -> None:
    settings.CHAT_PHOTOS_PER_HOUR_PER_IP = 2
    conversation, _ = conversation_with_token()
    send(conversation, photo_files.png(), "a", address="2001:db8:1:2::1")
    send(conversation, photo_files.png(), "b", address="2001:db8:1:2::2")
    with pytest.raises(RateLimited, match="your network"):
        send(conversation, photo_files.png(), "c", address="2001:db8:1:2:ffff::3")
    send(conversation, photo_files.png(), "c", address="2001:db8:1:3::1")


@pytest.mark.django_db
def test_a_closed_or_erased_conversation_is_refused_before_the_photo_is_opened() -> None:
    # A bomb would be refused as "too large" if it were opened first.
    closed, _ = conversation_with_token()
    LiveConversation.objects.filter(pk=closed.pk).update(status="closed")
    with pytest.raises(ConversationClosed):
        send(closed, photo_files.decompression_bomb())
    erased, _ = conversation_with_token()
    Conversation.objects.filter(pk=erased.pk).update(erased_at=timezone_now())
    with pytest.raises(store.ConversationErased):
        send(erased, photo_files.decompression_bomb())


@pytest.mark.django_db(transaction=True)
def test_a_database_dump_holds_no_image_bytes_in_clear() -> None:
    conversation, _ = conversation_with_token()
    original = photo_files.camera_jpeg(400, 300)
    result = send(conversation, original)
    photo = Attachment.objects.get(pk=result.message.attachment.id)
    stored = {part: store.read_photo(photo, part) for part in ("image", "thumbnail")}
    dump = dump_test_database().lower()
    for data in (original, *stored.values()):
        for start in range(200, len(data) - 64, max(64, len(data) // 20)):
            piece = data[start : start + 48]
            assert piece.lower() not in dump
            assert piece.hex().encode() not in dump


@pytest.mark.django_db
def test_erasure_makes_the_photo_unreadable_and_ageing_leaves_a_placeholder() -> None:
    erased, _ = conversation_with_token()
    send(erased, photo_files.png())
    photo = Attachment.objects.get(conversation=erased)
    store.shred_conversation(erased.pk)
    assert store.read_photo(photo, "image") is None
    assert not Attachment.objects.filter(conversation=erased).exists()

    aged, _ = conversation_with_token()
    store.append_message(aged.pk, sender=VISITOR, text="the damp is in the bedroom")
    send(aged, photo_files.png())
    moment = timezone_now() - timedelta(days=200)
    LiveConversation.objects.filter(pk=aged.pk).update(status="closed")
    Conversation.objects.filter(pk=aged.pk).update(closed_at=moment, last_activity_at=moment)
    retention.run()
    assert [line.text for line in store.read_messages(aged.pk)] == [
        "the damp is in the bedroom",
        store.PHOTO_REMOVED,
    ]
    assert not Attachment.objects.filter(conversation=aged).exists()


@pytest.mark.django_db
def test_the_subject_export_holds_the_photos() -> None:
    conversation, _ = conversation_with_token(email="photo.subject@example.org")
    result = send(conversation, photo_files.png())
    request = subject_rights.register_request("access", "photo.subject@example.org")
    archive = zipfile.ZipFile(
        io.BytesIO(subject_rights.export_subject("photo.subject@example.org", request))
    )
    name = f"photos/{conversation.pk}-{result.message.seq}.jpg"  # opaque: re-encoded as JPEG
    assert name in archive.namelist()
    assert Image.open(io.BytesIO(archive.read(name))).size == (64, 48)
    assert name in archive.read("export.html").decode()


@pytest.mark.django_db
def test_photos_over_http_for_the_visitor_and_agents(client: Client) -> None:
    conversation, token = conversation_with_token()
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    answer = client.post(
        "/chat/photos/?client_id=u1",
        photo_files.camera_jpeg(300, 200),
        content_type="image/jpeg",
        **bearer,
    )
    assert answer.status_code == 201, answer.content
    attachment = answer.json()["attachment"]
    assert attachment["url"] == f"/chat/photos/{attachment['id']}/"

    served = client.get(attachment["url"], **bearer)
    assert served.status_code == 200
    assert served["Content-Type"] == "image/jpeg"
    assert served["X-Content-Type-Options"] == "nosniff"
    assert served["Cache-Control"] == "no-store, private"
    assert served["Content-Disposition"].startswith("inline; filename=")
    assert dict(Image.open(io.BytesIO(served.content)).getexif()) == {}
    assert client.get(attachment["thumbnail_url"], **bearer).status_code == 200

    other, other_token = conversation_with_token()
    stranger = {"HTTP_AUTHORIZATION": f"Bearer {other_token}"}
    assert client.get(attachment["url"], **stranger).status_code == 404
    assert client.get(attachment["url"]).status_code == 409
    refused = client.post(
        "/chat/photos/?client_id=u2", b"not an image", content_type="image/png", **bearer
    )
    assert refused.status_code == 400
    assert refused.json()["error"]["code"] == "invalid"
    assert (
        client.post("/chat/photos/?client_id=u3", b"x", content_type="image/png").status_code == 409
    )

    alice, bob = factories.agent("alice"), factories.agent("bob")
    factories.supervisor("carol")
    LiveConversation.objects.filter(pk=conversation.pk).update(
        assigned_agent=alice, status="active"
    )
    agent_url = f"/console/photos/{attachment['id']}/"
    sign_in(client, bob)
    assert client.get(agent_url).status_code == 403
    sign_in(client, alice)
    assert client.get(agent_url).status_code == 200
    assert client.get(agent_url + "thumbnail/").status_code == 200
    sign_in(client, User.objects.get(username="carol"))
    assert client.get(agent_url).status_code == 200
    viewed = AuditEntry.objects.filter(action=audit.PHOTO_VIEWED)
    assert viewed.count() == 3
    assert {entry.detail["part"] for entry in viewed} == {"image", "thumbnail"}

    sign_in(client, alice)
    sent = client.post(
        f"/console/photos/?conversation_id={conversation.pk}&client_id=a1",
        photo_files.png(),
        content_type="image/png",
    )
    assert sent.status_code == 201
    assert sent.json()["attachment"]["url"].startswith("/console/")
    sign_in(client, bob)
    other_agent = client.post(
        f"/console/photos/?conversation_id={conversation.pk}&client_id=b1",
        photo_files.png(),
        content_type="image/png",
    )
    assert other_agent.status_code == 403
    assert other.pk != conversation.pk
    assert uuid.UUID(attachment["id"])


@pytest.mark.parametrize("image_format", ["WEBP", "HEIF"])
def test_webp_and_heic_photos_are_accepted_and_come_back_as_jpeg(image_format: str) -> None:
    buffer = io.BytesIO()
    exif = Image.Exif()
    exif[photo_files.MAKE] = "TenantPhone"
    Image.effect_noise((320, 240), 40).convert("RGB").save(
        buffer, image_format, exif=exif.tobytes()
    )
    clean = photos.clean_photo(buffer.getvalue())
    assert (clean.content_type, clean.width, clean.height) == ("image/jpeg", 320, 240)
    assert b"TenantPhone" not in clean.image
    with pytest.raises(photos.PhotoRefused, match="more than a picture"):
        photos.clean_photo(buffer.getvalue() + b"<html><script>alert(1)</script></html>")
