"""The installable app: its manifest, its service worker (served from the root, so its
scope is the whole site) and the offline page it keeps."""

from django.urls import path

from . import views

app_name = "webapp"

public_urlpatterns = [
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("sw.js", views.service_worker, name="service_worker"),
    path("offline/", views.offline, name="offline"),
]
