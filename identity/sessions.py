"""How long an agent's session lasts, and ending every session of an account.

The lifetime is Django's ``SESSION_COOKIE_AGE`` (``DJANGO_SESSION_SECONDS``, 8 hours by
default), counted from sign-in; an agent's open socket re-checks its session every
``CHAT_AGENT_RECHECK_SECONDS`` and closes once it has expired. Ending sessions deletes
their rows: the chat's receiver of that deletion closes their sockets in every process,
so nothing here imports the chat.
"""

from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils.timezone import now as timezone_now

from transcripts.compliance import audit


def session_keys_of(user_id: int) -> list[str]:
    """The keys of the unexpired sessions signed in as ``user_id``.

    Sessions are stored encoded, so each live one is decoded: a scan, done only when a
    supervisor asks for it.
    """
    keys = []
    for session in Session.objects.filter(expire_date__gt=timezone_now()).iterator():
        if str(session.get_decoded().get(SESSION_KEY)) == str(user_id):
            keys.append(session.session_key)
    return keys


@transaction.atomic
def do_sign_out_everywhere(account: User, actor: User) -> int:
    """Ends every session of ``account``; returns how many there were.

    Each deleted session row takes its sockets out of routing in this transaction and
    closes them once it commits (``chatserver.chat.receivers.revoke_ended_session``).
    """
    keys = session_keys_of(account.pk)
    Session.objects.filter(session_key__in=keys).delete()
    audit.record(
        audit.SIGNED_OUT_EVERYWHERE, actor_id=actor.pk, user_id=account.pk, sessions=len(keys)
    )
    return len(keys)
