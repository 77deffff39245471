"""SOAP notes of visits: write, autosave, sign, amend, print; notes due."""

from django.urls import path  # noqa: F401

app_name = "notes"

urlpatterns: list = []
