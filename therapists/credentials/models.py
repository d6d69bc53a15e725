import uuid
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from clinic.catalogue.models import Certification
from clinic.clock import spoken

from .storage import private_storage


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

# A credential ending within this many days is flagged wherever it is shown, so the
# admins and the therapist see it in time to verify a renewal.
EXPIRES_SOON_DAYS = 30


class Expiry(models.TextChoices):
    """How near a credential's end is, as its badges say it."""

    EXPIRED = "expired", "Expired"
    SOON = "soon", "Expires soon"


class CredentialQuerySet(models.QuerySet):
    def valid_on(self, on: date) -> "CredentialQuerySet":
        """Verified credentials whose dates cover the given (clinic) date."""
        return self.filter(status=CredentialStatus.VERIFIED, issued_on__lte=on, expires_on__gte=on)

    def pending(self) -> "CredentialQuerySet":
        """Waiting for a decision, oldest submission first."""
        return self.filter(status=CredentialStatus.PENDING).order_by("submitted_at", "pk")


def document_name(credential: "Credential", filename: str) -> str:
    """A server-made name: nothing of the uploaded name is kept."""
    extension = DOCUMENT_EXTENSIONS.get(credential.document_type, "")
    return f"credentials/{uuid.uuid4().hex}{extension}"


DOCUMENT_EXTENSIONS = {"application/pdf": ".pdf", "image/png": ".png", "image/jpeg": ".jpg"}


class Credential(models.Model):
    """A professional credential: a licence, a certification, liability insurance or first
    aid. A therapist is bookable only while the required kinds are verified and valid."""

    therapist = models.ForeignKey(
        "therapists.Therapist", on_delete=models.CASCADE, related_name="credentials"
    )
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
        storage=private_storage, upload_to=document_name, blank=True, max_length=200
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
        db_table = "therapists_credential"  # made when credentials were part of therapists
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

    def expiry_on(self, today: date) -> Expiry | None:
        """Expired, ending within EXPIRES_SOON_DAYS of `today` (a clinic date), or neither."""
        if self.expires_on < today:
            return Expiry.EXPIRED
        if self.expires_on <= today + timedelta(days=EXPIRES_SOON_DAYS):
            return Expiry.SOON
        return None

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
        db_table = "therapists_credentialevent"  # made when credentials were part of therapists
        ordering = ["credential", "at", "pk"]

    def __str__(self) -> str:
        return f"{spoken(self.at)} {self.actor} {self.get_action_display()}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise CredentialEventLocked("A credential event can't be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise CredentialEventLocked("A credential event can't be deleted.")


class CredentialEventLocked(Exception):
    pass
