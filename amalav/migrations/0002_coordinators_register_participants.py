from django.db import migrations

from amalav import permissions

GROUP_NAME = "Coordinatori"

# Coordinators keep the registers and their groups' participant lists.
PERMISSIONS = {
    "signups": [
        "view_participant",
        "add_participant",
        "change_participant",
        "view_attendance",
        "add_attendance",
        "change_attendance",
    ],
}


def grant(apps, schema_editor):
    permissions.grant(apps, GROUP_NAME, PERMISSIONS)


def revoke(apps, schema_editor):
    permissions.revoke(apps, GROUP_NAME, PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("amalav", "0001_coordinators_group"),
        ("signups", "0002_participants_and_attendance"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
