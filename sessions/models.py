from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.timezone import localtime


class AppointmentStatus(models.TextChoices):
    BOOKED = "booked", "Booked"
    CANCELLED = "cancelled", "Cancelled"
    COMPLETED = "completed", "Completed"
    NO_SHOW = "no_show", "No-show"


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
    service = models.ForeignKey("clinic.Service", on_delete=models.PROTECT, related_name="+")
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
