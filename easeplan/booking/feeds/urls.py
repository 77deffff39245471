"""A therapist's private calendar feed (the address the calendar app on their phone reads)."""

from django.urls import path

from . import views

public_urlpatterns = [
    path("feeds/<str:token>.ics", views.therapist_feed, name="therapist_feed"),
]
