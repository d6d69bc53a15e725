from django.conf import settings
from django.db import models
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from clinic.accounts.access import is_admin, runs_front_desk
from clinic.clock import spoken


class AppointmentStatus(models.TextChoices):
    BOOKED = "booked", "Booked"
    # Checked in at the desk: the client is in the clinic and the session about to begin.
    ARRIVED = "arrived", "Arrived"
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
        """Every appointment for the desk and admins (times, clients, services: no clinical
        record), a therapist's own, a client's own."""
        if runs_front_desk(user):
            return self
        if user.is_therapist and not is_admin(user):
            return self.filter(therapist__user=user)
        return self.filter(client=user)

    def reachable_by(self, user) -> "AppointmentQuerySet":
        """What `visible_to` gives, and for a therapist also the appointments of every client
        booked with them, whose records they read (the note's rules decide the rest)."""
        if user.is_therapist and not is_admin(user):
            clients = Appointment.objects.live().filter(therapist__user=user).values("client_id")
            return self.filter(Q(therapist__user=user) | Q(client_id__in=clients))
        return self.visible_to(user)

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


class AppointmentSeries(models.Model):
    """Sessions booked together at the desk: one client, therapist, service and time of day,
    every `every_weeks` weeks, `count` times (the occurrences that were free)."""

    every_weeks = models.PositiveSmallIntegerField()
    count = models.PositiveSmallIntegerField(help_text="How many were asked for.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "appointment series"
        constraints = [
            models.CheckConstraint(
                condition=Q(every_weeks__gte=1, every_weeks__lte=8),
                name="series_every_1_to_8_weeks",
            ),
            models.CheckConstraint(condition=Q(count__gte=2, count__lte=26), name="series_2_to_26"),
        ]

    def __str__(self) -> str:
        return f"Every {self.every_weeks} week(s), {self.count} times"


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
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The staff member who booked it for the client; empty when the client did.",
    )
    series = models.ForeignKey(
        AppointmentSeries,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="appointments",
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
        return f"{self.service} with {self.therapist} on {spoken(self.start)}"

    @property
    def is_live(self) -> bool:
        return self.status != AppointmentStatus.CANCELLED

    def is_participant(self, user) -> bool:
        """The client, the therapist, and those who run the desk: who may move or cancel it."""
        return runs_front_desk(user) or user.pk in (self.client_id, self.therapist.user_id)


class AppointmentMove(models.Model):
    """One move of a session to another time: who moved it, when, from which start, and
    whether it was a late change its client answers for (their own move made inside the
    free-cancellation window before the session's time then)."""

    appointment = models.ForeignKey(Appointment, on_delete=models.CASCADE, related_name="moves")
    moved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    moved_at = models.DateTimeField()
    from_start = models.DateTimeField()
    to_start = models.DateTimeField()
    late = models.BooleanField(default=False)

    class Meta:
        ordering = ["moved_at"]
        indexes = [models.Index(fields=["moved_by", "moved_at"], name="appointment_move_by_at")]

    def __str__(self) -> str:
        return f"{self.appointment_id} moved from {spoken(self.from_start)}"
