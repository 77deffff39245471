"""The home programme: prescribe exercises, tick them off, adherence."""

from django.urls import path  # noqa: F401

app_name = "programme"

urlpatterns: list = []
