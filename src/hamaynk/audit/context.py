"""Who is acting, from where: carried through a request in a context variable.

Service functions take the acting user explicitly; the client address and the
integration client (for the API) travel here, set once by the middleware.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class AuditContext:
    client_ip: str | None = None
    client_label: str = ""


_NO_CONTEXT = AuditContext()
_current: ContextVar[AuditContext] = ContextVar(
    "hamaynk_audit_context",
    default=_NO_CONTEXT,  # a frozen dataclass: safe to share
)


def current_context() -> AuditContext:
    return _current.get()


@contextmanager
def audit_context(*, client_ip: str | None = None, client_label: str = "") -> Iterator[None]:
    token = _current.set(AuditContext(client_ip=client_ip, client_label=client_label))
    try:
        yield
    finally:
        _current.reset(token)
