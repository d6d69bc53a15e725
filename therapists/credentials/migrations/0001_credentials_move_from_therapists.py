import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import therapists.credentials.models
import therapists.credentials.storage
from clinic.web.moves import content_type_follows, moved_in


class Migration(migrations.Migration):
    dependencies = [
        ("therapists", "0004_services_from_catalogue"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        moved_in(
            migrations.CreateModel(
                name="Credential",
                fields=[
                    (
                        "id",
                        models.BigAutoField(
                            auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                        ),
                    ),
                    (
                        "kind",
                        models.CharField(
                            choices=[
                                ("licence", "Licence"),
                                ("certification", "Certification"),
                                ("insurance", "Liability insurance"),
                                ("first_aid", "First aid / CPR"),
                            ],
                            default="licence",
                            max_length=16,
                        ),
                    ),
                    (
                        "certification",
                        models.CharField(
                            blank=True,
                            choices=[
                                ("trigger_point", "Trigger point therapy"),
                                ("neuromuscular", "Neuromuscular therapy"),
                                ("myofascial_release", "Myofascial release"),
                                ("neural_reset", "Neural reset therapy"),
                                ("dry_needling", "Dry needling"),
                            ],
                            help_text="Which certification (for the certification kind only).",
                            max_length=32,
                        ),
                    ),
                    ("number", models.CharField(max_length=64)),
                    ("issuing_authority", models.CharField(max_length=200)),
                    ("jurisdiction", models.CharField(max_length=120)),
                    ("issued_on", models.DateField()),
                    ("expires_on", models.DateField()),
                    (
                        "document",
                        models.FileField(
                            blank=True,
                            max_length=200,
                            storage=therapists.credentials.storage.PrivateStorage(),
                            upload_to=therapists.credentials.models.document_name,
                        ),
                    ),
                    ("document_type", models.CharField(blank=True, max_length=40)),
                    (
                        "submitted_at",
                        models.DateTimeField(
                            default=django.utils.timezone.now,
                            help_text="When it last went to verification.",
                        ),
                    ),
                    (
                        "status",
                        models.CharField(
                            choices=[
                                ("pending", "Pending verification"),
                                ("verified", "Verified"),
                                ("rejected", "Rejected"),
                            ],
                            default="pending",
                            max_length=16,
                        ),
                    ),
                    ("decided_at", models.DateTimeField(blank=True, null=True)),
                    ("rejection_reason", models.TextField(blank=True)),
                    (
                        "decided_by",
                        models.ForeignKey(
                            blank=True,
                            null=True,
                            on_delete=django.db.models.deletion.PROTECT,
                            related_name="+",
                            to=settings.AUTH_USER_MODEL,
                        ),
                    ),
                    (
                        "therapist",
                        models.ForeignKey(
                            on_delete=django.db.models.deletion.CASCADE,
                            related_name="credentials",
                            to="therapists.therapist",
                        ),
                    ),
                ],
                options={
                    "db_table": "therapists_credential",
                    "ordering": ["therapist", "kind", "-expires_on"],
                },
            ),
            migrations.CreateModel(
                name="CredentialEvent",
                fields=[
                    (
                        "id",
                        models.BigAutoField(
                            auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                        ),
                    ),
                    (
                        "action",
                        models.CharField(
                            choices=[
                                ("submitted", "Submitted"),
                                ("changed", "Changed and sent back to verification"),
                                ("verified", "Verified"),
                                ("rejected", "Rejected"),
                            ],
                            max_length=16,
                        ),
                    ),
                    ("at", models.DateTimeField(default=django.utils.timezone.now)),
                    ("reason", models.TextField(blank=True)),
                    (
                        "detail",
                        models.CharField(
                            blank=True,
                            help_text="The credential's facts at that moment.",
                            max_length=300,
                        ),
                    ),
                    (
                        "actor",
                        models.ForeignKey(
                            on_delete=django.db.models.deletion.PROTECT,
                            related_name="+",
                            to=settings.AUTH_USER_MODEL,
                        ),
                    ),
                    (
                        "credential",
                        models.ForeignKey(
                            on_delete=django.db.models.deletion.PROTECT,
                            related_name="events",
                            to="credentials.credential",
                        ),
                    ),
                ],
                options={
                    "db_table": "therapists_credentialevent",
                    "ordering": ["credential", "at", "pk"],
                },
            ),
            migrations.AddConstraint(
                model_name="credential",
                constraint=models.CheckConstraint(
                    condition=models.Q(("expires_on__gt", models.F("issued_on"))),
                    name="credential_expires_after_issue",
                ),
            ),
            migrations.AddConstraint(
                model_name="credential",
                constraint=models.CheckConstraint(
                    condition=models.Q(
                        models.Q(("certification__gt", ""), ("kind", "certification")),
                        models.Q(
                            models.Q(("kind", "certification"), _negated=True),
                            ("certification", ""),
                        ),
                        _connector="OR",
                    ),
                    name="credential_certification_only_for_its_kind",
                ),
            ),
        ),
        content_type_follows("Credential", from_app="therapists", to_app="credentials"),
        content_type_follows("CredentialEvent", from_app="therapists", to_app="credentials"),
    ]
