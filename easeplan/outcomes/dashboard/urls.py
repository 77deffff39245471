"""The practice outcomes dashboard (owners): the page and its CSV export."""

from django.urls import path

from . import views as dashboard_views

app_name = "insights"

staff_urlpatterns = [
    path("outcomes/", dashboard_views.outcomes_dashboard, name="dashboard"),
    path("outcomes/outcomes.csv", dashboard_views.outcomes_csv, name="csv"),
]
