from django.db import migrations

from clinic.web.moves import moved_out


class Migration(migrations.Migration):
    dependencies = [
        ("clinic_sessions", "0011_message_offer_from_waitlist"),
        ("notes", "0001_notes_move_from_sessions"),
        ("checkins", "0001_check_ins_move_from_sessions"),
        ("calendars", "0001_calendar_feeds_move_from_sessions"),
        ("waitlist", "0001_waitlist_moves_from_sessions"),
    ]

    operations = [
        moved_out(
            "TreatedPoint",
            "NoteAddendum",
            "SessionNote",
            "CheckIn",
            "CalendarFeed",
            "WaitlistOffer",
            "WaitlistEntry",
        )
    ]
