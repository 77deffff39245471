"""Check-ins: before a visit (the client's account, the staff tablet) and the weekly link."""

from django.urls import path

from . import views

app_name = "outcomes"

urlpatterns = [
    path("account/visits/<str:code>/check-in/", views.visit_checkin, name="visit"),
    path("staff/visits/<str:code>/check-in/", views.staff_visit_checkin, name="staff_visit"),
    path("checkin/thanks/", views.weekly_thanks, name="weekly_thanks"),
    path("checkin/<str:token>/", views.weekly, name="weekly"),
]
