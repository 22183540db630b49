"""The queue's first lines: each waiting chat's first visitor line, for agents to triage by.

The queue is broadcast to every agent socket, but a restricted team's first line is only
for those who may read that team's chats (``access.may_read_team_chats``). So the
broadcast carries the lines sealed, as they are stored (nothing readable crosses the
layer), with the ids of the restricted teams among its entries, and each socket opens
them for its own agent (``for_agent``). Each process opens a line once, whichever of its
sockets needs it first (``FirstLineCache``), through the store's read path. Opened lines
are never logged, and never leave the agents' sockets.
"""

import asyncio
import logging
import uuid
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any

from channels.db import database_sync_to_async

from chatserver.chat import access, protocol
from chatserver.teams.models import Team
from transcripts.record import store

logger = logging.getLogger(__name__)

# A first line is cut to this many characters: enough to triage by.
PREVIEW_CHARACTERS = 200


def preview(text: str) -> str:
    """The line on one line, cut short with an ellipsis."""
    line = " ".join(text.split())
    if len(line) <= PREVIEW_CHARACTERS:
        return line
    return line[: PREVIEW_CHARACTERS - 1] + "…"


def sealed(entries: Sequence[protocol.QueueEntry]) -> list[protocol.SealedFirstLine]:
    """The first visitor lines of the entries' chats, sealed (one query)."""
    lines = store.first_visitor_lines(uuid.UUID(entry["conversation_id"]) for entry in entries)
    return [
        {"conversation_id": str(line.conversation_id), "seq": line.seq, "envelope": line.envelope}
        for line in lines
    ]


def restricted_teams(entries: Iterable[protocol.QueueEntry]) -> list[int]:
    """The ids of the restricted teams among the entries' (one query, none without teams)."""
    ids = {entry["team_id"] for entry in entries if entry["team_id"] is not None}
    if not ids:
        return []
    return sorted(Team.objects.filter(pk__in=ids, restricted=True).values_list("pk", flat=True))


def unreadable_teams(user: Any, team_ids: Collection[int]) -> set[int]:
    """Those of the teams whose chats ``user`` may not read."""
    if not team_ids:
        return set()
    teams = Team.objects.filter(pk__in=list(team_ids))
    return {team.pk for team in teams if not access.may_read_team_chats(user, team)}


def for_agent(
    entries: Iterable[protocol.QueueEntry],
    lines: Mapping[str, str],
    withheld_teams: Collection[int],
) -> list[protocol.QueueEntry]:
    """The entries as one agent sees them: with each first line, or withheld."""
    seen: list[protocol.QueueEntry] = []
    for entry in entries:
        # An older process's entries lack the topic and team: none.
        team_id = entry.get("team_id")
        withheld = team_id is not None and team_id in withheld_teams
        text = None if withheld else lines.get(entry["conversation_id"])
        mine = entry.copy()
        mine["topic"] = entry.get("topic")
        mine["team_id"] = team_id
        mine["first_line"] = preview(text) if text is not None else None
        mine["first_line_withheld"] = withheld
        seen.append(mine)
    return seen


def _open(lines: Sequence[protocol.SealedFirstLine]) -> dict[str, str]:
    return store.open_lines(
        [
            store.SealedLine(uuid.UUID(line["conversation_id"]), line["seq"], line["envelope"])
            for line in lines
        ]
    )


def snapshot_entries(user: Any, entries: list[protocol.QueueEntry]) -> list[protocol.QueueEntry]:
    """The head of the queue for a socket's snapshot (synchronous: the database thread)."""
    withheld = unreadable_teams(user, restricted_teams(entries))
    hidden = {entry["conversation_id"] for entry in entries if entry["team_id"] in withheld}
    wanted = [line for line in sealed(entries) if line["conversation_id"] not in hidden]
    return for_agent(entries, _open(wanted), withheld)


class FirstLineCache:
    """The first lines this process has opened, by conversation and ``seq``.

    Every socket of the process is sent the same queue event at once: the first to need a
    line opens it (one read for all of them) and the others wait for that. Only the lines
    of the latest event are kept, so a chat that leaves the queue leaves the cache.
    """

    def __init__(self) -> None:
        self._opening: dict[tuple[str, int], asyncio.Future[str | None]] = {}

    async def open(self, lines: Sequence[protocol.SealedFirstLine]) -> dict[str, str]:
        wanted = {(line["conversation_id"], line["seq"]): line for line in lines}
        missing = [line for key, line in wanted.items() if key not in self._opening]
        loop = asyncio.get_running_loop()
        started = {(line["conversation_id"], line["seq"]): loop.create_future() for line in missing}
        self._opening.update(started)
        pending = {key: self._opening[key] for key in wanted}
        for key in set(self._opening) - set(wanted):
            del self._opening[key]
        if missing:
            await self._open_into(missing, started)
        texts = {key[0]: await future for key, future in pending.items()}
        return {conversation_id: text for conversation_id, text in texts.items() if text}

    async def _open_into(
        self,
        lines: Sequence[protocol.SealedFirstLine],
        futures: Mapping[tuple[str, int], "asyncio.Future[str | None]"],
    ) -> None:
        try:
            opened = await database_sync_to_async(_open)(lines)
        except Exception as error:  # noqa: BLE001  (the queue goes out without these lines)
            logger.warning("Opening first lines failed: %s", type(error).__name__)
            opened = {}
            for key in futures:
                self._opening.pop(key, None)
        for (conversation_id, _seq), future in futures.items():
            future.set_result(opened.get(conversation_id))


# One per process, shared by its agent sockets.
first_lines = FirstLineCache()
