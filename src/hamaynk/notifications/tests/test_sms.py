import json
import logging
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from hamaynk.notifications.sms import (
    ConsoleBackend,
    HttpGatewayBackend,
    MemoryBackend,
    SmsError,
    send_sms,
)


class Gateway(BaseHTTPRequestHandler):
    """A gateway that answers each POST with the next status in ``statuses``."""

    statuses: list[int] = []
    received: list[dict[str, Any]] = []
    delay = 0.0

    def do_POST(self) -> None:
        length = int(self.headers["Content-Length"])
        Gateway.received.append(
            {
                "path": self.path,
                "authorization": self.headers.get("Authorization"),
                "content_type": self.headers.get("Content-Type"),
                "json": json.loads(self.rfile.read(length)),
            }
        )
        if Gateway.delay:
            threading.Event().wait(Gateway.delay)
        status = Gateway.statuses.pop(0) if Gateway.statuses else 200
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b'{"id": "g-1"}')

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def gateway() -> Iterator[str]:
    Gateway.statuses, Gateway.received, Gateway.delay = [], [], 0.0
    server = ThreadingHTTPServer(("127.0.0.1", 0), Gateway)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v1/messages"
    server.shutdown()
    server.server_close()


def test_the_gateway_gets_the_message_as_json_with_the_token(gateway):
    HttpGatewayBackend(url=gateway, token="s3cret", timeout=5).send(
        "+37477000002", "Տաթև: դիմումը գրանցված է", reference="<abc@host>"
    )
    (request,) = Gateway.received
    assert request["path"] == "/v1/messages"
    assert request["authorization"] == "Bearer s3cret"
    assert request["content_type"].startswith("application/json")
    assert request["json"] == {
        "to": "+37477000002",
        "text": "Տաթև: դիմումը գրանցված է",
        "reference": "<abc@host>",
    }


@pytest.mark.parametrize("status", [400, 401, 500, 503])
def test_an_answer_other_than_2xx_raises(gateway, status):
    Gateway.statuses = [status]
    with pytest.raises(SmsError, match=str(status)):
        HttpGatewayBackend(url=gateway, token="t", timeout=5).send("+37477000002", "x")


def test_a_slow_gateway_times_out(gateway):
    Gateway.delay = 1.0
    with pytest.raises(SmsError, match="could not be reached"):
        HttpGatewayBackend(url=gateway, token="t", timeout=0.2).send("+37477000002", "x")


def test_an_unreachable_gateway_raises():
    with pytest.raises(SmsError, match="could not be reached"):
        HttpGatewayBackend(url="http://127.0.0.1:9/", token="t", timeout=2).send("+3747700002", "x")


def test_the_backend_reads_its_settings(gateway):
    with override_settings(
        HAMAYNK_SMS_BACKEND="hamaynk.notifications.sms.HttpGatewayBackend",
        HAMAYNK_SMS_GATEWAY_URL=gateway,
        HAMAYNK_SMS_GATEWAY_TOKEN="from-settings",
    ):
        send_sms("+37477000002", "hello")
    assert Gateway.received[0]["authorization"] == "Bearer from-settings"


def test_only_an_http_address_is_accepted():
    with pytest.raises(ImproperlyConfigured):
        HttpGatewayBackend(url="file:///etc/passwd", token="t")
    with pytest.raises(ImproperlyConfigured):
        HttpGatewayBackend(url="", token="t")


def test_the_file_backend_writes_one_file_per_message(tmp_path: Path):
    with override_settings(
        HAMAYNK_SMS_BACKEND="hamaynk.notifications.sms.FileBackend",
        HAMAYNK_SMS_FILE_DIR=tmp_path / "sms",
    ):
        send_sms("+37477000002", "Առաջին", reference="<1@host>")
        send_sms("+37477000003", "Second")
    files = sorted((tmp_path / "sms").iterdir())
    assert len(files) == 2
    texts = sorted(f.read_text(encoding="utf-8") for f in files)
    assert texts == [
        "To: +37477000002\nReference: <1@host>\n\nԱռաջին\n",
        "To: +37477000003\n\nSecond\n",
    ]


def test_the_console_backend_logs(caplog):
    with caplog.at_level(logging.WARNING, logger="hamaynk.notifications.sms"):
        ConsoleBackend().send("+37477000002", "hello")
    assert "SMS to +37477000002: hello" in caplog.text


def test_the_memory_backend_keeps_messages():
    with override_settings(HAMAYNK_SMS_BACKEND="hamaynk.notifications.sms.MemoryBackend"):
        send_sms("+37477000002", "hello", reference="r")
    assert [(m.to, m.text, m.reference) for m in MemoryBackend.outbox] == [
        ("+37477000002", "hello", "r")
    ]
