"""Full-text search on PostgreSQL: a stored tsvector, a trigger that fills it, a GIN index.

A stored vector, not an index on an expression: a search matching most of the archive
must not compute to_tsvector for every row it reads.
"""

import django.contrib.postgres.search
from django.db import migrations

CREATE = """
CREATE TRIGGER press_pressitem_search_vector
BEFORE INSERT OR UPDATE OF title, summary, body ON press_pressitem
FOR EACH ROW EXECUTE FUNCTION
tsvector_update_trigger(search_vector, 'pg_catalog.italian', title, summary, body);
UPDATE press_pressitem SET title = title;
CREATE INDEX press_search_vector_gin ON press_pressitem USING gin (search_vector);
"""

DROP = """
DROP INDEX IF EXISTS press_search_vector_gin;
DROP TRIGGER IF EXISTS press_pressitem_search_vector ON press_pressitem;
"""


def create(apps, schema_editor):
    # Full-text search only exists on PostgreSQL; SQLite searches with a plain match.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("press", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="pressitem",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(create, drop),
    ]
