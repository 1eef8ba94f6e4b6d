"""Scans of an application (list, upload, download) and its issued outcome documents (list,
download). Every file holds personal data: its content, and the scans' names, only with the
personal-data scope, and every opening is in the audit log."""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import exceptions, serializers
from rest_framework.parsers import MultiPartParser
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from hamaynk.cases.files import ALLOWED_TYPES
from hamaynk.cases.intake import case_add_files
from hamaynk.cases.models import Attachment, Case
from hamaynk.cases.records import case_file_opened
from hamaynk.core.pagination import Ordering
from hamaynk.documents.models import IssuedDocument
from hamaynk.documents.services import document_opened
from hamaynk.integrations.idempotency import Replay, idempotency_claim, idempotency_complete
from hamaynk.integrations.services import personal_data_read

from .base import ApiView, query
from .idempotent import fingerprint, idempotency_key
from .pagination import PageQuery, page_of, paginated
from .principal import client_of, shows_personal_data
from .schema import (
    ATTACHMENT_PARAMETER,
    CASE_PARAMETER,
    IDEMPOTENCY_KEY,
    LOCATION,
    VERSION_PARAMETER,
    problems,
)
from .strict import StrictSerializer


class AnyContent(BaseRenderer):
    """Lets a download be asked for with any Accept header; errors still come as JSON."""

    media_type = "*/*"
    format = "file"

    def render(
        self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None
    ) -> Any:
        return data


class AttachmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.SerializerMethodField(
        help_text=gettext_lazy("The file's name as given; null without the personal-data scope.")
    )
    content_type = serializers.CharField()
    size = serializers.IntegerField(help_text=gettext_lazy("In bytes."))
    sha256 = serializers.CharField()
    uploaded_at = serializers.DateTimeField()
    content = serializers.SerializerMethodField(help_text=gettext_lazy("Where to download it."))

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_name(self, attachment: Attachment) -> str | None:
        return attachment.original_name if self.context.get("personal") else None

    def get_content(self, attachment: Attachment) -> str:
        return reverse(
            "api:attachment_content", kwargs={"id": attachment.case_id, "attachment": attachment.pk}
        )


class UploadSerializer(StrictSerializer):
    files = serializers.ListField(
        child=serializers.FileField(allow_empty_file=False),
        min_length=1,
        max_length=20,
        help_text=gettext_lazy(
            "PDF, JPEG, PNG, TIFF or WebP scans; their content decides the type."
        ),
    )


def _require_personal(request: Request, case: Case) -> None:
    if not shows_personal_data(request, case.community):
        raise PermissionDenied(_("Files hold personal data: this client may not have them."))


def _file_response(file: Any, *, content_type: str, filename: str, inert: bool) -> FileResponse:
    response = FileResponse(file.open("rb"), content_type=content_type, filename=filename)
    if inert:
        response["Content-Security-Policy"] = "sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


class AttachmentCollection(ApiView):
    parser_classes = [MultiPartParser]

    @extend_schema(
        operation_id="attachments_list",
        summary=gettext_lazy("The scans of an application"),
        parameters=[CASE_PARAMETER, PageQuery],
        responses={200: page_of(AttachmentSerializer), **problems(400, 404)},
        tags=["files"],
    )
    def get(self, request: Request, id: int) -> Response:
        case = self.case(id)
        params = dict(query(request, PageQuery))
        personal = shows_personal_data(request, case.community)
        context = {"personal": personal}
        response, rows = paginated(
            request,
            case.attachments.all(),
            Ordering(("uploaded_at", "id")),
            params,
            lambda rows: AttachmentSerializer(rows, many=True, context=context).data,
        )
        if personal and rows:
            personal_data_read(
                by=self.principal,
                client=client_of(request),
                community=case.community,
                what="attachments",
                object_ids=[row.pk for row in rows],
                obj=case,
            )
        return response

    @extend_schema(
        operation_id="attachments_upload",
        summary=gettext_lazy("Add scans to an application"),
        description=gettext_lazy(
            "multipart/form-data with one or more `files` (each at most the configured size). "
            "Needs the personal-data scope."
        ),
        parameters=[CASE_PARAMETER, IDEMPOTENCY_KEY, LOCATION],
        request={"multipart/form-data": UploadSerializer},
        responses={201: AttachmentSerializer(many=True), **problems(400, 404, 415, 422)},
        tags=["files"],
    )
    def post(self, request: Request, id: int) -> Response:
        case = self.case(id)
        _require_personal(request, case)
        key = idempotency_key(request)
        sent: Any = request.data  # a QueryDict of fields and files
        data = {name: sent.getlist(name) for name in sent}
        upload = UploadSerializer(data=data)
        upload.is_valid(raise_exception=True)
        files = upload.validated_data["files"]
        with transaction.atomic():
            claim = None
            if key is not None:
                claimed = idempotency_claim(
                    user=self.principal,
                    key=key,
                    fingerprint=fingerprint(request, [_file_print(f) for f in files]),
                )
                if isinstance(claimed, Replay):
                    stored = list(case.attachments.filter(pk__in=claimed.object_ids))
                    return self._created(request, case, stored, replayed=True)
                claim = claimed
            stored = case_add_files(by=self.principal, case=case, files=files)
            if claim is not None:
                idempotency_complete(
                    claim, resource="attachments", object_ids=[a.pk for a in stored]
                )
        return self._created(request, case, stored, replayed=False)

    def _created(
        self, request: Request, case: Case, stored: list[Attachment], *, replayed: bool
    ) -> Response:
        body = AttachmentSerializer(stored, many=True, context={"personal": True}).data
        location = request.build_absolute_uri(reverse("api:attachments", kwargs={"id": case.pk}))
        headers = {"Location": location}
        if replayed:
            headers["Idempotent-Replayed"] = "true"
        return Response(body, status=201, headers=headers)


