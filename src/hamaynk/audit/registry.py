"""The registry of audit action codes. Every audit event names one registered action.

Each domain app registers its actions in its ``audit_actions`` module, which its
``AppConfig.ready`` imports, so the full list is known before the first request.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise


@dataclass(frozen=True)
class AuditAction:
    code: str
    label: str | Promise


class UnknownAuditAction(LookupError):
    pass


class AuditActionRegistry:
    def __init__(self) -> None:
        self._actions: dict[str, AuditAction] = {}

    def register(self, code: str, label: str | Promise) -> str:
        existing = self._actions.get(code)
        if existing is not None and existing.label != label:
            raise ValueError(f"Audit action {code!r} is already registered.")
        self._actions[code] = AuditAction(code, label)
        return code

    def get(self, code: str) -> AuditAction:
        try:
            return self._actions[code]
        except KeyError:
            raise UnknownAuditAction(code) from None

    def label(self, code: str) -> str:
        action = self._actions.get(code)
        return str(action.label) if action else code

    def codes(self) -> list[str]:
        return sorted(self._actions)


registry = AuditActionRegistry()
