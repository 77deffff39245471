"""The practice outcomes dashboard (owners): the page and its CSV export."""

from django.urls import path

from . import views as dashboard_views

app_name = "insights"

urlpatterns = [
    path("staff/outcomes/", dashboard_views.outcomes_dashboard, name="dashboard"),
    path("staff/outcomes/outcomes.csv", dashboard_views.outcomes_csv, name="csv"),
]
