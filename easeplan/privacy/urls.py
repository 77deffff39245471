"""The client's data download and deletion request; the staff list of requests."""

from django.urls import path

from . import views

app_name = "privacy"

staff_urlpatterns = [
    path("privacy/", views.requests, name="requests"),
    path("privacy/<str:code>/carry-out/", views.carry_out, name="carry_out"),
]

account_urlpatterns = [
    path("data.json", views.export_json, name="export_json"),
    path("data.zip", views.export_csv, name="export_csv"),
    path("delete/", views.delete, name="delete"),
    path("delete/<str:code>/withdraw/", views.withdraw, name="withdraw"),
]
