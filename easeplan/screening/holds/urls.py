"""Clearing red-flag holds (staff)."""

from django.urls import path

from . import views

app_name = "holds"

urlpatterns = [
    path("staff/clients/<str:code>/red-flags/clear/", views.clear, name="clear"),
]
