"""SOAP notes: the note of a visit (write, autosave, sign, amend), printing, notes due.

Clinicians only (owners and therapists, two-factor authentication used in the session);
the front desk and other practices get 404. Every view of a note writes an audit event.

The note page opens a visit's draft (or, for a visit without a note, the template
prefilled), saves it as the therapist types (htmx posts the form and gets back a small
"Draft saved" status; without JavaScript the Save draft button does the same) and signs
it. A signed note is shown read-only with its dated amendments.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, pgettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from easeplan.accounts.audit import AuditContext, log_action, log_views
from easeplan.booking.models import Appointment
from easeplan.lib import htmx
from easeplan.practice.access import clinical_records
from easeplan.practice.http import StaffRequest
from easeplan.practice.schedule import practice_therapists

from ..models import NoteAmendment, PlanOfCare, SessionNote, VisitConsent
from . import checkins, labels
from . import regions as body_regions
from . import rules as soap
from . import services as note_services
from .forms import AmendmentForm, NoteForm, initial_from_note, initial_from_template
from .services import Cautions, NoteRefused

DUE_SHOWN = 200


# -- loading --------------------------------------------------------------------------------


def _visit(request: StaffRequest, code: str) -> Appointment:
    """The practice's visit with this code, or 404."""
    return get_object_or_404(
        Appointment.objects.for_practice(request.practice).select_related(
            "client", "therapist", "service", "practice", "plan", "plan__assessment"
        ),
        code=code,
    )


def _notes() -> Any:
    """Notes with what their pages show, in a fixed number of queries."""
    return SessionNote.objects.select_related("author", "signed_by").prefetch_related(
        Prefetch("amendments", queryset=NoteAmendment.objects.select_related("author"))
    )


def _note_of(visit: Appointment) -> SessionNote | None:
    return _notes().filter(appointment=visit).first()


def _page_url(visit: Appointment) -> str:
    return reverse("notes:visit", args=[visit.code])


def checkin_pain(visit: Appointment) -> int | None:
    """Today's pain (0–10): "pain now" of the client's check-in before this visit, to
    prefill the note (one query); None without a completed check-in."""
    return checkins.pain_before(visit)


def with_checkin(visit: Appointment, initial: dict[str, Any]) -> dict[str, Any]:
    """A new note's Subjective starts with the check-in's answers, if there are any."""
    line = checkins.subjective_line(visit)
    if line:
        initial["subjective"] = f"{line}\n{initial.get('subjective') or ''}"
    return initial


# -- what the page shows --------------------------------------------------------------------


def _consent_today(visit: Appointment) -> VisitConsent | None:
    return VisitConsent.objects.filter(appointment=visit).select_related("recorded_by").first()


def _rows(choices: list[body_regions.RegionChoice]) -> list[dict[str, Any]]:
    """The tick list's rows: one per region, with its left and right (or single) box."""
    rows: dict[str, dict[str, Any]] = {}
    for choice in choices:
        region = choice.region
        row = rows.setdefault(
            region.key,
            {"region": region, "label": labels.region_name(region), "choices": []},
        )
        row["choices"].append(choice)
    return list(rows.values())


def _view_name(view: str) -> str:
    """'Back' or 'Front': the body seen from behind or from the front."""
    if view == "back":
        return pgettext("body map, seen from behind", "Back")
    return pgettext("body map, seen from the front", "Front")


def _corner(side: str) -> str:
    """The one-letter mark of the client's left or right on the body map."""
    if side == "left":
        return pgettext("body map, the client's left", "L")
    return pgettext("body map, the client's right", "R")


def body_map(chosen: list[str], *, avoided: set[str] | None = None) -> dict[str, Any]:
    """What templates/care/notes/partials/_body_map.html draws: both views, the tick list."""
    return {
        "views": [
            {
                "key": view,
                "label": _view_name(view),
                "legend": gettext(body_regions.VIEW_LEGENDS[view]),
                "help": gettext(body_regions.VIEW_HELP[view]),
                "drawn": [
                    {"choice": d.choice, "shape": d.shape, "label": labels.choice_label(d.choice)}
                    for d in body_regions.drawing(view)
                ],
                "rows": _rows(choices),
                # The client's left and right at the top corners of the figure.
                "near": _corner("left") if view == "back" else _corner("right"),
                "far": _corner("right") if view == "back" else _corner("left"),
            }
            for view, choices in body_regions.choices_by_view()
        ],
        "chosen": set(chosen),
        "chosen_labels": labels.region_labels(chosen),
        "avoided": avoided or set(),
        "outline": body_regions.OUTLINE.svg_points,
        "head": body_regions.HEAD,
        "all_choices": list(body_regions.REGION_CHOICES.values()),
    }


