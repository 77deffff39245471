"""Booking a plan's visits as one series, and shifting the rest after a move."""

from django.urls import path

from . import views as series_views

app_name = "series"

staff_urlpatterns = [
    path("plans/<str:code>/book/", series_views.propose, name="propose"),
    path("visits/<str:code>/shift/", series_views.shift, name="shift"),
]

account_urlpatterns = [
    path("plans/<str:code>/book/", series_views.mine, name="mine"),
]

book_urlpatterns = [
    path("visit/<str:token>/shift/", series_views.shift_mine, name="shift_mine"),
]
