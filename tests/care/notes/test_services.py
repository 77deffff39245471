"""SOAP note services: start, autosave, sign (and the lock), amend; notes due."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from easeplan.accounts.models import AuditEvent
from easeplan.booking.models import Appointment
from easeplan.care.models import NoteAmendment, SessionNote, VisitConsent
from easeplan.care.notes import rules as soap
from easeplan.care.notes import services as note_services
from easeplan.care.notes.services import NoteDraft, NoteRefused

from ...conftest import World
from ...factories import AppointmentFactory, PlanOfCareFactory, TherapistFactory, UserFactory

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 3, 12, 0, tzinfo=dt.UTC)
WRITTEN = NoteDraft(
    pain_today=4,
    subjective="Sat through a film for the first time in months.",
    objective="Tender at the left sciatic notch.",
    regions=("back:low_back:left", "back:hamstrings:left"),
    techniques=("myofascial_release", "muscle_energy"),
    pressure="moderate",
)
GLUTEAL = NoteDraft(subjective="Buttock pain 5/10.", regions=("back:piriformis:left",))


@pytest.fixture(autouse=True)
def now():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield


def visit_of(world: World, *, hours_ago: float = 2, **extra) -> Appointment:  # type: ignore[no-untyped-def]
    return AppointmentFactory(
        practice=world.practice,
        therapist=world.therapist,
        client=world.client,
        starts_at=NOW - dt.timedelta(hours=hours_ago),
        **extra,
    )


def actions() -> list[str]:
    return list(AuditEvent.objects.order_by("created_at", "pk").values_list("action", flat=True))


def confirm_gluteal(visit: Appointment, answer: str = "confirmed") -> VisitConsent:
    return VisitConsent.objects.create(appointment=visit, answer=answer)


def test_pressures_are_the_models(world: World) -> None:
    assert tuple(SessionNote.Pressure.values) == soap.PRESSURES


# Starting and saving drafts ---------------------------------------------------------------


def test_a_note_is_started_once_per_visit_and_belongs_to_its_plan(world: World) -> None:
    plan = PlanOfCareFactory(practice=world.practice, client=world.client)
    visit = visit_of(world, plan=plan)
    note = note_services.start_note(visit, actor=world.therapist_user)
    again = note_services.start_note(visit, actor=world.owner)
    assert again.pk == note.pk
    assert (note.plan_of_care, note.client, note.author) == (
        plan,
        world.client,
        world.therapist_user,
    )
    assert not note.signed
    assert actions() == ["care.note.started"]


@pytest.mark.parametrize("status", ["cancelled", "no_show"])
def test_no_note_is_started_for_a_cancelled_or_missed_visit(world: World, status: str) -> None:
    visit = visit_of(world, status=status)
    with pytest.raises(NoteRefused, match="no session to write a note for"):
        note_services.start_note(visit, actor=world.therapist_user)
    assert not SessionNote.objects.exists()


def test_saving_a_draft_writes_it_and_audits_which_fields_changed(world: World) -> None:
    visit = visit_of(world)
    note = note_services.save_draft(visit, WRITTEN, actor=world.therapist_user)
    note.refresh_from_db()
    assert (note.pain_today, note.pressure) == (4, "moderate")
    assert note.regions == ["back:low_back:left", "back:hamstrings:left"]
    saved = AuditEvent.objects.get(action="care.note.saved")
    assert set(saved.data["fields"]) >= {"subjective", "regions", "pain_today"}
    # The trail says what changed, never what the note says.
    assert "film" not in str(saved.data)


def test_an_unchanged_autosave_writes_nothing(world: World) -> None:
    visit = visit_of(world)
    note_services.save_draft(visit, WRITTEN, actor=world.therapist_user)
    note_services.save_draft(visit, WRITTEN, actor=world.therapist_user)
    assert actions().count("care.note.saved") == 1


def test_an_unknown_region_is_refused_and_nothing_saved(world: World) -> None:
    visit = visit_of(world)
    bad = NoteDraft(subjective="Better.", regions=("back:spleen:left",))
    with pytest.raises(NoteRefused, match="“back:spleen:left” is not a body region we know"):
        note_services.save_draft(visit, bad, actor=world.therapist_user)
    assert not SessionNote.objects.exists()


def test_only_the_author_changes_a_draft(world: World) -> None:
    visit = visit_of(world)
    note_services.save_draft(visit, WRITTEN, actor=world.therapist_user)
    with pytest.raises(NoteRefused, match="who started this note, can change it"):
        note_services.save_draft(visit, NoteDraft(subjective="Mine now."), actor=world.owner)
    assert SessionNote.objects.get().subjective == WRITTEN.subjective


# Signing ----------------------------------------------------------------------------------


def test_signing_locks_the_note_and_keeps_the_sessions_gluteal_consent(world: World) -> None:
    visit = visit_of(world)
    answer = confirm_gluteal(visit)
    note_services.save_draft(visit, GLUTEAL, actor=world.therapist_user)
    note = note_services.sign_note(visit, actor=world.therapist_user)
    assert (note.signed_at, note.signed_by, note.gluteal_consent) == (
        NOW,
        world.therapist_user,
        "confirmed",
    )
    # A later change to the visit's record does not rewrite the signed note.
    answer.answer = "declined"
    answer.save()
    note.refresh_from_db()
    assert note.gluteal_consent == "confirmed"
    signed = AuditEvent.objects.get(action="care.note.signed")
    assert signed.data["gluteal_consent"] == "confirmed"


def test_a_signed_note_completes_its_visit_which_then_stays_put(world: World) -> None:
    from easeplan.booking import attendance, services

    visit = visit_of(world)
    confirm_gluteal(visit)
    note_services.save_draft(visit, GLUTEAL, actor=world.therapist_user)
    note_services.sign_note(visit, actor=world.therapist_user)
    visit.refresh_from_db()
    assert visit.status == Appointment.Status.COMPLETED
    with pytest.raises(attendance.AttendanceRefused, match="has a signed note"):
        attendance.mark_attendance(visit, False, actor=world.front_desk)
    with pytest.raises(services.BookingRefused):
        services.cancel_appointment(visit, actor=world.front_desk, staff=True)
    with pytest.raises(services.BookingRefused):
        services.move_appointment(
            visit, visit.starts_at + dt.timedelta(days=7), actor=world.front_desk, staff=True
        )
    visit.refresh_from_db()
    assert visit.status == Appointment.Status.COMPLETED


def test_signing_with_the_form_saves_and_signs_together(world: World) -> None:
    visit = visit_of(world)
    note = note_services.sign_note(visit, actor=world.therapist_user, draft=WRITTEN)
    assert note.signed and note.subjective == WRITTEN.subjective
    assert note.gluteal_consent == ""  # nothing recorded for the visit
    assert actions() == ["care.note.started", "care.note.signed"]
    assert "subjective" in AuditEvent.objects.get(action="care.note.signed").data["fields"]


@pytest.mark.parametrize(
    ("consent", "why"), [(None, "nothing is recorded"), ("declined", "declined it")]
)
def test_gluteal_regions_are_not_signed_without_todays_confirmation(
    world: World, consent: str | None, why: str
) -> None:
    visit = visit_of(world)
    if consent:
        confirm_gluteal(visit, consent)
    note_services.save_draft(visit, NoteDraft(subjective="Draft."), actor=world.therapist_user)
    with pytest.raises(NoteRefused) as refused:
        note_services.sign_note(visit, actor=world.therapist_user, draft=GLUTEAL)
    assert refused.value.message.startswith(
        "Gluteal regions are marked (Piriformis and deep hip rotators, left), but the client's "
        f"gluteal consent for this session is not confirmed ({why})."
    )
    note = SessionNote.objects.get()
    assert (note.signed, note.subjective, note.regions) == (False, "Draft.", [])  # all or nothing


def test_the_templates_prompts_alone_are_not_signed(world: World) -> None:
    visit = visit_of(world)
    prompts = soap.template_for("piriformis").prompts()
    with pytest.raises(NoteRefused, match="Write something in Subjective, Objective"):
        note_services.sign_note(visit, actor=world.therapist_user, draft=NoteDraft(**prompts))
    assert not SessionNote.objects.exists()


@pytest.mark.parametrize(
    ("starts_at", "local"),
    [
        # British Summer Time ends on 25 October 2026: 09:30 UTC is 10:30 the day before,
        (dt.datetime(2026, 10, 24, 9, 30, tzinfo=dt.UTC), "24 Oct 2026, 10:30"),
        # and 10:00 UTC is 10:00 the day after.
        (dt.datetime(2026, 10, 26, 10, 0, tzinfo=dt.UTC), "26 Oct 2026, 10:00"),
    ],
)
def test_a_note_is_signed_only_once_the_visit_started(
    world: World, starts_at: dt.datetime, local: str
) -> None:
    visit = AppointmentFactory(
        practice=world.practice, therapist=world.therapist, client=world.client, starts_at=starts_at
    )
    before = dt.datetime(2026, 10, 23, 9, 0, tzinfo=dt.UTC)
    message = f"The visit starts at {local}: sign the note once"
    with time_machine.travel(before, tick=False), pytest.raises(NoteRefused, match=message):
        note_services.sign_note(visit, actor=world.therapist_user, draft=WRITTEN)
    assert not SessionNote.objects.exists()
    with time_machine.travel(starts_at, tick=False):
        assert note_services.sign_note(visit, actor=world.therapist_user, draft=WRITTEN).signed


def test_only_the_author_signs(world: World) -> None:
    visit = visit_of(world)
    note_services.save_draft(visit, WRITTEN, actor=world.therapist_user)
    with pytest.raises(NoteRefused, match="who started this note, can sign it"):
        note_services.sign_note(visit, actor=world.owner)
    assert not SessionNote.objects.get().signed


def test_there_is_nothing_to_sign_before_writing(world: World) -> None:
    with pytest.raises(NoteRefused, match="There is no note to sign yet"):
        note_services.sign_note(visit_of(world), actor=world.therapist_user)


# The lock ---------------------------------------------------------------------------------


def signed_note(world: World) -> tuple[Appointment, SessionNote]:
    visit = visit_of(world)
    return visit, note_services.sign_note(visit, actor=world.therapist_user, draft=WRITTEN)


def snapshot(note: SessionNote) -> dict[str, object]:
    fresh = SessionNote.objects.get(pk=note.pk)
    return {f.name: getattr(fresh, f.name) for f in SessionNote._meta.concrete_fields}


def test_a_signed_note_is_never_changed_by_any_service(world: World) -> None:
    visit, note = signed_note(world)
    before = snapshot(note)
    other = NoteDraft(subjective="Rewritten.", regions=("back:calf:left",))
    for attempt in (
        lambda: note_services.save_draft(visit, other, actor=world.therapist_user),
        lambda: note_services.sign_note(visit, actor=world.therapist_user, draft=other),
        lambda: note_services.sign_note(visit, actor=world.therapist_user),
    ):
        with pytest.raises(NoteRefused, match="was signed on 3 Nov 2026, 12:00 and can't be"):
            attempt()
    assert note_services.start_note(visit, actor=world.owner).pk == note.pk
    assert snapshot(note) == before


def test_a_save_racing_the_signature_can_not_touch_the_signed_row(world: World) -> None:
    """The write is guarded by ``signed_at IS NULL`` in the UPDATE itself."""
    visit = visit_of(world)
    stale = note_services.save_draft(visit, WRITTEN, actor=world.therapist_user)
    note_services.sign_note(visit, actor=world.therapist_user)
    before = snapshot(stale)
    with pytest.raises(NoteRefused, match="can't be changed"):
        note_services._write(stale, {"subjective": "Sneaked in."}, NOW)
    assert snapshot(stale) == before


# Amendments -------------------------------------------------------------------------------


def test_the_author_amends_a_signed_note_with_a_dated_correction(world: World) -> None:
    _, note = signed_note(world)
    before = snapshot(note)
    amendment = note_services.amend(note, "  Pain was 5, not 4.  ", actor=world.therapist_user)
    assert (amendment.text, amendment.author, amendment.created_at) == (
        "Pain was 5, not 4.",
        world.therapist_user,
        NOW,
    )
    assert snapshot(note) == before
    assert actions()[-1] == "care.note.amended"


@pytest.mark.parametrize(
    ("who", "text", "message"),
    [
        ("owner", "Correction.", "who wrote this note, can amend it"),
        ("therapist_user", "   ", "Write the correction before adding it."),
    ],
)
def test_amendments_need_the_author_and_some_text(
    world: World, who: str, text: str, message: str
) -> None:
    _, note = signed_note(world)
    with pytest.raises(NoteRefused, match=message):
        note_services.amend(note, text, actor=getattr(world, who))
    assert not NoteAmendment.objects.exists()


def test_a_draft_is_not_amended(world: World) -> None:
    visit = visit_of(world)
    note = note_services.save_draft(visit, WRITTEN, actor=world.therapist_user)
    with pytest.raises(NoteRefused, match="not signed yet"):
        note_services.amend(note, "Correction.", actor=world.therapist_user)


# Notes due --------------------------------------------------------------------------------


def test_notes_are_due_for_visits_that_took_place_without_a_signed_note(world: World) -> None:
    oldest = visit_of(world, hours_ago=72)
    drafted = visit_of(world, hours_ago=48)
    note_services.save_draft(drafted, WRITTEN, actor=world.therapist_user)
    done, _ = signed_note(world)
    visit_of(world, hours_ago=30, status="cancelled")
    visit_of(world, hours_ago=26, status="no_show")
    visit_of(world, hours_ago=-2)  # still to come
    completed = visit_of(world, hours_ago=24, status="completed")
    due = list(note_services.due_visits(world.practice, now=timezone.now()))
    assert due == [oldest, drafted, completed]
    assert done not in due


def test_a_therapist_counts_their_own_notes_due_and_an_owner_everyones(world: World) -> None:
    visit_of(world, hours_ago=5)
    colleague = TherapistFactory(practice=world.practice, user=UserFactory())
    AppointmentFactory(
        practice=world.practice,
        therapist=colleague,
        client=world.another_client,
        starts_at=NOW - dt.timedelta(hours=3),
    )
    AppointmentFactory(practice=world.other_practice, starts_at=NOW - dt.timedelta(hours=3))
    count = note_services.due_count
    assert count(world.practice, role="therapist", user=world.therapist_user, now=NOW) == 1
    assert count(world.practice, role="owner", user=world.owner, now=NOW) == 2
    assert count(world.practice, role="therapist", user=world.owner, now=NOW) == 0
    mine = note_services.due_visits(world.practice, now=NOW, therapist=colleague)
    assert [v.therapist for v in mine] == [colleague]
