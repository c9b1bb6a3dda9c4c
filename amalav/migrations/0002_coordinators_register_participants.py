from django.contrib.auth.management import create_permissions
from django.db import migrations

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
    # Permissions are normally created after all migrations; these are needed now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=GROUP_NAME)
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="signups", codename__in=PERMISSIONS["signups"]
        )
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name=GROUP_NAME):
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="signups", codename__in=PERMISSIONS["signups"]
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("amalav", "0001_coordinators_group"),
        ("signups", "0002_participants_and_attendance"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
