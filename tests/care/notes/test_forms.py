"""A note's fields are listed once (NoteDraft): the form, its starting values and the note's
fields follow that list."""

from __future__ import annotations

import pytest

from easeplan.care.models import SessionNote
from easeplan.care.notes.forms import NoteForm, initial_from_note
from easeplan.care.notes.services import NoteDraft

pytestmark = pytest.mark.django_db


def test_the_form_asks_for_exactly_the_notes_fields() -> None:
    assert set(NoteForm().fields) - {"note_form"} == set(NoteDraft.names())


def test_every_draft_field_is_a_field_of_the_note() -> None:
    fields = {f.name for f in SessionNote._meta.get_fields()}
    assert set(NoteDraft.names()) <= fields


def test_a_saved_draft_posted_unchanged_gives_back_the_same_draft() -> None:
    written = NoteDraft(
        pain_today=4,
        subjective="Sat through a film for the first time in months.",
        objective="Tender at the left sciatic notch.",
        assessment="Sitting tolerance up from 20 to 90 minutes.",
        plan="Next visit in a week; keep the seated stretch.",
        regions=("back:low_back:left", "back:piriformis:left"),
        techniques=("myofascial_release", "muscle_energy"),
        pressure="moderate",
        client_response="Eased during the session.",
    )
    note = SessionNote(**written.values())
    form = NoteForm(initial=initial_from_note(note))
    posted = {name: form[name].value() for name in form.fields}
    posted = {name: "" if value is None else value for name, value in posted.items()}
    bound = NoteForm(posted)
    assert bound.is_valid(), bound.errors
    assert bound.draft() == written
    assert initial_from_note(note)["regions"] == ["back:low_back:left", "back:piriformis:left"]
