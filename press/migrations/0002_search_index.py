from django.contrib.postgres.indexes import GinIndex
from django.db import migrations

from press.models import SEARCH_VECTOR

INDEX = GinIndex(SEARCH_VECTOR, name="press_search_italian")


def add_index(apps, schema_editor):
    # Full-text search only exists on PostgreSQL; SQLite searches with a plain match.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("press", "PressItem"), INDEX)


def remove_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("press", "PressItem"), INDEX)


class Migration(migrations.Migration):
    dependencies = [("press", "0001_initial")]

    operations = [migrations.RunPython(add_index, remove_index)]
