"""On PostgreSQL, the database itself refuses overlapping live appointments.

One exclusion constraint per therapist over [start, blocked_until) (the buffer included),
one per client over [start, end). SQLite has no such constraints; there the booking
transaction is IMMEDIATE instead (see settings).
"""

from django.contrib.postgres.operations import BtreeGistExtension
from django.db import migrations

CONSTRAINTS = {
    "appointment_therapist_no_overlap": ("therapist_id", '"blocked_until"'),
    "appointment_client_no_overlap": ("client_id", '"end"'),
}
TABLE = "clinic_sessions_appointment"


def add_constraints(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, (owner, until) in CONSTRAINTS.items():
        schema_editor.execute(
            f"ALTER TABLE {TABLE} ADD CONSTRAINT {name} EXCLUDE USING gist "
            f"({owner} WITH =, tstzrange(\"start\", {until}, '[)') WITH &&) "
            "WHERE (status <> 'cancelled')"
        )


def drop_constraints(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in CONSTRAINTS:
        schema_editor.execute(f"ALTER TABLE {TABLE} DROP CONSTRAINT {name}")


class Migration(migrations.Migration):
    dependencies = [("clinic_sessions", "0001_initial")]

    operations = [
        BtreeGistExtension(),
        migrations.RunPython(add_constraints, drop_constraints),
    ]
