from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone


class Modality(models.TextChoices):
    TRIGGER_POINT = "trigger_point", "Trigger point therapy"
    DEEP_TISSUE = "deep_tissue", "Deep tissue"
    MYOFASCIAL = "myofascial_release", "Myofascial release"
    PNF = "pnf_stretching", "PNF stretching"
    NEURAL_RESET = "neural_reset", "Neural reset therapy"


def validate_modalities(value: list) -> None:
    if not isinstance(value, list) or any(item not in Modality.values for item in value):
        raise ValidationError("Choose modalities from the list.")


class CredentialStatus(models.TextChoices):
    PENDING = "pending", "Pending verification"
    VERIFIED = "verified", "Verified"
    REJECTED = "rejected", "Rejected"


class CredentialKind(models.TextChoices):
    LICENCE = "licence", "Licence"


def valid_licences(on: date) -> "models.QuerySet[Credential]":
    """Licences that make a therapist bookable on the given (clinic) date."""
    return Credential.objects.filter(
        kind=CredentialKind.LICENCE,
        status=CredentialStatus.VERIFIED,
        issued_on__lte=on,
        expires_on__gte=on,
    )


class TherapistQuerySet(models.QuerySet):
    def bookable(self, on: date | None = None) -> "TherapistQuerySet":
        """Therapists clients may book: active account, verified licence valid on `on`."""
        on = on or timezone.localdate()
        licence = valid_licences(on).filter(therapist=OuterRef("pk"))
        return self.filter(Exists(licence), user__is_active=True)

    def offering(self, service_id: int) -> "TherapistQuerySet":
        return self.filter(services=service_id)


class Therapist(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="therapist"
    )
    display_name = models.CharField(max_length=120)
    bio = models.TextField(blank=True)
    modalities = models.JSONField(default=list, blank=True, validators=[validate_modalities])
    years_of_practice = models.PositiveSmallIntegerField(default=0)
    services = models.ManyToManyField("clinic.Service", blank=True, related_name="therapists")

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
        return f"{self.get_weekday_display()} {self.start:%H:%M}-{self.end:%H:%M}"

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
        return f"{self.therapist}: {self.start:%Y-%m-%d %H:%M} to {self.end:%Y-%m-%d %H:%M}"

    def clean(self) -> None:
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": "The end must be after the start."})


class Credential(models.Model):
    """A professional credential; a verified, unexpired licence makes a therapist bookable."""

    therapist = models.ForeignKey(Therapist, on_delete=models.CASCADE, related_name="credentials")
    kind = models.CharField(
        max_length=16, choices=CredentialKind.choices, default=CredentialKind.LICENCE
    )
    number = models.CharField(max_length=64)
    issuing_authority = models.CharField(max_length=200)
    jurisdiction = models.CharField(max_length=120)
    issued_on = models.DateField()
    expires_on = models.DateField()
    status = models.CharField(
        max_length=16, choices=CredentialStatus.choices, default=CredentialStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    rejection_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["therapist", "kind", "-expires_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__gt=models.F("issued_on")),
                name="credential_expires_after_issue",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number} ({self.therapist})"

    def clean(self) -> None:
        if self.issued_on and self.expires_on and self.expires_on <= self.issued_on:
            raise ValidationError({"expires_on": "The expiry date must be after the issue date."})

    def is_valid_on(self, day: date) -> bool:
        return self.status == CredentialStatus.VERIFIED and self.issued_on <= day <= self.expires_on
