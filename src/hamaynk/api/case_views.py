"""Applications: the list of a community (filtered, ordered, a page at a time), filing a new
one, reading one with its ETag, its history, and one endpoint per workflow action."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from hamaynk.accounts.models import Organisation, Person
from hamaynk.accounts.selectors import organisations_visible_to, persons_visible_to
from hamaynk.accounts.services import organisation_create, person_create
from hamaynk.cases.intake import case_submit
from hamaynk.cases.models import Case, CaseEvent, Channel
from hamaynk.cases.search import CaseFilters
from hamaynk.cases.workflow import EVENT_LABELS, Action, Status
from hamaynk.cases.worklists import ORDERINGS, Sort, Worklist, for_list_page, worklist
from hamaynk.catalogue.models import Service
from hamaynk.core.pagination import Ordering
from hamaynk.core.replicas import replica_reads
from hamaynk.deadlines.engine import SlaState
from hamaynk.deadlines.selectors import working_calendar
from hamaynk.integrations.idempotency import (
    Replay,
    idempotency_claim,
    idempotency_complete,
)
from hamaynk.integrations.services import personal_data_read
from hamaynk.tenancy.models import Community, Settlement

from .actions_table import API_ACTIONS, ApiActionSpec
from .base import ApiView, query
from .cases import CaseCreateSerializer, CaseListQuery, CaseSerializer
from .conditional import etag, expected_version
from .idempotent import fingerprint, idempotency_key, submission_key
from .pagination import PageQuery, page_of, paginated
from .principal import client_of, shows_internal_events, shows_personal_data
from .problems import InvalidParameters, Unprocessable, django_error_detail
from .schema import (
    CASE_PARAMETER,
    COMMUNITY_PARAMETER,
    ETAG,
    IDEMPOTENCY_KEY,
    IF_MATCH,
    LOCATION,
    problems,
)


def case_response(request: Request, case: Case, *, status: int = 200, **headers: str) -> Response:
    """One application, with personal data if the caller may see it, and its ETag."""
    personal = shows_personal_data(request, case.community)
    body = CaseSerializer(case, context={"request": request, "personal": personal}).data
    return Response(body, status=status, headers={"ETag": etag(case), **headers})


@replica_reads
class CaseCollection(ApiView):
    @extend_schema(
        operation_id="cases_list",
        summary=gettext_lazy("A community's applications"),
        description=gettext_lazy(
            "Those the caller may see, newest first unless `ordering` says otherwise."
        ),
        parameters=[COMMUNITY_PARAMETER, CaseListQuery],
        responses={200: page_of(CaseSerializer), **problems(400, 404)},
        tags=["cases"],
    )
    def get(self, request: Request, community: str) -> Response:
        found = self.community(community)
        params = dict(query(request, CaseListQuery))
        filters = CaseFilters(
            status=params.get("status", ""),
            service=self._service_filter(found, params.get("service")),
            settlement=self._settlement_filter(found, params.get("settlement")),
            registered_from=params.get("registered_from"),
            registered_to=params.get("registered_to"),
        )
        overdue = params.get("overdue")
        sort = Sort(params.get("ordering") or Sort.RECENT)
        cases = worklist(
            self.principal,
            found,
            Worklist.OVERDUE if overdue else Worklist.ALL,
            filters,
            today=timezone.localdate(),
            calendar=working_calendar(community=found),
            sort=sort,
        )
        cases = for_list_page(
            cases,
            "community",
            "service",
            "representative",
            "applicant_person__settlement",
            "applicant_organisation__settlement",
        )
        if overdue is False:
            cases = cases.exclude(sla=SlaState.OVERDUE)  # type: ignore[misc]  # annotated
        personal = shows_personal_data(request, found)
        context = {"request": request, "personal": personal}
        response, rows = paginated(
            request,
            cases,
            ORDERINGS[sort],
            params,
            lambda rows: CaseSerializer(rows, many=True, context=context).data,
        )
        if personal and rows:
            personal_data_read(
                by=self.principal,
                client=client_of(request),
                community=found,
                what="cases",
                object_ids=[row.pk for row in rows],
            )
        return response

    @staticmethod
    def _service_filter(community: Community, code: str | None) -> Service | None:
        if not code:
            return None
        service = Service.objects.filter(community=community, code=code).first()
        if service is None:
            raise InvalidParameters(
                {"service": [_("The community has no service with this code.")]}
            )
        return service

    @staticmethod
    def _settlement_filter(community: Community, code: str | None) -> Settlement | None:
        if not code:
            return None
        settlement = Settlement.objects.filter(community=community, code=code).first()
        if settlement is None:
            raise InvalidParameters(
                {"settlement": [_("The community has no settlement with this code.")]}
            )
        return settlement

    @extend_schema(
        operation_id="cases_create",
        summary=gettext_lazy("File an application"),
        description=gettext_lazy(
            "Filed as submitted: the office registers it. The applicant is found on the "
            "community's records by the Public Service Number (or tax number), or registered "
            "with the details given. Needs the personal-data scope."
        ),
        parameters=[COMMUNITY_PARAMETER, IDEMPOTENCY_KEY, ETAG, LOCATION],
        request=CaseCreateSerializer,
        responses={201: CaseSerializer, **problems(400, 404, 415, 422)},
        tags=["cases"],
    )
    def post(self, request: Request, community: str) -> Response:
        found = self.community(community)
        if not shows_personal_data(request, found):
            raise PermissionDenied(
                _("Filing an application sends personal data: this client may not do that.")
            )
        key = idempotency_key(request)
        serializer = CaseCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        with transaction.atomic():
            claim = None
            if key is not None:
                claimed = idempotency_claim(
                    user=self.principal,
                    key=key,
                    fingerprint=fingerprint(request, request.data),
                )
                if isinstance(claimed, Replay):
                    first = self.visible_cases().filter(pk__in=claimed.object_ids).first()
                    if first is None:
                        raise NotFound()
                    return self._created(request, first, replayed=True)
                claim = claimed
            service = Service.objects.filter(community=found, code=data["service"]).first()
            if service is None:
                raise Unprocessable(
                    {"service": [_("The community has no service with this code.")]}
                )
            person, organisation = self._applicant(request, found, data["applicant"])
            case = case_submit(
                by=self.principal,
                community=found,
                service=service,
                channel=Channel(data["channel"]),
                form_data=data["form_data"],
                applicant_person=person,
                applicant_organisation=organisation,
                settlement=_settlement(found, data.get("settlement"), "settlement"),
                submission_key=(
                    submission_key(self.principal.pk, found.pk, key) if key is not None else None
                ),
            )
            if claim is not None:
                idempotency_complete(claim, resource="case", object_ids=[case.pk])
        fresh = self.visible_cases().filter(pk=case.pk).first() or case
        return self._created(request, fresh, replayed=False)

    def _created(self, request: Request, case: Case, *, replayed: bool) -> Response:
        headers = {
            "Location": request.build_absolute_uri(reverse("api:case", kwargs={"id": case.pk}))
        }
        if replayed:
            headers["Idempotent-Replayed"] = "true"
        return case_response(request, case, status=201, **headers)

    def _applicant(
        self, request: Request, community: Community, data: dict[str, Any]
    ) -> tuple[Person | None, Organisation | None]:
        """The applicant on the community's records; registered first if not there yet."""
        user = self.principal
        if "person" in data:
            given = dict(data["person"])
            person = (
                persons_visible_to(user, community)
                .filter(public_service_number=given["public_service_number"])
                .first()
            )
            if person is not None:
                return person, None
            missing = [f for f in ("last_name", "first_name") if not given.get(f)]
            if missing:
                message = _("Needed for a person who is not yet on the community's records.")
                raise Unprocessable({"applicant": {"person": {f: [message] for f in missing}}})
            given["settlement"] = _settlement(
                community, given.pop("settlement", None), "applicant.person.settlement"
            )
            try:
                return person_create(by=user, community=community, **given), None
            except ValidationError as error:
                raise Unprocessable(
                    {"applicant": {"person": django_error_detail(error)}}
                ) from error
        given = dict(data["organisation"])
        organisation = (
            organisations_visible_to(user, community).filter(tax_number=given["tax_number"]).first()
        )
        if organisation is not None:
            return None, organisation
        if not given.get("name"):
            message = _("Needed for an organisation that is not yet on the community's records.")
            raise Unprocessable({"applicant": {"organisation": {"name": [message]}}})
        given["settlement"] = _settlement(
            community, given.pop("settlement", None), "applicant.organisation.settlement"
        )
        try:
            return None, organisation_create(by=user, community=community, **given)
        except ValidationError as error:
            raise Unprocessable(
                {"applicant": {"organisation": django_error_detail(error)}}
            ) from error


