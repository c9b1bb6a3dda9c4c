from django.db import migrations

from amalav import permissions

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
    permissions.grant(apps, GROUP_NAME, PERMISSIONS)


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
