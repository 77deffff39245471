"""Visits booked and recorded by staff."""

from django.urls import path

from easeplan.booking import attendance

from . import views

app_name = "visits"

staff_urlpatterns = [
    path("visits/new/", views.new_visit, name="new"),
    path("visits/<str:code>/", views.visit_detail, name="detail"),
    path("visits/<str:code>/attendance/", attendance.record_attendance, name="attendance"),
]
