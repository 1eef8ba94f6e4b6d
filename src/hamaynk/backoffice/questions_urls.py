"""Staff pages on residents' questions (``/staff/questions/…``)."""

from django.urls import URLPattern, path

from . import questions

urlpatterns: list[URLPattern] = [
    path("questions/", questions.question_list, name="question_list"),
    path("questions/topics/", questions.topic_list, name="topic_list"),
    path("questions/topics/new/", questions.topic_new, name="topic_new"),
    path("questions/topics/<int:pk>/", questions.topic_edit, name="topic_edit"),
    path("questions/<int:pk>/", questions.question_detail, name="question_detail"),
    path("questions/<int:pk>/answer/", questions.question_answer_view, name="question_answer"),
    path("questions/<int:pk>/reroute/", questions.question_reroute_view, name="question_reroute"),
    path("questions/<int:pk>/reject/", questions.question_reject_view, name="question_reject"),
    path("questions/<int:pk>/publish/", questions.question_publish_view, name="question_publish"),
    path(
        "questions/<int:pk>/unpublish/",
        questions.question_unpublish_view,
        name="question_unpublish",
    ),
]
