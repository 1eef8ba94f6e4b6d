"""The URL map: public portal at the root, staff pages under /staff/, the API under /api/v1/,
admin under /admin/."""

from django.contrib import admin
from django.urls import include, path

from hamaynk.core import views as core_views

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("staff/", include("hamaynk.backoffice.urls")),
    path("api/v1/", include("hamaynk.api.urls")),
    path("", include("hamaynk.portal.urls")),
]

handler403 = "hamaynk.core.views.permission_denied"
handler404 = "hamaynk.core.views.page_not_found"
handler500 = "hamaynk.core.views.server_error"
