"""The client's data download and deletion request; the staff list of requests."""

from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("account/data.json", views.export_json, name="export_json"),
    path("account/data.zip", views.export_csv, name="export_csv"),
    path("account/delete/", views.delete, name="delete"),
    path("account/delete/<str:code>/withdraw/", views.withdraw, name="withdraw"),
    path("staff/privacy/", views.requests, name="requests"),
    path("staff/privacy/<str:code>/carry-out/", views.carry_out, name="carry_out"),
]
