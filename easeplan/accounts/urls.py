"""The door that sends each person to their home after signing in."""

from django.urls import path

from . import views

public_urlpatterns = [
    path("home/", views.home_for_user, name="home_for_user"),
    path("language/", views.set_language, name="set_language"),
]
