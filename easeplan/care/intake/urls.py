"""The intake questionnaire: the client's own page and the staff's."""

from django.urls import path

from . import views as intake_views

app_name = "intake"

staff_urlpatterns = [
    path("clients/<str:code>/intake/", intake_views.staff_intake, name="staff_intake"),
]

account_urlpatterns = [
    path("forms/<str:token>/", intake_views.open_forms, name="open"),
    path("intake/<str:code>/", intake_views.client_intake, name="client_intake"),
]
