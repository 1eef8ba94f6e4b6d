"""Communities, their settlements, and the services they offer (each in its current version)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import exceptions, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from hamaynk.accounts.permissions import Perm
from hamaynk.accounts.policy import communities_for, instances_user_has_permission_for
from hamaynk.catalogue.forms import choice_label
from hamaynk.catalogue.models import DocumentRequirement, Fee, FormField, Service
from hamaynk.catalogue.selectors import services_offered
from hamaynk.core.pagination import Ordering
from hamaynk.core.replicas import replica_reads
from hamaynk.deadlines.engine import TermUnit
from hamaynk.tenancy.models import Community, Settlement

from .base import ApiView, query
from .pagination import PageQuery, page_of, paginated
from .schema import COMMUNITY_PARAMETER, SERVICE_PARAMETER, problems


class RegionSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField(help_text=_("In the language of the answer."))


class CommunitySerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField(help_text=_("In the language of the answer."))
    name_hy = serializers.CharField()
    name_en = serializers.CharField()
    name_ru = serializers.CharField()
    region = RegionSerializer()
    url = serializers.SerializerMethodField()

    def get_url(self, community: Community) -> str:
        return reverse("api:community", kwargs={"community": community.code})


class SettlementSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField(help_text=_("In the language of the answer."))
    name_hy = serializers.CharField()
    name_en = serializers.CharField()
    name_ru = serializers.CharField()
    is_centre = serializers.BooleanField(help_text=_("The community's centre."))


class TermSerializer(serializers.Serializer):
    length = serializers.IntegerField(source="term_length")
    unit = serializers.ChoiceField(choices=TermUnit.choices, source="term_unit")
    max_extension = serializers.IntegerField(
        help_text=_("The longest extension, in the term's unit; 0: none.")
    )
    pausable = serializers.BooleanField(
        help_text=_("The clock stops while the office waits for the applicant.")
    )


class ChannelsSerializer(serializers.Serializer):
    online = serializers.BooleanField(help_text=_("Can be applied for online."))
    at_settlement_points = serializers.BooleanField(
        help_text=_("Can be applied for at settlement points.")
    )


class DocumentRequirementSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    mandatory = serializers.BooleanField()
    form = serializers.ChoiceField(choices=DocumentRequirement.Form.choices)


class FeeSerializer(serializers.Serializer):
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=Fee.Kind.choices)
    amount = serializers.IntegerField(help_text=_("In Armenian drams (AMD)."))
    is_demo_value = serializers.BooleanField(
        help_text=_("An example amount, not the council's decision.")
    )


class ChoiceSerializer(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field, not Field.label


class FormFieldSerializer(serializers.Serializer):
    key = serializers.CharField(help_text=_("The key of the answer in `form_data`."))
    label = serializers.CharField()  # type: ignore[assignment]  # a field, not Field.label
    kind = serializers.ChoiceField(choices=FormField.Kind.choices)
    required = serializers.BooleanField()  # type: ignore[assignment]
    pattern = serializers.CharField(help_text=_("A regular expression the answer must match."))
    choices = serializers.SerializerMethodField()

    @extend_schema_field(ChoiceSerializer(many=True))
    def get_choices(self, field: FormField) -> list[dict[str, str]]:
        return ChoiceSerializer(
            [{"value": c["value"], "label": choice_label(c)} for c in field.choices], many=True
        ).data  # type: ignore[return-value]


class ServiceSerializer(serializers.Serializer):
    """A service as its current version describes it."""

    code = serializers.CharField()
    version = serializers.IntegerField(source="current_version.number")
    name = serializers.CharField(source="current_version.name")
    description = serializers.CharField(source="current_version.description")
    legal_basis = serializers.CharField(source="current_version.legal_basis")
    department = serializers.CharField(
        source="current_version.department.code", allow_null=True, default=None
    )
    term = TermSerializer(source="current_version")
    channels = ChannelsSerializer(source="current_version")
    documents = serializers.SerializerMethodField()
    fees = serializers.SerializerMethodField()
    form_fields = serializers.SerializerMethodField()

    @extend_schema_field(DocumentRequirementSerializer(many=True))
    def get_documents(self, service: Service) -> list[dict[str, Any]]:
        assert service.current_version is not None
        return DocumentRequirementSerializer(
            service.current_version.documents.all(), many=True
        ).data  # type: ignore[return-value]

    @extend_schema_field(FeeSerializer(many=True))
    def get_fees(self, service: Service) -> list[dict[str, Any]]:
        assert service.current_version is not None
        return FeeSerializer(service.current_version.fees.all(), many=True).data  # type: ignore[return-value]

    @extend_schema_field(FormFieldSerializer(many=True))
    def get_form_fields(self, service: Service) -> list[dict[str, Any]]:
        assert service.current_version is not None
        return FormFieldSerializer(service.current_version.form_fields.all(), many=True).data  # type: ignore[return-value]


@replica_reads
class CommunityList(ApiView):
    @extend_schema(
        operation_id="communities_list",
        summary=_("The communities the caller works in"),
        parameters=[PageQuery],
        responses={200: page_of(CommunitySerializer), **problems(400)},
        tags=["communities"],
    )
    def get(self, request: Request) -> Response:
        params = query(request, PageQuery)
        communities = communities_for(request.user).select_related("region")
        response, _rows = paginated(
            request,
            communities,
            Ordering(("code",)),
            dict(params),
            lambda rows: CommunitySerializer(rows, many=True).data,
        )
        return response


class CommunityDetail(ApiView):
    @extend_schema(
        operation_id="communities_read",
        summary=_("One community"),
        parameters=[COMMUNITY_PARAMETER],
        responses={200: CommunitySerializer, **problems(404)},
        tags=["communities"],
    )
    def get(self, request: Request, community: str) -> Response:
        found = self.community(community)
        return Response(CommunitySerializer(found).data)


@replica_reads
class SettlementList(ApiView):
    @extend_schema(
        operation_id="settlements_list",
        summary=_("The settlements of a community"),
        parameters=[COMMUNITY_PARAMETER, PageQuery],
        responses={200: page_of(SettlementSerializer), **problems(400, 404)},
        tags=["communities"],
    )
    def get(self, request: Request, community: str) -> Response:
        found = self.community(community)
        params = query(request, PageQuery)
        settlements = instances_user_has_permission_for(
            request.user, Perm.VIEW_COMMUNITY, Settlement.objects.all(), community=found
        )
        response, _rows = paginated(
            request,
            settlements,
            Ordering(("code",)),
            dict(params),
            lambda rows: SettlementSerializer(rows, many=True).data,
        )
        return response


def _offered(community: Community) -> Any:
    return services_offered(community).prefetch_related(
        "current_version__documents", "current_version__fees", "current_version__form_fields"
    )


@replica_reads
class ServiceList(ApiView):
    @extend_schema(
        operation_id="services_list",
        summary=_("The services a community offers, as their current versions describe them"),
        parameters=[COMMUNITY_PARAMETER, PageQuery],
        responses={200: page_of(ServiceSerializer), **problems(400, 404)},
        tags=["catalogue"],
    )
    def get(self, request: Request, community: str) -> Response:
        found = self.community(community)
        params = query(request, PageQuery)
        response, _rows = paginated(
            request,
            _offered(found),
            Ordering(("code", "id")),
            dict(params),
            lambda rows: ServiceSerializer(rows, many=True).data,
        )
        return response


class ServiceDetail(ApiView):
    @extend_schema(
        operation_id="services_read",
        summary=_("One service a community offers"),
        parameters=[COMMUNITY_PARAMETER, SERVICE_PARAMETER],
        responses={200: ServiceSerializer, **problems(404)},
        tags=["catalogue"],
    )
    def get(self, request: Request, community: str, service: str) -> Response:
        found = _offered(self.community(community)).filter(code=service).first()
        if found is None:
            raise exceptions.NotFound()
        return Response(ServiceSerializer(found).data)
