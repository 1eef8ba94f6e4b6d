"""Keeping a community's question topics: which department answers and within what term."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hamaynk.accounts.permissions import Perm
from hamaynk.accounts.policy import user_has_permission
from hamaynk.audit.services import audit_record, changed_fields
from hamaynk.deadlines.engine import TermUnit

from . import audit_actions as actions
from .models import DEFAULT_TERM_LENGTH, Topic

if TYPE_CHECKING:
    from hamaynk.accounts.models import Department, User
    from hamaynk.tenancy.models import Community

TOPIC_FIELDS = (
    "name_hy",
    "name_en",
    "name_ru",
    "department",
    "answer_term_length",
    "answer_term_unit",
    "is_active",
)


def _require(by: User | None, community: Community) -> None:
    """``None`` is the system itself (the demo loader, imports)."""
    if by is not None and not user_has_permission(by, Perm.MANAGE_QUESTION_TOPICS, community):
        raise PermissionDenied(_("Your role does not allow changing the question topics."))


def _check(topic: Topic) -> None:
    if topic.department_id is None:
        raise ValidationError({"department": _("Choose the department that answers.")})
    topic.name_hy = topic.name_hy.strip()
    topic.name_en = topic.name_en.strip()
    topic.name_ru = topic.name_ru.strip()
    topic.full_clean()


def _snapshot(topic: Topic) -> dict[str, Any]:
    values = {name: getattr(topic, name) for name in TOPIC_FIELDS if name != "department"}
    values["department"] = topic.department.code if topic.department_id else None
    return values


def topic_create(
    *,
    by: User | None,
    community: Community,
    department: Department | None,
    name_hy: str,
    name_en: str = "",
    name_ru: str = "",
    answer_term_length: int = DEFAULT_TERM_LENGTH,
    answer_term_unit: str = TermUnit.WORKING,
    is_active: bool = True,
) -> Topic:
    _require(by, community)
    topic = Topic(
        community=community,
        department=department,
        name_hy=name_hy or "",
        name_en=name_en or "",
        name_ru=name_ru or "",
        answer_term_length=answer_term_length,
        answer_term_unit=answer_term_unit,
        is_active=is_active,
    )
    _check(topic)
    with transaction.atomic():
        topic.save()
        audit_record(
            action=actions.TOPIC_CREATED,
            actor=by,
            community=community,
            obj=topic,
            changes=_snapshot(topic),
        )
    return topic


def topic_update(*, by: User | None, topic: Topic, **values: Any) -> Topic:
    """Change a topic; questions already asked keep their department and due date."""
    unknown = set(values) - set(TOPIC_FIELDS)
    if unknown:
        raise TypeError(f"Unknown topic fields: {sorted(unknown)}")
    _require(by, topic.community)
    with transaction.atomic():
        locked = Topic.objects.select_for_update().select_related("community").get(pk=topic.pk)
        before = _snapshot(locked)
        for name, value in values.items():
            if name.startswith("name_") and value is None:
                value = ""
            setattr(locked, name, value)
        _check(locked)
        changes = changed_fields(before, _snapshot(locked))
        if changes:
            locked.save()
            audit_record(
                action=actions.TOPIC_CHANGED,
                actor=by,
                community=locked.community,
                obj=locked,
                changes=changes,
            )
    return locked
