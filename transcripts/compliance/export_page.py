"""The subject's export as a page (``export.html`` of an access export or a disclosure
archive): the exported conversations put in the words of the active language, rendered
by the ``compliance/export.html`` template, which escapes every value."""

from datetime import datetime
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from transcripts.record.personal_data import EXPORTED_RECORDS

EMAIL_USE = gettext_lazy(
    "An email address given in the chat is used only to send the copy of the chat that was "
    "asked for, and to reply; it is never added to a mailing list or used for marketing."
)

# The export page's words for the stored values (the JSON keeps the values themselves).
FIELD_LABELS = {
    "name": gettext_lazy("name"),
    "email": gettext_lazy("email"),
    "address": gettext_lazy("address"),
    "ip_address": gettext_lazy("IP address"),
    "browser": gettext_lazy("browser"),
    "operating_system": gettext_lazy("operating system"),
    "comment": gettext_lazy("comment with your rating"),
    "tenancy_reference": gettext_lazy("tenancy reference, from your landlord's portal"),
    "display_name": gettext_lazy("name, from your landlord's portal"),
}
# What a conversation's state means to the tenant (nothing to say of one as it was held).
STATE_LABELS = {
    "masked": gettext_lazy(
        "After the time we keep chats for, we masked the personal information in this "
        "conversation: this is the masked copy we keep."
    ),
    "erased": gettext_lazy(
        "This conversation has been erased: its messages and details no longer exist, only "
        "the fact that it took place."
    ),
}
HEADINGS = {
    "emergency": gettext_lazy("emergency flags"),
    "rating": gettext_lazy("your rating"),
    "photos": gettext_lazy("Photos"),
    "disclosures": gettext_lazy("Given to others"),
    "took_part": gettext_lazy("Staff who took part in the chat"),
    "reads": gettext_lazy("Staff who opened the transcript after the chat"),
    "reads_why": gettext_lazy(
        "Our audit log records each time a member of staff opens the saved record of a "
        "conversation (to review it, to answer a request like yours, or to give it to others)."
    ),
    "nobody": gettext_lazy("Nobody."),
}
SENDER_LABELS = {
    "visitor": gettext_lazy("you"),
    "agent": gettext_lazy("adviser"),
    "system": gettext_lazy("system"),
    "internal note by staff": gettext_lazy("internal note by staff"),
}


def subject_title() -> str:
    """The access export's title, in the active language."""
    return _("Your chat data held by {organisation}").format(
        organisation=settings.CHAT_ORGANISATION_NAME
    )


def local(stamp: str, style: str = "j F Y, H:i") -> str:
    """A stored ISO time as the page shows it: in the local time zone, in the active
    language's words (month names), to the minute."""
    return formats.date_format(timezone.localtime(datetime.fromisoformat(stamp)), style)


def _sender(message: dict[str, Any]) -> str:
    """Who a line is from, in the page's words: a staff line with its writer's name."""
    label = str(SENDER_LABELS.get(message["from"], message["from"]))
    return f"{label} ({message['by']})" if message.get("by") else label


def _page_fields(conversation: dict[str, Any]) -> list[tuple[str, object]]:
    """The page's list of stored values: the sealed records, emergency flags, rating."""
    fields: list[tuple[str, object]] = [
        (str(FIELD_LABELS.get(key, key.replace("_", " "))), value or "—")
        for record in EXPORTED_RECORDS
        for key, value in conversation.get(str(record.export_key), {}).items()
    ]
    if conversation.get("emergency_flags"):
        flags = ", ".join(conversation["emergency_flags"]).replace("_", " ")
        fields.append((str(HEADINGS["emergency"]), flags))
    if conversation.get("rating"):
        score = _("{score} of 5").format(score=conversation["rating"]["score"])
        fields.append((str(HEADINGS["rating"]), score))
    return fields


def _took_part(conversation: dict[str, Any]) -> list[str]:
    """The staff who handled the chat or wrote in it, each once, in order."""
    writers = [message["by"] for message in conversation["messages"] if message.get("by")]
    return list(dict.fromkeys([*conversation.get("handled_by", []), *writers]))


def _photos(conversation: dict[str, Any]) -> list[tuple[str, str]]:
    """Each photo's file and its link's words: the numbered line it came with, and when."""
    sent = {message["seq"]: message["at"] for message in conversation["messages"]}
    return [
        (
            photo["file"],
            _("Photo sent with line {seq}, {at}").format(
                seq=photo["seq"], at=local(sent[photo["seq"]], "j F, H:i")
            )
            if photo["seq"] in sent
            else _("Photo sent with line {seq}").format(seq=photo["seq"]),
        )
        for photo in conversation["photos"]
    ]


def _page_conversation(conversation: dict[str, Any]) -> dict[str, Any]:
    """One exported conversation in the words of the page (the active language)."""
    subjects = "read_by" in conversation  # the subject's own export, not a disclosure's
    return {
        "started": _("Conversation started {at}").format(at=local(conversation["started"])),
        "state": STATE_LABELS.get(conversation["state"], ""),
        "fields": _page_fields(conversation),
        "messages": [
            (
                _("Line {seq}").format(seq=message["seq"]),
                local(message["at"], "j F, H:i"),
                _sender(message),
                message["text"] if message["text"] is not None else _("[erased]"),
            )
            for message in conversation["messages"]
        ],
        "photos": _photos(conversation),
        "took_part": _took_part(conversation) if subjects else None,
        "disclosures": [
            _("{at}: {what} to {to} ({lawful_basis}, reference {reference})").format(
                **(given | {"at": local(given["at"])})
            )
            for given in conversation.get("disclosures", [])
        ],
        "reads": [(read["who"], local(read["at"])) for read in conversation["read_by"]]
        if subjects
        else None,
    }


def export_html(
    exported: list[dict[str, Any]],
    title: str,
    *,
    subject: bool = True,
    letter: dict[str, Any] | None = None,
) -> str:
    """The export as a page, in the active language (``compliance/export.html``, every
    value escaped by the template); with ``letter``, the letter to the subject around it."""
    context = {
        "letter": letter,
        "language": translation.get_language(),
        "title": title,
        "count": _("Conversations: {count}").format(count=len(exported)),
        "email_use": EMAIL_USE if subject else "",
        "conversations": [_page_conversation(conversation) for conversation in exported],
        "headings": HEADINGS,
    }
    return render_to_string("compliance/export.html", context)
