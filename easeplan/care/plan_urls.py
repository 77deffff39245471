"""Plans of care: the therapist's plan page (the hub of a course of treatment) and the
client's view of their plan."""

from django.urls import path  # noqa: F401

app_name = "plans"

urlpatterns: list = []
