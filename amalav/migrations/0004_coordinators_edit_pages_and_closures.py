from django.contrib.auth.management import create_permissions
from django.db import migrations

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
    group = Group.objects.filter(name=GROUP_NAME).first()
    if group is None:
        return
    for app_label, codenames in PERMISSIONS.items():
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("amalav", "0003_menu_entries"),
        ("flatpages", "0001_initial"),
        ("meetings", "0003_closure_periods_and_italian_labels"),
        ("groups", "0002_phase_as_data"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
