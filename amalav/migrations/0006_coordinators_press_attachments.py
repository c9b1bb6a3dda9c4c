from django.db import migrations

from amalav import permissions

# Coordinators and the coordination publish press items with their photos and PDFs.
GROUP_NAMES = ["Coordinatori", "Coordinamento"]
PERMISSIONS = {
    "press": ["view_pressattachment", "add_pressattachment", "change_pressattachment"],
}


def grant(apps, schema_editor):
    for name in GROUP_NAMES:
        permissions.grant(apps, name, PERMISSIONS)


def revoke(apps, schema_editor):
    for name in GROUP_NAMES:
        permissions.revoke(apps, name, PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("amalav", "0005_coordinators_cannot_delete_meetings_coordination_group"),
        ("press", "0004_drafts_and_documents_need_a_source"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
