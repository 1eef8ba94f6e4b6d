"""On PostgreSQL, a GIN index for Armenian full-text search over the letter's words.

The expression is the one ``SearchVector("search_document", config="armenian")`` builds,
so the planner can use the index for ``correspondence.search``.
"""

from django.db import migrations

CREATE = """
CREATE INDEX IF NOT EXISTS letter_search ON correspondence_letter
USING gin (to_tsvector('armenian'::regconfig, COALESCE(search_document, '')))
"""
DROP = "DROP INDEX IF EXISTS letter_search"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("correspondence", "0003_nomenclature_retention")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
