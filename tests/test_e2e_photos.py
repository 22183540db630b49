"""Photos through a real Daphne process: the upload, the line on both sockets, the
body limit before Django reads a byte, and a database without the picture in clear."""

import http.client
import io
import json

import pytest
from PIL import Image

from tests import photo_files
from tests.dumps import dump_url
from tests.peers import open_agent, open_visitor

pytestmark = pytest.mark.e2e


def post(port: int, path: str, body: bytes, headers: dict[str, str]) -> tuple[int, dict]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("POST", path, body=body, headers=headers)
    response = connection.getresponse()
    answer = json.loads(response.read() or b"{}")
    connection.close()
    return response.status, answer


def get(port: int, path: str, headers: dict[str, str]) -> tuple[int, bytes, dict[str, str]]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, body, dict(response.getheaders())


async def test_a_photo_reaches_both_sockets_without_its_gps(start_server) -> None:
    server = start_server(CHAT_ROUTING="auto", CHAT_PHOTO_MAX_BYTES="3000000")
    agent, _, _ = await open_agent(server, "alice")
    visitor = await open_visitor(server)
    token = (await visitor.hello())["token"]
    await visitor.start()
    conversation_id = (await agent.expect("assigned"))["conversation"]["conversation_id"]
    original = photo_files.camera_jpeg(800, 600)
    bearer = {"Authorization": f"Bearer {token}", "Content-Type": "image/jpeg"}

    status, answer = post(server.port, "/chat/photos/?client_id=ph1", original, bearer)
    assert status == 201, answer
    line = await visitor.expect("message", seq=answer["seq"])
    assert line["text"] == "[photo]" and line["client_id"] == "ph1"
    assert line["attachment"]["url"] == answer["attachment"]["url"]
    seen = await agent.expect("message", conversation_id=conversation_id, seq=answer["seq"])
    assert seen["attachment"]["url"].startswith("/console/photos/")

    status, image, headers = get(server.port, line["attachment"]["url"], bearer)
    assert status == 200 and headers["X-Content-Type-Options"] == "nosniff"
    reopened = Image.open(io.BytesIO(image))
    assert (reopened.size, dict(reopened.getexif())) == ((800, 600), {})

    # The same client_id again (a retry after a lost answer) stores nothing new.
    assert post(server.port, "/chat/photos/?client_id=ph1", original, bearer)[1] == answer

    dump = dump_url(server.env["DATABASE_URL"]).lower()
    for data in (original, image):
        for start in range(256, len(data) - 64, len(data) // 16):
            piece = data[start : start + 48]
            assert piece.lower() not in dump and piece.hex().encode() not in dump


async def test_an_oversized_body_is_refused_before_it_is_read(start_server) -> None:
    server = start_server(CHAT_PHOTO_MAX_BYTES="100000")
    visitor = await open_visitor(server)
    token = (await visitor.hello())["token"]
    await visitor.start()
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    connection.putrequest("POST", "/chat/photos/?client_id=big")
    connection.putheader("Authorization", f"Bearer {token}")
    connection.putheader("Content-Type", "image/jpeg")
    connection.putheader("Content-Length", str(50 * 1024 * 1024))
    connection.endheaders()
    connection.send(b"\xff\xd8" + b"\x00" * 1000)  # far less than declared: no waiting for it
    response = connection.getresponse()
    assert response.status == 413
    assert json.loads(response.read())["error"]["code"] == "too_long"
    connection.close()

    status, answer = post(
        server.port,
        "/chat/photos/?client_id=pdf",
        b"%PDF-1.7" + b"0" * 5000,
        {"Authorization": f"Bearer {token}", "Content-Type": "image/jpeg"},
    )
    assert (status, answer["error"]["code"]) == (400, "invalid")
