from django.db import migrations, models

from clinic.web.moves import content_type_follows, moved_in


class Migration(migrations.Migration):
    dependencies = [
        ("clinic", "0007_service_required_certification"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        moved_in(
            migrations.CreateModel(
                name="Service",
                fields=[
                    (
                        "id",
                        models.BigAutoField(
                            auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                        ),
                    ),
                    ("name", models.CharField(max_length=120)),
                    ("description", models.TextField(blank=True)),
                    ("duration_minutes", models.PositiveSmallIntegerField()),
                    (
                        "buffer_minutes",
                        models.PositiveSmallIntegerField(
                            default=0,
                            help_text="Time kept free after the session, for notes and the room.",
                        ),
                    ),
                    ("price", models.DecimalField(decimal_places=2, max_digits=8)),
                    ("active", models.BooleanField(default=True)),
                    (
                        "required_certification",
                        models.CharField(
                            blank=True,
                            choices=[
                                ("trigger_point", "Trigger point therapy"),
                                ("neuromuscular", "Neuromuscular therapy"),
                                ("myofascial_release", "Myofascial release"),
                                ("neural_reset", "Neural reset therapy"),
                                ("dry_needling", "Dry needling"),
                            ],
                            help_text="Only therapists holding this certification, verified and unexpired, offer the service.",
                            max_length=32,
                        ),
                    ),
                ],
                options={
                    "db_table": "clinic_service",
                    "ordering": ["name", "duration_minutes"],
                    "constraints": [
                        models.UniqueConstraint(
                            fields=("name", "duration_minutes"), name="service_unique"
                        ),
                        models.CheckConstraint(
                            condition=models.Q(
                                ("duration_minutes__gte", 5), ("duration_minutes__lte", 480)
                            ),
                            name="service_duration_range",
                        ),
                        models.CheckConstraint(
                            condition=models.Q(("buffer_minutes__lte", 240)),
                            name="service_buffer_range",
                        ),
                        models.CheckConstraint(
                            condition=models.Q(("price__gte", 0)), name="service_price_gte_0"
                        ),
                    ],
                },
            ),
        ),
        content_type_follows("Service", from_app="clinic", to_app="catalogue"),
    ]
