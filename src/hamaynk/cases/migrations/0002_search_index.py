"""On PostgreSQL, a GIN index for Armenian full-text search over the case's words.

The expression is the one ``SearchVector("search_document", config="armenian")`` builds,
so the planner can use the index for ``cases.search``.
"""

from django.db import migrations

CREATE = """
CREATE INDEX IF NOT EXISTS case_search ON cases_case
USING gin (to_tsvector('armenian'::regconfig, COALESCE(search_document, '')))
"""
DROP = "DROP INDEX IF EXISTS case_search"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
