from django.urls import path

from . import views

app_name = "screening"

urlpatterns = [
    path("", views.step, name="start"),
    path("result/", views.result, name="result"),
    path("<slug:name>/", views.step, name="step"),
]
