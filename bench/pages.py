"""Render times of the busiest pages against a bare page, measured in the same run.

Run with `make bench`. Builds the demo practice in a throwaway SQLite database, signs in
as the owner and times each page over many requests. Prints milliseconds per request
(median) and the ratio to /health/ (one trivial query), so figures from different machines
compare by ratio.
"""

from __future__ import annotations

import os

from _throwaway import remove, start_django, time_page

TMP = start_django()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from easeplan.accounts.models import User  # noqa: E402

ROUNDS = 200
PAGES = [
    "/health/",
    "/",
    "/conditions/piriformis-syndrome/",
    "/contact/",
    "/staff/",
    "/staff/clients/",
    "/staff/team/",
    "/staff/inbox/",
]


def main() -> None:
    call_command("migrate", verbosity=0)
    call_command("seed_demo", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    browser = Client()
    browser.force_login(
        User.objects.get(email="owner@demo.easeplan.test"),
        backend="django.contrib.auth.backends.ModelBackend",
    )
    from easeplan.booking.models import Appointment
    from easeplan.practice.models import Client as PracticeClient
    from easeplan.practice.models import Service

    service = Service.objects.get(duration_minutes=60)
    busiest = (  # the day and therapist with the most upcoming visits: the fullest summaries
        Appointment.objects.filter(status=Appointment.Status.BOOKED)
        .select_related("therapist", "practice")
        .order_by("starts_at")
    )
    visit = max(
        busiest,
        key=lambda a: sum(
            1
            for b in busiest
            if b.therapist_id == a.therapist_id
            and b.starts_at.astimezone(a.practice.zone).date()
            == a.starts_at.astimezone(a.practice.zone).date()
        ),
    )
    day = visit.starts_at.astimezone(visit.practice.zone).date().isoformat()
    sam = PracticeClient.objects.get(email="sam.taylor@demo.easeplan.test")
    plan = sam.plans.get(status="active")
    from django.db.models import Count

    from easeplan.care.models import PlanOfCare

    # The plan with the most check-in answers: the fullest progress page.
    busiest_plan = PlanOfCare.objects.annotate(n=Count("responses")).order_by("-n").first()
    pages = [
        *PAGES,
        f"/book/?service={service.code}&therapist=any",
        "/staff/calendar/week/",
        f"/staff/calendar/?day={day}&therapist={visit.therapist.code}",
        f"/staff/summaries/?day={day}&therapist={visit.therapist.code}",
        f"/staff/clients/{sam.code}/summary/",
        f"/staff/plans/{plan.code}/",
        f"/staff/plans/{plan.code}/review/",
        f"/staff/plans/{plan.code}/progress/",
        f"/staff/plans/{busiest_plan.code}/progress/",
        f"/staff/plans/{busiest_plan.code}/report/",
        f"/staff/plans/{busiest_plan.code}/report.pdf",
        "/staff/outcomes/",
        "/staff/privacy/",
    ]
    # The demo client's own pages, signed in as them.
    client = Client()
    client.force_login(sam.user, backend="django.contrib.auth.backends.ModelBackend")
    client_pages = [
        "/account/",
        "/account/messages/",
        f"/account/plans/{plan.code}/progress/",
        "/account/data.json",
    ]
    baseline, _ = time_page(browser, pages[0], ROUNDS)
    print(f"{'page':<44} {'ms/request':>10} {'queries':>8} {'x bare':>8}")
    for who, url in [(browser, u) for u in pages] + [(client, u) for u in client_pages]:
        ms, queries = time_page(who, url, ROUNDS)
        print(f"{url:<44} {ms:>10.2f} {queries:>8} {ms / baseline:>8.1f}")


if __name__ == "__main__":
    try:
        main()
    finally:  # the database is throwaway
        from django.db import connection

        connection.close()
        remove(TMP)
