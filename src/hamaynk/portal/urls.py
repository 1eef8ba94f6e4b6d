from django.urls import path

from . import tracking, views

app_name = "portal"

urlpatterns = [
    path("", views.landing, name="landing"),
    path("c/<str:code>/", views.community, name="community"),
    path("track/", tracking.track, name="track"),
]
