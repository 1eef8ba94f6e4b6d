"""Adopting services from the national library and publishing new versions of them."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hamaynk.accounts.models import Department
from hamaynk.accounts.permissions import Perm
from hamaynk.accounts.policy import user_has_permission
from hamaynk.audit.services import audit_record

from . import audit_actions as actions
from .library import library
from .models import DocumentRequirement, Fee, FormField, Service, ServiceVersion

if TYPE_CHECKING:
    from hamaynk.accounts.models import User
    from hamaynk.tenancy.models import Community

VERSION_FIELDS = (
    "name_hy",
    "name_en",
    "name_ru",
    "description_hy",
    "description_en",
    "description_ru",
    "legal_basis_hy",
    "legal_basis_en",
    "legal_basis_ru",
    "term_length",
    "term_unit",
    "max_extension",
    "pausable",
    "online",
    "at_settlement_points",
    "department",
    "outcome_template",
)
DOCUMENT_FIELDS = ("name_hy", "name_en", "name_ru", "mandatory", "form")
FEE_FIELDS = ("name_hy", "name_en", "name_ru", "kind", "amount", "is_demo_value")
FORM_FIELD_FIELDS = (
    "key",
    "label_hy",
    "label_en",
    "label_ru",
    "kind",
    "required",
    "pattern",
    "choices",
)


def _require(by: User | None, community: Community) -> None:
    if by is not None and not user_has_permission(by, Perm.MANAGE_CATALOGUE, community):
        raise PermissionDenied(_("Only the chief of staff can change the services catalogue."))


def _translated(prefix: str, names: dict[str, str]) -> dict[str, str]:
    return {f"{prefix}_{lang}": names.get(lang, "") for lang in ("hy", "en", "ru")}


def _version_from_template(template: dict[str, Any], community: Community) -> dict[str, Any]:
    """The content of version 1 of an adopted service, in the shape ``_publish`` takes."""
    department = Department.objects.filter(
        community=community, code=template.get("department", "")
    ).first()
    return {
        **_translated("name", template["name"]),
        **_translated("description", template.get("description", {})),
        **_translated("legal_basis", template["legal_basis"]),
        "term_length": template["term"]["length"],
        "term_unit": template["term"]["unit"],
        "max_extension": template.get("max_extension", 0),
        "pausable": template.get("pausable", True),
        "online": template.get("online", False),
        "at_settlement_points": template.get("at_settlement_points", True),
        "department": department,
        "outcome_template": template.get("outcome", {}).get("hy", ""),
        "documents": [
            {
                **_translated("name", d["name"]),
                "mandatory": d.get("mandatory", True),
                "form": d.get("form", "either"),
            }
            for d in template.get("documents", [])
        ],
        "fees": [
            {
                **_translated("name", f["name"]),
                "kind": f["kind"],
                "amount": Decimal(str(f["amount"])),
                "is_demo_value": True,
            }
            for f in template.get("fees", [])
        ],
        "form_fields": [
            {
                "key": f["key"],
                **_translated("label", f["label"]),
                "kind": f["kind"],
                "required": f.get("required", True),
                "pattern": f.get("pattern", ""),
                "choices": f.get("choices", []),
            }
            for f in template.get("fields", [])
        ],
    }


def _publish(*, by: User | None, service: Service, content: dict[str, Any]) -> ServiceVersion:
    """Write one new version with its parts; the caller holds the transaction."""
    last = service.versions.order_by("-number").values_list("number", flat=True).first() or 0
    version = ServiceVersion(
        service=service,
        number=last + 1,
        created_by=by,
        **{name: content[name] for name in VERSION_FIELDS},
    )
    if version.department is not None and version.department.community_id != service.community_id:
        raise ValidationError({"department": _("The department belongs to another community.")})
    version.full_clean(exclude=["service"])
    version.save()
    parts: list[Any] = []
    for position, data in enumerate(content.get("documents", [])):
        parts.append(
            DocumentRequirement(
                version=version,
                position=position,
                **{k: data[k] for k in DOCUMENT_FIELDS if k in data},
            )
        )
    for position, data in enumerate(content.get("fees", [])):
        parts.append(
            Fee(version=version, position=position, **{k: data[k] for k in FEE_FIELDS if k in data})
        )
    keys: set[str] = set()
    for position, data in enumerate(content.get("form_fields", [])):
        if data["key"] in keys:
            raise ValidationError(
                {"form_fields": _("Two form fields have the key %(key)s.") % {"key": data["key"]}}
            )
        keys.add(data["key"])
        parts.append(
            FormField(
                version=version,
                position=position,
                **{k: data[k] for k in FORM_FIELD_FIELDS if k in data},
            )
        )
    for part in parts:
        part.full_clean(exclude=["version"])
        part.save()
    service.current_version = version
    service.save(update_fields=["current_version", "updated_at"])
    return version


def _content_of(version: ServiceVersion) -> dict[str, Any]:
    """Everything a version says, so that a new version can start from it."""
    return {
        **{name: getattr(version, name) for name in VERSION_FIELDS},
        "documents": [{k: getattr(d, k) for k in DOCUMENT_FIELDS} for d in version.documents.all()],
        "fees": [{k: getattr(f, k) for k in FEE_FIELDS} for f in version.fees.all()],
        "form_fields": [
            {k: getattr(f, k) for k in FORM_FIELD_FIELDS} for f in version.form_fields.all()
        ],
    }


def service_adopt(
    *, by: User | None, community: Community, library_code: str, code: str = ""
) -> Service:
    """Copy a national template into the community's catalogue, as version 1."""
    _require(by, community)
    template = library().get(library_code)
    if template is None:
        raise ValidationError(
            {
                "library_code": _("There is no service %(code)s in the national library.")
                % {"code": library_code}
            }
        )
    code = code or library_code
    if Service.objects.filter(community=community, code=code).exists():
        raise ValidationError({"code": _("The community already has a service with this code.")})
    with transaction.atomic():
        service = Service.objects.create(community=community, code=code, library_code=library_code)
        version = _publish(
            by=by, service=service, content=_version_from_template(template, community)
        )
        audit_record(
            action=actions.SERVICE_ADOPTED,
            actor=by,
            community=community,
            obj=service,
            changes={"library_code": library_code, "version": version.number},
        )
    return service


