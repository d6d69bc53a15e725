"""The database refuses to change an audit event, and on PostgreSQL to delete one.

SQLite gets no DELETE trigger: the test runner empties SQLite tables with DELETE between
transactional tests (its flush), which the trigger would abort; PostgreSQL's flush is a
TRUNCATE, which row triggers don't see. On SQLite the application refuses deletes
(AuditEvent.delete and its queryset).
"""

from django.db import migrations

TABLE = "clinic_auditevent"
REFUSED = "audit events are never changed or deleted"

POSTGRES = [
    f"""
    CREATE FUNCTION clinic_refuse_audit_event_change() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION '{REFUSED}' USING ERRCODE = 'integrity_constraint_violation';
    END
    $$ LANGUAGE plpgsql
    """,
    f"""CREATE TRIGGER auditevent_append_only BEFORE UPDATE OR DELETE ON {TABLE}
        FOR EACH ROW EXECUTE FUNCTION clinic_refuse_audit_event_change()""",
]
POSTGRES_REVERSE = [
    f"DROP TRIGGER auditevent_append_only ON {TABLE}",
    "DROP FUNCTION clinic_refuse_audit_event_change()",
]

SQLITE = [
    f"""CREATE TRIGGER auditevent_append_only BEFORE UPDATE ON {TABLE}
        BEGIN SELECT RAISE(ABORT, '{REFUSED}'); END""",
]
SQLITE_REVERSE = ["DROP TRIGGER auditevent_append_only"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("clinic", "0005_audit_actor_protected_newest_first")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES, "sqlite": SQLITE}),
            _run({"postgresql": POSTGRES_REVERSE, "sqlite": SQLITE_REVERSE}),
        ),
    ]
