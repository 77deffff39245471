"""Visits booked and recorded by staff."""

from django.urls import path

from . import views

app_name = "visits"

staff_urlpatterns = [
    path("visits/new/", views.new_visit, name="new"),
    path("visits/<str:code>/", views.visit_detail, name="detail"),
    path("visits/<str:code>/attendance/", views.record_attendance, name="attendance"),
]
