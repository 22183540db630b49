"""Scenario (a): a minimal relay on the ``websockets`` library, nothing stored.

The two sockets of a pair connect to /pair/<id>/<side>; each text frame goes to
the other side. The practical ceiling of this machine for WebSocket relaying.

    python -m bench.relay_websockets PORT
"""

import asyncio
import sys

from websockets.asyncio.server import ServerConnection, serve

pairs: dict[str, dict[str, ServerConnection]] = {}


async def relay(connection: ServerConnection) -> None:
    _, _, pair, side = connection.request.path.split("/")[:4]
    peers = pairs.setdefault(pair, {})
    peers[side] = connection
    other = "b" if side == "a" else "a"
    try:
        async for message in connection:
            peer = peers.get(other)
            if peer is not None:
                await peer.send(message)
    finally:
        peers.pop(side, None)
        if not peers:
            pairs.pop(pair, None)


async def main(port: int) -> None:
    async with serve(relay, "127.0.0.1", port, max_size=65536, ping_interval=None):
        await asyncio.Future()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1])))
