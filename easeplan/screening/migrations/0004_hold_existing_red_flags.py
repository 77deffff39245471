"""Clients whose submitted intake or kept self-check already holds a red flag are held:
online booking stays stopped for them until a clinician clears it."""

from django.db import migrations


def hold_existing(apps, schema_editor):
    from easeplan.care.intake.rules import red_flags

    Intake = apps.get_model("care", "Intake")
    SelfCheck = apps.get_model("screening", "SelfCheck")
    RedFlagHold = apps.get_model("screening", "RedFlagHold")
    holds = []
    for intake in Intake.objects.filter(submitted_at__isnull=False).iterator():
        codes = sorted({flag.code for flag in red_flags(intake.answers or {})})
        if codes:
            holds.append(
                RedFlagHold(
                    practice_id=intake.practice_id,
                    client_id=intake.client_id,
                    source="intake",
                    flags=codes,
                    raised_at=intake.submitted_at,
                )
            )
    flagged = SelfCheck.objects.filter(outcome__in=("emergency", "urgent"))
    for check in flagged.iterator():
        codes = sorted({flag.code for flag in red_flags(check.answers or {})})
        holds.append(
            RedFlagHold(
                practice_id=check.practice_id,
                client_id=check.client_id,
                source="self_check",
                flags=codes,
                raised_at=check.created_at,
            )
        )
    for hold in holds:
        hold.save()  # one by one: each gets its own random code


class Migration(migrations.Migration):
    dependencies = [
        ("care", "0001_initial"),
        ("screening", "0003_red_flag_hold"),
    ]

    operations = [migrations.RunPython(hold_existing, migrations.RunPython.noop)]
