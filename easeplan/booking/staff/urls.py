from django.urls import path

from easeplan.booking import attendance

from . import views

app_name = "visits"

urlpatterns = [
    path("new/", views.new_visit, name="new"),
    path("<str:code>/", views.visit_detail, name="detail"),
    path("<str:code>/attendance/", attendance.record_attendance, name="attendance"),
]
