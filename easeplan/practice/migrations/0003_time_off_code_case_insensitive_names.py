"""Time off gets a random public code (for URLs); service names and client emails become
unique per practice whatever their case."""

import django.db.models.functions.text
from django.db import migrations, models

import easeplan.lib.codes


def give_codes(apps, schema_editor):
    TimeOff = apps.get_model("practice", "TimeOff")
    for entry in TimeOff.objects.filter(code__isnull=True):
        entry.code = easeplan.lib.codes.new_code()
        entry.save(update_fields=["code"])


class Migration(migrations.Migration):
    dependencies = [("practice", "0002_booking_window")]

    operations = [
        migrations.AddField(
            model_name="timeoff", name="code",
            field=models.CharField(editable=False, max_length=16, null=True),
        ),
        migrations.RunPython(give_codes, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="timeoff", name="code",
            field=models.CharField(default=easeplan.lib.codes.new_code, editable=False,
                                   max_length=16, unique=True),
        ),
        migrations.RemoveConstraint(model_name="service", name="service_name_per_practice"),
        migrations.AddConstraint(
            model_name="service",
            constraint=models.UniqueConstraint(
                models.F("practice"), django.db.models.functions.text.Lower("name"),
                name="service_name_per_practice"),
        ),
        migrations.RemoveConstraint(model_name="client", name="client_email_per_practice"),
        migrations.AddConstraint(
            model_name="client",
            constraint=models.UniqueConstraint(
                models.F("practice"), django.db.models.functions.text.Lower("email"),
                name="client_email_per_practice"),
        ),
    ]
