import calendar
from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

from clinic.clock import spoken
from sessions.models import Appointment


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
        db_table = "clinic_sessions_waitlistentry"  # made when it was part of the sessions app
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
        db_table = "clinic_sessions_waitlistoffer"  # made when it was part of the sessions app
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
        return f"Offer of {spoken(self.start)} with {self.therapist}"

    def is_open_at(self, now: datetime) -> bool:
        return self.state == OfferState.OPEN and now < self.expires_at