def _choice_lists(form: NoteForm, cautions: Cautions, template: soap.Template) -> dict[str, Any]:
    """Techniques and pressures to tick, each marked when chosen, usual or ruled out."""
    chosen_t, pressure = set(form.chosen_techniques), form.chosen_pressure
    usual = set(template.suggested_techniques)
    techniques = [
        {
            "technique": t,
            "label": labels.technique_label(t),
            "chosen": t.code in chosen_t,
            "usual": t.code in usual,
            "ruled_out": bool(t.ruled_out_by & cautions.blocked),
        }
        for t in soap.TECHNIQUES
    ]
    pressures = [
        {
            "code": code,
            "label": labels.pressure_label(code),
            "chosen": code == pressure,
            "ruled_out": bool(soap.PRESSURE_RULED_OUT_BY.get(code, frozenset()) & cautions.blocked),
        }
        for code in ("", *soap.PRESSURES)
    ]
    avoided = {code for area in cautions.avoided_areas for code in soap.regions_matching(area)}
    return {
        "techniques": techniques,
        "pressures": pressures,
        "map": body_map(form.chosen_regions, avoided=avoided),
        "template": template,
        "template_name": labels.template_name(template),
        "usual_regions": sorted(
            {
                labels.region_name(body_regions.REGION_CHOICES[c].region)
                for c in template.suggested_regions
            }
        ),
    }


def _warnings(
    regions: list[str],
    techniques: list[str],
    pressure: str,
    cautions: Cautions,
    consent: VisitConsent | None,
) -> dict[str, Any]:
    """The warnings above the form: clashes with contraindications, gluteal consent."""
    gluteal = soap.gluteal_regions(regions)
    confirmed = consent is not None and consent.answer == VisitConsent.Answer.CONFIRMED
    return {
        "conflicts": [
            (labels.conflict_label(c), cautions.why(c))
            for c in cautions.conflicts(regions, techniques, pressure)
        ],
        "gluteal_unconfirmed": labels.region_labels(gluteal) if gluteal and not confirmed else [],
    }


def _context(
    request: HttpRequest,
    visit: Appointment,
    note: SessionNote | None,
    form: NoteForm | None,
    cautions: Cautions,
) -> dict[str, Any]:
    consent = _consent_today(visit)
    context: dict[str, Any] = {
        "visit": visit,
        "client": visit.client,
        "plan": visit.plan,
        "note": note,
        "form": form,
        "cautions": cautions,
        "consent_today": consent,
        "page_url": _page_url(visit),
        "section": "clients",
        "is_author": note is not None and note.author_id == request.user.pk,
    }
    if form is not None:
        context |= _choice_lists(form, cautions, note_services.template_for_visit(visit, cautions))
        regions, techniques = form.chosen_regions, form.chosen_techniques
        context |= _warnings(regions, techniques, form.chosen_pressure, cautions, consent)
    else:
        assert note is not None
        context["map"] = body_map(list(note.regions))
        context["technique_labels"] = labels.technique_labels(note.techniques)
        if not note.signed:
            context |= _warnings(note.regions, note.techniques, note.pressure, cautions, consent)
        elif context["is_author"]:
            context["amendment_form"] = AmendmentForm()
    return context


def _editable(note: SessionNote | None, user: Any) -> bool:
    return note is None or (not note.signed and note.author_id == user.pk)


def _form_for(visit: Appointment, note: SessionNote | None, cautions: Cautions) -> NoteForm:
    if note is not None:
        return NoteForm(initial=initial_from_note(note))
    template = note_services.template_for_visit(visit, cautions)
    initial = initial_from_template(template, checkin_pain(visit))
    return NoteForm(initial=with_checkin(visit, initial))


