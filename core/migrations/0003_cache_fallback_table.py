"""The table of Django's database cache, where counters go while the main cache is away."""

from django.core.management import call_command
from django.db import migrations

TABLE = "core_cache_fallback"


def create_table(apps, schema_editor) -> None:
    # Creates the tables of every database cache in CACHES that is missing; idempotent.
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


def drop_table(apps, schema_editor) -> None:
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(TABLE)}")


class Migration(migrations.Migration):
    dependencies = [("core", "0002_outbox_messages")]

    operations = [migrations.RunPython(create_table, drop_table)]
