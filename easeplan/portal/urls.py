"""Messages from the practice: staff send from the client's page, the client reads them."""

from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("staff/clients/<str:code>/messages/", views.send, name="send"),
    path("account/messages/", views.inbox, name="messages"),
    path("account/messages/<str:code>/", views.message, name="message"),
]
