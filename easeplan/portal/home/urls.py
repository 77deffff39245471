"""The signed-in client's account home, at the root of their audience (`account/`)."""

from django.urls import path

from . import views

account_urlpatterns = [
    path("", views.account_home, name="account_home"),
]
