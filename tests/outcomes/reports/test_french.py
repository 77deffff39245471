"""The progress report in French: the PDF follows the client's language, else the
practice's, with French dates and every heading, verdict and rule in French; the page in
the reader's language; the staff's outcomes dashboard and progress charts in French."""

from __future__ import annotations

import pytest
from django.urls import reverse

from easeplan.accounts.models import User
from easeplan.care.models import PlanOfCare

from ...conftest import World, give_totp, signed_in
from ...conftest import page_text as text
from ...french import english_left_in
from ...in_french import NBSP, french, reading_in_french
from .test_pdf import text_of
from .test_services import a_course
from .test_services import now as now  # the frozen clock (a fixture)
from .test_services import plan as plan  # a fixture

pytestmark = pytest.mark.django_db

# French's accents, ligature and quotation marks: the PDF's font must draw every one.
FRENCH_SUMMARY = "Séance très efficace : à revoir en décembre, « façon » douce, cœur léger."


def in_french(user: User):  # type: ignore[no-untyped-def]
    """A staff member who chose French, signed in with two-factor authentication."""
    User.objects.filter(pk=user.pk).update(language="fr")
    give_totp(user)
    return french(signed_in(user))


def test_a_french_practice_downloads_the_report_in_french(world: World, plan: PlanOfCare) -> None:
    world.practice.language = "fr"
    world.practice.save(update_fields=["language"])
    a_course(world, plan)
    plan.summary = FRENCH_SUMMARY
    plan.save(update_fields=["summary"])

    # The therapist reads English; the report is the client's, so it is in French.
    answer = signed_in(world.therapist_user).get(reverse("reports:plan_pdf", args=[plan.code]))

    assert answer.status_code == 200
    pdf = text_of(answer.content)
    for expected in (
        "Bilan de progression",
        "Date de naissance",
        "9 mars 1984",  # the French date format
        "2 séances sur 5 prévues ont eu lieu",
        "Manquée",
        "Mesures de résultat",
        "Douleur en position assise (NPRS)",
        "7 (3 novembre 2026)",
        "Amélioration significative (au moins 2 points)",
        "Programme d’exercices à la maison",
        "Synthèse du thérapeute",
        "Comment les changements sont jugés",
        "Les massothérapeutes ne posent pas de diagnostic.",
        "Page 1 sur",
        FRENCH_SUMMARY,  # é è à ç œ « » all drawn
    ):
        assert expected in pdf, expected
    assert "Progress report" not in pdf
    assert "Meaningful improvement" not in pdf
    assert "9 Mar 1984" not in pdf


def test_the_pdf_follows_the_clients_own_language(world: World, plan: PlanOfCare) -> None:
    a_course(world, plan)  # an English practice
    User.objects.filter(pk=world.client_user.pk).update(language="fr")

    answer = signed_in(world.client_user, mfa=False).get(
        reverse("reports:mine_pdf", args=[plan.code])
    )
    staff = signed_in(world.therapist_user).get(reverse("reports:plan_pdf", args=[plan.code]))

    assert "Bilan de progression" in text_of(answer.content)
    assert "Bilan de progression" in text_of(staff.content)  # the client's, for their doctor


def test_an_english_practice_still_prints_in_english(world: World, plan: PlanOfCare) -> None:
    a_course(world, plan)

    answer = signed_in(world.therapist_user).get(reverse("reports:plan_pdf", args=[plan.code]))

    pdf = text_of(answer.content)
    assert "Progress report" in pdf and "9 Mar 1984" in pdf
    assert "Bilan de progression" not in pdf


def test_the_clients_report_page_reads_in_french(world: World, plan: PlanOfCare) -> None:
    a_course(world, plan)

    with reading_in_french(world.client_user) as browser:
        page = text(browser.get(reverse("reports:mine", args=[plan.code])))

    assert "Votre bilan de progression" in page
    assert "Télécharger le PDF" in page
    assert "2 séances sur 5 prévues ont eu lieu" in page
    assert "Douleur en position assise (NPRS)" in page
    assert "9 mars 1984" in page
    assert english_left_in(page) == []


def test_the_staff_progress_and_outcomes_pages_read_in_french(
    world: World, plan: PlanOfCare
) -> None:
    a_course(world, plan)

    with in_french(world.owner) as browser:
        progress = text(browser.get(reverse("progress:plan", args=[plan.code])))
        report = text(browser.get(reverse("reports:plan", args=[plan.code])))
        dashboard = text(browser.get(reverse("insights:dashboard")))

    assert "Changement depuis la référence" in progress
    assert "Douleur en position assise (NPRS)" in progress
    assert "amélioration significative (au moins 2 points)" in progress
    assert "Comment le score est calculé" in progress
    assert english_left_in(progress) == []
    assert "Rédiger la synthèse" in report or "Modifier la synthèse" in report
    assert english_left_in(report) == []
    assert "Résultats du cabinet" in dashboard
    assert "Ce que signifient les chiffres" in dashboard
    assert "novembre 2026" in dashboard  # months named in French
    assert f"En un coup d{chr(0x2019)}œil" in dashboard
    assert NBSP in dashboard
    assert english_left_in(dashboard) == []
