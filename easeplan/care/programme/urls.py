"""The home programme: prescribe exercises, tick them off, adherence."""

from django.urls import path

from . import views as programme_views

app_name = "programme"

staff_urlpatterns = [
    path("exercises/", programme_views.library, name="library"),
    path(
        "plans/<str:code>/exercises/new/",
        programme_views.prescribe_exercise,
        name="prescribe",
    ),
    path(
        "exercises/prescribed/<str:code>/stop/",
        programme_views.stop_prescription,
        name="stop",
    ),
]

account_urlpatterns = [
    path("exercises/<str:code>/", programme_views.my_exercise, name="exercise"),
    path("exercises/<str:code>/tick/", programme_views.tick_session, name="tick"),
]
