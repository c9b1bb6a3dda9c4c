from django.contrib.auth.management import create_permissions
from django.db import migrations

COORDINATORS = "Coordinatori"
COORDINATION = "Coordinamento"

# "Cancellare un incontro" is everyday Italian for calling it off; only superusers delete.
REMOVED_FROM_COORDINATORS = [("meetings", "delete_meeting")]

# The cooperative's coordination: a coordinator's rights, plus the requests for
# "any group near me", which belong to no group.
COORDINATION_EXTRA = [("groups", "follow_requests_without_group")]


def permissions(apps, pairs):
    Permission = apps.get_model("auth", "Permission")
    return [
        Permission.objects.get(content_type__app_label=app_label, codename=codename)
        for app_label, codename in pairs
    ]


def forwards(apps, schema_editor):
    # Permissions are normally created after all migrations; these are needed now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    PermissionGroup = apps.get_model("auth", "Group")
    coordinators, _created = PermissionGroup.objects.get_or_create(name=COORDINATORS)
    coordinators.permissions.remove(*permissions(apps, REMOVED_FROM_COORDINATORS))
    coordination, _created = PermissionGroup.objects.get_or_create(name=COORDINATION)
    coordination.permissions.add(
        *coordinators.permissions.all(), *permissions(apps, COORDINATION_EXTRA)
    )


def backwards(apps, schema_editor):
    PermissionGroup = apps.get_model("auth", "Group")
    PermissionGroup.objects.filter(name=COORDINATION).delete()
    coordinators = PermissionGroup.objects.filter(name=COORDINATORS).first()
    if coordinators is not None:
        coordinators.permissions.add(*permissions(apps, REMOVED_FROM_COORDINATORS))


class Migration(migrations.Migration):
    dependencies = [
        ("amalav", "0004_coordinators_edit_pages_and_closures"),
        ("groups", "0003_follow_requests_without_group"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
