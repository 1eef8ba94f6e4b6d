from django.urls import path

from . import case_page, catalogue, overview, two_factor, views, worklists
from .intake_urls import urlpatterns as intake_urlpatterns
from .letters_urls import urlpatterns as letters_urlpatterns
from .questions_urls import urlpatterns as questions_urlpatterns
from .reports_urls import urlpatterns as reports_urlpatterns

app_name = "backoffice"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.logout, name="logout"),
    path("logout/everywhere/", views.logout_everywhere, name="logout_everywhere"),
    path("two-factor/setup/", two_factor.setup, name="two_factor_setup"),
    path("two-factor/", two_factor.verify, name="two_factor_verify"),
    path("community/", views.community_switch, name="community_switch"),
    path("", views.home, name="home"),
    path("settlements/<int:pk>/", views.settlement_detail, name="settlement_detail"),
    path("people/", views.person_list, name="person_list"),
    path("people/new/", views.person_create_view, name="person_create"),
    path("people/<int:pk>/", views.person_detail, name="person_detail"),
    path("people/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("organisations/", views.organisation_list, name="organisation_list"),
    path("organisations/new/", views.organisation_create_view, name="organisation_create"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path("organisations/<int:pk>/edit/", views.organisation_edit, name="organisation_edit"),
    path("staff/", views.staff_list, name="staff_list"),
    path("audit/", views.audit_log, name="audit_log"),
    path("cases/", worklists.case_list, name="case_list"),
    path("overview/", overview.overview, name="overview"),
    path("catalogue/", catalogue.catalogue_list, name="catalogue_list"),
    path("catalogue/adopt/", catalogue.catalogue_adopt, name="catalogue_adopt"),
    path("catalogue/<int:pk>/", catalogue.catalogue_service, name="catalogue_service"),
    path("catalogue/<int:pk>/edit/", catalogue.catalogue_edit, name="catalogue_edit"),
    path("catalogue/<int:pk>/offer/", catalogue.catalogue_toggle, name="catalogue_toggle"),
    path(
        "cases/export.<str:file_format>",
        worklists.case_list_export,
        name="case_list_export",
    ),
    path("cases/<int:pk>/", case_page.case_detail, name="case_detail"),
    path("cases/<int:pk>/act/<str:action>/", case_page.case_act, name="case_act"),
    path("cases/<int:pk>/comment/", case_page.case_comment_view, name="case_comment"),
    path(
        "cases/<int:pk>/documents/<int:version>/",
        case_page.case_document,
        name="case_document",
    ),
    path(
        "cases/<int:pk>/documents/reissue/",
        case_page.case_document_reissue,
        name="case_document_reissue",
    ),
    path(
        "cases/<int:pk>/files/<int:file_id>/",
        case_page.case_file,
        name="case_file",
    ),
]
urlpatterns += (
    intake_urlpatterns + letters_urlpatterns + reports_urlpatterns + questions_urlpatterns
)
