"""A small, hand-countable set of conversations for the contact-centre reports' tests.

Three days ago, from 10:00 UK time (``START``), with a threshold of 60 seconds:

=====  ========  ========  =======  =========  ===========  ============  ======  ========
chat   team      language  offered  answered   first agent  closed        agent   wrap-up
=====  ========  ========  =======  =========  ===========  ============  ======  ========
A      Repairs   en-gb     yes      +30 s      +45 s        +630 s        alice   repair
B      Repairs   cy        yes      +90 s      +140 s       +390 s        alice   repair
C      Rent      en-gb     yes      never      never        +100 s (left) —       —
D      —         en-gb     no       never      never        +60 s         —       —
=====  ========  ========  =======  =========  ===========  ============  ======  ========

B starts 60 s after A, C an hour after A, D two hours after. A fifth chat, forty days
earlier, is outside every period the tests choose. A and B are rated 5 and 3. Every chat
has a visitor with known details (``KNOWN``), who wrote them in the chat too.
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from django.contrib.auth.models import User
from django.utils import timezone

from chatserver.chat.models import Rating
from chatserver.teams.models import Team, Topic
from chatserver.wrapup.models import ContactReason, Outcome, WrapUp
from tests import factories
from transcripts.record.models import Conversation, Message

START = timezone.make_aware(datetime.combine(timezone.localdate() - timedelta(days=3), time(10, 0)))
KNOWN = {
    "name": "Philippa Quarrington",
    "email": "philippa.quarrington@example.org",
    "address": "14 Larkspur Gardens, Pontypridd CF37 4DX",
}


@dataclass(frozen=True)
class Seeded:
    alice: User
    repairs: Team
    rent: Team
    repair: ContactReason
    raised: Outcome
    chats: dict[str, Conversation]


def _chat(offset: int, *, closed: int | None, agent_line: int | None, **live: Any) -> Conversation:
    started = START + timedelta(seconds=offset)
    made = factories.conversation(
        details=KNOWN,
        lines=[f"I'm {KNOWN['name']}, {KNOWN['email']}, {KNOWN['address']}"],
        created_at=started,
        closed_at=started + timedelta(seconds=closed) if closed is not None else None,
        **live,
    )
    if agent_line is not None:
        factories.add_lines(made, "Hello, how can I help?", sender="agent")
        Message.objects.filter(conversation=made, sender="agent").update(
            created_at=started + timedelta(seconds=agent_line)
        )
    return made


def _answered(offset: int, after: int) -> datetime:
    return START + timedelta(seconds=offset + after)


def seed() -> Seeded:
    alice = factories.agent("alice", first_name="Alice")
    repairs, rent = Team.objects.create(name="Repairs"), Team.objects.create(name="Rent")
    topic = Topic.objects.create(
        slug="repairs", label="Repairs", label_cy="Atgyweirio", team=repairs
    )
    repair = ContactReason.objects.create(slug="report-repair", label="Report a repair")
    raised = Outcome.objects.create(slug="raised", label="Repair raised")
    handled = {"assigned_agent": alice, "team": repairs, "topic": topic, "offered": True}
    chats = {
        "A": _chat(0, closed=630, agent_line=45, answered_at=_answered(0, 30), **handled),
        "B": _chat(
            60, closed=390, agent_line=140, answered_at=_answered(60, 90), language="cy", **handled
        ),
        "C": _chat(3600, closed=100, agent_line=None, team=rent, offered=True, ended_by="visitor"),
        "D": _chat(7200, closed=60, agent_line=None, offered=False),
        "old": _chat(-40 * 86400, closed=60, agent_line=None, offered=True),
    }
    for name in ("A", "B"):
        WrapUp.objects.create(
            conversation=chats[name],
            reason=repair,
            outcome=raised,
            agent=alice,
            team=repairs,
            topic=topic,
            wrapped_at=chats[name].closed_at,
            closed_on=timezone.localdate(chats[name].closed_at),
        )
    Rating.objects.create(conversation=chats["A"], score=5, agent=alice)
    Rating.objects.create(conversation=chats["B"], score=3, agent=alice)
    return Seeded(alice, repairs, rent, repair, raised, chats)


def period() -> dict[str, str]:
    """The GET parameters of a period holding A to D and not the old chat."""
    day = START.date()
    return {"start": str(day - timedelta(days=1)), "end": str(day + timedelta(days=1))}
