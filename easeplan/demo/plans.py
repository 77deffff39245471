"""The demo practice's plans of care: one in every state a therapist meets.

Each client's first visit is their assessment; the treatments after it are the plan's
visits. Plans go through the same services as the app (create, change status, discharge),
so their history and audit trail are real.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils import timezone

from easeplan.accounts.models import User
from easeplan.booking.models import Appointment
from easeplan.care.consent import services as consent_services
from easeplan.care.intake import rules as intake
from easeplan.care.models import Intake, PlanOfCare, Prescription
from easeplan.care.notes import regions as body_map
from easeplan.care.notes import services as note_services
from easeplan.care.plans import rules as plans
from easeplan.care.plans import services as plan_services
from easeplan.care.plans.services import PlanTerms, change_status, create_plan, discharge
from easeplan.care.programme import rules as exercises
from easeplan.care.programme import services as programme_services
from easeplan.outcomes import instruments, measures
from easeplan.outcomes.checkins import services as outcomes
from easeplan.outcomes.models import CheckIn
from easeplan.practice.models import Client, Therapist
from easeplan.screening.models import Assessment

Status = PlanOfCare.Status


@dataclass(frozen=True)
class DemoPlan:
    status: str
    goals: tuple[str, ...]
    baseline_pain: int
    extra_visits: int = 0  # planned beyond the visits already in the calendar
    reason: str = ""
    closing_note: str = ""
    condition: str = PlanOfCare.Condition.PIRIFORMIS


RUN = ("Run my 10 km loop without buttock pain", "Sit through a workday", "Sleep through")
DEMO_PLANS: dict[int, DemoPlan] = {
    0: DemoPlan(Status.ACTIVE, RUN, 7, extra_visits=1),  # Sam Taylor, the client login
    1: DemoPlan(
        Status.COMPLETED,
        ("Get in and out of the car easily", "Walk the dog for an hour"),
        6,
        reason="All planned visits done; review booked with the surgeon.",
        condition=PlanOfCare.Condition.HIP,
    ),
    2: DemoPlan(Status.ACTIVE, ("Sit through a film", "Climb stairs at work"), 6),
    3: DemoPlan(Status.ACTIVE, ("Sit at my desk for an afternoon", "Sleep on my side"), 5),
    4: DemoPlan(
        Status.PAUSED,
        ("Play five-a-side again", "Drive to my parents' without stopping"),
        7,
        reason="Waiting for his GP to rule out a clot in the calf.",
    ),
    5: DemoPlan(
        Status.DISCHARGED,
        ("Garden for an afternoon", "Sit through a concert"),
        6,
        reason="Goals met",
        closing_note="Five visits over five weeks. Sitting pain from 6 to 1 out of 10; "
        "gardens for an afternoon again. Keeps the figure-4 and clamshell three times a "
        "week. Come back if the ache returns for more than a week.",
    ),
    6: DemoPlan(Status.ACTIVE, ("Squat to pick up my daughter", "Run 5 km"), 6),
    7: DemoPlan(
        Status.ABANDONED,
        ("Cycle to work", "Sit through a train journey"),
        5,
        reason="Stopped coming after the third visit; two messages unanswered.",
    ),
    8: DemoPlan(Status.ACTIVE, ("Ride 100 km on Sundays", "Sit through a meeting"), 6),
    9: DemoPlan(
        Status.DISCHARGED,
        ("Sleep through the night",),
        8,
        reason="Referred to a doctor",
        closing_note="Night pain not eased by any position, with osteoporosis: referred to "
        "her GP before treatment goes on (letter sent).",
        condition=PlanOfCare.Condition.LOW_BACK,
    ),
    10: DemoPlan(Status.PROPOSED, ("Train for a half marathon", "Sprint without pain"), 5),
    11: DemoPlan(Status.ACTIVE, ("Sit through a school play", "Carry shopping upstairs"), 6),
}
# Clients who stopped after their first treatment (the number the outcomes dashboard's
# drop-off rate is about): first name, last name, days since that treatment, plan status.
DROP_OFFS: tuple[tuple[str, str, int, str], ...] = (
    ("Nadia", "Haddad", 31, Status.ABANDONED),
    ("Owen", "Price", 24, Status.ACTIVE),
    ("Mei", "Chen", 17, Status.ACTIVE),
)
DROP_OFF_PLAN = DemoPlan(
    Status.ACTIVE,
    ("Sit through a workday", "Walk to the shops and back"),
    6,
    extra_visits=4,
    reason="No visit since the first treatment; two messages unanswered.",
)
# The client who missed their last visit and booked nothing since: drifting off plan.
DRIFTING = 6
# The plan whose review is due today.
REVIEW_DUE = 11


def seed_plans(
    clients: Sequence[Client], therapists: Sequence[Therapist], *, today: dt.date
) -> list[PlanOfCare]:
    """A plan for each demo client, its treatments linked, in the state DEMO_PLANS says."""
    made = []
    for index, wanted in DEMO_PLANS.items():
        client = clients[index]
        visits = list(client.appointments.select_related("service").order_by("starts_at"))
        treatments = visits[1:] if wanted.status != Status.PROPOSED else []
        if index == DRIFTING:
            _miss_the_last_visit(treatments)
        therapist = therapists[index % len(therapists)]
        plan = _create(client, therapist, wanted, treatments, today, index == REVIEW_DUE)
        if treatments:
            Appointment.objects.filter(pk__in=[v.pk for v in treatments]).update(plan=plan)
            for visit in treatments:
                visit.plan = plan
        _write_notes(plan, treatments, wanted)
        if index == 0:  # the demo client: weekly check-ins since the assessment
            _weekly_check_ins(plan, since=visits[0].starts_at, baseline=wanted.baseline_pain)
        _prescribe(plan, wanted, today, since=min(visits[0].starts_at, timezone.now()))
        _move_to(plan, wanted)
        made.append(plan)
    return made


def seed_drop_offs(
    found: Sequence[tuple[Client, Therapist, list[Appointment]]], *, today: dt.date
) -> list[PlanOfCare]:
    """Plans of 5 visits of which only the first took place (the assessment before it is
    not a plan visit); the oldest was given up, the others are still open and drifting."""
    made = []
    for (client, therapist, (_, treatment)), (*_, status) in zip(found, DROP_OFFS, strict=True):
        plan = _create(client, therapist, DROP_OFF_PLAN, [treatment], today, review_due=False)
        treatment.plan = plan
        treatment.save(update_fields=["plan"])
        _write_notes(plan, [treatment], DROP_OFF_PLAN)
        _prescribe(plan, DROP_OFF_PLAN, today, since=treatment.starts_at)
        if status == Status.ABANDONED:
            change_status(plan, status, reason=DROP_OFF_PLAN.reason)
        made.append(plan)
    return made


def _write_notes(plan: PlanOfCare, treatments: list[Appointment], wanted: DemoPlan) -> None:
    """A signed note for every treatment that took place, pain easing visit by visit;
    gluteal work only where the client confirmed it for that session."""
    now = timezone.now()
    author = plan.therapist.user if plan.therapist else None
    done = [v for v in treatments if plan_services.attended(v, now)]
    # Most clients improve visit by visit; the one referred to a doctor does not.
    step = 0 if wanted.reason == "Referred to a doctor" else 1
    for number, visit in enumerate(done):
        pain = max(wanted.baseline_pain - 2 * step * number, 1)
        _check_in(plan, visit, number * step, baseline=wanted.baseline_pain)
        regions = [
            body_map.region_code("low_back", "right"),
            body_map.region_code("hamstrings", "right"),
        ]
        try:
            consent_services.record_session_consent(visit, answer="confirmed", actor=author)
            regions += [body_map.region_code(k, "right") for k in ("piriformis", "glutes")]
        except consent_services.ConsentRefused:
            pass  # no consent that allows gluteal work: the area is left alone
        draft = note_services.NoteDraft(
            pain_today=pain,
            subjective=f"Pain {pain}/10 today; "
            + ("sitting is easier than last week." if step else "no easier than last week."),
            objective="Tender right piriformis; hip internal rotation tight on the right.",
            assessment="Improving as planned." if step else "No change since the last visit.",
            plan="Continue the plan and the home stretches.",
            regions=tuple(regions),
            techniques=("trigger_point", "myofascial_release", "stretching"),
            pressure="moderate",
            client_response="Relaxed well; no soreness on standing.",
        )
        note_services.start_note(visit, actor=author)
        note_services.sign_note(visit, actor=author, draft=draft)


def _check_in(plan: PlanOfCare, visit: Appointment, better: int, *, baseline: int) -> None:
    """The client's check-in before `visit`, `better` steps on from the first one."""
    before = visit.starts_at - dt.timedelta(minutes=30)
    asked = outcomes.questions_for(plan, visit, before)
    answers = {
        i.code: {item.code: _answer(i.code, item, better, baseline) for item in i.items}
        for i in asked
    }
    outcomes.record(outcomes.visit_checkin(visit), answers, actor=None, now=before)


