import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from clinic.web.moves import content_type_follows, moved_in


class Migration(migrations.Migration):
    dependencies = [
        ("clinic_sessions", "0012_notes_check_ins_feeds_and_waitlist_move_out"),
        ("waitlist", "0001_waitlist_moves_from_sessions"),
        ("credentials", "0001_credentials_move_from_therapists"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        moved_in(
            migrations.CreateModel(
                name="Message",
                fields=[
                    (
                        "id",
                        models.BigAutoField(
                            auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                        ),
                    ),
                    ("key", models.CharField(max_length=120, unique=True)),
                    (
                        "kind",
                        models.CharField(
                            choices=[
                                ("confirmation", "Booking confirmation"),
                                ("change", "Change notice"),
                                ("cancellation", "Cancellation notice"),
                                ("reminder_24h", "Reminder, the day before"),
                                ("reminder_2h", "Reminder, 2 hours before"),
                                ("intake_nudge", "Intake nudge"),
                                ("aftercare", "Aftercare"),
                                ("check_in", "Check-in"),
                                ("rebook", "Rebook nudge"),
                                ("therapist_day", "Therapist's next day"),
                                ("waitlist_offer", "Waitlist offer"),
                                ("booking_request", "Booking awaiting approval"),
                                ("booking_declined", "Booking request declined"),
                                ("cred_verified", "Credential verified"),
                                ("cred_rejected", "Credential rejected"),
                                ("cred_expiring", "Credential expiry alert"),
                            ],
                            max_length=16,
                        ),
                    ),
                    (
                        "channel",
                        models.CharField(
                            choices=[("email", "Email"), ("sms", "Text message")], max_length=8
                        ),
                    ),
                    ("appointment_start", models.DateTimeField(blank=True, null=True)),
                    (
                        "day",
                        models.DateField(
                            blank=True,
                            help_text="The day a therapist's day is about, or the expiry an alert was planned for.",
                            null=True,
                        ),
                    ),
                    ("due_at", models.DateTimeField()),
                    (
                        "send_by",
                        models.DateTimeField(help_text="Later than this, the message is skipped."),
                    ),
                    (
                        "state",
                        models.CharField(
                            choices=[
                                ("pending", "Pending"),
                                ("queued", "Queued"),
                                ("sending", "Sending"),
                                ("sent", "Sent"),
                                ("failed", "Failed"),
                                ("skipped", "Skipped"),
                            ],
                            default="pending",
                            max_length=8,
                        ),
                    ),
                    ("attempts", models.PositiveSmallIntegerField(default=0)),
                    ("claimed_at", models.DateTimeField(blank=True, null=True)),
                    ("sent_at", models.DateTimeField(blank=True, null=True)),
                    ("last_error", models.TextField(blank=True)),
                    ("skip_reason", models.CharField(blank=True, max_length=200)),
                    ("created_at", models.DateTimeField(auto_now_add=True)),
                    (
                        "appointment",
                        models.ForeignKey(
                            blank=True,
                            null=True,
                            on_delete=django.db.models.deletion.PROTECT,
                            related_name="messages",
                            to="clinic_sessions.appointment",
                        ),
                    ),
                    (
                        "credential",
                        models.ForeignKey(
                            blank=True,
                            null=True,
                            on_delete=django.db.models.deletion.PROTECT,
                            related_name="messages",
                            to="credentials.credential",
                        ),
                    ),
                    (
                        "offer",
                        models.ForeignKey(
                            blank=True,
                            null=True,
                            on_delete=django.db.models.deletion.PROTECT,
                            related_name="messages",
                            to="waitlist.waitlistoffer",
                        ),
                    ),
                    (
                        "recipient",
                        models.ForeignKey(
                            on_delete=django.db.models.deletion.PROTECT,
                            related_name="messages",
                            to=settings.AUTH_USER_MODEL,
                        ),
                    ),
                ],
                options={
                    "db_table": "clinic_sessions_message",
                    "ordering": ["-due_at"],
                    "indexes": [models.Index(fields=["state", "due_at"], name="message_state_due")],
                },
            ),
        ),
        content_type_follows("Message", from_app="clinic_sessions", to_app="messaging"),
    ]
