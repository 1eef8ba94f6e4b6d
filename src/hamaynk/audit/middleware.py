"""Sets the audit context (the client's address) for the length of each request."""

from __future__ import annotations

from collections.abc import Callable
from ipaddress import ip_address

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from .context import audit_context


def client_ip(request: HttpRequest) -> str | None:
    """The client's address: REMOTE_ADDR, or the header the reverse proxy is trusted to set."""
    header = getattr(settings, "HAMAYNK_CLIENT_IP_HEADER", "")
    raw = request.META.get(header, "") if header else ""
    raw = raw.split(",")[0].strip() or request.META.get("REMOTE_ADDR", "")
    try:
        address = ip_address(raw)
    except ValueError:
        return None
    mapped = getattr(address, "ipv4_mapped", None)  # ::ffff:1.2.3.4 from a dual-stack socket
    return str(mapped or address)


class AuditContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with audit_context(client_ip=client_ip(request)):
            return self.get_response(request)
