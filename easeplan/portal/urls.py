"""Messages from the practice: staff send from the client's page, the client reads them."""

from django.urls import path

from . import views

app_name = "portal"

staff_urlpatterns = [
    path("clients/<str:code>/messages/", views.send, name="send"),
]

account_urlpatterns = [
    path("messages/", views.inbox, name="messages"),
    path("messages/<str:code>/", views.message, name="message"),
    path("app-hint/hide/", views.hide_install_hint, name="hide_install_hint"),
]
