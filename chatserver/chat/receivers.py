"""What the chat does when the record changes underneath it (storage and account signals)."""

from typing import Any

from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import Group, User
from django.contrib.auth.signals import user_logged_out
from django.contrib.sessions.models import Session
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.http import HttpRequest
from django.utils.timezone import now as timezone_now

from chatserver.chat import broadcast
from chatserver.chat.access import AGENT_GROUP_NAMES, is_agent
from chatserver.chat.actions.queue import publish_queue
from chatserver.chat.actions.revocation import do_revoke_agent_sessions, do_revoke_ended_session
from chatserver.chat.agent_auth import sessions_are_rows
from chatserver.chat.models import LiveConversation
from transcripts.record import signals

# What an account held before a save: (password hash, is_active).
CREDENTIALS_BEFORE = "_chat_credentials_before"
GROUP_MEMBERS_BEFORE = "_chat_group_members_before"
GROUP_NAME_BEFORE = "_chat_group_name_before"
DELETED_GROUP_MEMBERS = "_chat_deleted_group_members"


def announce_destroyed_keys(
    sender: Any, *, conversation_ids: list[str], erased: bool, **kwargs: Any
) -> None:
    """Every process forgets the keys; an erased conversation leaves its sockets and
    the queue at once."""
    broadcast.keys_destroyed(conversation_ids)
    if not erased:
        return
    agents = {
        str(pk): agent_id
        for pk, agent_id in LiveConversation.objects.filter(pk__in=conversation_ids).values_list(
            "pk", "assigned_agent_id"
        )
    }
    for conversation_id in conversation_ids:
        broadcast.conversation_erased(conversation_id, agents.get(conversation_id))
    publish_queue()


def revoke_logged_out_session(
    sender: Any, *, request: HttpRequest | None, user: User | None, **kwargs: Any
) -> None:
    """A logout closes that session's agent sockets (sent before the session is flushed).

    With sessions stored as rows, the flush's deletion does it (``revoke_ended_session``).
    """
    if sessions_are_rows():
        return
    session = getattr(request, "session", None)
    session_key = getattr(session, "session_key", None)
    if user is not None and user.pk is not None and session_key:
        do_revoke_agent_sessions(user.pk, session_key)


def revoke_ended_session(sender: Any, *, instance: Session, **kwargs: Any) -> None:
    """A deleted session row closes its agent sockets: a logout, a ``login()`` as another
    user (which flushes the session and sends no ``user_logged_out``), a cycled key,
    ``clearsessions`` (queryset deletes send this too, as receivers prevent fast delete)."""
    user_id: int | None = None
    if instance.expire_date > timezone_now():
        try:
            user_id = int(instance.get_decoded()[SESSION_KEY])
        except (KeyError, TypeError, ValueError):
            user_id = None
    do_revoke_ended_session(instance.session_key, user_id)


def remember_credentials(
    sender: Any, *, instance: User, raw: bool, update_fields: Any, **kwargs: Any
) -> None:
    """Notes the stored password and activity before a save that may change them."""
    if raw or instance.pk is None:
        return
    if update_fields is not None and not {"password", "is_active"} & set(update_fields):
        return
    before = User.objects.filter(pk=instance.pk).values_list("password", "is_active").first()
    setattr(instance, CREDENTIALS_BEFORE, before)


def revoke_on_credentials_change(sender: Any, *, instance: User, **kwargs: Any) -> None:
    """A new password or a deactivation closes every socket of the account."""
    before = instance.__dict__.pop(CREDENTIALS_BEFORE, None)
    if before is None:
        return
    password, was_active = before
    if instance.password != password or (was_active and not instance.is_active):
        do_revoke_agent_sessions(instance.pk)


def revoke_before_deletion(sender: Any, *, instance: User, **kwargs: Any) -> None:
    """A deleted account's sockets close, and its conversations go back to the queue
    while they can still name the agent who left."""
    do_revoke_agent_sessions(instance.pk)


def revoke_on_group_removal(
    sender: Any, *, instance: User | Group, action: str, reverse: bool, pk_set: Any, **kwargs: Any
) -> None:
    """An account taken out of a group closes its sockets once it is no longer an agent
    (``user.groups.remove/clear/set`` and ``group.user_set.remove/clear/set``)."""
    if reverse and action == "pre_clear":
        members = list(instance.user_set.values_list("pk", flat=True))  # type: ignore[union-attr]
        setattr(instance, GROUP_MEMBERS_BEFORE, members)
        return
    if action not in {"post_remove", "post_clear"}:
        return
    if not reverse:
        user_ids = [instance.pk]
    elif action == "post_remove":
        user_ids = list(pk_set or ())
    else:
        user_ids = instance.__dict__.pop(GROUP_MEMBERS_BEFORE, [])
    revoke_former_agents(user_ids)


def revoke_former_agents(user_ids: Any) -> None:
    """Closes the sockets of those of these accounts no longer in an agent group."""
    for user in User.objects.filter(pk__in=list(user_ids)):
        if not is_agent(user):
            do_revoke_agent_sessions(user.pk)


def remember_group_name(sender: Any, *, instance: Group, raw: bool, **kwargs: Any) -> None:
    if raw or instance.pk is None:
        return
    before = Group.objects.filter(pk=instance.pk).values_list("name", flat=True).first()
    setattr(instance, GROUP_NAME_BEFORE, before)


def revoke_on_group_rename(sender: Any, *, instance: Group, **kwargs: Any) -> None:
    """An agent group renamed to anything else takes the role from its members."""
    before = instance.__dict__.pop(GROUP_NAME_BEFORE, None)
    if before in AGENT_GROUP_NAMES and instance.name != before:
        revoke_former_agents(instance.user_set.values_list("pk", flat=True))


def remember_deleted_group_members(sender: Any, *, instance: Group, **kwargs: Any) -> None:
    """An agent group's members, read before its deletion takes the memberships."""
    if instance.name in AGENT_GROUP_NAMES:
        members = list(instance.user_set.values_list("pk", flat=True))
        setattr(instance, DELETED_GROUP_MEMBERS, members)


def revoke_on_group_deletion(sender: Any, *, instance: Group, **kwargs: Any) -> None:
    revoke_former_agents(instance.__dict__.pop(DELETED_GROUP_MEMBERS, []))


def connect() -> None:
    signals.keys_destroyed.connect(announce_destroyed_keys, dispatch_uid="chat-destroyed-keys")
    user_logged_out.connect(revoke_logged_out_session, dispatch_uid="chat-revoke-logout")
    pre_save.connect(remember_credentials, sender=User, dispatch_uid="chat-credentials-before")
    post_save.connect(
        revoke_on_credentials_change, sender=User, dispatch_uid="chat-revoke-credentials"
    )
    pre_delete.connect(revoke_before_deletion, sender=User, dispatch_uid="chat-revoke-deletion")
    m2m_changed.connect(
        revoke_on_group_removal, sender=User.groups.through, dispatch_uid="chat-revoke-groups"
    )
    post_delete.connect(revoke_ended_session, sender=Session, dispatch_uid="chat-revoke-session")
    pre_save.connect(remember_group_name, sender=Group, dispatch_uid="chat-group-name-before")
    post_save.connect(revoke_on_group_rename, sender=Group, dispatch_uid="chat-revoke-renamed")
    pre_delete.connect(
        remember_deleted_group_members, sender=Group, dispatch_uid="chat-group-members-before"
    )
    post_delete.connect(
        revoke_on_group_deletion, sender=Group, dispatch_uid="chat-revoke-deleted-group"
    )
