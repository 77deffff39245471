"""Clearing red-flag holds (staff)."""

from django.urls import path

from . import views

app_name = "holds"

staff_urlpatterns = [
    path("clients/<str:code>/red-flags/clear/", views.clear, name="clear"),
]
