from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from clinic.clock import spoken
from therapists.credentials.models import REQUIRED_KINDS, Credential, CredentialKind


class Modality(models.TextChoices):
    TRIGGER_POINT = "trigger_point", "Trigger point therapy"
    DEEP_TISSUE = "deep_tissue", "Deep tissue"
    MYOFASCIAL = "myofascial_release", "Myofascial release"
    PNF = "pnf_stretching", "PNF stretching"
    NEURAL_RESET = "neural_reset", "Neural reset therapy"


def validate_modalities(value: list) -> None:
    if not isinstance(value, list) or any(item not in Modality.values for item in value):
        raise ValidationError("Choose modalities from the list.")


class TherapistQuerySet(models.QuerySet):
    def bookable(self, on: date | None = None) -> "TherapistQuerySet":
        """Therapists clients may book: an active account, and every required credential
        verified and valid on `on`."""
        on = on or timezone.localdate()
        queryset = self.filter(user__is_active=True)
        for kind in REQUIRED_KINDS:
            held = Credential.objects.valid_on(on).filter(therapist=OuterRef("pk"), kind=kind)
            queryset = queryset.filter(Exists(held))
        return queryset

    def offering(self, service_id: int) -> "TherapistQuerySet":
        return self.filter(services=service_id)

    def qualified_for(self, service, on: date | None = None) -> "TherapistQuerySet":
        """Those holding the certification the service requires (if any), valid on `on`."""
        if not service.required_certification:
            return self
        held = Credential.objects.valid_on(on or timezone.localdate()).filter(
            therapist=OuterRef("pk"),
            kind=CredentialKind.CERTIFICATION,
            certification=service.required_certification,
        )
        return self.filter(Exists(held))


class Therapist(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="therapist"
    )
    display_name = models.CharField(max_length=120)
    bio = models.TextField(blank=True)
    modalities = models.JSONField(default=list, blank=True, validators=[validate_modalities])
    years_of_practice = models.PositiveSmallIntegerField(default=0)
    services = models.ManyToManyField("catalogue.Service", blank=True, related_name="therapists")
    booking_emails = models.BooleanField(
        "email me each new booking",
        default=True,
        help_text="An email for each session a client or the front desk books with you.",
    )

    objects = TherapistQuerySet.as_manager()

    class Meta:
        ordering = ["display_name"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def modality_labels(self) -> list[str]:
        return [Modality(value).label for value in self.modalities if value in Modality.values]


class Weekday(models.IntegerChoices):
    MONDAY = 0, "Monday"
    TUESDAY = 1, "Tuesday"
    WEDNESDAY = 2, "Wednesday"
    THURSDAY = 3, "Thursday"
    FRIDAY = 4, "Friday"
    SATURDAY = 5, "Saturday"
    SUNDAY = 6, "Sunday"


class WorkingHours(models.Model):
    """One interval of a weekday's working hours, in the clinic's wall-clock time."""

    therapist = models.ForeignKey(Therapist, on_delete=models.CASCADE, related_name="hours")
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    start = models.TimeField()
    end = models.TimeField()

    class Meta:
        ordering = ["therapist", "weekday", "start"]
        verbose_name_plural = "working hours"
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")), name="hours_end_after_start"
            ),
            models.CheckConstraint(condition=Q(weekday__lte=6), name="hours_weekday_range"),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {spoken(self.start)}-{spoken(self.end)}"

    def clean(self) -> None:
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": "The end must be after the start."})


class TimeOff(models.Model):
    therapist = models.ForeignKey(Therapist, on_delete=models.CASCADE, related_name="time_off")
    start = models.DateTimeField()
    end = models.DateTimeField()
    reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["therapist", "start"]
        verbose_name_plural = "time off"
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")), name="time_off_end_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.therapist}: {spoken(self.start)} to {spoken(self.end)}"

    def clean(self) -> None:
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": "The end must be after the start."})
