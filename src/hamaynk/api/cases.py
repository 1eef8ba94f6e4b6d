"""How an application reads in the API, and what a new one is sent with.

Personal data (the applicant's and representative's names, numbers, address, phone and
e-mail, the form answers, the reasons of a decision) is ``null`` unless the caller may see
it (``principal.shows_personal_data``).
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from hamaynk.accounts.models import OrganisationKind
from hamaynk.accounts.policy import roles_for_instance
from hamaynk.cases.models import Case, Channel, Decision
from hamaynk.cases.sla import case_sla
from hamaynk.cases.workflow import Status, available_actions
from hamaynk.cases.worklists import Sort
from hamaynk.deadlines.engine import SlaState

from .actions_table import API_ACTIONS
from .pagination import PageQuery
from .strict import FormAnswerField, StrictSerializer

API_CHANNELS = [Channel.ONLINE, Channel.POST, Channel.EMAIL]
"""Applications sent by another system. At a desk or a settlement point the office files
and registers an application in one step, on the staff pages."""


class ServiceRefSerializer(serializers.Serializer):
    code = serializers.CharField()
    version = serializers.IntegerField()
    name = serializers.CharField()


class StaffRefSerializer(serializers.Serializer):
    username = serializers.CharField()
    name = serializers.CharField()


class ApplicantSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[("person", "person"), ("organisation", "organisation")])
    name = serializers.CharField()
    public_service_number = serializers.CharField(allow_null=True)
    tax_number = serializers.CharField(allow_null=True)
    address = serializers.CharField()
    phone = serializers.CharField()
    email = serializers.CharField()
    settlement = serializers.CharField(allow_null=True)


class RepresentativeSerializer(serializers.Serializer):
    name = serializers.CharField()
    public_service_number = serializers.CharField()


def _applicant(case: Case) -> dict[str, Any]:
    record: Any = case.applicant_person or case.applicant_organisation
    person = case.applicant_person
    return {
        "kind": "person" if person is not None else "organisation",
        "name": case.applicant_name,
        "public_service_number": person.public_service_number if person is not None else None,
        "tax_number": None if person is not None else record.tax_number,
        "address": record.address,
        "phone": record.phone,
        "email": record.email,
        "settlement": record.settlement.code if record.settlement_id else None,
    }


class CaseSerializer(serializers.Serializer):
    """An application. Personal data (applicant, representative, form answers, reasons) is
    null without the personal-data scope."""

    # Context: ``request``, and ``personal``: whether the caller may see personal data.

    id = serializers.IntegerField()
    url = serializers.SerializerMethodField()
    number = serializers.SerializerMethodField(
        help_text=_("The registration number, e.g. 2026/000123; null until registered.")
    )
    tracking_code = serializers.CharField(
        help_text=_("What the applicant follows the application with, on the public site.")
    )
    community = serializers.CharField(source="community.code")
    service = serializers.SerializerMethodField()
    channel = serializers.ChoiceField(choices=Channel.choices)
    status = serializers.ChoiceField(choices=Status.choices)
    status_label = serializers.SerializerMethodField()
    settlement = serializers.CharField(source="settlement.code", allow_null=True, default=None)
    department = serializers.CharField(source="department.code", allow_null=True, default=None)
    assignee = serializers.SerializerMethodField()
    submitted_at = serializers.DateTimeField()
    registered_at = serializers.DateTimeField(allow_null=True)
    assigned_at = serializers.DateTimeField(allow_null=True)
    decided_at = serializers.DateTimeField(allow_null=True)
    result_issued_at = serializers.DateTimeField(allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True)
    due_date = serializers.DateField(allow_null=True)
    original_due_date = serializers.DateField(allow_null=True)
    paused_since = serializers.DateField(
        allow_null=True, help_text=_("Waiting for the applicant since (the clock is stopped).")
    )
    sla = serializers.SerializerMethodField(
        help_text=_("How close an open, registered application is to its due date.")
    )
    decision = serializers.SerializerMethodField()
    transferred_to = serializers.CharField()
    version = serializers.IntegerField(help_text=_("Changes with every step; the ETag."))
    actions = serializers.SerializerMethodField(
        help_text=_("The workflow actions the caller may take now.")
    )
    applicant = serializers.SerializerMethodField()
    representative = serializers.SerializerMethodField()
    form_data = serializers.SerializerMethodField(help_text=_("The answers of the form."))
    decision_reasons = serializers.SerializerMethodField()

    def _personal(self) -> bool:
        return bool(self.context.get("personal"))

    def get_url(self, case: Case) -> str:
        return reverse("api:case", kwargs={"id": case.pk})

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_number(self, case: Case) -> str | None:
        return case.number or None

    @extend_schema_field(ServiceRefSerializer)
    def get_service(self, case: Case) -> dict[str, Any]:
        version = case.service_version
        return {"code": case.service.code, "version": version.number, "name": version.name}

    def get_status_label(self, case: Case) -> str:
        return str(Status(case.status).label)

    @extend_schema_field(StaffRefSerializer(allow_null=True))
    def get_assignee(self, case: Case) -> dict[str, str] | None:
        user = case.assignee
        if user is None:
            return None
        return {"username": user.get_username(), "name": user.get_full_name() or str(user)}

    @extend_schema_field(serializers.ChoiceField(choices=SlaState.choices, allow_null=True))
    def get_sla(self, case: Case) -> str | None:
        if hasattr(case, "sla"):  # annotated by the list's selector
            return str(case.sla) or None
        state = case_sla(case)
        return str(state) if state else None

    @extend_schema_field(serializers.ChoiceField(choices=Decision.choices, allow_null=True))
    def get_decision(self, case: Case) -> str | None:
        return case.decision or None

    @extend_schema_field(
        serializers.ListField(child=serializers.ChoiceField(choices=[a.value for a in API_ACTIONS]))
    )
    def get_actions(self, case: Case) -> list[str]:
        request = self.context["request"]
        roles = roles_for_instance(request.user, case)
        return [a.value for a in available_actions(Status(case.status), roles) if a in API_ACTIONS]

    @extend_schema_field(ApplicantSerializer(allow_null=True))
    def get_applicant(self, case: Case) -> dict[str, Any] | None:
        return _applicant(case) if self._personal() else None

    @extend_schema_field(RepresentativeSerializer(allow_null=True))
    def get_representative(self, case: Case) -> dict[str, Any] | None:
        person = case.representative
        if person is None or not self._personal():
            return None
        return {"name": person.full_name, "public_service_number": person.public_service_number}

    @extend_schema_field(
        serializers.DictField(child=serializers.CharField(), allow_null=True)  # answers as text
    )
    def get_form_data(self, case: Case) -> dict[str, Any] | None:
        return dict(case.form_data) if self._personal() else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_decision_reasons(self, case: Case) -> str | None:
        return case.decision_reasons if self._personal() else None


class CaseListQuery(PageQuery):
    status = serializers.ChoiceField(choices=Status.choices, required=False)
    service = serializers.SlugField(required=False, max_length=40, help_text=_("A service's code."))
    settlement = serializers.CharField(
        required=False, max_length=40, help_text=_("A settlement's code, e.g. tatev.khot.")
    )
    registered_from = serializers.DateField(
        required=False, help_text=_("Registered on this day or later.")
    )
    registered_to = serializers.DateField(
        required=False, help_text=_("Registered on this day or earlier.")
    )
    overdue = serializers.BooleanField(
        required=False,
        allow_null=True,
        default=None,
        help_text=_("true: only overdue applications; false: none of them."),
    )
    ordering = serializers.ChoiceField(
        choices=[
            (Sort.RECENT.value, _("Newest first")),
            (Sort.DUE.value, _("Due date, soonest first (registered only)")),
            (Sort.NUMBER.value, _("Registration number, highest first (registered only)")),
        ],
        required=False,
        default=Sort.RECENT.value,
    )


class PersonInputSerializer(StrictSerializer):
    """A natural person, found on the community's records by the Public Service Number, or
    registered with these details if not there yet."""

    public_service_number = serializers.RegexField(r"^[0-9]{10}$", max_length=10)
    last_name = serializers.CharField(max_length=100, required=False)
    first_name = serializers.CharField(max_length=100, required=False)
    patronymic = serializers.CharField(max_length=100, required=False, allow_blank=True)
    birth_date = serializers.DateField(required=False, allow_null=True)
    address = serializers.CharField(max_length=300, required=False, allow_blank=True)
    phone = serializers.CharField(
        max_length=20, required=False, allow_blank=True, help_text="+374 …"
    )
    email = serializers.EmailField(max_length=254, required=False, allow_blank=True)
    settlement = serializers.CharField(max_length=40, required=False, allow_null=True)


class OrganisationInputSerializer(StrictSerializer):
    """An organisation, found by its tax number, or registered with these details."""

    tax_number = serializers.RegexField(r"^[0-9]{8}$", max_length=8)
    name = serializers.CharField(max_length=300, required=False)
    kind = serializers.ChoiceField(choices=OrganisationKind.choices, required=False)
    address = serializers.CharField(max_length=300, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True)
    email = serializers.EmailField(max_length=254, required=False, allow_blank=True)
    settlement = serializers.CharField(max_length=40, required=False, allow_null=True)


class ApplicantInputSerializer(StrictSerializer):
    person = PersonInputSerializer(required=False)
    organisation = OrganisationInputSerializer(required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if ("person" in attrs) == ("organisation" in attrs):
            raise serializers.ValidationError(
                _("Give the applicant: either a person or an organisation.")
            )
        return attrs


class CaseCreateSerializer(StrictSerializer):
    service = serializers.SlugField(max_length=40, help_text=_("The service's code."))
    channel = serializers.ChoiceField(
        choices=[(c.value, c.label) for c in API_CHANNELS], default=Channel.ONLINE.value
    )
    applicant = ApplicantInputSerializer()
    settlement = serializers.CharField(
        max_length=40,
        required=False,
        allow_null=True,
        help_text=_("The settlement it concerns, if the form does not ask for it."),
    )
    form_data = serializers.DictField(
        child=FormAnswerField(),
        required=False,
        default=dict,
        help_text=_("The answers, by the keys of the service's form fields."),
    )
