"""The note of a visit: write, autosave, sign, the lock, amend, print; notes due; links."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from easeplan.accounts.models import AuditEvent
from easeplan.booking.models import Appointment
from easeplan.care.models import Intake, NoteAmendment, SessionNote, VisitConsent
from easeplan.care.notes import services as note_services
from easeplan.care.notes.panels import notes_for_plan
from easeplan.care.notes.services import NoteDraft

from ...conftest import World, signed_in
from ...conftest import page_text as text
from ...factories import AppointmentFactory, PlanOfCareFactory, TherapistFactory, UserFactory

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 3, 12, 0, tzinfo=dt.UTC)  # 12:00 in London (GMT)
HTMX = {"HTTP_HX_REQUEST": "true"}
NOTE = {
    "note_form": "1",
    "pain_today": "4",
    "subjective": "Sat through a film for the first time in months.",
    "objective": "Tender at the left sciatic notch.",
    "regions": ["back:low_back:left", "back:hamstrings:left"],
    "techniques": ["myofascial_release"],
    "pressure": "moderate",
    "client_response": "Relaxed; less pain on standing.",
    "assessment": "Sitting tolerance better.",
    "plan": "Next visit in a week.",
}


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


def url(name: str, visit: Appointment) -> str:
    return reverse(f"notes:{name}", args=[visit.code])


@pytest.fixture
def visit(world: World) -> Appointment:
    return visit_of(world)


@pytest.fixture
def dana(world: World):  # type: ignore[no-untyped-def]
    """The therapist, signed in with two-factor authentication."""
    return signed_in(world.therapist_user)


def sign(browser, visit: Appointment, **changes):  # type: ignore[no-untyped-def]
    return browser.post(url("sign", visit), {**NOTE, **changes}, follow=True)


def signed(world: World, visit: Appointment) -> SessionNote:
    draft = NoteDraft(subjective="Better.", regions=("back:calf:left",), pain_today=3)
    return note_services.sign_note(visit, actor=world.therapist_user, draft=draft)


# Opening the note --------------------------------------------------------------------------


def test_a_new_note_opens_on_the_piriformis_template(world: World, visit, dana) -> None:
    page = text(dana.get(url("visit", visit)))
    assert "Session note: Ada Quillfeather" in page
    assert "Not started" in page
    assert "Palpation (piriformis, sciatic notch tenderness):" in page
    assert "Seen from behind: the client's left is on your left." in page
    assert "Seen from the front: the client's left is on your right." in page
    assert not SessionNote.objects.exists()  # opening saves nothing
    viewed = AuditEvent.objects.get(action="care.note.viewed")
    assert (viewed.actor, viewed.object_id) == (world.therapist_user, visit.code)


def test_glute_work_every_session_ticks_the_glutes_in_advance(world: World, dana) -> None:
    plan = PlanOfCareFactory(
        practice=world.practice, client=world.client, glute_work_every_session=True
    )
    visit = visit_of(world, plan=plan)
    page = text(dana.get(url("visit", visit)))
    ticked = set(re.findall(r'name="regions" value="([^"]+)"[^>]*checked', page))
    assert ticked == {
        "back:glutes:left",
        "back:glutes:right",
        "back:piriformis:left",
        "back:piriformis:right",
    }
    assert "gluteal consent for this session is not confirmed" in page


def test_every_region_is_a_labelled_checkbox_the_map_also_labels(visit, dana) -> None:
    page = text(dana.get(url("visit", visit)))
    box = re.search(
        r'<input type="checkbox" name="regions" value="back:piriformis:left"[^>]*>', page
    )
    assert box is not None
    assert 'aria-labelledby="region-piriformis-name region-back-piriformis-left-name"' in box[0]
    assert 'id="region-back-piriformis-left-name">Left' in page
    # The map's shape is another label of the same box, hidden from screen readers.
    assert re.search(
        r'<label for="region-back-piriformis-left" class="body-map-spot" aria-hidden', page
    )
    assert "#region-back-piriformis-left:checked" in page  # the map fills ticked regions


def test_the_front_desk_and_other_practices_get_404(world: World, visit) -> None:
    assert signed_in(world.front_desk).get(url("visit", visit)).status_code == 404
    theirs = AppointmentFactory(practice=world.other_practice)
    assert signed_in(world.owner).get(url("visit", theirs)).status_code == 404
    assert signed_in(world.owner).post(url("sign", theirs), NOTE).status_code == 404
    assert not SessionNote.objects.exists()


# Autosave and Save draft ----------------------------------------------------------------


def test_the_autosave_answers_with_the_time_it_saved(world: World, visit, dana) -> None:
    response = dana.post(url("visit", visit), NOTE, **HTMX)
    assert response.status_code == 200
    assert "Draft saved 12:00." in text(response)
    assert 'id="note-warnings" aria-live="polite" hx-swap-oob="innerHTML"' in text(response)
    note = SessionNote.objects.get()
    assert (note.subjective, note.author, note.signed) == (
        NOTE["subjective"],
        world.therapist_user,
        False,
    )


def test_without_javascript_save_draft_redirects_back_to_the_draft(visit, dana) -> None:
    response = dana.post(url("visit", visit), NOTE, follow=True)
    assert response.redirect_chain[-1][0] == url("visit", visit)
    page = text(response)
    assert "Draft saved. It is not signed yet." in page
    assert "Sat through a film for the first time in months." in page
    assert re.search(r'value="back:low_back:left"[^>]*checked', page)


def test_bad_input_says_what_is_wrong_and_saves_nothing(visit, dana) -> None:
    response = dana.post(url("visit", visit), {**NOTE, "pain_today": "11"})
    assert response.status_code == 400
    assert "Pain today (0–10): Pain today is a whole number from 0 to 10." in text(response)
    assert "Sat through a film" in text(response)  # what was typed is still there
    autosave = dana.post(url("visit", visit), {**NOTE, "regions": ["back:spleen:left"]}, **HTMX)
    assert "Not saved:" in text(autosave)
    assert "“back:spleen:left” is not one of the choices" in text(autosave)
    assert not SessionNote.objects.exists()


def test_the_autosave_warns_when_a_choice_clashes_with_the_clients_answers(
    world: World, visit, dana
) -> None:
    Intake.objects.create(
        practice=world.practice,
        client=world.client,
        answers={"anticoagulants": True, "varicose_vein_areas": "left calf"},
        submitted_at=NOW,
    )
    chosen = {**NOTE, "pressure": "deep", "regions": ["back:calf:left"]}
    page = text(dana.post(url("visit", visit), chosen, **HTMX))
    assert "Deep pressure: the client's answers rule out deep pressure." in page
    assert "Calf, left: the client's answers say to leave the left calf alone." in page
    full = text(dana.get(url("visit", visit)))
    assert "Do not use:</strong> deep pressure, forceful work." in full
    assert "ruled out for this client" in full


def test_someone_elses_draft_is_read_only(world: World, visit) -> None:
    draft = NoteDraft(subjective="Dana's words.")
    note_services.save_draft(visit, draft, actor=world.therapist_user)
    owner = signed_in(world.owner)
    page = text(owner.get(url("visit", visit)))
    assert "can change and sign this draft" in page and "Dana's words." in page
    assert 'name="subjective"' not in page
    response = owner.post(
        url("visit", visit), {**NOTE, "subjective": "Owner's words."}, follow=True
    )
    assert "who started this note, can change it" in text(response)
    assert SessionNote.objects.get().subjective == "Dana's words."


# Signing and the lock ---------------------------------------------------------------------


def test_signing_shows_the_note_locked(world: World, visit, dana) -> None:
    page = text(sign(dana, visit))
    assert "Note signed. It can't be changed now" in page
    assert re.search(r"Signed</span> by .+ on 3 November 2026 at 12:00", page)
    assert 'name="subjective"' not in page  # no form any more
    assert "Low back (lumbar muscles), left; Hamstrings (back of the thigh), left." in page
    note = SessionNote.objects.get()
    assert (note.signed_at, note.signed_by) == (NOW, world.therapist_user)
    assert AuditEvent.objects.filter(action="care.note.signed", actor=world.therapist_user).exists()


def test_gluteal_regions_without_todays_consent_are_not_signed(visit, dana) -> None:
    response = dana.post(url("sign", visit), {**NOTE, "regions": ["back:piriformis:right"]})
    assert response.status_code == 400
    page = text(response)
    assert "Not signed." in page
    assert "Gluteal regions are marked (Piriformis and deep hip rotators, right)" in page
    assert "Sat through a film" in page  # the typed note is still in the form
    assert not SessionNote.objects.exists()  # nothing saved half-way
    VisitConsent.objects.create(appointment=visit, answer="confirmed")
    sign(dana, visit, regions=["back:piriformis:right"])
    assert SessionNote.objects.get().gluteal_consent == "confirmed"


def test_the_note_page_shows_the_sessions_consent_and_links_to_the_visit(visit, dana) -> None:
    page = text(dana.get(url("visit", visit)))
    assert "This visit: <strong>not recorded</strong>" in page
    assert f'href="/staff/visits/{visit.code}/#gluteal-heading"' in page
    VisitConsent.objects.create(appointment=visit, answer="declined")
    assert "Declined gluteal work for this session" in text(dana.get(url("visit", visit)))


def test_a_signed_note_is_never_changed_through_the_pages(world: World, visit, dana) -> None:
    note = signed(world, visit)
    before = {f.name: getattr(note, f.name) for f in SessionNote._meta.concrete_fields}
    changed = {**NOTE, "subjective": "Rewritten."}
    saved = dana.post(url("visit", visit), changed, follow=True)
    assert "was signed on 3 Nov 2026, 12:00 and can't be changed" in text(saved)
    nonsense = dana.post(url("visit", visit), {**changed, "pain_today": "11"}, follow=True)
    assert "can't be changed" in text(nonsense) and 'name="subjective"' not in text(nonsense)
    autosaved = dana.post(url("visit", visit), changed, **HTMX)
    assert "Not saved." in text(autosaved) and "can't be changed" in text(autosaved)
    assert "can't be changed" in text(sign(dana, visit, subjective="Rewritten."))
    assert "can't be changed" in text(signed_in(world.owner).post(url("sign", visit), follow=True))
    note.refresh_from_db()
    assert {f.name: getattr(note, f.name) for f in SessionNote._meta.concrete_fields} == before


# Amendments -------------------------------------------------------------------------------


def test_the_author_adds_a_dated_amendment(world: World, visit, dana) -> None:
    signed(world, visit)
    response = dana.post(url("amend", visit), {"text": "Pain was 5, not 3."}, follow=True)
    assert response.redirect_chain[-1][0] == url("visit", visit) + "#amendments"
    page = text(response)
    assert "Amendment added with your name and the time." in page
    assert "3 Nov 2026, 12:00" in page and "Pain was 5, not 3." in page
    assert AuditEvent.objects.filter(action="care.note.amended").count() == 1


def test_only_the_author_may_amend(world: World, visit) -> None:
    signed(world, visit)
    owner = signed_in(world.owner)
    assert 'name="text"' not in text(owner.get(url("visit", visit)))
    response = owner.post(url("amend", visit), {"text": "Owner's correction."}, follow=True)
    assert "who wrote this note, can amend it" in text(response)
    empty = signed_in(world.therapist_user).post(url("amend", visit), {"text": " "}, follow=True)
    assert "Write the correction before adding it." in text(empty)
    assert not NoteAmendment.objects.exists()


# Printing ---------------------------------------------------------------------------------


def test_a_signed_note_prints_with_its_signature_and_amendments(world: World, visit, dana) -> None:
    note = signed(world, visit)
    note_services.amend(note, "Calf was the right one.", actor=world.therapist_user)
    page = text(dana.get(url("print", visit)))
    assert "Signed electronically by" in page and "on 3 November 2026 at 12:00" in page
    assert "Signature: ____" in page
    assert "Calf was the right one." in page
    assert "Riverside Massage · Session note" in page
    assert AuditEvent.objects.filter(action="care.note.printed", object_id=note.code).exists()


def test_a_draft_prints_marked_as_a_draft(world: World, visit, dana) -> None:
    note_services.save_draft(visit, NoteDraft(subjective="Half done."), actor=world.therapist_user)
    page = text(dana.get(url("print", visit)))
    assert "Draft — not signed." in page and "Signature:" not in page


def test_a_visit_without_a_note_has_nothing_to_print(visit, dana) -> None:
    assert dana.get(url("print", visit)).status_code == 404


def test_a_plans_notes_print_one_per_page_oldest_first(world: World, dana) -> None:
    plan = PlanOfCareFactory(practice=world.practice, client=world.client)
    first, second = visit_of(world, hours_ago=200, plan=plan), visit_of(world, plan=plan)
    signed(world, second)
    signed(world, first)
    visit_of(world, hours_ago=100)  # not in the plan
    response = dana.get(reverse("notes:plan_print", args=[plan.code]))
    page = text(response)
    assert page.count('class="note-print"') == 2
    assert page.index(first.starts_at.strftime("%-d %B")) < page.index(
        second.starts_at.strftime("%-d %B")
    )
    assert AuditEvent.objects.filter(action="care.note.printed").count() == 2


# Notes due --------------------------------------------------------------------------------


def test_a_therapist_sees_their_notes_due_oldest_first(world: World, dana) -> None:
    old = visit_of(world, hours_ago=72)
    recent = visit_of(world, hours_ago=5)
    signed(world, visit_of(world, hours_ago=30))
    colleague = TherapistFactory(practice=world.practice, user=UserFactory())
    AppointmentFactory(
        practice=world.practice,
        therapist=colleague,
        client=world.another_client,
        starts_at=NOW - dt.timedelta(hours=3),
    )
    page = text(dana.get(reverse("notes:due")))
    rows = re.findall(r'href="/staff/visits/([^/]+)/note/"', page)
    assert rows == [old.code, recent.code]
    assert "Vossbergen" not in page  # a colleague's client


def test_owners_see_everyones_notes_due_and_can_pick_a_therapist(world: World) -> None:
    visit_of(world, hours_ago=5)
    colleague = TherapistFactory(practice=world.practice, display_name="Oren Pelletier")
    AppointmentFactory(
        practice=world.practice,
        therapist=colleague,
        client=world.another_client,
        starts_at=NOW - dt.timedelta(hours=3),
    )
    owner = signed_in(world.owner)
    everyone = text(owner.get(reverse("notes:due")))
    assert "Quillfeather" in everyone and "Vossbergen" in everyone
    theirs = text(owner.get(reverse("notes:due"), {"therapist": colleague.code}))
    assert "Vossbergen" in theirs and "Quillfeather" not in theirs
    outsider = TherapistFactory(practice=world.other_practice)
    assert owner.get(reverse("notes:due"), {"therapist": outsider.code}).status_code == 404


def test_notes_due_runs_the_same_queries_for_one_visit_or_five(
    world: World, django_assert_max_num_queries
) -> None:
    owner = signed_in(world.owner)
    visit_of(world, hours_ago=50)
    with django_assert_max_num_queries(20) as one:
        owner.get(reverse("notes:due"))
    for hours in range(4):
        visit = visit_of(world, hours_ago=40 - 2 * hours)
        note_services.save_draft(visit, NoteDraft(subjective="Draft."), actor=world.owner)
    with django_assert_max_num_queries(len(one.captured_queries)) as five:
        page = text(owner.get(reverse("notes:due")))
    assert page.count("/note/") == 5
    assert len(five.captured_queries) == len(one.captured_queries)


# Links from the visit page, the dashboard and the plan page ------------------------------


def test_the_visit_page_links_clinicians_to_the_note(world: World, visit, dana) -> None:
    visit_page = reverse("visits:detail", args=[visit.code])
    assert "Write the note" in text(dana.get(visit_page))
    note_services.save_draft(visit, NoteDraft(subjective="Draft."), actor=world.therapist_user)
    assert "Open the note (draft)" in text(dana.get(visit_page))
    assert "the note" not in text(signed_in(world.front_desk).get(visit_page))


def test_the_dashboard_counts_notes_due_for_clinicians(world: World, dana) -> None:
    visit_of(world, hours_ago=5)
    visit_of(world, hours_ago=3)
    page = text(dana.get(reverse("practice:dashboard")))
    assert re.search(r'<span class="stat">2</span> <a href="/staff/notes/due/">notes due</a>', page)
    assert "notes due" not in text(signed_in(world.front_desk).get(reverse("practice:dashboard")))


def test_the_plan_section_lists_each_visits_note(world: World, django_assert_num_queries) -> None:
    plan = PlanOfCareFactory(practice=world.practice, client=world.client)
    done, drafted, missed = (visit_of(world, hours_ago=h, plan=plan) for h in (300, 150, 3))
    upcoming = visit_of(world, hours_ago=-48, plan=plan)
    visit_of(world, hours_ago=100, plan=plan, status="cancelled")
    signed(world, done)
    note_services.save_draft(drafted, NoteDraft(subjective="Draft."), actor=world.therapist_user)
    with django_assert_num_queries(1):
        section = notes_for_plan(plan)
    states = [(row["visit"], row["state"], row["due"]) for row in section["rows"]]
    assert states == [
        (done, "signed", False),
        (drafted, "draft", True),
        (missed, "missing", True),
        (upcoming, "upcoming", False),
    ]
    assert (section["signed"], section["due"]) == (1, 2)


def test_the_plan_page_shows_the_notes_section(world: World, dana) -> None:
    plan = PlanOfCareFactory(practice=world.practice, client=world.client)
    visit = visit_of(world, plan=plan)
    page = text(dana.get(reverse("plans:detail", args=[plan.code])))
    assert "Session notes" in page
    assert f'href="/staff/visits/{visit.code}/note/"' in page and "Write the note" in page


def test_times_show_in_the_practices_zone_across_the_clock_change(world: World, dana) -> None:
    """A visit at 10:30 BST on 24 October and the note signed at 10:00 GMT on 26 October."""
    visit = AppointmentFactory(
        practice=world.practice,
        therapist=world.therapist,
        client=world.client,
        starts_at=dt.datetime(2026, 10, 24, 9, 30, tzinfo=dt.UTC),
    )
    with time_machine.travel(dt.datetime(2026, 10, 26, 10, 0, tzinfo=dt.UTC), tick=False):
        sign(dana, visit)
        page = text(dana.get(url("visit", visit)))
    assert "Saturday 24 October 2026, 10:30" in page
    assert "on 26 October 2026 at 10:00" in page
    assert timezone.localtime(SessionNote.objects.get().signed_at).hour == 10


def test_a_cancelled_visit_without_a_note_has_none_to_write(world: World, dana) -> None:
    visit = visit_of(world, status="cancelled")
    response = dana.get(url("visit", visit), follow=True)
    assert response.redirect_chain[-1][0] == reverse("visits:detail", args=[visit.code])
    assert "This visit was cancelled or missed: there is no note to write." in text(response)


def test_a_signed_notes_page_runs_the_same_queries_with_more_amendments(
    world: World, visit, dana, django_assert_max_num_queries
) -> None:
    note = signed(world, visit)
    note_services.amend(note, "First.", actor=world.therapist_user)
    with django_assert_max_num_queries(30) as one:
        dana.get(url("visit", visit))
    for n in range(4):
        note_services.amend(note, f"More {n}.", actor=world.therapist_user)
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = text(dana.get(url("visit", visit)))
    assert page.count('class="note-amendment"') == 5