def _page(
    request: HttpRequest,
    visit: Appointment,
    note: SessionNote | None,
    form: NoteForm | None,
    *,
    status: int = 200,
    refused: str = "",
    cautions: Cautions | None = None,
) -> HttpResponse:
    cautions = cautions or note_services.cautions_for(visit)
    context = _context(request, visit, note, form, cautions) | {"refused": refused}
    return render(request, "care/notes/page.html", context, status=status)


# -- the note of a visit --------------------------------------------------------------------


@clinical_records
@require_http_methods(["GET", "POST"])
def note_page(request: StaffRequest, code: str) -> HttpResponse:
    """The visit's note: the draft form for its author (or to start one), else read-only."""
    visit = _visit(request, code)
    note = _note_of(visit)
    if request.method == "POST":
        return _save(request, visit, note)
    log_action(
        request.user,
        "care.note.viewed",
        note if note is not None else visit,
        {"appointment": visit.code, "note": "yes" if note is not None else "not started"},
        audit=AuditContext.of(request),
    )
    if not _editable(note, request.user):
        return _page(request, visit, note, None)
    if note is None and visit.status in note_services.CLOSED_VISITS:
        messages.info(
            request, gettext("This visit was cancelled or missed: there is no note to write.")
        )
        return redirect("visits:detail", code=visit.code)
    cautions = note_services.cautions_for(visit)
    return _page(request, visit, note, _form_for(visit, note, cautions), cautions=cautions)


def _save(request: StaffRequest, visit: Appointment, note: SessionNote | None) -> HttpResponse:
    """Save the draft: the htmx autosave gets the status line, a plain POST a redirect."""
    try:
        if note is not None:
            note_services.check_changeable(note, request.user)
    except NoteRefused as refused:
        return _refused(request, visit, note, refused)
    form = NoteForm(request.POST)
    if not form.is_valid():
        if htmx.wants_fragment(request):
            return _status(request, visit, note, form=form)
        return _page(request, visit, note, form, status=400)
    try:
        note = note_services.save_draft(
            visit, form.draft(), actor=request.user, audit=AuditContext.of(request)
        )
    except NoteRefused as refused:
        return _refused(request, visit, note, refused)
    if htmx.wants_fragment(request):
        return _status(request, visit, note, form=form)
    messages.success(request, gettext("Draft saved. It is not signed yet."))
    return redirect(_page_url(visit))


def _refused(
    request: StaffRequest, visit: Appointment, note: SessionNote | None, refused: NoteRefused
) -> HttpResponse:
    """Nothing saved, and why: in the status line (autosave) or as a message."""
    if htmx.wants_fragment(request):
        return _status(request, visit, note, refused=refused.message)
    messages.error(request, refused.message)
    return redirect(_page_url(visit))


def _status(
    request: StaffRequest,
    visit: Appointment,
    note: SessionNote | None,
    *,
    form: NoteForm | None = None,
    refused: str = "",
) -> HttpResponse:
    """The autosave's answer: "Draft saved 14:05" (or why not), and fresh warnings."""
    context: dict[str, Any] = {"note": note, "refused": refused, "form": form, "oob": True}
    if form is not None and form.is_valid():
        cautions = note_services.cautions_for(visit)
        regions, techniques = form.chosen_regions, form.chosen_techniques
        warnings = _warnings(
            regions, techniques, form.chosen_pressure, cautions, _consent_today(visit)
        )
        context |= warnings | {"cautions": cautions, "visit": visit, "client": visit.client}
    return htmx.render_fragment(request, "care/notes/partials/_status.html", context)


@clinical_records
@require_POST
def sign(request: StaffRequest, code: str) -> HttpResponse:
    """Sign and lock the note. The form's Sign button posts the whole note, which is saved
    and signed together; if signing is refused nothing is saved and the page says why."""
    visit = _visit(request, code)
    posted = NoteForm(request.POST)
    # The note's own form carries note_form=1; a bare "Sign" signs the saved draft.
    form = posted if posted["note_form"].data == "1" else None
    if form is not None and not form.is_valid():
        return _page(request, visit, _note_of(visit), form, status=400)
    try:
        note_services.sign_note(
            visit,
            actor=request.user,
            draft=form.draft() if form is not None else None,
            audit=AuditContext.of(request),
        )
    except NoteRefused as refused:
        note = _note_of(visit)
        if form is not None and _editable(note, request.user):
            return _page(request, visit, note, form, status=400, refused=refused.message)
        messages.error(request, refused.message)
        return redirect(_page_url(visit))
    messages.success(
        request, gettext("Note signed. It can't be changed now; add an amendment to correct it.")
    )
    return redirect(_page_url(visit))


