"""REST API v1, under /api/v1/ (see docs/api.md and docs/openapi.yaml)."""

from django.urls import path, re_path

from . import case_views, communities, docs, files, letters, questions, webhooks
from .problems import not_found

app_name = "api"

urlpatterns = [
    path("schema", docs.SchemaView.as_view(), name="schema"),
    path("docs/", docs.SwaggerView.as_view(), name="swagger"),
    path("redoc/", docs.RedocView.as_view(), name="redoc"),
    path("communities", communities.CommunityList.as_view(), name="communities"),
    path("communities/<str:community>", communities.CommunityDetail.as_view(), name="community"),
    path(
        "communities/<str:community>/settlements",
        communities.SettlementList.as_view(),
        name="settlements",
    ),
    path(
        "communities/<str:community>/services", communities.ServiceList.as_view(), name="services"
    ),
    path(
        "communities/<str:community>/services/<str:service>",
        communities.ServiceDetail.as_view(),
        name="service",
    ),
    path("communities/<str:community>/cases", case_views.CaseCollection.as_view(), name="cases"),
    path("cases/<int:id>", case_views.CaseDetail.as_view(), name="case"),
    path("cases/<int:id>/events", case_views.CaseEvents.as_view(), name="case_events"),
    *(
        path(f"cases/<int:id>/{action.value}", view.as_view(), name=f"case_{action.value}")
        for action, view in case_views.ACTION_VIEWS.items()
    ),
    path("cases/<int:id>/attachments", files.AttachmentCollection.as_view(), name="attachments"),
    path(
        "cases/<int:id>/attachments/<int:attachment>/content",
        files.AttachmentContent.as_view(),
        name="attachment_content",
    ),
    path("cases/<int:id>/documents", files.DocumentCollection.as_view(), name="documents"),
    path(
        "cases/<int:id>/documents/<int:version>/content",
        files.DocumentContent.as_view(),
        name="document_content",
    ),
    path("letters", letters.LetterCollection.as_view(), name="letters"),
    path("letters/<int:letter>", letters.LetterDetail.as_view(), name="letter"),
    path("questions", questions.QuestionCollection.as_view(), name="questions"),
    path("questions/<int:question>", questions.QuestionDetail.as_view(), name="question"),
    path(
        "questions/<int:question>/answer",
        questions.QuestionAnswer.as_view(),
        name="question_answer",
    ),
    path(
        "webhooks/subscriptions", webhooks.SubscriptionList.as_view(), name="webhook_subscriptions"
    ),
    path("webhooks/deliveries", webhooks.DeliveryList.as_view(), name="webhook_deliveries"),
    re_path(r"^[\s\S]*$", not_found),
]
