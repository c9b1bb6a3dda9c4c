"""Phrase searches through an index of word pairs and triples (PostgreSQL only).

A phrase ("mutuo famiglia giovani") is words next to each other. The full-text index
knows only which items hold each word: when the words are common, it matches most of
the archive and every item's positions must be checked. Here a second stored vector
holds each pair and triple of neighbouring words, indexed too, so a phrase first finds
the few items that hold its pairs and triples, then the full-text match confirms it.
"""

from django.db import migrations

CREATE = """
CREATE FUNCTION press_search_ngrams(v tsvector) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  WITH words AS (
    SELECT w.lexeme, p::int AS pos FROM unnest(v) AS w, unnest(w.positions) AS p
  )
  SELECT coalesce(array_to_tsvector(array_agg(DISTINCT gram)), ''::tsvector) FROM (
    SELECT a.lexeme || ' ' || b.lexeme AS gram
    FROM words a JOIN words b ON b.pos = a.pos + 1
    UNION ALL
    SELECT a.lexeme || ' ' || b.lexeme || ' ' || c.lexeme
    FROM words a JOIN words b ON b.pos = a.pos + 1 JOIN words c ON c.pos = b.pos + 1
  ) AS grams
$$;

CREATE FUNCTION press_search_ngrams_query(v tsvector) RETURNS tsquery
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT string_agg(quote_literal(g.lexeme), ' & ')::tsquery
  FROM unnest(press_search_ngrams(v)) AS g
$$;

CREATE FUNCTION press_pressitem_search_ngrams() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW.search_ngrams := press_search_ngrams(NEW.search_vector);
  RETURN NEW;
END
$$;

ALTER TABLE press_pressitem ADD COLUMN search_ngrams tsvector;
-- Named to fire after press_pressitem_search_vector, which fills the vector it reads.
CREATE TRIGGER press_pressitem_search_vector_ngrams
BEFORE INSERT OR UPDATE OF title, summary, body ON press_pressitem
FOR EACH ROW EXECUTE FUNCTION press_pressitem_search_ngrams();
UPDATE press_pressitem SET search_ngrams = press_search_ngrams(search_vector);
CREATE INDEX press_search_ngrams_gin ON press_pressitem USING gin (search_ngrams);
"""

DROP = """
DROP INDEX IF EXISTS press_search_ngrams_gin;
DROP TRIGGER IF EXISTS press_pressitem_search_vector_ngrams ON press_pressitem;
ALTER TABLE press_pressitem DROP COLUMN IF EXISTS search_ngrams;
DROP FUNCTION IF EXISTS press_pressitem_search_ngrams();
DROP FUNCTION IF EXISTS press_search_ngrams_query(tsvector);
DROP FUNCTION IF EXISTS press_search_ngrams(tsvector);
"""


def create(apps, schema_editor) -> None:
    # Full-text search only exists on PostgreSQL; SQLite searches with a plain match.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("press", "0005_documents_in_a_total_order")]

    operations = [migrations.RunPython(create, drop)]
