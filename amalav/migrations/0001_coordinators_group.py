from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "Coordinatori"

# What a coordinator does in the admin; which rows they see is narrowed in the admin.
PERMISSIONS = {
    "groups": [
        "view_group",
        "change_group",
        "view_venue",
        "add_venue",
        "change_venue",
    ],
    "signups": ["view_signuprequest", "add_signuprequest", "change_signuprequest"],
    "meetings": ["view_meeting", "add_meeting", "change_meeting", "delete_meeting"],
    "press": [
        "view_pressitem",
        "add_pressitem",
        "change_pressitem",
        "view_outlet",
        "add_outlet",
        "change_outlet",
        "view_document",
        "add_document",
        "change_document",
    ],
}


def create_group(apps, schema_editor):
    # Permissions are normally created after all migrations; this one needs them now.
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


def delete_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("groups", "0001_initial"),
        ("signups", "0001_initial"),
        ("meetings", "0001_initial"),
        ("press", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, delete_group)]
