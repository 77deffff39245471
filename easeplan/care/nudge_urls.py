"""Nudges back onto the plan: the one-click next time and the opt-out."""

from django.urls import path  # noqa: F401

app_name = "nudges"

urlpatterns: list = []
