import phonenumber_field.modelfields
from django.db import migrations

from core import phones


def to_e164(apps, schema_editor):
    phones.normalise_stored(apps, "signups.SignupRequest", "phone")


class Migration(migrations.Migration):
    dependencies = [
        ("signups", "0006_participants_index"),
    ]

    operations = [
        migrations.AlterField(
            model_name="signuprequest",
            name="phone",
            field=phonenumber_field.modelfields.PhoneNumberField(
                blank=True, max_length=20, region="IT", verbose_name="telefono"
            ),
        ),
        migrations.RunPython(to_e164, migrations.RunPython.noop),
    ]