def _settlement(community: Community, code: str | None, field: str) -> Settlement | None:
    if not code:
        return None
    settlement = Settlement.objects.filter(community=community, code=code).first()
    if settlement is None:
        detail: dict[str, Any] = {}
        target = detail
        *path, last = field.split(".")
        for part in path:
            target = target.setdefault(part, {})
        target[last] = [_("The community has no settlement with this code.")]
        raise Unprocessable(detail)
    return settlement


class CaseDetail(ApiView):
    @extend_schema(
        operation_id="cases_read",
        summary=gettext_lazy("One application"),
        parameters=[CASE_PARAMETER, ETAG],
        responses={200: CaseSerializer, **problems(404)},
        tags=["cases"],
    )
    def get(self, request: Request, id: int) -> Response:
        case = self.case(id)
        if shows_personal_data(request, case.community):
            personal_data_read(
                by=self.principal,
                client=client_of(request),
                community=case.community,
                what="case",
                object_ids=[case.pk],
                obj=case,
            )
        return case_response(request, case)


class EventSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField(
        help_text=gettext_lazy("submitted, a workflow action, comment, files_added, overdue, …")
    )
    label = serializers.SerializerMethodField()  # type: ignore[assignment]  # not Field.label
    from_status = serializers.SerializerMethodField()
    to_status = serializers.SerializerMethodField()
    at = serializers.DateTimeField()
    actor = serializers.SerializerMethodField()
    internal = serializers.BooleanField(help_text=gettext_lazy("Seen by staff only."))
    message = serializers.SerializerMethodField(
        help_text=gettext_lazy("Null without the personal-data scope.")
    )

    _LABELS = {
        "submitted": gettext_lazy("Submitted"),
        "comment": gettext_lazy("Comment"),
        "files_added": gettext_lazy("Files added"),
        "overdue": gettext_lazy("Became overdue"),
    }

    def get_label(self, event: CaseEvent) -> str:
        if event.kind in {a.value for a in Action}:
            return str(EVENT_LABELS[Action(event.kind)])
        return str(self._LABELS.get(event.kind, event.kind))

    @extend_schema_field(serializers.ChoiceField(choices=Status.choices, allow_null=True))
    def get_from_status(self, event: CaseEvent) -> str | None:
        return event.from_status or None

    @extend_schema_field(serializers.ChoiceField(choices=Status.choices, allow_null=True))
    def get_to_status(self, event: CaseEvent) -> str | None:
        return event.to_status or None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_actor(self, event: CaseEvent) -> str | None:
        return str(event.actor) if event.actor_id else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_message(self, event: CaseEvent) -> str | None:
        return event.message if self.context.get("personal") else None


