from django.conf import settings
from django.db import models
from django.db.models import Q

from clinic.bodymap.muscles import MUSCLES_BY_ID
from sessions.models import Appointment


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
    limit_breaches = models.JSONField(
        "screening limits broken",
        default=list,
        blank=True,
        help_text="The screening's limits the treated points broke, as they read at signing.",
    )
    limit_override_reason = models.TextField(
        "why the screening's limits were overridden",
        blank=True,
        help_text="Required to sign a note that breaks a limit of the client's screening.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    signed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "clinic_sessions_sessionnote"  # made when it was part of the sessions app
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
        db_table = "clinic_sessions_treatedpoint"  # made when it was part of the sessions app
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
        db_table = "clinic_sessions_noteaddendum"  # made when it was part of the sessions app
        ordering = ["note", "created_at", "pk"]
        verbose_name_plural = "note addenda"

    def __str__(self) -> str:
        return f"Addendum to {self.note} by {self.author}"

    @property
    def audit_subject_id(self) -> int:
        """Whom the audit trail files this record under."""
        return self.note.appointment.client_id
