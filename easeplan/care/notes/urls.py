"""SOAP notes of visits: write, autosave, sign, amend, print; notes due."""

from django.urls import path

from . import views as note_views

app_name = "notes"

staff_urlpatterns = [
    path("notes/due/", note_views.notes_due, name="due"),
    path("visits/<str:code>/note/", note_views.note_page, name="visit"),
    path("visits/<str:code>/note/sign/", note_views.sign, name="sign"),
    path("visits/<str:code>/note/amend/", note_views.amend, name="amend"),
    path("visits/<str:code>/note/print/", note_views.print_note, name="print"),
    path("plans/<str:code>/notes/print/", note_views.print_plan_notes, name="plan_print"),
]
