"""The first-run wizard, under /setup/."""

from django.urls import path

from . import views

app_name = "onboarding"

public_urlpatterns = [
    path("setup/", views.start, name="start"),
    path("setup/link/<str:token>/", views.link, name="link"),
    path("setup/<slug:slug>/", views.step, name="step"),
]
