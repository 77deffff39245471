"""Hosted sign-up, under /start/ (404 unless EASEPLAN_PRACTICE_SIGNUP is on)."""

from django.urls import path

from . import views

app_name = "signup"

public_urlpatterns = [
    path("start/", views.start, name="start"),
    path("start/sent/", views.sent, name="sent"),
    path("start/verify/<str:token>/", views.verify, name="verify"),
]
