"""A signed note keeps the screening limits its points broke and the written reason for
signing it anyway.

On SQLite, adding a JSON column rebuilds the note's table, which the triggers that lock
signed notes (made by clinic_sessions 0004) would break: they are dropped around the change
and made again.
"""

import importlib

from django.db import migrations, models

LOCKS = importlib.import_module("sessions.migrations.0004_lock_signed_notes")


def _on_sqlite(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            for statement in statements:
                schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("notes", "0001_notes_move_from_sessions"),
        ("clinic_sessions", "0004_lock_signed_notes"),
    ]

    operations = [
        migrations.RunPython(_on_sqlite(LOCKS.SQLITE_REVERSE), _on_sqlite(LOCKS.SQLITE)),
        migrations.AddField(
            model_name="sessionnote",
            name="limit_breaches",
            field=models.JSONField(
                blank=True,
                default=list,
                help_text="The screening's limits the treated points broke, as they read at signing.",
                verbose_name="screening limits broken",
            ),
        ),
        migrations.AddField(
            model_name="sessionnote",
            name="limit_override_reason",
            field=models.TextField(
                blank=True,
                help_text="Required to sign a note that breaks a limit of the client's screening.",
                verbose_name="why the screening's limits were overridden",
            ),
        ),
        migrations.RunPython(_on_sqlite(LOCKS.SQLITE), _on_sqlite(LOCKS.SQLITE_REVERSE)),
    ]
