from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "Coordinatori"

# Coordinators publish press items with their photos and PDFs (press.PressAttachment).
PERMISSIONS = {
    "press": ["view_pressattachment", "add_pressattachment", "change_pressattachment"],
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
    for app_label, codenames in PERMISSIONS.items():
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
        )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name=GROUP_NAME):
        for app_label, codenames in PERMISSIONS.items():
            group.permissions.remove(
                *Permission.objects.filter(
                    content_type__app_label=app_label, codename__in=codenames
                )
            )


class Migration(migrations.Migration):
    dependencies = [
        ("amalav", "0005_coordinators_cannot_delete_meetings_coordination_group"),
        ("press", "0004_drafts_and_documents_need_a_source"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
