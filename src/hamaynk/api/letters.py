"""Letters of the registry: the list across the caller's communities (filtered, searched,
a page at a time) and one letter with its resolutions and their execution.

Personal data, ``null`` without the personal-data scope: the correspondent, the subject and
the summary (free text that names the people who write), the resolutions' instructions, the
names of their authors and executors, and the executors' notes. Searching by words (``q``)
or by correspondent looks into those fields, so it needs the scope too. Drafts of outgoing
letters are not in the registry yet and not in the API.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import exceptions, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from hamaynk.accounts.models import User
from hamaynk.accounts.policy import communities_for
from hamaynk.core.pagination import Ordering
from hamaynk.core.replicas import replica_reads
from hamaynk.correspondence.control import ControlState
from hamaynk.correspondence.models import (
    CorrespondentKind,
    JournalKind,
    Letter,
    LetterChannel,
    LetterStatus,
    PartStatus,
    Resolution,
)
from hamaynk.correspondence.search import LetterFilters, letter_search
from hamaynk.correspondence.selectors import (
    letter_control_state,
    letters_visible_to,
    nomenclature_of,
    resolution_tree,
)
from hamaynk.deadlines.calendar import WorkingCalendar
from hamaynk.deadlines.selectors import working_calendar
from hamaynk.integrations.services import personal_data_read
from hamaynk.tenancy.models import Community

from .base import ApiView, query
from .pagination import PageQuery, page_of, paginated
from .principal import client_of, communities_asked, shows_personal_data
from .problems import InvalidParameters
from .schema import problems

LETTER_PARAMETER = OpenApiParameter(
    "letter",
    OpenApiTypes.INT,
    OpenApiParameter.PATH,
    description=gettext_lazy("The letter's id (not its registration number)."),
)

REGISTRY_STATUSES = [
    (status.value, status.label) for status in LetterStatus if status != LetterStatus.DRAFT
]
"""The statuses of letters in the registry; drafts are not registered yet."""

ORDERINGS = {
    "recent": Ordering(("-registered_at", "-id")),
    "oldest": Ordering(("registered_at", "id")),
    "control": Ordering(("control_date", "id")),
}


# Reading -------------------------------------------------------------------------------


class JournalRefSerializer(serializers.Serializer):
    prefix = serializers.CharField()
    title = serializers.CharField()


class FileIndexRefSerializer(serializers.Serializer):
    code = serializers.CharField()
    year = serializers.IntegerField()
    title = serializers.CharField()


class CorrespondentRefSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=CorrespondentKind.choices)
    name = serializers.CharField()


class ExecutionPartSerializer(serializers.Serializer):
    executor = serializers.SerializerMethodField(
        help_text=gettext_lazy("Null without the personal-data scope.")
    )
    is_main = serializers.BooleanField(help_text=gettext_lazy("The main executor."))
    status = serializers.ChoiceField(choices=PartStatus.choices)
    done_at = serializers.DateTimeField(allow_null=True)
    reply_letter = serializers.IntegerField(
        source="reply_letter_id",
        allow_null=True,
        help_text=gettext_lazy("The id of the letter sent in reply, if any."),
    )
    note = serializers.SerializerMethodField(
        help_text=gettext_lazy("Null without the personal-data scope.")
    )

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_executor(self, part: Any) -> str | None:
        return _name(part.executor) if self.context.get("personal") else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_note(self, part: Any) -> str | None:
        return part.note if self.context.get("personal") else None


class ResolutionSerializer(serializers.Serializer):
    """A resolution; ``parent`` is the resolution it passes work down from (null for the
    head's own). Listed parents before children."""

    id = serializers.IntegerField()
    parent = serializers.IntegerField(  # type: ignore[assignment]  # a field, not Field.parent
        source="parent_id", allow_null=True
    )
    depth = serializers.SerializerMethodField(
        help_text=gettext_lazy("0 for a resolution on the letter itself, 1 below it, …")
    )
    control_date = serializers.DateField()
    created_at = serializers.DateTimeField()
    author = serializers.SerializerMethodField(
        help_text=gettext_lazy("Null without the personal-data scope.")
    )
    instruction = serializers.SerializerMethodField(
        help_text=gettext_lazy("Null without the personal-data scope.")
    )
    parts = serializers.SerializerMethodField()

    def get_depth(self, resolution: Resolution) -> int:
        return int(self.context["depths"][resolution.pk])

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_author(self, resolution: Resolution) -> str | None:
        return _name(resolution.author) if self.context.get("personal") else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_instruction(self, resolution: Resolution) -> str | None:
        return resolution.instruction if self.context.get("personal") else None

    @extend_schema_field(ExecutionPartSerializer(many=True))
    def get_parts(self, resolution: Resolution) -> Any:
        return ExecutionPartSerializer(resolution.parts.all(), many=True, context=self.context).data


class LetterSerializer(serializers.Serializer):
    """A letter of the registry. The correspondent, subject and summary are null without the
    personal-data scope."""

    # Context: ``personal``: whether the caller may see personal data; ``calendars``: the
    # working calendar of each community by id (control states); ``today``.

    id = serializers.IntegerField()
    url = serializers.SerializerMethodField()
    number = serializers.CharField(help_text=gettext_lazy("The registration number."))
    community = serializers.CharField(source="community.code")
    kind = serializers.ChoiceField(choices=JournalKind.choices)
    journal = JournalRefSerializer()
    status = serializers.ChoiceField(choices=REGISTRY_STATUSES)
    status_label = serializers.SerializerMethodField()
    registered_at = serializers.DateTimeField()
    sender_number = serializers.CharField(
        help_text=gettext_lazy("The number the sender gave the letter, if any.")
    )
    sender_date = serializers.DateField(allow_null=True)
    pages = serializers.IntegerField()
    channel = serializers.SerializerMethodField(help_text=gettext_lazy("How it arrived or left."))
    file_index = serializers.SerializerMethodField(
        help_text=gettext_lazy("The file of the nomenclature it is kept in.")
    )
    control_date = serializers.DateField(allow_null=True)
    control_state = serializers.SerializerMethodField(
        help_text=gettext_lazy("Null for a letter not on control.")
    )
    executed_at = serializers.DateTimeField(allow_null=True)
    application = serializers.IntegerField(
        source="case_id",
        allow_null=True,
        help_text=gettext_lazy("The id of the application the letter started, if any."),
    )
    in_reply_to = serializers.IntegerField(
        source="reply_to_id",
        allow_null=True,
        help_text=gettext_lazy("The id of the letter this one answers, if any."),
    )
    correspondent = serializers.SerializerMethodField()
    subject = serializers.SerializerMethodField()
    summary = serializers.SerializerMethodField()
    replies = serializers.SerializerMethodField(
        help_text=gettext_lazy(
            "The ids of the letters that answer this one; in lists null (read the letter)."
        )
    )
    resolutions = serializers.SerializerMethodField(
        help_text=gettext_lazy(
            "The resolutions and their execution, parents before children; in lists null "
            "(read the letter)."
        )
    )

    def _personal(self) -> bool:
        return bool(self.context.get("personal"))

    def get_url(self, letter: Letter) -> str:
        return reverse("api:letter", kwargs={"letter": letter.pk})

    def get_status_label(self, letter: Letter) -> str:
        return str(LetterStatus(letter.status).label)

    @extend_schema_field(serializers.ChoiceField(choices=LetterChannel.choices, allow_null=True))
    def get_channel(self, letter: Letter) -> str | None:
        return letter.channel or None

    @extend_schema_field(FileIndexRefSerializer(allow_null=True))
    def get_file_index(self, letter: Letter) -> dict[str, Any] | None:
        file = letter.file_index
        if file is None:
            return None
        return {"code": file.code, "year": file.year, "title": file.title}

    @extend_schema_field(serializers.ChoiceField(choices=ControlState.choices, allow_null=True))
    def get_control_state(self, letter: Letter) -> str | None:
        calendars: dict[int, WorkingCalendar] = self.context["calendars"]
        state = letter_control_state(
            letter, today=self.context["today"], calendar=calendars[letter.community_id]
        )
        return str(state) if state is not None else None

    @extend_schema_field(CorrespondentRefSerializer(allow_null=True))
    def get_correspondent(self, letter: Letter) -> dict[str, str] | None:
        correspondent = letter.correspondent
        if correspondent is None or not self._personal():
            return None
        return {"kind": correspondent.kind, "name": correspondent.name}

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_subject(self, letter: Letter) -> str | None:
        return letter.subject if self._personal() else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_summary(self, letter: Letter) -> str | None:
        return letter.summary if self._personal() else None

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField(), allow_null=True))
    def get_replies(self, letter: Letter) -> list[int] | None:
        replies = self.context.get("replies")
        return list(replies) if replies is not None else None

    @extend_schema_field(ResolutionSerializer(many=True, allow_null=True))
    def get_resolutions(self, letter: Letter) -> Any:
        tree = self.context.get("tree")
        if tree is None:
            return None
        context = {**self.context, "depths": {r.pk: depth for r, depth in tree}}
        return ResolutionSerializer([r for r, _depth in tree], many=True, context=context).data


