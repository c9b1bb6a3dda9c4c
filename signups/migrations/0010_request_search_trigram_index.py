"""The admin's search of sign-up requests through a pg_trgm index (PostgreSQL only).

The index holds the expression core.admin_search builds from SignupRequestAdmin's
search_fields; SQLite keeps Django's plain search.
"""

from django.db import migrations

from core.admin_search import trigram_index

SEARCH_FIELDS = ["first_name", "last_name", "email", "phone", "town"]
INDEX = "signups_request_search_trgm"


def create(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    model = apps.get_model("signups", "SignupRequest")
    schema_editor.add_index(model, trigram_index(SEARCH_FIELDS, INDEX))


def drop(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("signups", "0009_requests_in_a_total_order_contact_choices")]

    operations = [migrations.RunPython(create, drop)]
