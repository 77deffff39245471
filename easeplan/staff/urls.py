"""The staff dashboard, the calendar and the client list."""

from django.urls import path

from easeplan.practice import urls as practice_urls

from . import views
from .calendar import views as calendar

# The staff pages keep their names in the practice namespace (practice:dashboard, ...).
app_name = practice_urls.app_name

staff_urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    *practice_urls.staff_urlpatterns,
    path("calendar/", calendar.day_view, name="calendar"),
    path("calendar/week/", calendar.week_view, name="calendar_week"),
    path("calendar/team/", calendar.team_view, name="calendar_team"),
    path("clients/", views.client_list, name="clients"),
    path("clients/<str:code>/", views.client_detail, name="client"),
]
