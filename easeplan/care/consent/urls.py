"""Consents: signed and revoked by the client, confirmed per session by the therapist."""

from django.urls import path

from . import views as consent_views

app_name = "consents"

staff_urlpatterns = [
    path(
        "visits/<str:code>/gluteal-consent/",
        consent_views.visit_gluteal,
        name="visit_gluteal",
    ),
]

account_urlpatterns = [
    path("consents/<str:code>/", consent_views.client_consents, name="client_consents"),
]