@clinical_records
@require_POST
def amend(request: StaffRequest, code: str) -> HttpResponse:
    """Add a dated amendment to the signed note (its author only)."""
    visit = _visit(request, code)
    note = _note_of(visit)
    form = AmendmentForm(request.POST)
    if note is None:
        messages.error(request, gettext("There is no note to amend yet."))
    elif not form.is_valid():
        messages.error(request, str(form.errors["text"][0]))
    else:
        try:
            note_services.amend(
                note, form.cleaned_data["text"], actor=request.user, audit=AuditContext.of(request)
            )
        except NoteRefused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, gettext("Amendment added with your name and the time."))
    return redirect(f"{_page_url(visit)}#amendments")


# -- printing -------------------------------------------------------------------------------


def _printed(request: StaffRequest, notes: list[SessionNote], title: str) -> HttpResponse:
    log_views(request.user, "care.note.printed", notes, audit=AuditContext.of(request))
    rows = [
        {
            "note": note,
            "map": body_map(list(note.regions)),
            "technique_labels": labels.technique_labels(note.techniques),
        }
        for note in notes
    ]
    context = {"rows": rows, "title": title, "section": "clients"}
    return render(request, "care/notes/print.html", context)


def _with_visits(notes: Any) -> Any:
    return notes.select_related(
        "appointment__therapist", "appointment__service", "client", "practice"
    )


@clinical_records
@require_GET
def print_note(request: StaffRequest, code: str) -> HttpResponse:
    """One note on a printed page: signature line (or DRAFT) and amendments."""
    visit = _visit(request, code)
    note = _with_visits(_notes()).filter(appointment=visit).first()
    if note is None:
        raise Http404("This visit has no note.")
    title = gettext("Session note: %(client)s") % {"client": visit.client.full_name}
    return _printed(request, [note], title)


@clinical_records
@require_GET
def print_plan_notes(request: StaffRequest, code: str) -> HttpResponse:
    """Every note of a plan of care, oldest first, one per printed page."""
    plan = get_object_or_404(
        PlanOfCare.objects.for_practice(request.practice).select_related("client"),
        code=code,
    )
    notes = list(
        _with_visits(_notes()).filter(appointment__plan=plan).order_by("appointment__starts_at")
    )
    printed = {"notes": len(notes)}
    log_action(
        request.user, "care.plan.notes_printed", plan, printed, audit=AuditContext.of(request)
    )
    title = gettext("Session notes: %(client)s, %(plan)s") % {
        "client": plan.client.full_name,
        "plan": plan.title,
    }
    return _printed(request, notes, title)


# -- notes due ------------------------------------------------------------------------------


@clinical_records
@require_GET
def notes_due(request: StaffRequest) -> HttpResponse:
    """Visits that took place without a signed note, oldest first: a therapist's own;
    owners see everyone's and can pick one therapist."""
    practice = request.practice
    is_owner = request.membership.role == "owner"
    now = timezone.now()
    therapists = practice_therapists(practice) if is_owner else []
    chosen = None
    if is_owner and request.GET.get("therapist"):
        chosen = next((t for t in therapists if t.code == request.GET["therapist"]), None)
        if chosen is None:
            raise Http404("No such therapist.")
    visits = note_services.due_visits(
        practice, now=now, therapist=chosen, user=None if is_owner else request.user
    ).select_related("client", "therapist", "service", "note")
    total = visits.count()
    context = {
        "visits": list(visits[:DUE_SHOWN]),
        "total": total,
        "shown": DUE_SHOWN,
        "is_owner": is_owner,
        "therapists": therapists,
        "chosen": chosen,
        "section": "clients",
    }
    return render(request, "care/notes/due.html", context)
