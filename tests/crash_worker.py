"""A worker that files an application and stops inside its transaction, to be killed there.

Started by ``tests/test_crash_safety.py``::

    python tests/crash_worker.py intake|submit SUBMISSION_KEY MARKER_FILE

with the test database in ``DATABASE_URL`` and the test's storage folder in
``HAMAYNK_MEDIA_ROOT``. ``intake`` files and registers a petition with one scan
(``case_intake``) and stops once the case row, its number and the scan are written;
``submit`` files it only (``case_submit``) and stops once the case row and the scan are
written. Either way it writes what it has written so far to MARKER_FILE, as JSON, then
waits for the signal that ends it; nothing has been committed.
"""

from __future__ import annotations

import json
import os
import sys
import time
import uuid
from datetime import datetime
from pathlib import Path
from typing import Any


def main(step: str, key: str, marker: Path) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hamaynk.settings.test")
    from django.conf import settings

    # The test settings make a storage folder of their own: use the parent test's.
    settings.MEDIA_ROOT = Path(os.environ["HAMAYNK_MEDIA_ROOT"])

    import django

    django.setup()

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection

    from hamaynk.accounts.models import Person, User
    from hamaynk.cases import intake, services
    from hamaynk.cases.models import Attachment, Case, Channel
    from hamaynk.cases.tests.factories import FORM_DATA, PDF, all_documents, service
    from hamaynk.tenancy.models import Community

    # Registration counts its step in the statistics just before its audit event, the last
    # write of the transaction; filing does the same for "submitted".
    module: Any = services if step == "intake" else intake
    stop_at = "register" if step == "intake" else "submitted"
    record_case_event = module.record_case_event

    def record_then_wait(*, case: Case, action: str, at: datetime) -> None:
        record_case_event(case=case, action=action, at=at)
        if action != stop_at:
            return
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            (backend,) = cursor.fetchone()
        written = {
            "backend": backend,
            "case": case.pk,
            "number": case.number,
            "files": [a.file.name for a in Attachment.objects.filter(case_id=case.pk)],
        }
        partial = marker.with_suffix(".partial")
        partial.write_text(json.dumps(written))
        partial.replace(marker)
        time.sleep(120)
        raise RuntimeError("The worker was not killed in time.")  # rolls back: no commit

    module.record_case_event = record_then_wait

    tatev = Community.objects.get(code="tatev")
    petition = service(tatev, "petition")
    submission: dict[str, Any] = {
        "community": tatev,
        "service": petition,
        "channel": Channel.DESK,
        "applicant_person": Person.objects.get(public_service_number="1000000002"),
        "form_data": dict(FORM_DATA["petition"]),
        "documents_received": all_documents(petition),
        "files": [SimpleUploadedFile("scan.pdf", PDF, content_type="application/pdf")],
        "submission_key": uuid.UUID(key),
    }
    operator = User.objects.get(username="tatev.operator")
    if step == "intake":
        intake.case_intake(by=operator, **submission)
    else:
        intake.case_submit(by=operator, **submission)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], Path(sys.argv[3]))