def service_publish_version(*, by: User | None, service: Service, **changes: Any) -> ServiceVersion:
    """Publish a new version: the current one with ``changes`` applied.

    ``changes`` takes any of ``VERSION_FIELDS`` and the lists ``documents``, ``fees`` and
    ``form_fields`` (each replaces the whole list). Cases filed earlier keep their version.
    """
    _require(by, service.community)
    unknown = set(changes) - {*VERSION_FIELDS, "documents", "fees", "form_fields"}
    if unknown:
        raise TypeError(f"Unknown service version fields: {sorted(unknown)}")
    with transaction.atomic():
        locked = Service.objects.select_for_update().get(pk=service.pk)
        current = locked.current_version
        content = _content_of(current) if current is not None else {}
        content.update(changes)
        version = _publish(by=by, service=locked, content=content)
        audit_record(
            action=actions.SERVICE_VERSION_PUBLISHED,
            actor=by,
            community=locked.community,
            obj=locked,
            changes={"version": version.number, "changed": sorted(changes)},
        )
    service.refresh_from_db()
    return version


def service_withdraw(*, by: User | None, service: Service) -> None:
    """Stop offering a service; applications already filed go on under their version."""
    _require(by, service.community)
    with transaction.atomic():
        service = Service.objects.select_for_update(of=("self",)).get(pk=service.pk)
        service.is_active = False
        service.save(update_fields=["is_active", "updated_at"])
        audit_record(
            action=actions.SERVICE_WITHDRAWN, actor=by, community=service.community, obj=service
        )


def service_offer_again(*, by: User | None, service: Service) -> None:
    """Offer a withdrawn service again, as its current version."""
    _require(by, service.community)
    with transaction.atomic():
        locked = Service.objects.select_for_update(of=("self",)).get(pk=service.pk)
        locked.is_active = True
        locked.save(update_fields=["is_active", "updated_at"])
        audit_record(
            action=actions.SERVICE_OFFERED_AGAIN, actor=by, community=locked.community, obj=locked
        )
