from django.db import migrations

from clinic.web.moves import moved_out


class Migration(migrations.Migration):
    dependencies = [
        ("clients", "0004_client_account_closing"),
        ("intake", "0001_intakes_move_from_clients"),
        ("clinic_sessions", "0010_note_intake_from_intake"),
    ]

    operations = [moved_out("IntakeClearance", "IntakeDraft", "Intake")]