def _weekly_check_ins(plan: PlanOfCare, *, since: dt.datetime, baseline: int) -> None:
    """Weekly check-ins answered between the assessment and today, easing week by week."""
    now = timezone.now()
    sent, week = since + dt.timedelta(days=1), 0
    while sent < now:
        checkin = CheckIn.objects.create(
            practice=plan.practice,
            client=plan.client,
            plan=plan,
            kind=CheckIn.Kind.WEEKLY,
            sent_at=sent,
            expires_at=sent + dt.timedelta(days=7),
        )
        answered = min(sent + dt.timedelta(hours=3), now)
        asked = outcomes.questions_for(plan, None, answered)
        answers = {
            i.code: {item.code: _answer(i.code, item, week, baseline) for item in i.items}
            for i in asked
        }
        outcomes.record(checkin, answers, actor=None, now=answered)
        sent, week = sent + dt.timedelta(days=7), week + 1


def _answer(code: str, item: instruments.Item, better: int, baseline: int) -> int:
    if item.yes_no:  # RMDQ-24: fewer statements apply as the back settles
        return int(int(item.code[1:]) <= max(12 - 3 * better, 0))
    if code == measures.GROC.code:
        return min(1 + better, item.max)
    if code.startswith("psfs"):
        return min(3 + 2 * better, item.max)
    if code in (measures.SLEEP.code, measures.MOOD.code):
        return max(baseline - 2 - better, item.min)
    return max(baseline - 2 * better, item.min)  # pain (NPRS): easing 2 points a visit


