"""Granting the coordinators' permission groups their rights, for the data migrations.

Functions of the migrations' historical `apps`: they import no model, so a later change
to the models never changes what an old migration did.
"""

from django.contrib.auth.management import create_permissions

Permissions = dict[str, list[str]]


def grant(apps, group_name: str, permissions: Permissions) -> None:
    # Permissions are normally created after all migrations; these are needed now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    group, _created = apps.get_model("auth", "Group").objects.get_or_create(name=group_name)
    group.permissions.add(*matching(apps, permissions))


def revoke(apps, group_name: str, permissions: Permissions) -> None:
    for group in apps.get_model("auth", "Group").objects.filter(name=group_name):
        group.permissions.remove(*matching(apps, permissions))


def matching(apps, permissions: Permissions) -> list:
    Permission = apps.get_model("auth", "Permission")
    found = []
    for app_label, codenames in permissions.items():
        found += Permission.objects.filter(
            content_type__app_label=app_label, codename__in=codenames
        )
    return found
