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
                name="CheckIn",
                fields=[
                    (
                        "id",
                        models.BigAutoField(
                            auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                        ),
                    ),
                    ("pain_now", models.PositiveSmallIntegerField()),
                    ("comment", models.TextField(blank=True)),
                    ("answered_at", models.DateTimeField(auto_now_add=True)),
                    (
                        "appointment",
                        models.OneToOneField(
                            on_delete=django.db.models.deletion.PROTECT,
                            related_name="check_in",
                            to="clinic_sessions.appointment",
                        ),
                    ),
                ],
                options={
                    "db_table": "clinic_sessions_checkin",
                    "constraints": [
                        models.CheckConstraint(
                            condition=models.Q(("pain_now__lte", 10)), name="check_in_pain_0_10"
                        )
                    ],
                },
            ),
        ),
        content_type_follows("CheckIn", from_app="clinic_sessions", to_app="checkins"),
    ]
