import django.db.models.deletion
from django.conf import settings
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
                name="SessionNote",
                fields=[
                    (
                        "id",
                        models.BigAutoField(
                            auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                        ),
                    ),
                    (
                        "subjective",
                        models.TextField(
                            blank=True, verbose_name="subjective: the client's account"
                        ),
                    ),
                    ("objective", models.TextField(blank=True, verbose_name="objective: findings")),
                    ("assessment", models.TextField(blank=True)),
                    ("plan", models.TextField(blank=True, verbose_name="plan and home care")),
                    (
                        "rebook_after_days",
                        models.PositiveSmallIntegerField(
                            blank=True, null=True, verbose_name="next session in (days)"
                        ),
                    ),
                    (
                        "pain_before",
                        models.PositiveSmallIntegerField(
                            blank=True, null=True, verbose_name="pain now, before (0-10)"
                        ),
                    ),
                    (
                        "pain_after",
                        models.PositiveSmallIntegerField(
                            blank=True, null=True, verbose_name="pain now, after (0-10)"
                        ),
                    ),
                    (
                        "therapist_remarks",
                        models.TextField(
                            blank=True,
                            help_text="Not shown to the client.",
                            verbose_name="remarks for therapists only",
                        ),
                    ),
                    (
                        "status",
                        models.CharField(
                            choices=[("draft", "Draft"), ("signed", "Signed")],
                            default="draft",
                            max_length=8,
                        ),
                    ),
                    ("created_at", models.DateTimeField(auto_now_add=True)),
                    ("updated_at", models.DateTimeField(auto_now=True)),
                    ("signed_at", models.DateTimeField(blank=True, null=True)),
                    (
                        "appointment",
                        models.OneToOneField(
                            on_delete=django.db.models.deletion.PROTECT,
                            related_name="note",
                            to="clinic_sessions.appointment",
                        ),
                    ),
                    (
                        "author",
                        models.ForeignKey(
                            on_delete=django.db.models.deletion.PROTECT,
                            related_name="+",
                            to=settings.AUTH_USER_MODEL,
                        ),
                    ),
                    (
                        "intake",
                        models.ForeignKey(
                            blank=True,
                            help_text="The intake version that was current when the note was written.",
                            null=True,
                            on_delete=django.db.models.deletion.PROTECT,
                            related_name="notes",
                            to="intake.intake",
                        ),
                    ),
                ],
                options={
                    "db_table": "clinic_sessions_sessionnote",
                    "ordering": ["-appointment__start"],
                },
            ),
            migrations.CreateModel(
                name="NoteAddendum",
                fields=[
                    (
                        "id",
                        models.BigAutoField(
                            auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                        ),
                    ),
                    ("text", models.TextField()),
                    ("created_at", models.DateTimeField(auto_now_add=True)),
                    (
                        "author",
                        models.ForeignKey(
                            on_delete=django.db.models.deletion.PROTECT,
                            related_name="+",
                            to=settings.AUTH_USER_MODEL,
                        ),
                    ),
                    (
                        "note",
                        models.ForeignKey(
                            on_delete=django.db.models.deletion.PROTECT,
                            related_name="addenda",
                            to="notes.sessionnote",
                        ),
                    ),
                ],
                options={
                    "verbose_name_plural": "note addenda",
                    "db_table": "clinic_sessions_noteaddendum",
                    "ordering": ["note", "created_at", "pk"],
                },
            ),
            migrations.CreateModel(
                name="TreatedPoint",
                fields=[
                    (
                        "id",
                        models.BigAutoField(
                            auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                        ),
                    ),
                    (
                        "muscle",
                        models.CharField(
                            help_text="A catalogue muscle id, or 'other'.", max_length=40
                        ),
                    ),
                    (
                        "other_muscle",
                        models.CharField(blank=True, max_length=80, verbose_name="muscle (other)"),
                    ),
                    (
                        "side",
                        models.CharField(
                            choices=[("L", "Left"), ("R", "Right"), ("M", "Midline")], max_length=1
                        ),
                    ),
                    (
                        "activity",
                        models.CharField(
                            choices=[("active", "Active"), ("latent", "Latent")], max_length=8
                        ),
                    ),
                    (
                        "technique",
                        models.CharField(
                            choices=[
                                ("ischemic_compression", "Ischemic compression"),
                                ("deep_tissue", "Deep tissue"),
                                ("myofascial_release", "Myofascial release"),
                                ("pnf_stretching", "PNF stretching"),
                                ("neural_reset", "Neural reset therapy"),
                                ("other", "Other"),
                            ],
                            max_length=24,
                        ),
                    ),
                    (
                        "pressure",
                        models.PositiveSmallIntegerField(help_text="1 (light) to 5 (deep)"),
                    ),
                    ("duration_seconds", models.PositiveSmallIntegerField()),
                    (
                        "response",
                        models.CharField(
                            choices=[
                                ("released", "Released"),
                                ("partly_released", "Partly released"),
                                ("no_change", "No change"),
                            ],
                            max_length=16,
                        ),
                    ),
                    ("referral_reproduced", models.BooleanField(default=False)),
                    (
                        "note",
                        models.ForeignKey(
                            on_delete=django.db.models.deletion.CASCADE,
                            related_name="points",
                            to="notes.sessionnote",
                        ),
                    ),
                ],
                options={
                    "db_table": "clinic_sessions_treatedpoint",
                    "ordering": ["note", "pk"],
                },
            ),
            migrations.AddConstraint(
                model_name="sessionnote",
                constraint=models.CheckConstraint(
                    condition=models.Q(
                        ("pain_before__isnull", True), ("pain_before__lte", 10), _connector="OR"
                    ),
                    name="note_pain_before_0_10",
                ),
            ),
            migrations.AddConstraint(
                model_name="sessionnote",
                constraint=models.CheckConstraint(
                    condition=models.Q(
                        ("pain_after__isnull", True), ("pain_after__lte", 10), _connector="OR"
                    ),
                    name="note_pain_after_0_10",
                ),
            ),
            migrations.AddConstraint(
                model_name="sessionnote",
                constraint=models.CheckConstraint(
                    condition=models.Q(
                        ("status", "draft"),
                        models.Q(
                            ("pain_after__isnull", False),
                            ("pain_before__isnull", False),
                            ("signed_at__isnull", False),
                        ),
                        _connector="OR",
                    ),
                    name="note_signed_complete",
                ),
            ),
            migrations.AddConstraint(
                model_name="treatedpoint",
                constraint=models.CheckConstraint(
                    condition=models.Q(("pressure__gte", 1), ("pressure__lte", 5)),
                    name="point_pressure_1_5",
                ),
            ),
            migrations.AddConstraint(
                model_name="treatedpoint",
                constraint=models.CheckConstraint(
                    condition=models.Q(
                        ("duration_seconds__gte", 1), ("duration_seconds__lte", 1800)
                    ),
                    name="point_duration_range",
                ),
            ),
        ),
        content_type_follows("SessionNote", from_app="clinic_sessions", to_app="notes"),
        content_type_follows("NoteAddendum", from_app="clinic_sessions", to_app="notes"),
        content_type_follows("TreatedPoint", from_app="clinic_sessions", to_app="notes"),
    ]
