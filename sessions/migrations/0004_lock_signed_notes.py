"""The database refuses any change to a signed note, to its treated points, or to an addendum.

Deletions are left to the application (nothing in it deletes notes): row triggers on DELETE
would also stop the test runner's flush of SQLite databases.
"""

from django.db import migrations

LOCKED = "a signed session note is locked"
NOTE, POINT, ADDENDUM = (
    "clinic_sessions_sessionnote",
    "clinic_sessions_treatedpoint",
    "clinic_sessions_noteaddendum",
)

POSTGRES = [
    f"""
    CREATE FUNCTION clinic_refuse_signed_note_change() RETURNS trigger AS $$
    BEGIN
        IF TG_TABLE_NAME = '{NOTE}' THEN
            IF OLD.status = 'signed' THEN
                RAISE EXCEPTION '{LOCKED}' USING ERRCODE = 'integrity_constraint_violation';
            END IF;
        ELSIF TG_TABLE_NAME = '{POINT}' THEN
            IF EXISTS (
                SELECT 1 FROM {NOTE} WHERE status = 'signed'
                AND (id = NEW.note_id OR (TG_OP = 'UPDATE' AND id = OLD.note_id))
            ) THEN
                RAISE EXCEPTION '{LOCKED}' USING ERRCODE = 'integrity_constraint_violation';
            END IF;
        ELSE
            RAISE EXCEPTION 'an addendum never changes'
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
    END
    $$ LANGUAGE plpgsql
    """,
    f"""CREATE TRIGGER sessionnote_locked BEFORE UPDATE ON {NOTE}
        FOR EACH ROW EXECUTE FUNCTION clinic_refuse_signed_note_change()""",
    f"""CREATE TRIGGER treatedpoint_locked BEFORE INSERT OR UPDATE ON {POINT}
        FOR EACH ROW EXECUTE FUNCTION clinic_refuse_signed_note_change()""",
    f"""CREATE TRIGGER noteaddendum_locked BEFORE UPDATE ON {ADDENDUM}
        FOR EACH ROW EXECUTE FUNCTION clinic_refuse_signed_note_change()""",
]
POSTGRES_REVERSE = [
    f"DROP TRIGGER sessionnote_locked ON {NOTE}",
    f"DROP TRIGGER treatedpoint_locked ON {POINT}",
    f"DROP TRIGGER noteaddendum_locked ON {ADDENDUM}",
    "DROP FUNCTION clinic_refuse_signed_note_change()",
]

SIGNED = f"(SELECT status FROM {NOTE} WHERE id = %s) = 'signed'"
SQLITE = [
    f"""CREATE TRIGGER sessionnote_locked BEFORE UPDATE ON {NOTE}
        WHEN OLD.status = 'signed' BEGIN SELECT RAISE(ABORT, '{LOCKED}'); END""",
    f"""CREATE TRIGGER treatedpoint_locked_insert BEFORE INSERT ON {POINT}
        WHEN {SIGNED % "NEW.note_id"} BEGIN SELECT RAISE(ABORT, '{LOCKED}'); END""",
    f"""CREATE TRIGGER treatedpoint_locked_update BEFORE UPDATE ON {POINT}
        WHEN {SIGNED % "OLD.note_id"} OR {SIGNED % "NEW.note_id"}
        BEGIN SELECT RAISE(ABORT, '{LOCKED}'); END""",
    f"""CREATE TRIGGER noteaddendum_locked BEFORE UPDATE ON {ADDENDUM}
        BEGIN SELECT RAISE(ABORT, 'an addendum never changes'); END""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER sessionnote_locked",
    "DROP TRIGGER treatedpoint_locked_insert",
    "DROP TRIGGER treatedpoint_locked_update",
    "DROP TRIGGER noteaddendum_locked",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("clinic_sessions", "0003_session_notes_points_addenda")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES, "sqlite": SQLITE}),
            _run({"postgresql": POSTGRES_REVERSE, "sqlite": SQLITE_REVERSE}),
        ),
    ]
