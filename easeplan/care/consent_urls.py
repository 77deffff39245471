"""Consents: signed and revoked by the client, confirmed per session by the therapist."""

from django.urls import path  # noqa: F401

app_name = "consents"

urlpatterns: list = []  # type: ignore[type-arg]
