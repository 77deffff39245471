"""The intake questionnaire: the client's own page and the staff's."""

from django.urls import path  # noqa: F401

app_name = "intake"

urlpatterns: list = []  # type: ignore[type-arg]
