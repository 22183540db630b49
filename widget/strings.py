"""The words the widget's scripts show, translated here on the server.

The frame page carries ``frame_strings()`` as JSON and ``frame.js`` reads every line
it writes from it; the loader is served with ``loader_labels()`` for every language.
So the scripts have no catalogue of their own to drift from this one. Values are put
in by name: ``{position}`` in a string is filled from the script's ``position``.
"""

from django.conf import settings
from django.utils import translation
from django.utils.dates import MONTHS, WEEKDAYS
from django.utils.translation import gettext_lazy as _

FRAME = {
    "connecting": _("Connecting…"),
    "reconnecting": _("Reconnecting…"),
    "retrying": _("Connection lost. Reconnecting in {seconds} s…"),
    "starting": _("Starting your chat…"),
    "start_chat": _("Start chat"),
    "leave_message": _("Leave a message"),
    "waiting": _("Waiting for an adviser…"),
    "queue_position": _(
        "You are number {position} in the queue. An adviser will be with you soon."
    ),
    "chatting_with": _("You are chatting with {name}."),
    "chatting": _("You are chatting with an adviser."),
    "ended": _("This chat has ended."),
    "offline_busy": _(
        "No advisers are available right now. Leave a message and an adviser will read it "
        "as soon as one is free. If you would like a reply, give your email address in the "
        "form below, or a phone number in your message."
    ),
    "offline_closed_until": _(
        "We're closed right now, so no adviser can answer. Leave a message and an adviser "
        "will read it when we open ({when}). If you would like a reply, give your email "
        "address in the form below, or a phone number in your message."
    ),
    "offline_closed": _(
        "We're closed right now, so no adviser can answer. Leave a message and an adviser "
        "will read it when we are next open. If you would like a reply, give your email "
        "address in the form below, or a phone number in your message."
    ),
    # Before an idle chat is closed (WCAG 2.2.1); {minutes} is 1 or more.
    "idle_warning": _(
        "Nothing has been said in this chat for a while, so it will close in about "
        "{minutes} min. Choose “Keep this chat open” if you still need it."
    ),
    "kept_open": _("This chat will stay open."),
    # An adviser recorded a case from the chat; {reference} reads like K7QM-2XPD.
    "case_recorded_complaint": _(
        "Your complaint is recorded. Its reference is {reference}: quote it when you contact us."
    ),
    "case_recorded_service_request": _(
        "Your request is recorded. Its reference is {reference}: quote it when you contact us."
    ),
    "case_recorded_hazard": _(
        "The hazard you told us about is recorded. Its reference is {reference}: quote it "
        "when you contact us."
    ),
    "case_recorded_other": _("Your reference is {reference}: quote it when you contact us."),
    # The topic choice on the pre-chat form: the choice of none.
    "topic_none": _("Something else, or not sure"),
    # After the answer to the offer made when no Welsh-speaking adviser is free.
    "welsh_wait_chosen": _(
        "You will be put through to a Welsh-speaking adviser as soon as one is free."
    ),
    "welsh_english_chosen": _("An adviser will answer you in English."),
    "message_left": _("Thank you: we have your message. You can close this page now."),
    "open_until": _("We're open until {time}."),
    "closed_opens": _("We're closed. Opens {when}."),
    "closed": _("We're closed."),
    "today_at": _("today {time}"),
    "weekday_at": _("{weekday} {time}"),
    "date_at": _("{weekday} {day} {month} {time}"),
    "moment": _("{day} {month} {year}, {time}"),
    "adviser_said": _("Adviser: {text}"),
    # Beside the visitor's own line: not yet stored, stored at {time} (14:32), or refused.
    "sending": _("Sending…"),
    "sent_at": _("Sent {time}"),
    "not_sent": _("Not sent"),
    # The first sentence of every emergency advice line (chatserver/chat/emergencies.py):
    # the widget shows lines opening with it as an alert.
    "emergency_opening": _("This may be an emergency."),
    "too_long": _("Your message is too long: the limit is {limit} characters."),
    "rate_limited": _("You are sending messages too quickly. Please wait {seconds} s."),
    "not_started": _("Please start the chat first."),
    "too_many_chats": _(
        "You have started several chats recently, so another cannot be started just now. "
        "Please try again later."
    ),
    "invalid": _("Please check what you entered and try again."),
    "bad_email": _("That email address does not look right. Please check it."),
    "failed": _("Something went wrong. Please try again."),
    "not_connected": _("Not connected. Please try again in a moment."),
    "enter_email": _("Please enter your email address."),
    "copy_sent": _("A copy is on its way to your inbox."),
    "code_sent": _(
        "We have emailed a code to {email} to check that the address is yours. Type it "
        "below to get your copy. It works for {minutes} min."
    ),
    "enter_code": _("Please enter the 6-digit code from the email."),
    "wrong_code": _(
        "That code is not right. Please check the email and try again (tries left: {attempts})."
    ),
    "code_expired": _(
        "That code has expired or was already used. Choose “Send copy” to get a new one."
    ),
    "too_many_attempts": _(
        "That code was entered wrongly too many times. Choose “Send copy” to get a new one."
    ),
    "copy_limited": _("Too many emails were asked for. Please try again in {minutes} min."),
    "choose_score": _("Please choose a score from 1 to 5."),
    "rated": _("Thank you for your feedback."),
    "cleared": _("This device's copy of the chat has been cleared."),
    "erased": _("This conversation was erased at your request. Nothing of it is kept."),
    "forgotten": _("Erased on {when}. Your reference is {reference}; quote it if you contact us."),
    # More than one conversation of this chat session was erased ({count} is 2 or more).
    "forgotten_many": _(
        "{count} conversations erased on {when}. Your reference is {reference}; quote it if "
        "you contact us."
    ),
    # A "forget" refused: a conversation must be kept (a complaint, a repair, a legal hold).
    "forget_held": _(
        "We must keep this chat for now, so nothing was erased. Your request's reference is "
        "{reference}; quote it if you contact us."
    ),
    "your_photo": _("Your photo"),
    "adviser_photo": _("Photo from the adviser"),
    "photo": _("Photo"),
    "photo_unavailable": _("This photo cannot be shown."),
    "photo_types": _("Only photos (JPEG, PNG, WebP or HEIC) can be sent."),
    "photo_too_big": _("That photo is {size}; photos may be up to {limit}."),
    "photo_not_sent": _("The photo was not sent (error {status})."),
    "photo_connection": _("The connection failed while sending the photo."),
    "photo_choose_another": _(
        "Please choose another photo, or take a screenshot of it and send that."
    ),
    "photo_try_again": _("Check your connection, then choose “Try again”."),
}

LOADER = {
    "open": _("Chat with us"),
    "close": _("Close chat"),
}


def frame_strings() -> dict[str, object]:
    """The widget's lines in the active language, with the names of days and months."""
    strings: dict[str, object] = {key: str(text) for key, text in FRAME.items()}
    strings["weekdays"] = [str(WEEKDAYS[day]) for day in range(7)]  # Monday first
    strings["months"] = [str(MONTHS[month]) for month in range(1, 13)]
    return strings


def loader_labels() -> dict[str, dict[str, str]]:
    """The launcher's labels in every language, by language code."""
    labels = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            labels[code] = {key: str(text) for key, text in LOADER.items()}
    return labels
