"""Check-ins: before a visit (the client's account, the staff tablet) and the weekly link."""

from django.urls import path

from . import views

app_name = "outcomes"

public_urlpatterns = [
    path("checkin/thanks/", views.weekly_thanks, name="weekly_thanks"),
    path("checkin/<str:token>/", views.weekly, name="weekly"),
]

staff_urlpatterns = [
    path("visits/<str:code>/check-in/", views.staff_visit_checkin, name="staff_visit"),
]

account_urlpatterns = [
    path("visits/<str:code>/check-in/", views.visit_checkin, name="visit"),
]
