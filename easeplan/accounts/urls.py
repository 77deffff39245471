"""The signed-in person's account home, and the door that sends each person to their home."""

from django.urls import path

from . import views

public_urlpatterns = [
    path("home/", views.home_for_user, name="home_for_user"),
]

account_urlpatterns = [
    path("", views.account_home, name="account_home"),
]
