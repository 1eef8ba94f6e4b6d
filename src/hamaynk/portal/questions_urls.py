"""Residents' questions to specialists and the community's FAQ."""

from django.urls import URLPattern, URLResolver, path

from . import questions

urlpatterns: list[URLPattern | URLResolver] = [
    path("c/<str:code>/faq/", questions.faq_page, name="faq"),
    path("c/<str:code>/ask/", questions.ask, name="ask"),
    path("my/questions/", questions.my_questions, name="my_questions"),
    path("my/questions/<int:pk>/", questions.my_question, name="my_question"),
]
