import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import sessions.waitlist.models
from clinic.web.moves import content_type_follows, moved_in


class Migration(migrations.Migration):
    dependencies = [
        ("clinic_sessions", "0010_note_intake_from_intake"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        moved_in(
            migrations.CreateModel(
                name="WaitlistEntry",
                fields=[
                    (
                        "id",
                        models.BigAutoField(
                            auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                        ),
                    ),
                    ("first_day", models.DateField()),
                    ("last_day", models.DateField()),
                    (
                        "weekdays",
                        models.JSONField(validators=[sessions.waitlist.models.validate_weekdays]),
                    ),
                    ("earliest", models.TimeField()),
                    ("latest", models.TimeField()),
                    (
                        "state",
                        models.CharField(
                            choices=[
                                ("waiting", "Waiting"),
                                ("booked", "Booked"),
                                ("left", "Left the waitlist"),
                            ],
                            default="waiting",
                            max_length=8,
                        ),
                    ),
                    ("created_at", models.DateTimeField(auto_now_add=True)),
                    (
                        "client",
                        models.ForeignKey(
                            on_delete=django.db.models.deletion.CASCADE,
                            related_name="waitlist_entries",
                            to=settings.AUTH_USER_MODEL,
                        ),
                    ),
                    (
                        "service",
                        models.ForeignKey(
                            on_delete=django.db.models.deletion.CASCADE,
                            related_name="+",
                            to="catalogue.service",
                        ),
                    ),
                    (
                        "therapist",
                        models.ForeignKey(
                            blank=True,
                            help_text="Empty: any therapist who offers the service.",
                            null=True,
                            on_delete=django.db.models.deletion.CASCADE,
                            related_name="waitlist_entries",
                            to="therapists.therapist",
                        ),
                    ),
                ],
                options={
                    "verbose_name_plural": "waitlist entries",
                    "db_table": "clinic_sessions_waitlistentry",
                    "ordering": ["created_at", "pk"],
                },
            ),
            migrations.CreateModel(
                name="WaitlistOffer",
                fields=[
                    (
                        "id",
                        models.BigAutoField(
                            auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                        ),
                    ),
                    ("start", models.DateTimeField()),
                    ("end", models.DateTimeField()),
                    ("blocked_until", models.DateTimeField()),
                    ("expires_at", models.DateTimeField()),
                    (
                        "state",
                        models.CharField(
                            choices=[
                                ("open", "Open"),
                                ("accepted", "Accepted"),
                                ("declined", "Declined"),
                                ("expired", "Expired"),
                                ("taken", "Taken by someone else"),
                            ],
                            default="open",
                            max_length=8,
                        ),
                    ),
                    ("created_at", models.DateTimeField(auto_now_add=True)),
                    ("decided_at", models.DateTimeField(blank=True, null=True)),
                    (
                        "appointment",
                        models.OneToOneField(
                            blank=True,
                            null=True,
                            on_delete=django.db.models.deletion.SET_NULL,
                            related_name="offer",
                            to="clinic_sessions.appointment",
                        ),
                    ),
                    (
                        "entry",
                        models.ForeignKey(
                            on_delete=django.db.models.deletion.CASCADE,
                            related_name="offers",
                            to="waitlist.waitlistentry",
                        ),
                    ),
                    (
                        "therapist",
                        models.ForeignKey(
                            on_delete=django.db.models.deletion.CASCADE,
                            related_name="+",
                            to="therapists.therapist",
                        ),
                    ),
                ],
                options={
                    "db_table": "clinic_sessions_waitlistoffer",
                    "ordering": ["-created_at", "-pk"],
                },
            ),
            migrations.AddIndex(
                model_name="waitlistentry",
                index=models.Index(fields=["state", "last_day"], name="waitlist_state_last_day"),
            ),
            migrations.AddConstraint(
                model_name="waitlistentry",
                constraint=models.CheckConstraint(
                    condition=models.Q(("last_day__gte", models.F("first_day"))),
                    name="waitlist_days_in_order",
                ),
            ),
            migrations.AddConstraint(
                model_name="waitlistentry",
                constraint=models.CheckConstraint(
                    condition=models.Q(("latest__gt", models.F("earliest"))),
                    name="waitlist_times_in_order",
                ),
            ),
            migrations.AddIndex(
                model_name="waitlistoffer",
                index=models.Index(fields=["state", "expires_at"], name="offer_state_expires"),
            ),
            migrations.AddConstraint(
                model_name="waitlistoffer",
                constraint=models.UniqueConstraint(
                    condition=models.Q(("state", "open")),
                    fields=("entry",),
                    name="offer_one_open_per_entry",
                ),
            ),
            migrations.AddConstraint(
                model_name="waitlistoffer",
                constraint=models.UniqueConstraint(
                    fields=("entry", "therapist", "start"), name="offer_once_per_slot"
                ),
            ),
        ),
        content_type_follows("WaitlistEntry", from_app="clinic_sessions", to_app="waitlist"),
        content_type_follows("WaitlistOffer", from_app="clinic_sessions", to_app="waitlist"),
    ]
