"""Nudges back onto the plan: the one-click next time and the opt-out."""

from django.urls import path

from . import views as nudge_views

app_name = "nudges"

urlpatterns = [
    path("plan/next/<str:token>/", nudge_views.book, name="book"),
    path("plan/reminders/<str:token>/", nudge_views.stop, name="stop"),
    path("account/plan-reminders/", nudge_views.reminders, name="settings"),
]
