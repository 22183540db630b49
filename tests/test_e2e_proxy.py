"""Debian's nginx, with the shipped site config, in front of two Daphne processes:
chat over wss://, the client address nginx saw, http redirected to https, the
security headers through the proxy, static files, and photo bodies within the limit."""

import asyncio
import datetime
import gzip
import http.client
import ipaddress
import os
import shutil
import socket
import ssl
import subprocess
import time
import urllib.request
from pathlib import Path
from types import SimpleNamespace

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from tests import photo_files
from tests.backends import redis_url, skip_or_fail
from tests.peers import Peer
from tests.servers import Browserless, free_port, manage, server_shell

pytestmark = [pytest.mark.e2e, pytest.mark.redis]
ROOT = Path(__file__).resolve().parent.parent
SITE_CONFIG = ROOT / "deploy" / "nginx" / "housing-chat.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def self_signed(directory: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "cert.pem", directory / "key.pem"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


def site_config(
    *, http_port: int, https_port: int, upstreams: list[int], cert: Path, key: Path, work: Path
) -> str:
    """The shipped config with only the deployment's own values changed."""
    text = SITE_CONFIG.read_text()
    replacements = {
        "    listen [::]:80 default_server;\n": "",
        "    listen [::]:443 ssl default_server;\n": "",
        "listen 80 default_server;": f"listen 127.0.0.1:{http_port} default_server;",
        "listen 443 ssl default_server;": f"listen 127.0.0.1:{https_port} ssl default_server;",
        "    listen [::]:80;\n": "",
        "    listen [::]:443 ssl http2;\n": "",
        "listen 80;": f"listen 127.0.0.1:{http_port};",
        "listen 443 ssl http2;": f"listen 127.0.0.1:{https_port} ssl http2;",
        "server_name chat.example.org;": "server_name localhost;",
        "/etc/letsencrypt/live/chat.example.org/fullchain.pem": str(cert),
        "/etc/letsencrypt/live/chat.example.org/privkey.pem": str(key),
        "/var/log/nginx/housing-chat.access.log": str(work / "access.log"),
        "/srv/housing-chat/var/static/": f"{work / 'var' / 'static'}/",
        "/etc/nginx/housing-chat-upstream.conf": str(work / "upstream.conf"),
    }
    for old, new in replacements.items():
        assert old in text, f"the shipped config no longer has {old!r}"
        text = text.replace(old, new)
    upstream = (SITE_CONFIG.parent / "housing-chat-upstream.conf").read_text()
    shipped = "    server 127.0.0.1:8001;\n    server 127.0.0.1:8002;\n"
    assert shipped in upstream
    ours = "".join(f"    server 127.0.0.1:{port};\n" for port in upstreams)
    (work / "upstream.conf").write_text(upstream.replace(shipped, ours))
    return text