def _name(user: User) -> str:
    return user.get_full_name() or user.get_username()


# Listing -------------------------------------------------------------------------------


class LetterListQuery(PageQuery):
    community = serializers.CharField(
        required=False, max_length=40, help_text=gettext_lazy("Only this community's letters.")
    )
    kind = serializers.ChoiceField(
        choices=JournalKind.choices,
        required=False,
        help_text=gettext_lazy("The kind of journal."),
    )
    status = serializers.ChoiceField(choices=REGISTRY_STATUSES, required=False)
    control = serializers.ChoiceField(
        choices=ControlState.choices,
        required=False,
        help_text=gettext_lazy("The control state, today."),
    )
    registered_from = serializers.DateField(
        required=False, help_text=gettext_lazy("Registered on this day or later.")
    )
    registered_to = serializers.DateField(
        required=False, help_text=gettext_lazy("Registered on this day or earlier.")
    )
    correspondent = serializers.CharField(
        required=False,
        max_length=200,
        help_text=gettext_lazy(
            "Words of the correspondent's name or contacts. Needs the personal-data scope."
        ),
    )
    file_index = serializers.CharField(
        required=False,
        max_length=20,
        help_text=gettext_lazy("The code of a file of the nomenclature, e.g. 01-05."),
    )
    q = serializers.CharField(
        required=False,
        max_length=200,
        help_text=gettext_lazy(
            "Words to find (number, subject, summary, sender's number, correspondent), or a "
            "registration number. Needs the personal-data scope."
        ),
    )
    ordering = serializers.ChoiceField(
        choices=[
            ("recent", gettext_lazy("Newest first")),
            ("oldest", gettext_lazy("Oldest first")),
            ("control", gettext_lazy("Control date, soonest first (letters on control only)")),
        ],
        required=False,
        default="recent",
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        first, last = attrs.get("registered_from"), attrs.get("registered_to")
        if first and last and first > last:
            raise serializers.ValidationError(
                {"registered_to": [_("This day is before registered_from.")]}
            )
        return attrs


def _calendars(communities: list[Community], today: date) -> dict[int, WorkingCalendar]:
    return {c.pk: working_calendar(community=c, start=today) for c in communities}


def _in_registry(letters: QuerySet[Letter]) -> QuerySet[Letter]:
    return letters.exclude(status=LetterStatus.DRAFT).filter(registered_at__isnull=False)


@replica_reads
class LetterCollection(ApiView):
    @extend_schema(
        operation_id="letters_list",
        summary=gettext_lazy("Letters of the registry"),
        description=gettext_lazy(
            "In every community the caller may read letters in (or in `community`), newest "
            "first unless `ordering` says otherwise."
        ),
        parameters=[LetterListQuery],
        responses={200: page_of(LetterSerializer), **problems(400)},
        tags=["letters"],
    )
    def get(self, request: Request) -> Response:
        params = dict(query(request, LetterListQuery))
        communities = communities_asked(self.principal, params.get("community"))
        personal = {c.pk: shows_personal_data(request, c) for c in communities}
        if (params.get("q") or params.get("correspondent")) and not all(personal.values()):
            raise PermissionDenied(
                _(
                    "Searching letters by words or by correspondent looks into personal data: "
                    "this client may not do that."
                )
            )
        today = timezone.localdate()
        calendars = _calendars(communities, today)
        found = Q(pk__in=[])
        file_known = False
        for community in communities:
            letters = self._search(community, params, today, calendars[community.pk])
            if letters is None:
                continue
            if params.get("file_index"):
                file_known = True
            found |= Q(pk__in=letters.values("pk"))
        if params.get("file_index") and not file_known:
            raise InvalidParameters(
                {"file_index": [_("No nomenclature of the caller's communities has this file.")]}
            )
        sort = params.get("ordering") or "recent"
        rows_query = _in_registry(Letter.objects.filter(found)).select_related(
            "community", "journal", "correspondent", "file_index"
        )
        if sort == "control":
            rows_query = rows_query.filter(control_date__isnull=False)

        def represent(rows: list[Any]) -> Any:
            return [
                LetterSerializer(
                    row,
                    context={
                        "personal": personal[row.community_id],
                        "calendars": calendars,
                        "today": today,
                    },
                ).data
                for row in rows
            ]

        response, rows = paginated(request, rows_query, ORDERINGS[sort], params, represent)
        read: dict[int, list[int]] = defaultdict(list)
        shown: list[Any] = rows
        for row in shown:
            if personal[row.community_id]:
                read[row.community_id].append(row.pk)
        by_id = {c.pk: c for c in communities}
        for community_id, ids in read.items():
            personal_data_read(
                by=self.principal,
                client=client_of(request),
                community=by_id[community_id],
                what="letters",
                object_ids=ids,
            )
        return response

    def _search(
        self,
        community: Community,
        params: dict[str, Any],
        today: date,
        calendar: WorkingCalendar,
    ) -> QuerySet[Letter] | None:
        """The community's letters matching the filters; ``None`` if it has no such file."""
        user = self.principal
        control = params.get("control")
        letters = letter_search(
            user,
            community,
            LetterFilters(
                text=params.get("q", ""),
                kind=params.get("kind", ""),
                status=params.get("status", ""),
                control=ControlState(control) if control else None,
                registered_from=params.get("registered_from"),
                registered_to=params.get("registered_to"),
                correspondent=params.get("correspondent") or "",
            ),
            today=today,
            calendar=calendar,
        )
        if params.get("file_index"):
            files = nomenclature_of(user, community).filter(code=params["file_index"])
            if not files.exists():
                return None
            letters = letters.filter(file_index__in=files.values("pk"))
        return letters


class LetterDetail(ApiView):
    @extend_schema(
        operation_id="letters_read",
        summary=gettext_lazy("One letter, with its resolutions and their execution"),
        parameters=[LETTER_PARAMETER],
        responses={200: LetterSerializer, **problems(404)},
        tags=["letters"],
    )
    def get(self, request: Request, letter: int) -> Response:
        found = self._letter(letter)
        community = found.community
        personal = shows_personal_data(request, community)
        today = timezone.localdate()
        replies = (
            _in_registry(letters_visible_to(self.principal, community))
            .filter(reply_to=found)
            .order_by("registered_at", "id")
            .values_list("pk", flat=True)
        )
        context = {
            "personal": personal,
            "calendars": _calendars([community], today),
            "today": today,
            "replies": list(replies),
            "tree": resolution_tree(found),
        }
        body = LetterSerializer(found, context=context).data
        if personal:
            personal_data_read(
                by=self.principal,
                client=client_of(request),
                community=community,
                what="letter",
                object_ids=[found.pk],
                obj=found,
            )
        return Response(body)

    def _letter(self, pk: int) -> Letter:
        """The letter, if the caller may read it in one of their communities; else 404."""
        community_id = Letter.objects.filter(pk=pk).values_list("community_id", flat=True).first()
        if community_id is None:
            raise exceptions.NotFound()
        community = communities_for(self.principal).filter(pk=community_id).first()
        if community is None:
            raise exceptions.NotFound()
        found = (
            _in_registry(letters_visible_to(self.principal, community))
            .select_related("community", "file_index")
            .filter(pk=pk)
            .first()
        )
        if found is None:
            raise exceptions.NotFound()
        return found
