"""The therapist's pre-visit summaries."""

from django.urls import path  # noqa: F401

app_name = "summaries"

urlpatterns: list = []  # type: ignore[type-arg]
