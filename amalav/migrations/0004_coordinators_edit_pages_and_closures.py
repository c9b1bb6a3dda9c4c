from django.db import migrations

from amalav import permissions

GROUP_NAME = "Coordinatori"

# Text pages and their menu entries, closure periods and project phases are part of a
# coordinator's daily work (issue 15).
PERMISSIONS = {
    "flatpages": ["view_flatpage", "add_flatpage", "change_flatpage"],
    "amalav": ["view_menuentry", "add_menuentry", "change_menuentry"],
    "meetings": [
        "view_closureperiod",
        "add_closureperiod",
        "change_closureperiod",
        "delete_closureperiod",
    ],
    "groups": ["view_phase", "add_phase", "change_phase"],
}


def grant(apps, schema_editor):
    permissions.grant(apps, GROUP_NAME, PERMISSIONS)


def revoke(apps, schema_editor):
    permissions.revoke(apps, GROUP_NAME, PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("amalav", "0003_menu_entries"),
        ("flatpages", "0001_initial"),
        ("meetings", "0003_closure_periods_and_italian_labels"),
        ("groups", "0002_phase_as_data"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