def wait_for_port(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"nginx exited: {log.read_text(errors='replace')[-2000:]}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError("nginx did not start listening")


@pytest.fixture
def proxied(start_server, tmp_path: Path):
    if not Path(NGINX).exists():
        skip_or_fail("needs Debian's nginx (make test installs it with bin/ensure-package)")
    http_port, https_port = free_port(), free_port()
    origin = f"https://localhost:{https_port}"
    env = {
        "DJANGO_DEBUG": "0",
        "DJANGO_ALLOWED_HOSTS": "localhost,127.0.0.1",
        "CHAT_TRUSTED_PROXY": "1",
        "CHAT_SERVER_ORIGINS": origin,
        "CHAT_VAR_DIR": str(tmp_path / "var"),
        "CHAT_ROUTING": "auto",
    }
    first = start_server(redis=True, **env)
    second = start_server(redis=True, database_url=first.database_url, **env)
    manage(first.env | {"REDIS_URL": redis_url()}, "collectstatic", "--noinput", "-v", "0")
    cert, key = self_signed(tmp_path)
    for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (tmp_path / name).mkdir()
    (tmp_path / "site.conf").write_text(
        site_config(
            http_port=http_port,
            https_port=https_port,
            upstreams=[first.port, second.port],
            cert=cert,
            key=key,
            work=tmp_path,
        )
    )
    run_as_root = "user root;\n" if os.geteuid() == 0 else ""
    (tmp_path / "nginx.conf").write_text(
        f"{run_as_root}worker_processes 1;\npid {tmp_path}/nginx.pid;\n"
        f"error_log {tmp_path}/error.log;\nevents {{ worker_connections 256; }}\n"
        "http {\n  include /etc/nginx/mime.types;\n"
        + "".join(
            f"  {name}_temp_path {tmp_path / name};\n"
            for name in ("fastcgi", "uwsgi", "scgi", "proxy")
        )
        + f"  client_body_temp_path {tmp_path / 'body'};\n"
        f"  include {tmp_path / 'site.conf'};\n}}\n"
    )
    log = tmp_path / "error.log"
    log.touch()
    nginx = subprocess.Popen(
        [NGINX, "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf"), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(https_port, nginx, log)
        context = ssl.create_default_context(cafile=str(cert))
        yield SimpleNamespace(
            origin=origin,
            http_port=http_port,
            https_port=https_port,
            context=context,
            cert=str(cert),
            servers=(first, second),
            body_dir=tmp_path / "body",
            access_log=tmp_path / "access.log",
        )
    finally:
        nginx.terminate()
        nginx.wait(10)


def https(proxy, method: str, path: str, body: bytes | None = None, **headers: str):
    connection = http.client.HTTPSConnection(
        "localhost", proxy.https_port, context=proxy.context, timeout=20
    )
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    content = response.read()
    connection.close()
    return response.status, dict(response.getheaders()), content


async def test_chat_through_nginx_over_wss(proxied) -> None:
    proxy = proxied
    ws = f"wss://localhost:{proxy.https_port}"
    browser = Browserless(SimpleNamespace(origin=proxy.origin))
    browser.opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(browser.jar),
        urllib.request.HTTPSHandler(context=proxy.context),
    )
    await asyncio.to_thread(browser.login, "alice")
    agent = await Peer.open(
        f"{ws}/ws/agent/", origin=proxy.origin, cookie=browser.cookie_header(), ssl=proxy.context
    )
    await agent.expect("snapshot")
    await agent.set_presence("available")

    visitor = await Peer.open(
        f"{ws}/ws/visitor/",
        origin=proxy.origin,
        ssl=proxy.context,
        additional_headers={"X-Forwarded-For": "203.0.113.9"},  # a client's own claim
    )
    await visitor.hello()
    await visitor.start()
    conversation_id = (await agent.expect("assigned"))["conversation"]["conversation_id"]
    await visitor.say("hello through the proxy")
    await agent.expect("message", text="hello through the proxy")
    await agent.send_line(conversation_id, "hello back", client_id="p1")
    await visitor.expect("message", text="hello back")

    # The address stored is the one nginx saw, not the one the client claimed.
    seen = server_shell(
        proxy.servers[0],
        "from transcripts.record import store; "
        f"print(store.read_diagnostics('{conversation_id}').ip_address)",
    )
    assert seen.strip() == "127.0.0.1"


def test_http_is_redirected_and_security_headers_pass_through(proxied) -> None:
    proxy = proxied
    plain = http.client.HTTPConnection("127.0.0.1", proxy.http_port, timeout=10)
    plain.request("GET", "/console/?x=1", headers={"Host": "localhost"})
    redirect = plain.getresponse()
    assert redirect.status == 301
    assert redirect.getheader("Location") == "https://localhost/console/?x=1"
    plain.close()

    status, headers, _ = https(proxy, "GET", "/accounts/login/")
    assert status == 200
    assert headers["Strict-Transport-Security"].startswith("max-age=")
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "csrftoken=" in headers["Set-Cookie"] and "Secure" in headers["Set-Cookie"]

    # Another host name is dropped by nginx, unanswered and unseen by the chat server.
    stray = http.client.HTTPConnection("127.0.0.1", proxy.http_port, timeout=10)
    stray.request("GET", "/", headers={"Host": "evil.example"})
    with pytest.raises((http.client.RemoteDisconnected, ConnectionResetError)):
        stray.getresponse()
    stray.close()
    context = ssl.create_default_context(cafile=proxy.cert)
    context.check_hostname = False
    with (
        pytest.raises(ssl.SSLError),
        socket.create_connection(("127.0.0.1", proxy.https_port)) as raw,
    ):
        context.wrap_socket(raw, server_hostname="evil.example")
    assert not any("evil.example" in server.log_text() for server in proxy.servers)

    status, headers, body = https(proxy, "GET", "/widget/loader.js")
    assert status == 200 and b"housing-chat-open" in body
    assert headers["X-Content-Type-Options"] == "nosniff"

    # The widget's modules come compressed to a browser that accepts it.
    plain_status, _, plain_body = https(proxy, "GET", "/static/widget/frame.js")
    status, headers, body = https(
        proxy, "GET", "/static/widget/frame.js", **{"Accept-Encoding": "gzip"}
    )
    assert plain_status == status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(body) == plain_body


def test_photo_bodies_pass_within_the_limit_and_stay_off_nginx_disk(proxied) -> None:
    proxy = proxied
    status, _, _ = https(proxy, "POST", "/chat/photos/?client_id=x", b"\x00" * (12 * 1048576))
    assert status == 413  # nginx's own limit, just above the chat's
    photo = photo_files.twelve_megapixel_jpeg()
    status, _, body = https(
        proxy,
        "POST",
        "/chat/photos/?client_id=y",
        photo,
        **{"Content-Type": "image/jpeg", "Authorization": "Bearer not-a-token"},
    )
    assert status == 409 and b"not_started" in body  # the chat server answered, not nginx
    assert list(proxy.body_dir.rglob("*")) == []


def test_the_access_logs_keep_no_query_string(proxied) -> None:
    """Entra ID's SCIM lookup puts a user name in the query string: neither nginx's
    access log nor the chat server's keeps it (it answers 401 here, without a token)."""
    query = "filter=userName%20eq%20%22leaver.loggedname%40contoso.example%22"
    status, _headers, _body = https(proxied, "GET", f"/scim/v2/Users?{query}")
    assert status == 401
    # nginx writes its access log line after the response has gone: wait for it.
    deadline = time.monotonic() + 5
    while '"GET /scim/v2/Users HTTP/' not in (nginx_log := proxied.access_log.read_text()):
        assert time.monotonic() < deadline, f"no access log line for the request: {nginx_log!r}"
        time.sleep(0.05)
    server_logs = "".join(server.log_text() for server in proxied.servers)
    assert "/scim/v2/Users" in server_logs
    for log in (nginx_log, server_logs):
        assert "loggedname" not in log and "filter" not in log
