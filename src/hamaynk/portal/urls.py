from django.urls import URLPattern, URLResolver, path

from . import tracking, verification, views
from .account_urls import urlpatterns as account_urlpatterns
from .apply_urls import urlpatterns as apply_urlpatterns
from .questions_urls import urlpatterns as questions_urlpatterns
from .services_urls import urlpatterns as services_urlpatterns
from .statistics_urls import urlpatterns as statistics_urlpatterns

app_name = "portal"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.landing, name="landing"),
    path("c/<str:code>/", views.community, name="community"),
    path("track/", tracking.track, name="track"),
    path("verify/", verification.verify, name="verify"),
    path("verify/<str:code>/", verification.verify, name="verify_code"),
]
urlpatterns += (
    statistics_urlpatterns
    + services_urlpatterns
    + account_urlpatterns
    + apply_urlpatterns
    + questions_urlpatterns
)
