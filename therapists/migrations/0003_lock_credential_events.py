"""The database refuses any change to a credential event: the history is kept as written.

Deletions are left to the application (its models refuse them, and the credential's
foreign key protects them): row triggers on DELETE would also stop the test runner's flush
of SQLite databases.
"""

from django.db import migrations

TABLE = "therapists_credentialevent"
LOCKED = "a credential event never changes"

POSTGRES = [
    f"""
    CREATE FUNCTION therapists_refuse_credential_event_change() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION '{LOCKED}' USING ERRCODE = 'integrity_constraint_violation';
    END
    $$ LANGUAGE plpgsql
    """,
    f"""CREATE TRIGGER credentialevent_locked BEFORE UPDATE ON {TABLE}
        FOR EACH ROW EXECUTE FUNCTION therapists_refuse_credential_event_change()""",
]
POSTGRES_REVERSE = [
    f"DROP TRIGGER credentialevent_locked ON {TABLE}",
    "DROP FUNCTION therapists_refuse_credential_event_change()",
]
SQLITE = [
    f"""CREATE TRIGGER credentialevent_locked BEFORE UPDATE ON {TABLE}
        BEGIN SELECT RAISE(ABORT, '{LOCKED}'); END""",
]
SQLITE_REVERSE = ["DROP TRIGGER credentialevent_locked"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("therapists", "0002_credential_kinds_documents_events")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES, "sqlite": SQLITE}),
            _run({"postgresql": POSTGRES_REVERSE, "sqlite": SQLITE_REVERSE}),
        ),
    ]
