"""Access logs keep paths, never query strings: Entra ID's SCIM requests carry a user
name in ``filter=userName eq "…"``, and no other query string belongs in a log either.

nginx's log format is checked against the shipped config running in
``test_e2e_proxy``; Daphne's access log (``bin/serve``) here."""

import io
import re
from pathlib import Path

from chatserver.serve import PathOnlyAccessLog

ROOT = Path(__file__).resolve().parent.parent
SITE_CONFIG = ROOT / "deploy" / "nginx" / "housing-chat.conf"
SCIM_QUERY = "/scim/v2/Users?filter=userName%20eq%20%22alice%40contoso.example%22"


def test_daphnes_access_log_leaves_out_query_strings() -> None:
    stream = io.StringIO()
    log = PathOnlyAccessLog(stream)
    log(
        "http",
        "complete",
        {"client": "127.0.0.1:1", "method": "GET", "path": SCIM_QUERY, "status": 200, "size": 9},
    )
    log("websocket", "connected", {"client": "127.0.0.1:2", "path": "/ws/agent/?x=1"})
    lines = stream.getvalue().splitlines()
    assert '"GET /scim/v2/Users" 200 9' in lines[0]
    assert '"WSCONNECT /ws/agent/"' in lines[1]
    assert "alice" not in stream.getvalue() and "?" not in stream.getvalue()


def test_the_shipped_nginx_site_logs_paths_without_query_strings() -> None:
    text = SITE_CONFIG.read_text()
    access_logs = re.findall(r"^\s*access_log\s+([^;]+);", text, re.MULTILINE)
    assert access_logs, "the site config has an access log"
    formats = dict(re.findall(r"log_format\s+(\S+)\s+([^;]+);", text, re.DOTALL))
    for line in access_logs:
        parts = line.split()
        assert len(parts) >= 2 and parts[1] in formats, f"access_log {line} uses the default format"
        used = formats[parts[1]]
        assert "$uri" in used
        for leaky in (
            "$request ",
            '$request"',
            "$request_uri",
            "$args",
            "$query_string",
            "$http_referer",
        ):
            assert leaky not in used, leaky
