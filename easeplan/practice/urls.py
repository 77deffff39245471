"""The practice's own settings: services, team, therapists and their time off."""

from django.urls import path

from . import views

app_name = "practice"

staff_urlpatterns = [
    path("practice/", views.practice_settings, name="settings"),
    path("services/", views.service_list, name="services"),
    path("services/new/", views.service_edit, name="service_add"),
    path("services/<str:code>/", views.service_edit, name="service"),
    path("team/", views.team, name="team"),
    path("team/add/", views.member_add, name="member_add"),
    path("team/<str:code>/", views.member_edit, name="member"),
    path("therapists/<str:code>/", views.therapist_edit, name="therapist"),
    path("therapists/<str:code>/time-off/", views.time_off_add, name="time_off_add"),
    path(
        "therapists/<str:code>/time-off/<str:entry>/delete/",
        views.time_off_delete,
        name="time_off_delete",
    ),
    path("therapists/<str:code>/feed/", views.therapist_feed_reset, name="therapist_feed"),
    path("me/profile/", views.my_profile, name="my_profile"),
    path("me/hours/", views.my_hours, name="my_hours"),
    path("me/time-off/", views.my_time_off, name="my_time_off"),
    path("me/time-off/<str:entry>/delete/", views.my_time_off_delete, name="my_time_off_delete"),
    path("switch/", views.switch_practice, name="switch"),
]
