from django.db import migrations

from clinic.web.moves import moved_out


class Migration(migrations.Migration):
    dependencies = [
        ("clinic_sessions", "0012_notes_check_ins_feeds_and_waitlist_move_out"),
        ("messaging", "0001_message_moves_from_sessions"),
    ]

    operations = [moved_out("Message")]
