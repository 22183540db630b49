"""Master key rings for tests: each key is one byte repeated, named by its id."""

import base64


def ring_text(*entries: tuple[str, int]) -> str:
    return ",".join(
        f"{key_id}:{base64.b64encode(bytes([n]) * 32).decode()}" for key_id, n in entries
    )
