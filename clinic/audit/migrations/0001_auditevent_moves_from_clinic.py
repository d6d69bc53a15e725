import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
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
                name="AuditEvent",
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
                                ("read", "Read"),
                                ("create", "Create"),
                                ("change", "Change"),
                                ("sign", "Sign"),
                                ("export", "Export"),
                                ("delete", "Delete"),
                                ("sign_in", "Sign-in"),
                                ("sign_out", "Sign-out"),
                                ("sign_in_failed", "Failed sign-in"),
                                ("lockout", "Lockout"),
                            ],
                            max_length=16,
                        ),
                    ),
                    ("record_type", models.CharField(max_length=60)),
                    ("record_id", models.CharField(max_length=40)),
                    ("detail", models.CharField(blank=True, max_length=200)),
                    ("at", models.DateTimeField(db_index=True, default=django.utils.timezone.now)),
                    ("ip", models.GenericIPAddressField(blank=True, null=True)),
                    (
                        "actor",
                        models.ForeignKey(
                            blank=True,
                            null=True,
                            on_delete=django.db.models.deletion.PROTECT,
                            related_name="+",
                            to=settings.AUTH_USER_MODEL,
                        ),
                    ),
                    (
                        "subject",
                        models.ForeignKey(
                            blank=True,
                            help_text="The person the record is about: the client, or the account signing in.",
                            null=True,
                            on_delete=django.db.models.deletion.PROTECT,
                            related_name="+",
                            to=settings.AUTH_USER_MODEL,
                        ),
                    ),
                ],
                options={
                    "db_table": "clinic_auditevent",
                    "ordering": ["-at", "-pk"],
                    "indexes": [
                        models.Index(fields=["record_type", "record_id"], name="audit_record")
                    ],
                },
            ),
        ),
        content_type_follows("AuditEvent", from_app="clinic", to_app="audit"),
    ]