def _file_print(upload: Any) -> list[Any]:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return [upload.name, upload.size, digest.hexdigest()]


class AttachmentContent(ApiView):
    renderer_classes = [JSONRenderer, AnyContent]

    @extend_schema(
        operation_id="attachments_content",
        summary=gettext_lazy("Download a scan"),
        description=gettext_lazy("Needs the personal-data scope; every download is logged."),
        parameters=[CASE_PARAMETER, ATTACHMENT_PARAMETER],
        responses={
            **{(200, media_type): OpenApiTypes.BINARY for media_type in ALLOWED_TYPES},
            **problems(404),
        },
        tags=["files"],
    )
    def get(self, request: Request, id: int, attachment: int) -> FileResponse:
        case = self.case(id)
        found = case.attachments.filter(pk=attachment).first()
        if found is None:
            raise exceptions.NotFound()
        _require_personal(request, case)
        case_file_opened(by=self.principal, case=case, attachment=found)
        return _file_response(
            found.file,
            content_type=found.content_type,
            filename=found.original_name,
            inert=found.content_type != "application/pdf",
        )


class DocumentSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    verification_code = serializers.CharField(
        help_text=gettext_lazy("Printed on the document; anyone can check it on the public site.")
    )
    title = serializers.CharField()
    outcome = serializers.CharField()
    issued_at = serializers.DateTimeField()
    superseded = serializers.SerializerMethodField(
        help_text=gettext_lazy("A later version was issued.")
    )
    size = serializers.IntegerField()
    sha256 = serializers.CharField()
    content = serializers.SerializerMethodField()

    def get_superseded(self, document: IssuedDocument) -> bool:
        return document.version < int(self.context["latest"])

    def get_content(self, document: IssuedDocument) -> str:
        return reverse(
            "api:document_content", kwargs={"id": document.case_id, "version": document.version}
        )


class DocumentCollection(ApiView):
    @extend_schema(
        operation_id="documents_list",
        summary=gettext_lazy("The outcome documents issued for an application"),
        description=gettext_lazy("Newest version first."),
        parameters=[CASE_PARAMETER, PageQuery],
        responses={200: page_of(DocumentSerializer), **problems(400, 404)},
        tags=["files"],
    )
    def get(self, request: Request, id: int) -> Response:
        case = self.case(id)
        params = dict(query(request, PageQuery))
        documents = case.documents.all()
        latest = documents.order_by("-version").values_list("version", flat=True).first() or 0
        response, _rows = paginated(
            request,
            documents,
            Ordering(("-version",)),
            params,
            lambda rows: DocumentSerializer(rows, many=True, context={"latest": latest}).data,
        )
        return response


class DocumentContent(ApiView):
    renderer_classes = [JSONRenderer, AnyContent]

    @extend_schema(
        operation_id="documents_content",
        summary=gettext_lazy("Download an issued document (PDF)"),
        description=gettext_lazy("Needs the personal-data scope; every download is logged."),
        parameters=[CASE_PARAMETER, VERSION_PARAMETER],
        responses={(200, "application/pdf"): OpenApiTypes.BINARY, **problems(404)},
        tags=["files"],
    )
    def get(self, request: Request, id: int, version: int) -> FileResponse:
        case = self.case(id)
        document = case.documents.filter(version=version).first()
        if document is None:
            raise exceptions.NotFound()
        _require_personal(request, case)
        document_opened(by=self.principal, document=document)
        return _file_response(
            document.file,
            content_type="application/pdf",
            filename=f"{(case.number or str(case.pk)).replace('/', '-')}-v{document.version}.pdf",
            inert=False,
        )
