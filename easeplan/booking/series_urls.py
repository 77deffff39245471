"""Booking a plan's visits as one series, and shifting the rest after a move."""

from django.urls import path  # noqa: F401

app_name = "series"

urlpatterns: list = []
