from django.urls import path

from . import views
from .intake_urls import urlpatterns as intake_urlpatterns

app_name = "backoffice"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.logout, name="logout"),
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
]
urlpatterns += intake_urlpatterns