def _prescribe(plan: PlanOfCare, wanted: DemoPlan, today: dt.date, since: dt.datetime) -> None:
    """Two stretches and a strengthening exercise from the first visit, skipping what the
    client's answers rule out; the demo client ticked off most of last week's sessions."""
    if wanted.status == Status.PROPOSED:
        return
    author = plan.therapist.user if plan.therapist else None
    for code in ("figure_4_stretch", "seated_glute_stretch", "clamshell"):
        exercise = exercises.BY_CODE[code]
        try:
            prescription = programme_services.prescribe(
                plan, code, exercise.dosage, actor=author, now=since
            )
        except programme_services.ProgrammeRefused:
            continue
        if plan.client.user is not None:
            _tick_last_days(prescription, plan.client.user, today)


def _tick_last_days(prescription: Prescription, user: User, today: dt.date) -> None:
    for back in (1, 2, 4, 5, 6):  # a missed day or two, like real life
        day = today - dt.timedelta(days=back)
        if day >= prescription.prescribed_at.astimezone(prescription.practice.zone).date():
            programme_services.tick(prescription, day=day, session=1, user=user)


def _create(
    client: Client,
    therapist: Therapist,
    wanted: DemoPlan,
    treatments: list[Appointment],
    today: dt.date,
    review_due: bool,
) -> PlanOfCare:
    zone = client.practice.zone
    starts_on = treatments[0].starts_at.astimezone(zone).date() if treatments else today
    count = max(len(treatments) + wanted.extra_visits, 1)
    if wanted.status == Status.PROPOSED:
        count = plans.DEFAULT_VISITS
    weeks = max(count - 1, 1)
    booked_as = Counter(v.service for v in treatments).most_common(1)
    service = booked_as[0][0] if booked_as else client.practice.services.last()
    review_on = today if review_due else plans.review_date(starts_on, weeks)
    terms = PlanTerms(
        condition=wanted.condition,
        condition_detail="",
        goals=list(wanted.goals),
        visits_planned=count,
        weeks=weeks,
        frequency_days=7,
        starts_on=starts_on,
        review_on=review_on,
        glute_work_every_session=_is_active(client),
        baseline_pain=wanted.baseline_pain,
        therapist=therapist,
        service=service,
    )
    # The assessment the plan was agreed at: the latest on or before its start.
    assessment = (
        Assessment.objects.filter(client=client, assessed_on__lte=starts_on)
        .order_by("-assessed_on")
        .first()
    )
    return create_plan(
        client,
        terms,
        actor=None,
        assessment=assessment,
        activate=wanted.status != Status.PROPOSED,
    )


def _is_active(client: Client) -> bool:
    found = Intake.objects.filter(client=client).first()
    return bool(found and found.completed and intake.is_active(found.answers))


def _move_to(plan: PlanOfCare, wanted: DemoPlan) -> None:
    if wanted.status in (Status.ACTIVE, Status.PROPOSED):
        return
    if wanted.status == Status.DISCHARGED:
        discharge(plan, closing_note=wanted.closing_note, reason=wanted.reason, actor=None)
        return
    change_status(plan, wanted.status, reason=wanted.reason)


def _miss_the_last_visit(treatments: list[Appointment]) -> None:
    """The last past treatment was missed and the later ones cancelled."""
    now = timezone.now()
    past = [v for v in treatments if v.starts_at < now]
    if not past:
        return
    missed = past[-1]
    missed.status = Appointment.Status.NO_SHOW
    missed.save(update_fields=["status"])
    for later in treatments:
        if later.starts_at > now and later.status == Appointment.Status.BOOKED:
            later.status, later.cancelled_at = Appointment.Status.CANCELLED, now
            later.save(update_fields=["status", "cancelled_at"])
