import calendar
from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils.timezone import localtime

from clinic.bodymap.muscles import MUSCLES_BY_ID


class AppointmentStatus(models.TextChoices):
    BOOKED = "booked", "Booked"
    CANCELLED = "cancelled", "Cancelled"
    COMPLETED = "completed", "Completed"
    NO_SHOW = "no_show", "No-show"
    # Booked online by a client over the no-show threshold: holds the slot until decided.
    PENDING_APPROVAL = "pending_approval", "Awaiting approval"


NO_SHOW = Q(status=AppointmentStatus.NO_SHOW)
# Cancelled by the client inside the free-cancellation window (see appointment_cancel).
LATE_CANCELLATION = Q(status=AppointmentStatus.CANCELLED, late_cancellation=True)


def attendance_counts(path: str = "appointments") -> dict:
    """Count annotations of a client's no-shows and late cancellations, for a User queryset."""

    def through(condition: Q) -> Q:
        return Q(*[(f"{path}__{key}", value) for key, value in condition.children])

    return {
        "no_shows": Count(path, filter=through(NO_SHOW)),
        "late_cancellations": Count(path, filter=through(LATE_CANCELLATION)),
    }


class AppointmentQuerySet(models.QuerySet):
    def live(self) -> "AppointmentQuerySet":
        """Appointments that hold their time: everything but cancelled ones."""
        return self.exclude(status=AppointmentStatus.CANCELLED)

    def overlapping(self, start, end, *, blocked: bool = True) -> "AppointmentQuerySet":
        """Appointments whose time ([start, blocked_until) or [start, end)) meets [start, end)."""
        until = "blocked_until" if blocked else "end"
        return self.filter(start__lt=end, **{f"{until}__gt": start})

    def visible_to(self, user) -> "AppointmentQuerySet":
        if user.is_clinic_admin or user.is_superuser:
            return self
        if user.is_therapist:
            return self.filter(therapist__user=user)
        return self.filter(client=user)

    def with_related(self) -> "AppointmentQuerySet":
        return self.select_related("client", "therapist", "service")

    def missed(self) -> "AppointmentQuerySet":
        """No-shows and late cancellations: what counts towards needing approval."""
        return self.filter(NO_SHOW | LATE_CANCELLATION)

    def with_client_attendance(self) -> "AppointmentQuerySet":
        """Annotate each row with its client's no-shows and late cancellations (subqueries,
        so a list keeps one query)."""

        def count(condition: Q):
            rows = (
                Appointment.objects.filter(condition, client=OuterRef("client_id"))
                .order_by()
                .values("client_id")
                .annotate(total=Count("pk"))
                .values("total")
            )
            return Coalesce(Subquery(rows, output_field=models.IntegerField()), 0)

        return self.annotate(
            client_no_shows=count(NO_SHOW), client_late_cancellations=count(LATE_CANCELLATION)
        )


class Appointment(models.Model):
    """A booked session. [start, blocked_until) is the therapist's time it takes, buffer included.

    On PostgreSQL two exclusion constraints (see the migrations) forbid overlapping live
    appointments of one therapist, and of one client.
    """

    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="appointments"
    )
    therapist = models.ForeignKey(
        "therapists.Therapist", on_delete=models.PROTECT, related_name="appointments"
    )
    service = models.ForeignKey("catalogue.Service", on_delete=models.PROTECT, related_name="+")
    start = models.DateTimeField()
    end = models.DateTimeField()
    blocked_until = models.DateTimeField()
    status = models.CharField(
        max_length=16, choices=AppointmentStatus.choices, default=AppointmentStatus.BOOKED
    )
    created_at = models.DateTimeField(auto_now_add=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancellation_reason = models.TextField(blank=True)
    late_cancellation = models.BooleanField(default=False)
    sequence = models.PositiveIntegerField(
        default=0, help_text="Raised by every change: the calendar invitation's SEQUENCE."
    )

    objects = AppointmentQuerySet.as_manager()

    class Meta:
        ordering = ["-start"]
        indexes = [
            models.Index(fields=["therapist", "start"], name="appointment_therapist_start"),
            models.Index(fields=["client", "start"], name="appointment_client_start"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=F("start")), name="appointment_end_after_start"
            ),
            models.CheckConstraint(
                condition=Q(blocked_until__gte=F("end")), name="appointment_blocked_covers_end"
            ),
        ]

    def __str__(self) -> str:
        # In the clinic's time, as people read it; a saved start is in UTC.
        return f"{self.service} with {self.therapist} at {localtime(self.start):%Y-%m-%d %H:%M}"

    @property
    def is_live(self) -> bool:
        return self.status != AppointmentStatus.CANCELLED

    def is_participant(self, user) -> bool:
        return (
            user.is_clinic_admin
            or user.is_superuser
            or self.client_id == user.pk
            or self.therapist.user_id == user.pk
        )


class NoteStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SIGNED = "signed", "Signed"


class Technique(models.TextChoices):
    ISCHEMIC_COMPRESSION = "ischemic_compression", "Ischemic compression"
    DEEP_TISSUE = "deep_tissue", "Deep tissue"
    MYOFASCIAL_RELEASE = "myofascial_release", "Myofascial release"
    PNF_STRETCHING = "pnf_stretching", "PNF stretching"
    NEURAL_RESET = "neural_reset", "Neural reset therapy"
    OTHER = "other", "Other"


class PointActivity(models.TextChoices):
    ACTIVE = "active", "Active"
    LATENT = "latent", "Latent"


class PointResponse(models.TextChoices):
    RELEASED = "released", "Released"
    PARTLY_RELEASED = "partly_released", "Partly released"
    NO_CHANGE = "no_change", "No change"


def pain_scale_check(field: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__lte": 10}),
        name=f"note_{field}_0_10",
    )


class SessionNote(models.Model):
    """The therapist's SOAP note of one appointment. Once signed it never changes
    (the database refuses it too); corrections are addenda."""

    appointment = models.OneToOneField(Appointment, on_delete=models.PROTECT, related_name="note")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    intake = models.ForeignKey(
        "intake.Intake",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="notes",
        help_text="The intake version that was current when the note was written.",
    )
    subjective = models.TextField("subjective: the client's account", blank=True)
    objective = models.TextField("objective: findings", blank=True)
    assessment = models.TextField(blank=True)
    plan = models.TextField("plan and home care", blank=True)
    rebook_after_days = models.PositiveSmallIntegerField(
        "next session in (days)", null=True, blank=True
    )
    pain_before = models.PositiveSmallIntegerField("pain now, before (0-10)", null=True, blank=True)
    pain_after = models.PositiveSmallIntegerField("pain now, after (0-10)", null=True, blank=True)
    therapist_remarks = models.TextField(
        "remarks for therapists only", blank=True, help_text="Not shown to the client."
    )
    status = models.CharField(max_length=8, choices=NoteStatus.choices, default=NoteStatus.DRAFT)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    signed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-appointment__start"]
        constraints = [
            pain_scale_check("pain_before"),
            pain_scale_check("pain_after"),
            models.CheckConstraint(
                condition=Q(status=NoteStatus.DRAFT)
                | Q(signed_at__isnull=False, pain_before__isnull=False, pain_after__isnull=False),
                name="note_signed_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"Note of {self.appointment}"

    @property
    def audit_subject_id(self) -> int:
        """Whom the audit trail files this record under."""
        return self.appointment.client_id

    # The session as the client may read it: what every export of a note carries.
    CONTENT_FIELDS = ["pain_before", "pain_after", "subjective", "objective", "assessment", "plan"]

    @property
    def content(self) -> dict:
        return {name: getattr(self, name) for name in self.CONTENT_FIELDS}

    @property
    def is_signed(self) -> bool:
        return self.status == NoteStatus.SIGNED


class TreatedPoint(models.Model):
    """One trigger point found and treated in a session."""

    note = models.ForeignKey(SessionNote, on_delete=models.CASCADE, related_name="points")
    muscle = models.CharField(max_length=40, help_text="A catalogue muscle id, or 'other'.")
    other_muscle = models.CharField("muscle (other)", max_length=80, blank=True)
    side = models.CharField(max_length=1, choices=[("L", "Left"), ("R", "Right"), ("M", "Midline")])
    activity = models.CharField(max_length=8, choices=PointActivity.choices)
    technique = models.CharField(max_length=24, choices=Technique.choices)
    pressure = models.PositiveSmallIntegerField(help_text="1 (light) to 5 (deep)")
    duration_seconds = models.PositiveSmallIntegerField()
    response = models.CharField(max_length=16, choices=PointResponse.choices)
    referral_reproduced = models.BooleanField(default=False)

    class Meta:
        ordering = ["note", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(pressure__gte=1, pressure__lte=5), name="point_pressure_1_5"
            ),
            models.CheckConstraint(
                condition=Q(duration_seconds__gte=1, duration_seconds__lte=1800),
                name="point_duration_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.muscle_name} ({self.side})"

    @property
    def audit_subject_id(self) -> int:
        """Whom the audit trail files this record under."""
        return self.note.appointment.client_id

    @property
    def muscle_name(self) -> str:
        found = MUSCLES_BY_ID.get(self.muscle)
        return found.name if found else self.other_muscle or "Other"


class NoteAddendum(models.Model):
    """A correction or addition to a signed note, kept beside it in order."""

    note = models.ForeignKey(SessionNote, on_delete=models.PROTECT, related_name="addenda")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["note", "created_at", "pk"]
        verbose_name_plural = "note addenda"

    def __str__(self) -> str:
        return f"Addendum to {self.note} by {self.author}"

    @property
    def audit_subject_id(self) -> int:
        """Whom the audit trail files this record under."""
        return self.note.appointment.client_id


class MessageKind(models.TextChoices):
    CONFIRMATION = "confirmation", "Booking confirmation"
    CHANGE = "change", "Change notice"
    CANCELLATION = "cancellation", "Cancellation notice"
    REMINDER_24H = "reminder_24h", "Reminder, the day before"
    REMINDER_2H = "reminder_2h", "Reminder, 2 hours before"
    INTAKE_NUDGE = "intake_nudge", "Intake nudge"
    AFTERCARE = "aftercare", "Aftercare"
    CHECK_IN = "check_in", "Check-in"
    REBOOK = "rebook", "Rebook nudge"
    THERAPIST_DAY = "therapist_day", "Therapist's next day"
    WAITLIST_OFFER = "waitlist_offer", "Waitlist offer"
    BOOKING_REQUEST = "booking_request", "Booking awaiting approval"
    BOOKING_DECLINED = "booking_declined", "Booking request declined"
    CREDENTIAL_VERIFIED = "cred_verified", "Credential verified"
    CREDENTIAL_REJECTED = "cred_rejected", "Credential rejected"
    CREDENTIAL_EXPIRING = "cred_expiring", "Credential expiry alert"


class Channel(models.TextChoices):
    EMAIL = "email", "Email"
    SMS = "sms", "Text message"


class MessageState(models.TextChoices):
    PENDING = "pending", "Pending"
    QUEUED = "queued", "Queued"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"
    SKIPPED = "skipped", "Skipped"


class Message(models.Model):
    """One outgoing message: a row first (made with the booking change), sent later.

    `key` makes scheduling idempotent (one 24-hour reminder per appointment and channel);
    `appointment_start` is the time the message was planned for, so a moved appointment's
    stale message is skipped rather than sent.
    """

    key = models.CharField(max_length=120, unique=True)
    kind = models.CharField(max_length=16, choices=MessageKind.choices)
    channel = models.CharField(max_length=8, choices=Channel.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="messages"
    )
    appointment = models.ForeignKey(
        Appointment, null=True, blank=True, on_delete=models.PROTECT, related_name="messages"
    )
    appointment_start = models.DateTimeField(null=True, blank=True)
    offer = models.ForeignKey(
        "WaitlistOffer", null=True, blank=True, on_delete=models.PROTECT, related_name="messages"
    )
    credential = models.ForeignKey(
        "credentials.Credential",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="messages",
    )
    day = models.DateField(
        null=True,
        blank=True,
        help_text="The day a therapist's day is about, or the expiry an alert was planned for.",
    )
    due_at = models.DateTimeField()
    send_by = models.DateTimeField(help_text="Later than this, the message is skipped.")
    state = models.CharField(
        max_length=8, choices=MessageState.choices, default=MessageState.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    skip_reason = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-due_at"]
        indexes = [models.Index(fields=["state", "due_at"], name="message_state_due")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.recipient} ({self.get_state_display()})"


class CheckIn(models.Model):
    """The client's answer to the check-in a few days after a session (single use)."""

    appointment = models.OneToOneField(
        Appointment, on_delete=models.PROTECT, related_name="check_in"
    )
    pain_now = models.PositiveSmallIntegerField()
    comment = models.TextField(blank=True)
    answered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(pain_now__lte=10), name="check_in_pain_0_10")
        ]

    def __str__(self) -> str:
        return f"Check-in after {self.appointment}: {self.pain_now}/10"


class WaitlistState(models.TextChoices):
    WAITING = "waiting", "Waiting"
    BOOKED = "booked", "Booked"
    LEFT = "left", "Left the waitlist"


def validate_weekdays(value: list) -> None:
    if not isinstance(value, list) or not value or any(d not in range(7) for d in value):
        raise ValidationError("Choose at least one day of the week.")


class WaitlistEntryQuerySet(models.QuerySet):
    def waiting(self, *, on: date) -> "WaitlistEntryQuerySet":
        """Entries still looking for a session on or after `on`, oldest first."""
        return self.filter(state=WaitlistState.WAITING, last_day__gte=on).order_by(
            "created_at", "pk"
        )


class WaitlistEntry(models.Model):
    """A client waiting for a session: a service, a therapist (or any), days and times.

    The session must start no earlier than `earliest` and end no later than `latest`, on
    one of `weekdays` (0 = Monday) between `first_day` and `last_day`, clinic time.
    """

    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="waitlist_entries"
    )
    therapist = models.ForeignKey(
        "therapists.Therapist",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="waitlist_entries",
        help_text="Empty: any therapist who offers the service.",
    )
    service = models.ForeignKey("catalogue.Service", on_delete=models.CASCADE, related_name="+")
    first_day = models.DateField()
    last_day = models.DateField()
    weekdays = models.JSONField(validators=[validate_weekdays])
    earliest = models.TimeField()
    latest = models.TimeField()
    state = models.CharField(
        max_length=8, choices=WaitlistState.choices, default=WaitlistState.WAITING
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = WaitlistEntryQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name_plural = "waitlist entries"
        indexes = [models.Index(fields=["state", "last_day"], name="waitlist_state_last_day")]
        constraints = [
            models.CheckConstraint(
                condition=Q(last_day__gte=F("first_day")), name="waitlist_days_in_order"
            ),
            models.CheckConstraint(
                condition=Q(latest__gt=F("earliest")), name="waitlist_times_in_order"
            ),
        ]

    def __str__(self) -> str:
        who = self.therapist or "any therapist"
        return f"{self.client} waits for {self.service} with {who}"

    @property
    def weekday_names(self) -> str:
        return ", ".join(calendar.day_abbr[day] for day in sorted(self.weekdays))


class OfferState(models.TextChoices):
    OPEN = "open", "Open"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    EXPIRED = "expired", "Expired"
    TAKEN = "taken", "Taken by someone else"


class WaitlistOffer(models.Model):
    """A freed slot offered to one waiting client until `expires_at`."""

    entry = models.ForeignKey(WaitlistEntry, on_delete=models.CASCADE, related_name="offers")
    therapist = models.ForeignKey(
        "therapists.Therapist", on_delete=models.CASCADE, related_name="+"
    )
    start = models.DateTimeField()
    end = models.DateTimeField()
    blocked_until = models.DateTimeField()
    expires_at = models.DateTimeField()
    state = models.CharField(max_length=8, choices=OfferState.choices, default=OfferState.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    appointment = models.OneToOneField(
        Appointment, null=True, blank=True, on_delete=models.SET_NULL, related_name="offer"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["state", "expires_at"], name="offer_state_expires")]
        constraints = [
            # One open offer per entry at a time: the next waits for its answer.
            models.UniqueConstraint(
                fields=["entry"], condition=Q(state="open"), name="offer_one_open_per_entry"
            ),
            # An entry is never offered the same slot twice.
            models.UniqueConstraint(
                fields=["entry", "therapist", "start"], name="offer_once_per_slot"
            ),
        ]

    def __str__(self) -> str:
        return f"Offer of {localtime(self.start):%Y-%m-%d %H:%M} with {self.therapist}"

    def is_open_at(self, now: datetime) -> bool:
        return self.state == OfferState.OPEN and now < self.expires_at


class CalendarFeed(models.Model):
    """A therapist's private calendar subscription: the token in the URL is the key."""

    therapist = models.OneToOneField(
        "therapists.Therapist", on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True)
    rotated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Calendar feed of {self.therapist}"
