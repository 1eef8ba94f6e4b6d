"""Open data: the statistics and anonymised decisions as CSV and JSON, under CC BY 4.0.

The files carry codes of communities, settlements and services, dates, counts and
outcomes; never a name, a personal number, a registration number or a tracking code.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import date
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hamaynk.reporting.models import COUNTERS, DailyServiceStats, DecisionFact
from hamaynk.tenancy.models import Community

LICENCE = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"

DATASETS: dict[str, tuple[str, ...]] = {
    "daily": ("community", "settlement", "service", "day", *COUNTERS),
    "decisions": (
        "community",
        "settlement",
        "service",
        "registered_on",
        "decided_on",
        "due_date",
        "processing_days",
        "on_time",
        "decision",
    ),
}
FORMATS = {"csv": "text/csv; charset=utf-8", "json": "application/json"}


def records(dataset: str, community: Community | None) -> Iterator[dict[str, Any]]:
    """The rows of ``dataset``, with codes in place of keys, in a stable order."""
    fields = DATASETS[dataset]
    model: Any = DailyServiceStats if dataset == "daily" else DecisionFact
    rows = model.objects.all()
    if community is not None:
        rows = rows.filter(community=community)
    columns = [f for f in fields if f not in {"community", "settlement", "service"}]
    values = rows.values("community__code", "settlement__code", "service__code", *columns).order_by(
        "community__code", *(["day"] if dataset == "daily" else ["decided_on"]), "pk"
    )
    for row in values.iterator(chunk_size=2000):
        record: dict[str, Any] = {
            "community": row["community__code"],
            "settlement": row["settlement__code"] or "",
            "service": row["service__code"],
        }
        for name in columns:
            value = row[name]
            record[name] = value.isoformat() if isinstance(value, date) else value
        yield {name: record[name] for name in fields}


def _csv(dataset: str, community: Community | None) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=DATASETS[dataset], lineterminator="\n")
    writer.writeheader()
    for record in records(dataset, community):
        writer.writerow(
            {k: str(v).lower() if isinstance(v, bool) else v for k, v in record.items()}
        )
        if buffer.tell() > 65536:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def download(request: HttpRequest, dataset: str, fmt: str) -> HttpResponse | StreamingHttpResponse:
    if dataset not in DATASETS or fmt not in FORMATS:
        raise Http404
    community = None
    code = request.GET.get("community", "")
    if code:
        community = Community.objects.filter(code=code, is_active=True).first()
        if community is None:
            raise Http404
    suffix = f"-{community.code}" if community else ""
    disposition = f'attachment; filename="hamaynk-{dataset}{suffix}.{fmt}"'
    if fmt == "csv":
        response: HttpResponse | StreamingHttpResponse = StreamingHttpResponse(
            _csv(dataset, community), content_type=FORMATS[fmt]
        )
    else:
        body = {
            "licence": LICENCE,
            "licence_url": LICENCE_URL,
            "dataset": dataset,
            "fields": list(DATASETS[dataset]),
            "records": list(records(dataset, community)),
        }
        response = HttpResponse(
            json.dumps(body, ensure_ascii=False, indent=1), content_type=FORMATS[fmt]
        )
    response["Content-Disposition"] = disposition
    response["Link"] = f'<{LICENCE_URL}>; rel="license"'
    return response


FIELD_DOCS = {
    "community": _("Code of the community."),
    "settlement": _("Code of the settlement the application concerns; empty if none was given."),
    "service": _("Code of the service in the community's catalogue."),
    "day": _("The day, YYYY-MM-DD, Yerevan time."),
    "received": _("Applications filed that day."),
    "registered": _("Applications registered that day."),
    "decided": _("Applications decided (granted or refused) that day."),
    "decided_on_time": _("Of those, decided no later than their due date."),
    "granted": _("Of those, granted."),
    "refused": _("Of those, refused."),
    "ended_without_decision": _(
        "Applications withdrawn, transferred to the competent body or left without "
        "consideration that day."
    ),
    "processing_days_sum": _(
        "Sum of the processing days of the applications decided that day (divide by "
        "decided for the average)."
    ),
    "registered_on": _("Day of registration, YYYY-MM-DD."),
    "decided_on": _("Day of the decision, YYYY-MM-DD."),
    "due_date": _("The deadline in force when it was decided, after any extension."),
    "processing_days": _("Calendar days from registration to decision."),
    "on_time": _("true if decided no later than the due date, otherwise false."),
    "decision": _("granted or refused."),
}
DATASET_NAMES = {
    "daily": _(
        "Daily statistics: one row per community, settlement, service and day on "
        "which anything happened."
    ),
    "decisions": _(
        "Decided applications: one row per decision. No name, personal number, "
        "registration number or tracking code is included."
    ),
}


def schema(request: HttpRequest) -> HttpResponse:
    datasets = [
        {
            "code": code,
            "description": DATASET_NAMES[code],
            "files": [
                (f"{code}.{fmt}", reverse("portal:open_data_download", args=[code, fmt]))
                for fmt in FORMATS
            ],
            "fields": [(name, FIELD_DOCS[name]) for name in fields],
        }
        for code, fields in DATASETS.items()
    ]
    example = Community.objects.filter(is_active=True).order_by("code").first()
    example_url = reverse("portal:open_data_download", args=["daily", "csv"])
    if example is not None:
        example_url += f"?community={example.code}"
    return render(
        request,
        "portal/statistics/open_data.html",
        {"datasets": datasets, "licence_url": LICENCE_URL, "example_url": example_url},
    )
