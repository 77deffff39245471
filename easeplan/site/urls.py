"""The public site (home, condition pages, contact) and the staff inbox of its messages."""

from django.urls import path

from . import views
from .editor import views as editor_views
from .inbox import views as inbox_views

app_name = "site"

public_urlpatterns = [
    path("", views.home, name="home"),
    path("health/", views.health, name="health"),
    path("conditions/<slug:slug>/", views.condition, name="condition"),
    path("contact/", views.contact, name="contact"),
    path("contact/thanks/", views.contact_thanks, name="contact_thanks"),
]

staff_urlpatterns = [
    path("inbox/", inbox_views.inbox, name="inbox"),
    path("inbox/<str:code>/", inbox_views.message_detail, name="inbox_message"),
    path("site/", editor_views.site_settings, name="settings"),
]
