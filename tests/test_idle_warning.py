"""The idle warning's timing, whatever the housekeeping rounds (WCAG 2.2.1): the first
round that warns a conversation comes at least CHAT_VISITOR_IDLE_WARNING_SECONDS before
the round that closes it, and says so in ``closes_in`` (when CHAT_VISITOR_IDLE_SECONDS
leaves room for it: at least the warning time and two rounds)."""

from datetime import UTC, datetime, timedelta

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from chatserver.chat.actions import idle

START = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)


@settings(max_examples=300, deadline=None)
@given(
    idle_seconds=st.integers(5, 4000),
    warning_seconds=st.integers(20, 600),
    round_seconds=st.integers(1, 120),
    first_round=st.floats(0, 1),
    lateness=st.lists(st.floats(0, 0.99), min_size=1, max_size=50),
)
def test_the_first_warning_comes_in_time_before_the_close(
    idle_seconds: int,
    warning_seconds: int,
    round_seconds: int,
    first_round: float,
    lateness: list[float],
) -> None:
    from django.test import override_settings

    # Shorter idle times leave no room for the full warning: it then comes at once.
    assume(idle_seconds >= warning_seconds + 2 * round_seconds)
    last_activity = START
    with override_settings(
        CHAT_VISITOR_IDLE_SECONDS=idle_seconds,
        CHAT_VISITOR_IDLE_WARNING_SECONDS=warning_seconds,
        CHAT_HOUSEKEEPING_SECONDS=round_seconds,
    ):
        # Rounds sleep round_seconds, then work for less than a round (lateness).
        now = START + timedelta(seconds=first_round * round_seconds)
        warned: datetime | None = None
        step = 0
        while last_activity >= idle.idle_cutoff(now):  # not closed at this round
            oldest, newest = idle.warning_bounds(now)
            if warned is None and oldest <= last_activity < newest:
                warned = now
                frame = idle.idle_warning_frame(last_activity, now)
                assert frame["closes_in"] >= warning_seconds
                assert datetime.fromisoformat(frame["closes_at"]) > now
            late = lateness[step % len(lateness)]
            now += timedelta(seconds=round_seconds * (1 + late))
            step += 1
        assert warned is not None, "closed without a warning"
        assert now - warned >= timedelta(seconds=warning_seconds)
