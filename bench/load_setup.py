"""Creates N agents with logged-in sessions for the load benchmark; prints the session keys.

Sessions are made directly (not through the login form) so that setting up
hundreds of agents does not dominate the benchmark with password hashing; each agent is
enrolled in TOTP and its session marked as having answered the challenge, by the tests'
one helper for it (``tests.mfa``), as the agent socket serves only such sessions.
"""

import json
import sys


def main(count: int) -> None:
    import django

    django.setup()
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.models import Group, User

    from tests.mfa import enrol, mark_mfa_verified

    store_class = import_module(settings.SESSION_ENGINE).SessionStore
    group = Group.objects.get_or_create(name="agents")[0]
    keys = []
    for n in range(count):
        agent, _ = User.objects.get_or_create(
            username=f"load-agent-{n}", defaults={"first_name": f"Agent {n}"}
        )
        agent.set_unusable_password()
        agent.save()
        agent.groups.add(group)
        session = store_class()
        session[SESSION_KEY] = str(agent.pk)
        session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        session[HASH_SESSION_KEY] = agent.get_session_auth_hash()
        session.create()
        enrol(agent)
        mark_mfa_verified(session, agent)
        keys.append(session.session_key)
    print(json.dumps(keys))


if __name__ == "__main__":
    main(int(sys.argv[1]))
