"""Nudges back onto the plan: the one-click next time and the opt-out."""

from django.urls import path

from . import views as nudge_views

app_name = "nudges"

public_urlpatterns = [
    path("plan/next/<str:token>/", nudge_views.book, name="book"),
    path("plan/reminders/<str:token>/", nudge_views.stop, name="stop"),
]

account_urlpatterns = [
    path("plan-reminders/", nudge_views.reminders, name="settings"),
]
