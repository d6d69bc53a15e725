import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from clinic.web.moves import content_type_follows, moved_in


class Migration(migrations.Migration):
    dependencies = [
        ("clients", "0004_client_account_closing"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        moved_in(
            migrations.CreateModel(
                name="Intake",
                fields=[
                    (
                        "id",
                        models.BigAutoField(
                            auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                        ),
                    ),
                    ("version", models.PositiveIntegerField()),
                    ("created_at", models.DateTimeField(auto_now_add=True)),
                    ("phone", models.CharField(max_length=32, verbose_name="phone")),
                    ("address", models.TextField(blank=True)),
                    (
                        "emergency_contact_name",
                        models.CharField(max_length=120, verbose_name="emergency contact's name"),
                    ),
                    (
                        "emergency_contact_phone",
                        models.CharField(max_length=32, verbose_name="emergency contact's phone"),
                    ),
                    (
                        "emergency_contact_relation",
                        models.CharField(
                            blank=True, max_length=60, verbose_name="how they are related to you"
                        ),
                    ),
                    (
                        "pain_onset",
                        models.CharField(
                            help_text="For example: after moving house in May.",
                            max_length=300,
                            verbose_name="when and how the pain started",
                        ),
                    ),
                    (
                        "pain_duration",
                        models.CharField(
                            choices=[
                                ("acute", "Less than 6 weeks"),
                                ("subacute", "6 weeks to 3 months"),
                                ("chronic", "More than 3 months"),
                            ],
                            max_length=16,
                            verbose_name="how long you have had it",
                        ),
                    ),
                    (
                        "pain_pattern",
                        models.CharField(
                            choices=[("constant", "Constant"), ("intermittent", "Comes and goes")],
                            max_length=16,
                            verbose_name="is it constant?",
                        ),
                    ),
                    (
                        "night_pain",
                        models.BooleanField(
                            default=False, verbose_name="the pain wakes me at night"
                        ),
                    ),
                    (
                        "worse_with",
                        models.TextField(blank=True, verbose_name="what makes it worse"),
                    ),
                    (
                        "better_with",
                        models.TextField(blank=True, verbose_name="what makes it better"),
                    ),
                    (
                        "earlier_treatment",
                        models.TextField(blank=True, verbose_name="earlier episodes and treatment"),
                    ),
                    ("goals", models.TextField(verbose_name="what you hope to get from treatment")),
                    (
                        "medications",
                        models.TextField(blank=True, verbose_name="medications you take"),
                    ),
                    (
                        "conditions",
                        models.TextField(blank=True, verbose_name="other health conditions"),
                    ),
                    (
                        "fever_or_infection",
                        models.BooleanField(
                            default=False, verbose_name="fever, flu or an infection now"
                        ),
                    ),
                    (
                        "clot_signs",
                        models.BooleanField(
                            default=False,
                            verbose_name="swelling, warmth, redness or tenderness in one calf or leg",
                        ),
                    ),
                    (
                        "recent_surgery",
                        models.BooleanField(
                            default=False, verbose_name="surgery in the last 12 weeks"
                        ),
                    ),
                    (
                        "anticoagulants_or_bleeding",
                        models.BooleanField(
                            default=False, verbose_name="blood thinners, or a bleeding disorder"
                        ),
                    ),
                    (
                        "osteoporosis",
                        models.BooleanField(default=False, verbose_name="osteoporosis"),
                    ),
                    (
                        "cancer",
                        models.BooleanField(
                            default=False, verbose_name="cancer, now or being treated"
                        ),
                    ),
                    (
                        "pregnancy",
                        models.BooleanField(
                            default=False,
                            verbose_name="pregnant, or gave birth in the last 6 weeks",
                        ),
                    ),
                    (
                        "blood_pressure",
                        models.CharField(
                            choices=[
                                ("normal", "No high blood pressure"),
                                ("controlled", "High, controlled by treatment"),
                                ("uncontrolled", "High, not controlled or not known"),
                            ],
                            default="normal",
                            max_length=16,
                            verbose_name="blood pressure",
                        ),
                    ),
                    (
                        "skin_problems",
                        models.BooleanField(
                            default=False,
                            verbose_name="open wounds, burns, rashes or skin infections",
                        ),
                    ),
                    (
                        "back_red_flags",
                        models.BooleanField(
                            default=False,
                            verbose_name="numbness around the groin or buttocks, new bladder or bowel trouble, or leg weakness that is getting worse",
                        ),
                    ),
                    (
                        "headache_red_flags",
                        models.BooleanField(
                            default=False,
                            verbose_name="a sudden, worst-ever headache, a stiff neck with fever, or new numbness, weakness or trouble speaking",
                        ),
                    ),
                    (
                        "areas_to_avoid",
                        models.TextField(
                            blank=True, verbose_name="areas the therapist should avoid"
                        ),
                    ),
                    (
                        "preferred_pressure",
                        models.CharField(
                            choices=[
                                ("light", "Light"),
                                ("medium", "Medium"),
                                ("firm", "Firm"),
                                ("deep", "Deep"),
                            ],
                            default="medium",
                            max_length=16,
                            verbose_name="preferred pressure",
                        ),
                    ),
                    ("pain_chart", models.JSONField()),
                    (
                        "consent_treatment",
                        models.BooleanField(default=False, verbose_name="I consent to treatment"),
                    ),
                    (
                        "consent_privacy",
                        models.BooleanField(
                            default=False, verbose_name="I agree to the clinic's privacy notice"
                        ),
                    ),
                    ("signature", models.CharField(max_length=200)),
                    ("signed_at", models.DateTimeField()),
                    ("signed_ip", models.GenericIPAddressField(blank=True, null=True)),
                    (
                        "screening_status",
                        models.CharField(
                            choices=[
                                ("clear", "Clear"),
                                ("caution", "Caution"),
                                ("needs_clearance", "Needs clearance"),
                            ],
                            max_length=16,
                        ),
                    ),
                    ("screening_reasons", models.JSONField(default=list)),
                    (
                        "client",
                        models.ForeignKey(
                            on_delete=django.db.models.deletion.PROTECT,
                            related_name="intakes",
                            to=settings.AUTH_USER_MODEL,
                        ),
                    ),
                ],
                options={
                    "db_table": "clients_intake",
                    "ordering": ["client", "-version"],
                },
            ),
            migrations.CreateModel(
                name="IntakeClearance",
                fields=[
                    (
                        "id",
                        models.BigAutoField(
                            auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                        ),
                    ),
                    ("cleared_at", models.DateTimeField(auto_now_add=True)),
                    (
                        "note",
                        models.TextField(
                            help_text="What was checked, e.g. the physician's note of 3 March."
                        ),
                    ),
                    (
                        "cleared_by",
                        models.ForeignKey(
                            on_delete=django.db.models.deletion.PROTECT,
                            related_name="+",
                            to=settings.AUTH_USER_MODEL,
                        ),
                    ),
                    (
                        "intake",
                        models.ForeignKey(
                            on_delete=django.db.models.deletion.PROTECT,
                            related_name="clearances",
                            to="intake.intake",
                        ),
                    ),
                ],
                options={
                    "db_table": "clients_intakeclearance",
                    "ordering": ["cleared_at"],
                },
            ),
            migrations.CreateModel(
                name="IntakeDraft",
                fields=[
                    (
                        "id",
                        models.BigAutoField(
                            auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                        ),
                    ),
                    ("answers", models.JSONField(default=dict)),
                    ("updated_at", models.DateTimeField(auto_now=True)),
                    (
                        "client",
                        models.OneToOneField(
                            on_delete=django.db.models.deletion.CASCADE,
                            related_name="intake_draft",
                            to=settings.AUTH_USER_MODEL,
                        ),
                    ),
                ],
                options={
                    "db_table": "clients_intakedraft",
                },
            ),
            migrations.AddConstraint(
                model_name="intake",
                constraint=models.UniqueConstraint(
                    fields=("client", "version"), name="intake_version_unique"
                ),
            ),
            migrations.AddConstraint(
                model_name="intake",
                constraint=models.CheckConstraint(
                    condition=models.Q(("consent_privacy", True), ("consent_treatment", True)),
                    name="intake_consented",
                ),
            ),
        ),
        content_type_follows("Intake", from_app="clients", to_app="intake"),
        content_type_follows("IntakeClearance", from_app="clients", to_app="intake"),
        content_type_follows("IntakeDraft", from_app="clients", to_app="intake"),
    ]
