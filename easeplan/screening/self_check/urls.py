"""The visitor's self-check, one question per step."""

from django.urls import path

from . import views

app_name = "screening"

public_urlpatterns = [
    path("self-check/", views.step, name="start"),
    path("self-check/result/", views.result, name="result"),
    path("self-check/<slug:name>/", views.step, name="step"),
]
