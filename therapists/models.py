import os
import uuid
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from clinic.catalogue.models import Certification


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
    CERTIFICATION = "certification", "Certification"
    INSURANCE = "insurance", "Liability insurance"
    FIRST_AID = "first_aid", "First aid / CPR"


# A therapist is bookable on a day only with each of these verified and valid that day.
REQUIRED_KINDS = (CredentialKind.LICENCE, CredentialKind.INSURANCE)


class CredentialQuerySet(models.QuerySet):
    def valid_on(self, on: date) -> "CredentialQuerySet":
        """Verified credentials whose dates cover the given (clinic) date."""
        return self.filter(status=CredentialStatus.VERIFIED, issued_on__lte=on, expires_on__gte=on)

    def pending(self) -> "CredentialQuerySet":
        """Waiting for a decision, oldest submission first."""
        return self.filter(status=CredentialStatus.PENDING).order_by("submitted_at", "pk")


def valid_credentials(on: date) -> "CredentialQuerySet":
    return Credential.objects.valid_on(on)


class TherapistQuerySet(models.QuerySet):
    def bookable(self, on: date | None = None) -> "TherapistQuerySet":
        """Therapists clients may book: an active account, and every required credential
        verified and valid on `on`."""
        on = on or timezone.localdate()
        queryset = self.filter(user__is_active=True)
        for kind in REQUIRED_KINDS:
            held = valid_credentials(on).filter(therapist=OuterRef("pk"), kind=kind)
            queryset = queryset.filter(Exists(held))
        return queryset

    def offering(self, service_id: int) -> "TherapistQuerySet":
        return self.filter(services=service_id)

    def qualified_for(self, service, on: date | None = None) -> "TherapistQuerySet":
        """Those holding the certification the service requires (if any), valid on `on`."""
        if not service.required_certification:
            return self
        held = valid_credentials(on or timezone.localdate()).filter(
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


class PrivateStorage(FileSystemStorage):
    """Files outside the static and public media folders, served only through views.

    The folder is read from the settings at each use, so tests can point it elsewhere.
    """

    def __init__(self) -> None:
        super().__init__(base_url=None)

    @property
    def base_location(self) -> str:
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)


def document_name(credential: "Credential", filename: str) -> str:
    """A server-made name: nothing of the uploaded name is kept."""
    extension = DOCUMENT_EXTENSIONS.get(credential.document_type, "")
    return f"credentials/{uuid.uuid4().hex}{extension}"


DOCUMENT_EXTENSIONS = {"application/pdf": ".pdf", "image/png": ".png", "image/jpeg": ".jpg"}


class Credential(models.Model):
    """A professional credential: a licence, a certification, liability insurance or first
    aid. A therapist is bookable only while the required kinds are verified and valid."""

    therapist = models.ForeignKey(Therapist, on_delete=models.CASCADE, related_name="credentials")
    kind = models.CharField(
        max_length=16, choices=CredentialKind.choices, default=CredentialKind.LICENCE
    )
    certification = models.CharField(
        max_length=32,
        choices=Certification.choices,
        blank=True,
        help_text="Which certification (for the certification kind only).",
    )
    number = models.CharField(max_length=64)
    issuing_authority = models.CharField(max_length=200)
    jurisdiction = models.CharField(max_length=120)
    issued_on = models.DateField()
    expires_on = models.DateField()
    document = models.FileField(
        storage=PrivateStorage(), upload_to=document_name, blank=True, max_length=200
    )
    document_type = models.CharField(max_length=40, blank=True)
    submitted_at = models.DateTimeField(
        default=timezone.now, help_text="When it last went to verification."
    )
    status = models.CharField(
        max_length=16, choices=CredentialStatus.choices, default=CredentialStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    rejection_reason = models.TextField(blank=True)

    objects = CredentialQuerySet.as_manager()

    class Meta:
        ordering = ["therapist", "kind", "-expires_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__gt=models.F("issued_on")),
                name="credential_expires_after_issue",
            ),
            models.CheckConstraint(
                condition=Q(kind=CredentialKind.CERTIFICATION, certification__gt="")
                | (~Q(kind=CredentialKind.CERTIFICATION) & Q(certification="")),
                name="credential_certification_only_for_its_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.number} ({self.therapist})"

    @property
    def audit_subject_id(self) -> int:
        """Whom the audit trail files this record under."""
        return self.therapist.user_id

    def clean(self) -> None:
        if self.issued_on and self.expires_on and self.expires_on <= self.issued_on:
            raise ValidationError({"expires_on": "The expiry date must be after the issue date."})
        if self.kind == CredentialKind.CERTIFICATION and not self.certification:
            raise ValidationError({"certification": "Choose the certification."})
        if self.kind != CredentialKind.CERTIFICATION and self.certification:
            raise ValidationError({"certification": "Only a certification names one."})

    @property
    def name(self) -> str:
        """What it is: the certification's name, or the kind."""
        if self.kind == CredentialKind.CERTIFICATION and self.certification:
            return self.get_certification_display()
        return self.get_kind_display()

    @property
    def is_required(self) -> bool:
        return self.kind in REQUIRED_KINDS

    @property
    def is_image(self) -> bool:
        return self.document_type.startswith("image/")

    def is_valid_on(self, day: date) -> bool:
        return self.status == CredentialStatus.VERIFIED and self.issued_on <= day <= self.expires_on


class CredentialEvent(models.Model):
    """One step in a credential's history: who did what, when and why. Never changed."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", "Submitted"
        CHANGED = "changed", "Changed and sent back to verification"
        VERIFIED = "verified", "Verified"
        REJECTED = "rejected", "Rejected"

    credential = models.ForeignKey(Credential, on_delete=models.PROTECT, related_name="events")
    action = models.CharField(max_length=16, choices=Action.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    reason = models.TextField(blank=True)
    detail = models.CharField(
        max_length=300, blank=True, help_text="The credential's facts at that moment."
    )

    class Meta:
        ordering = ["credential", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.get_action_display()}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise CredentialEventLocked("A credential event can't be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise CredentialEventLocked("A credential event can't be deleted.")


class CredentialEventLocked(Exception):
    pass
