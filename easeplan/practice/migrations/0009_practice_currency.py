import easeplan.practice.models
from django.db import migrations, models

from easeplan.lib import places


def currency_of_the_country(apps, schema_editor):
    """Each practice gets the currency of its country; one of a country without a known
    currency keeps the default (GBP, what prices were shown in before)."""
    Practice = apps.get_model("practice", "Practice")
    for practice in Practice.objects.all():
        currency = places.currency_for(practice.country)
        if currency and currency != practice.currency:
            practice.currency = currency
            practice.save(update_fields=["currency"])


class Migration(migrations.Migration):

    dependencies = [
        ("practice", "0008_practice_country"),
    ]

    operations = [
        migrations.AddField(
            model_name="practice",
            name="currency",
            field=models.CharField(
                default="GBP",
                help_text="Prices and invoices are in this currency (ISO 4217 code, like GBP or EUR).",
                max_length=3,
                validators=[easeplan.practice.models.validate_currency],
            ),
        ),
        migrations.RunPython(currency_of_the_country, migrations.RunPython.noop),
    ]
