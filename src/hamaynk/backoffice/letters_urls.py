"""Staff pages of the letters registry (``/staff/letters/…``)."""

from django.urls import URLPattern, path

from . import letters_actions, letters_journal, letters_views

urlpatterns: list[URLPattern] = [
    path("letters/", letters_views.letter_list, name="letter_list"),
    path("letters/new/", letters_views.letter_new, name="letter_new"),
    path(
        "letters/journals/open/",
        letters_actions.letters_journals_open,
        name="letters_journals_open",
    ),
    path("letters/journal/", letters_journal.journal_print, name="letters_journal"),
    path(
        "letters/journal.<str:file_format>",
        letters_journal.journal_export,
        name="letters_journal_export",
    ),
    path("letters/<int:pk>/", letters_views.letter_detail, name="letter_detail"),
    path("letters/<int:pk>/files/<int:file_id>/", letters_views.letter_file, name="letter_file"),
    path("letters/<int:pk>/resolve/", letters_actions.letter_resolve, name="letter_resolve"),
    path("letters/<int:pk>/report/", letters_actions.letter_report, name="letter_report"),
    path("letters/<int:pk>/complete/", letters_actions.letter_complete, name="letter_complete"),
    path("letters/<int:pk>/close/", letters_actions.letter_close_view, name="letter_close"),
    path("letters/<int:pk>/reply/", letters_actions.letter_reply, name="letter_reply"),
    path(
        "letters/<int:pk>/register/",
        letters_actions.letter_register_draft,
        name="letter_register_draft",
    ),
    path("letters/<int:pk>/dispatch/", letters_actions.letter_dispatch, name="letter_dispatch"),
]
