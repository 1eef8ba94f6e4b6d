"""Lists come a page at a time, with the project's keyset pagination: ``next`` is the address
of the following page (``null`` on the last); a page is never computed with an OFFSET."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from hamaynk.core.pagination import Ordering, keyset_page

from .problems import InvalidParameters
from .strict import StrictSerializer

DEFAULT_LIMIT = 50
MAX_LIMIT = 100


class PageQuery(StrictSerializer):
    typed = False  # a query string: every value is text

    cursor = serializers.CharField(
        required=False,
        max_length=500,
        help_text=gettext_lazy("From the `next` link of the previous page."),
    )
    limit = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_LIMIT,
        help_text=gettext_lazy("Items per page (at most 100; 50 if not given)."),
    )


@cache
def page_of(item: type[serializers.Serializer]) -> type[serializers.Serializer]:
    """The serializer of one page of ``item``s, for the schema (``<Item>Page``)."""
    name = item.__name__.removesuffix("Serializer")
    return type(
        f"{name}PageSerializer",
        (serializers.Serializer,),
        {
            "next": serializers.URLField(
                allow_null=True, help_text=gettext_lazy("The next page, or null on the last.")
            ),
            "results": item(many=True),
            "__module__": __name__,
        },
    )


def paginated(
    request: Request,
    queryset: QuerySet[Any],
    ordering: Ordering,
    params: dict[str, Any],
    represent: Callable[[list[Any]], Any],
) -> tuple[Response, list[Model]]:
    """One page of ``queryset``; ``represent`` turns its rows into the items of the body."""
    size = params.get("limit") or DEFAULT_LIMIT
    try:
        page = keyset_page(queryset, ordering, cursor=params.get("cursor"), size=size)
    except (ValidationError, ValueError, TypeError):
        raise InvalidParameters({"cursor": [_("This cursor is not valid.")]}) from None
    next_url = None
    if page.next_cursor:
        query = {key: request.query_params[key] for key in request.query_params}
        query["cursor"] = page.next_cursor
        next_url = request.build_absolute_uri(f"{request.path}?{urlencode(query)}")
    return Response({"next": next_url, "results": represent(page.rows)}), page.rows
