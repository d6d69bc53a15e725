import django.db.models.deletion
from django.db import migrations, models

from clinic.web.moves import content_type_follows, moved_in


class Migration(migrations.Migration):
    dependencies = [
        ("clinic_sessions", "0010_note_intake_from_intake"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        moved_in(
            migrations.CreateModel(
                name="CalendarFeed",
                fields=[
                    (
                        "id",
                        models.BigAutoField(
                            auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                        ),
                    ),
                    ("token", models.CharField(max_length=64, unique=True)),
                    ("rotated_at", models.DateTimeField(auto_now=True)),
                    (
                        "therapist",
                        models.OneToOneField(
                            on_delete=django.db.models.deletion.CASCADE,
                            related_name="calendar_feed",
                            to="therapists.therapist",
                        ),
                    ),
                ],
                options={
                    "db_table": "clinic_sessions_calendarfeed",
                },
            ),
        ),
        content_type_follows("CalendarFeed", from_app="clinic_sessions", to_app="calendars"),
    ]
