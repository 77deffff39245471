from django.urls import path

from . import attendance, staff_views

app_name = "visits"

urlpatterns = [
    path("new/", staff_views.new_visit, name="new"),
    path("<str:code>/", staff_views.visit_detail, name="detail"),
    path("<str:code>/attendance/", attendance.record_attendance, name="attendance"),
]
