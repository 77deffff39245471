"""The therapist's pre-visit summaries."""

from django.urls import path

from . import views as summary_views

app_name = "summaries"

staff_urlpatterns = [
    path("summaries/", summary_views.day_summaries, name="day"),
    path("clients/<str:code>/summary/", summary_views.client_summary, name="client"),
]
