"""The front-desk intake screens (``/staff/intake/…``)."""

from django.urls import URLPattern, path

from . import intake_apply, intake_find, intake_receipt

urlpatterns: list[URLPattern] = [
    path("intake/", intake_find.intake_start, name="intake_start"),
    path("intake/application/", intake_apply.intake_application, name="intake_application"),
    path("intake/<int:pk>/receipt/", intake_receipt.intake_receipt, name="intake_receipt"),
    path(
        "intake/<int:pk>/receipt.pdf",
        intake_receipt.intake_receipt_pdf,
        name="intake_receipt_pdf",
    ),
]
