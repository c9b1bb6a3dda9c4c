"""The suite's own ground: what a transactional test's flush takes away comes back whole."""

import pytest
from django.apps import apps
from django.contrib.auth.models import Group as PermissionGroup
from django.contrib.auth.models import Permission
from django.contrib.sites.models import Site
from django.core.management import call_command

from groups.models import Phase
from tests.conftest import restore_migration_data


@pytest.mark.django_db(transaction=True)
def test_after_two_flushes_the_migrations_data_is_back_with_italian_permission_names():
    for _flush in range(2):
        call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
        restore_migration_data()
    assert Site.objects.exists()
    assert set(Phase.objects.values_list("slug", flat=True)) >= {"amalav1", "amalav2"}
    assert PermissionGroup.objects.get(name="Coordinatori").permissions.exists()
    english = Permission.objects.filter(name__startswith="Can ").values_list("name", flat=True)
    assert list(english) == []
    assert apps.get_app_config("amalav").models_module is not None
