"""Granting the coordinators' permission groups their rights, for the data migrations.

Functions of the migrations' historical `apps`: they import no model, so a later change
to the models never changes what an old migration did.
"""

from django.contrib.auth.management import create_permissions
from django.db import DEFAULT_DB_ALIAS
from django.utils import translation
from django.utils.translation import gettext_lazy as _

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


# Django stores "Can add <model>" in English when it creates a permission; the office
# picks permissions by these names on the user and group pages.
PERMISSION_VERBS = {
    "add": _("Può aggiungere"),
    "change": _("Può modificare"),
    "delete": _("Può eliminare"),
    "view": _("Può vedere"),
}


def italian_permission_names(app_config, using: str = DEFAULT_DB_ALIAS, **kwargs) -> None:
    """Names the app's default permissions in Italian (connected to post_migrate)."""
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType

    if not app_config.models_module:
        return
    with translation.override("it"):
        for model in app_config.get_models():
            content_type = ContentType.objects.db_manager(using).get_for_model(
                model, for_concrete_model=False
            )
            for action in model._meta.default_permissions:
                name = f"{PERMISSION_VERBS[action]} {model._meta.verbose_name_plural}"[:255]
                Permission.objects.using(using).filter(
                    content_type=content_type, codename=f"{action}_{model._meta.model_name}"
                ).exclude(name=name).update(name=name)
