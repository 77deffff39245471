"""Progress pages: the therapist's view of a plan's outcomes and the client's own."""

from django.urls import path

from . import views as progress_views

app_name = "progress"

staff_urlpatterns = [
    path("plans/<str:code>/progress/", progress_views.plan_progress, name="plan"),
]

account_urlpatterns = [
    path("plans/<str:code>/progress/", progress_views.my_progress, name="mine"),
]
