"""Staff pages of the letters registry (``/staff/letters/…``), its nomenclature of files,
and filing an application (``/staff/cases/<pk>/file-index/``)."""

from django.urls import URLPattern, path

from . import (
    letters_actions,
    letters_apply,
    letters_case_file,
    letters_journal,
    letters_views,
    nomenclature_views,
)

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
    path("letters/<int:pk>/apply/", letters_apply.letter_apply, name="letter_apply"),
    path("letters/files/", nomenclature_views.nomenclature_list, name="nomenclature_list"),
    path("letters/files/file/", nomenclature_views.nomenclature_file, name="nomenclature_file"),
    path(
        "letters/files/in-use/", nomenclature_views.nomenclature_in_use, name="nomenclature_in_use"
    ),
    path(
        "letters/files/delete/", nomenclature_views.nomenclature_delete, name="nomenclature_delete"
    ),
    path(
        "letters/files/copy/", nomenclature_views.nomenclature_copy_view, name="nomenclature_copy"
    ),
    path("cases/<int:pk>/file-index/", letters_case_file.case_file_index, name="case_file_index"),
]
