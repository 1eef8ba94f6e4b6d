from django.urls import path

from . import tracking, verification, views
from .statistics_urls import urlpatterns as statistics_urlpatterns

app_name = "portal"

urlpatterns = [
    path("", views.landing, name="landing"),
    path("c/<str:code>/", views.community, name="community"),
    path("track/", tracking.track, name="track"),
    path("verify/", verification.verify, name="verify"),
    path("verify/<str:code>/", verification.verify, name="verify_code"),
]
urlpatterns += statistics_urlpatterns
