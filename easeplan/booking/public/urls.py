"""Online booking: pick a time, confirm, manage the visit by its link, the waitlist."""

from django.urls import path

from . import views

app_name = "booking"

book_urlpatterns = [
    path("", views.book, name="book"),
    path("confirm/", views.confirm, name="confirm"),
    path("done/<str:code>/", views.done, name="done"),
    path("visit/<str:token>/", views.manage, name="manage"),
    path("waitlist/", views.join_waitlist, name="waitlist"),
    path("claim/<str:token>/", views.claim, name="claim"),
]
