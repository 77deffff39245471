"""The demo practice's clinical side: intakes, consents, self-checks and assessments.

Clients are chosen to show every state a therapist meets: complete and incomplete intakes,
a draft, contraindications of each level (a possible clot to postpone, varicose veins to
avoid, blood thinners, pregnancy, osteoporosis, a posterior hip replacement that blocks the
FAIR-position tests), a revoked gluteal consent, assessments and a referral letter.
Everything goes through the same services as the app, so the audit trail is real too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.utils import timezone

from easeplan.care.consent import rules as consents
from easeplan.care.consent import services as consent_services
from easeplan.care.intake import rules as intake
from easeplan.care.intake.services import submit_intake
from easeplan.care.models import Intake
from easeplan.practice.models import Client, Therapist
from easeplan.screening.assessments import services as screening
from easeplan.screening.models import SelfCheck
from easeplan.screening.rules import clinical_tests as ct
from easeplan.screening.rules import self_check as rules

BASE = {
    "emergency_contact_relation": "Partner",
    "areas": ["buttock", "hip"],
    "both_sides": False,
    "aggravators": ["sitting", "stairs"],
    "tender_deep_in_buttock": True,
    "worse_when_hip_stretched": False,
    "onset": "gradual",
    "duration": "months",
    "red_flags": [],
    "health_history": "",
    "medications": "",
    "anticoagulants": False,
    "conditions": [],
    "pregnancy": "no",
    **{key: "" for key in intake.LOCAL_AREAS},
    "hip_replacement": "none",
    "hip_approach": "",
    "hip_replaced_on": "",
    "surgeon_cleared_hip": False,
    "activities": ["desk"],
}

# Client index (demo.CLIENTS order) -> what differs from BASE. None: no intake submitted.
INTAKES: dict[int, dict[str, Any] | None] = {
    0: {  # Sam Taylor, the demo client login: a runner, nothing to watch out for
        "activities": ["running", "desk"],
        "aggravators": ["sitting", "running", "stairs"],
        "worse_when_hip_stretched": True,
        "goals": "Run my 10 km loop again without buttock pain, and sit through a workday.",
    },
    1: {  # Alex Morgan: posterior hip replacement, not yet cleared
        "hip_replacement": "right",
        "hip_approach": "posterior",
        "hip_replaced_on": -70,  # days before today
        "medications": "Paracetamol as needed",
        "goals": "Walk the dog for an hour without the buttock aching.",
    },
    2: {  # Jordan Hughes: blood thinners
        "anticoagulants": True,
        "medications": "Apixaban 5 mg twice daily",
        "activities": ["cycling"],
        "goals": "Ride to work again and sleep without waking from hip pain.",
    },
    3: {  # Chloe Bennett: pregnant (and she revokes gluteal consent below)
        "pregnancy": "yes",
        "areas": ["buttock", "back"],
        "goals": "Be more comfortable sitting and sleeping.",
    },
    4: {  # Ravi Patel: a calf that is swollen, hot and red — postpone
        "conditions": ["calf_swollen_hot_red"],
        "activities": ["other_sport"],
        "goals": "Back to five-a-side football.",
    },
    5: {  # Emma Walsh: varicose veins to avoid
        "varicose_vein_areas": "left calf, back of the left knee",
        "goals": "Sit at my desk all afternoon without pain down the leg.",
        "areas": ["buttock", "down_the_leg"],
    },
    8: {  # Liam O'Brien: a cyclist with the whole pattern
        "activities": ["cycling"],
        "worse_when_hip_stretched": True,
        "goals": "Finish a 100 km sportive in June.",
    },
    9: {  # Sofia Rossi: osteoporosis and pain at night — see a doctor first
        "conditions": ["osteoporosis"],
        "red_flags": ["night_pain"],
        "goals": "Sleep through the night.",
    },
    10: {  # Ben Carter: an athlete
        "activities": ["other_sport", "running"],
        "goals": "Sprint training without the hamstring and buttock tightening.",
    },
}
DRAFTS = {6: {"phone": "0117 496 0456", "goals": "Less pain driving"}}  # Daniel Kowalski
GLUTEAL = {0: consents.OVER_SHEET, 1: consents.DIRECT, 2: consents.OVER_SHEET, 3: consents.DIRECT}
GLUTEAL.update({8: consents.DIRECT, 10: consents.DIRECT, 5: consents.NO_GLUTEAL_WORK})
REVOKED_GLUTEAL = 3

# Assessments, each recorded at the client's assessment visit (their first):
# client index -> (test results, features, notes).
ASSESSMENTS = {
    0: (
        {
            ct.SEATED_PIRIFORMIS_STRETCH: "positive",
            ct.ACTIVE_PIRIFORMIS: "positive",
            ct.FAIR: "positive",
        },
        ["buttock_pain", "worse_sitting", "sciatic_notch_tenderness"],
        "Right-sided deep buttock pain since increasing mileage; straight-leg raise normal.",
    ),
    1: (
        {ct.ACTIVE_PIRIFORMIS: "negative", ct.SCIATIC_NOTCH_PALPATION: "positive"},
        ["buttock_pain", "sciatic_notch_tenderness"],
        "FAIR-position tests not done: posterior hip replacement, awaiting surgeon's clearance.",
    ),
    8: (
        {
            ct.SEATED_PIRIFORMIS_STRETCH: "negative",
            ct.ACTIVE_PIRIFORMIS: "positive",
            ct.PACE: "positive",
            ct.STRAIGHT_LEG_RAISE: "negative",
        },
        ["buttock_pain", "worse_sitting", "sciatic_notch_tenderness", "piriformis_tension_pain"],
        "Left side. Long hours in the saddle; symptoms settle after stretching.",
    ),
    9: (
        {ct.ACTIVE_PIRIFORMIS: "negative", ct.STRAIGHT_LEG_RAISE: "negative"},
        ["buttock_pain"],
        "Deep buttock ache with osteoporosis; no pain at night. Gentle work, review in a month.",
    ),
}
# Re-assessed at the last visit that took place: client index -> (results, features, notes).
REASSESSMENTS = {
    9: (
        {ct.ACTIVE_PIRIFORMIS: "negative", ct.STRAIGHT_LEG_RAISE: "positive"},
        ["buttock_pain"],
        "No change after three treatments, and new pain at night not eased by any position; "
        "referred to her GP before treatment goes on.",
    ),
}
REFERRAL = (
    9,
    "Pain at night not relieved by any position, with osteoporosis: please assess "
    "before massage treatment continues.",
)


def seed_clinical(
    clients: Sequence[Client], therapists: Sequence[Therapist], *, today: dt.date
) -> None:
    """Intakes, self-checks, consents and assessments for the demo clients."""
    now = timezone.now()
    for index, overrides in INTAKES.items():
        if overrides is not None:
            _submit(clients[index], overrides, today=today)
    for index, draft in DRAFTS.items():
        Intake.objects.create(
            practice_id=clients[index].practice_id,
            client=clients[index],
            draft=draft,
            draft_saved_at=now,
        )
    for index in (0, 6):  # they took the self-check before booking their assessment
        told = {**BASE, **(INTAKES.get(index) or {})}
        first = clients[index].appointments.order_by("starts_at").first()
        SelfCheck.objects.create(
            practice_id=clients[index].practice_id,
            client=clients[index],
            version=rules.QUESTIONNAIRE_VERSION,
            answers={key: told[key] for key in intake.FROM_SELF_CHECK if key in told},
            outcome="fits_pattern",
            created_at=(first.starts_at if first else now) - dt.timedelta(days=3),
        )
    for index, overrides in INTAKES.items():
        if overrides is not None:
            _sign_all(clients[index], GLUTEAL.get(index))
    revoked = consent_services.current(clients[REVOKED_GLUTEAL])[consents.GLUTEAL]
    if revoked is not None:
        consent_services.revoke(revoked, actor=None)
    for index, found in ASSESSMENTS.items():
        _assess(clients[index], *found, first=True, today=today)
    for index, found in REASSESSMENTS.items():
        assessment = _assess(clients[index], *found, first=False, today=today)
        if index == REFERRAL[0]:
            screening.send_referral(assessment, reason=REFERRAL[1], to="", actor=None)


def _assess(
    client: Client,
    results: dict[str, str],
    features: list[str],
    notes: str,
    *,
    first: bool,
    today: dt.date,
) -> Any:
    """An assessment recorded at the client's first visit, or at their last one that took
    place (a re-assessment)."""
    took_place = client.appointments.filter(starts_at__lt=timezone.now(), status="completed")
    visit = took_place.order_by("starts_at" if first else "-starts_at").first()
    assert visit is not None, "an assessment is recorded at a visit that took place"
    return screening.record_assessment(
        client,
        results={code: {"result": r, "side": "right"} for code, r in results.items()},
        features=features,
        notes=notes,
        assessed_on=visit.starts_at.astimezone(client.practice.zone).date(),
        therapist=visit.therapist,
        appointment=visit,
        actor=None,
        today=today,
    )


def _submit(client: Client, overrides: dict[str, Any], *, today: dt.date) -> None:
    answers = {
        **BASE,
        "phone": client.phone,
        "date_of_birth": client.date_of_birth.isoformat() if client.date_of_birth else "",
        "emergency_contact_name": f"Jo {client.last_name}",
        "emergency_contact_phone": "0117 496 0000",
        **overrides,
    }
    if isinstance(answers["hip_replaced_on"], int):
        answers["hip_replaced_on"] = (
            today + dt.timedelta(days=answers["hip_replaced_on"])
        ).isoformat()
    submit_intake(client, answers, actor=None)


def _sign_all(client: Client, gluteal: str | None) -> None:
    for kind in (consents.TREATMENT, consents.PRIVACY):
        consent_services.sign(client, kind, typed_name=client.full_name, actor=None, ip=None)
    if gluteal is not None:
        consent_services.sign(
            client,
            consents.GLUTEAL,
            typed_name=client.full_name,
            choice=gluteal,
            actor=None,
            ip=None,
        )
