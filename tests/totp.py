"""TOTP codes computed in the tests (RFC 6238: HMAC-SHA1, 6 digits, 30 s), with no Django.

Real servers refuse a code used once (allauth remembers it for the periods it is valid)
and accept the periods either side of now (``MFA_TOTP_TOLERANCE = 1``): ``unused_code``
hands each sign-in of an account on a server a code that server has not seen, so three
sign-ins of one account fit in a period and a fourth waits for the next.
"""

import base64
import hashlib
import hmac
import struct
import threading
import time

# The secret the tests enrol accounts with (base32 of 20 bytes).
TEST_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
PERIOD = 30

_used: set[tuple[str, int]] = set()
_lock = threading.Lock()


def totp(secret: str, *, at: float | None = None, step: int = 0) -> str:
    """The code for ``secret`` at ``at`` (now), ``step`` periods later."""
    counter = int((time.time() if at is None else at) // PERIOD) + step
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def unused_code(where: str, secret: str = TEST_SECRET) -> str:
    """A code not yet handed out for ``where`` (a server's database and an account)."""
    while True:
        now = time.time()
        counter = int(now // PERIOD)
        # The period before is valid only until the server's clock turns the period.
        candidates = [counter + 1, counter] + ([counter - 1] if now % PERIOD < 20 else [])
        with _lock:
            for candidate in candidates:
                if (where, candidate) not in _used:
                    _used.add((where, candidate))
                    return totp(secret, at=candidate * PERIOD)
        time.sleep(PERIOD - now % PERIOD + 0.2)