class CaseEvents(ApiView):
    @extend_schema(
        operation_id="cases_events",
        summary=gettext_lazy("An application's history"),
        description=gettext_lazy(
            "Oldest first. Internal notes only for staff and for clients allowed them."
        ),
        parameters=[CASE_PARAMETER, PageQuery],
        responses={200: page_of(EventSerializer), **problems(400, 404)},
        tags=["cases"],
    )
    def get(self, request: Request, id: int) -> Response:
        case = self.case(id)
        params = dict(query(request, PageQuery))
        events = case.events.select_related("actor")
        if not shows_internal_events(request):
            events = events.filter(internal=False)
        personal = shows_personal_data(request, case.community)
        context = {"personal": personal}
        response, rows = paginated(
            request,
            events,
            Ordering(("at", "id")),
            params,
            lambda rows: EventSerializer(rows, many=True, context=context).data,
        )
        if personal and any(getattr(row, "message", "") for row in rows):
            personal_data_read(
                by=self.principal,
                client=client_of(request),
                community=case.community,
                what="case_events",
                object_ids=[row.pk for row in rows],
                obj=case,
            )
        return response


class CaseActionView(ApiView):
    """``POST /cases/{id}/<action>``: the action's service function, with If-Match."""

    action_name: Action
    spec: ApiActionSpec

    def act(self, request: Request, id: int) -> Response:
        case = self.case(id)
        version = expected_version(request, case)
        body = self.spec.body(data=request.data)
        body.is_valid(raise_exception=True)
        arguments = self.spec.arguments(dict(body.validated_data), case)
        updated = self.spec.run(by=self.principal, case=case, expected_version=version, **arguments)
        return case_response(request, self.visible_cases().filter(pk=updated.pk).first() or updated)


def _action_view(action: Action, spec: ApiActionSpec) -> type[CaseActionView]:
    @extend_schema(
        operation_id=f"cases_{action.value}",
        summary=spec.summary,
        description=gettext_lazy(
            "Calls the same service as the staff pages: the workflow table decides who may, "
            "and from which status (409 if the status does not allow it). If-Match is required."
        ),
        parameters=[CASE_PARAMETER, IF_MATCH, ETAG],
        request=spec.body,
        responses={200: CaseSerializer, **problems(400, 404, 409, 412, 415, 422, 428)},
        tags=["workflow"],
    )
    def post(self: CaseActionView, request: Request, id: int) -> Response:
        return self.act(request, id)

    name = "".join(part.title() for part in action.value.split("_"))
    return type(
        f"Case{name}View",
        (CaseActionView,),
        {"post": post, "action_name": action, "spec": spec, "__module__": __name__},
    )


ACTION_VIEWS = {action: _action_view(action, spec) for action, spec in API_ACTIONS.items()}
