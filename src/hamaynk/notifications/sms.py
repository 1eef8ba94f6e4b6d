"""Text messages through a pluggable gateway backend, chosen by ``HAMAYNK_SMS_BACKEND``.

- ``ConsoleBackend`` writes each message to the log (the default, for the demo);
- ``FileBackend`` writes one file per message into ``HAMAYNK_SMS_FILE_DIR``;
- ``HttpGatewayBackend`` POSTs JSON to ``HAMAYNK_SMS_GATEWAY_URL`` with the bearer token
  ``HAMAYNK_SMS_GATEWAY_TOKEN``; any answer but 2xx raises, so the delivery is retried;
- ``MemoryBackend`` keeps messages in a list, for tests.

A backend raises if the message was not accepted; it never swallows a failure.
"""

from __future__ import annotations

import json
import logging
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar, Protocol
from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit
from urllib.request import Request, urlopen

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


class SmsError(Exception):
    """The gateway did not accept the message."""


class SmsBackend(Protocol):
    def send(self, to: str, text: str, *, reference: str = "") -> None:
        """Hand one message to the gateway; raise if it was not accepted.

        ``reference`` is the same for every attempt at one message, so a gateway that keeps
        references can drop a repeat.
        """


class ConsoleBackend:
    """Prints messages to the log: for the demo and development."""

    def send(self, to: str, text: str, *, reference: str = "") -> None:
        logger.warning("SMS to %s: %s", to, text)


class FileBackend:
    """One file per message in ``HAMAYNK_SMS_FILE_DIR`` (``var/sms/`` by default)."""

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = Path(directory or settings.HAMAYNK_SMS_FILE_DIR)

    def send(self, to: str, text: str, *, reference: str = "") -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        stamp = timezone.now().strftime("%Y%m%d-%H%M%S-%f")
        path = self.directory / f"{stamp}-{uuid.uuid4().hex[:8]}.txt"
        header = f"To: {to}\nReference: {reference}\n" if reference else f"To: {to}\n"
        path.write_text(f"{header}\n{text}\n", encoding="utf-8")


@dataclass(frozen=True)
class SmsMessage:
    to: str
    text: str
    reference: str = ""


class MemoryBackend:
    """Keeps every message in ``MemoryBackend.outbox`` (like Django's locmem e-mail)."""

    outbox: ClassVar[list[SmsMessage]] = []

    def send(self, to: str, text: str, *, reference: str = "") -> None:
        self.outbox.append(SmsMessage(to, text, reference))


class HttpGatewayBackend:
    """``POST {"to": ..., "text": ..., "reference": ...}`` to the gateway, as JSON.

    Authenticated with ``Authorization: Bearer <HAMAYNK_SMS_GATEWAY_TOKEN>``; gives up after
    ``HAMAYNK_SMS_GATEWAY_TIMEOUT_SECONDS``. Any status outside 200-299, a refused connection
    or a time-out raises ``SmsError``.
    """

    def __init__(
        self, url: str | None = None, token: str | None = None, timeout: float | None = None
    ) -> None:
        self.url = url if url is not None else settings.HAMAYNK_SMS_GATEWAY_URL
        self.token = token if token is not None else settings.HAMAYNK_SMS_GATEWAY_TOKEN
        self.timeout = (
            timeout if timeout is not None else settings.HAMAYNK_SMS_GATEWAY_TIMEOUT_SECONDS
        )
        if urlsplit(self.url).scheme not in ("http", "https"):
            raise ImproperlyConfigured(
                "HAMAYNK_SMS_GATEWAY_URL must be an http:// or https:// address."
            )

    def send(self, to: str, text: str, *, reference: str = "") -> None:
        payload = json.dumps({"to": to, "text": text, "reference": reference}).encode()
        headers = {"Content-Type": "application/json; charset=utf-8"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        request = Request(self.url, data=payload, headers=headers, method="POST")  # noqa: S310
        try:
            with urlopen(request, timeout=self.timeout) as response:  # noqa: S310 (checked above)
                status = response.status
        except HTTPError as error:
            raise SmsError(f"The SMS gateway answered {error.code} {error.reason}") from error
        except (URLError, TimeoutError, OSError) as error:
            raise SmsError(f"The SMS gateway could not be reached: {error}") from error
        if not 200 <= status < 300:
            raise SmsError(f"The SMS gateway answered {status}")


def get_backend() -> SmsBackend:
    backend: SmsBackend = import_string(settings.HAMAYNK_SMS_BACKEND)()
    return backend


def send_sms(to: str, text: str, *, reference: str = "") -> None:
    """Send one text message to an E.164 number now, through the configured backend."""
    get_backend().send(to, text, reference=reference)
