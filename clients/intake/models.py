from functools import cached_property

from django.conf import settings
from django.db import models

from clients.consent.models import ConsentDocument
from clinic.bodymap.painchart import PainChart


class PainDuration(models.TextChoices):
    ACUTE = "acute", "Less than 6 weeks"
    SUBACUTE = "subacute", "6 weeks to 3 months"
    CHRONIC = "chronic", "More than 3 months"


class PainPattern(models.TextChoices):
    CONSTANT = "constant", "Constant"
    INTERMITTENT = "intermittent", "Comes and goes"


class Pressure(models.TextChoices):
    LIGHT = "light", "Light"
    MEDIUM = "medium", "Medium"
    FIRM = "firm", "Firm"
    DEEP = "deep", "Deep"


class BloodPressure(models.TextChoices):
    NORMAL = "normal", "No high blood pressure"
    CONTROLLED = "controlled", "High, controlled by treatment"
    UNCONTROLLED = "uncontrolled", "High, not controlled or not known"


class ScreeningStatus(models.TextChoices):
    CLEAR = "clear", "Clear"
    CAUTION = "caution", "Caution"
    NEEDS_CLEARANCE = "needs_clearance", "Needs clearance"


class IntakeQuerySet(models.QuerySet):
    def current_for(self, client) -> "Intake | None":
        return self.filter(client=client).with_consents().order_by("-version").first()

    def with_consents(self) -> "IntakeQuerySet":
        """With the consent texts agreed to, which the pages and exports name."""
        return self.select_related("consent_treatment_document", "consent_privacy_document")


class Intake(models.Model):
    """One signed version of a client's intake form. Versions are never changed."""

    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="intakes"
    )
    version = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    # Contact.
    phone = models.CharField("phone", max_length=32)
    address = models.TextField(blank=True)
    emergency_contact_name = models.CharField("emergency contact's name", max_length=120)
    emergency_contact_phone = models.CharField("emergency contact's phone", max_length=32)
    emergency_contact_relation = models.CharField(
        "how they are related to you", max_length=60, blank=True
    )

    # Pain history and goals.
    pain_onset = models.CharField(
        "when and how the pain started",
        max_length=300,
        help_text="For example: after moving house in May.",
    )
    pain_duration = models.CharField(
        "how long you have had it", max_length=16, choices=PainDuration.choices
    )
    pain_pattern = models.CharField("is it constant?", max_length=16, choices=PainPattern.choices)
    night_pain = models.BooleanField("the pain wakes me at night", default=False)
    worse_with = models.TextField("what makes it worse", blank=True)
    better_with = models.TextField("what makes it better", blank=True)
    earlier_treatment = models.TextField("earlier episodes and treatment", blank=True)
    goals = models.TextField("what you hope to get from treatment")

    # Health and screening.
    medications = models.TextField("medications you take", blank=True)
    conditions = models.TextField("other health conditions", blank=True)
    fever_or_infection = models.BooleanField("fever, flu or an infection now", default=False)
    clot_signs = models.BooleanField(
        "swelling, warmth, redness or tenderness in one calf or leg", default=False
    )
    recent_surgery = models.BooleanField("surgery in the last 12 weeks", default=False)
    anticoagulants_or_bleeding = models.BooleanField(
        "blood thinners, or a bleeding disorder", default=False
    )
    osteoporosis = models.BooleanField("osteoporosis", default=False)
    cancer = models.BooleanField("cancer, now or being treated", default=False)
    pregnancy = models.BooleanField("pregnant, or gave birth in the last 6 weeks", default=False)
    blood_pressure = models.CharField(
        "blood pressure", max_length=16, choices=BloodPressure.choices, default=BloodPressure.NORMAL
    )
    skin_problems = models.BooleanField(
        "open wounds, burns, rashes or skin infections", default=False
    )
    back_red_flags = models.BooleanField(
        "numbness around the groin or buttocks, new bladder or bowel trouble, "
        "or leg weakness that is getting worse",
        default=False,
    )
    headache_red_flags = models.BooleanField(
        "a sudden, worst-ever headache, a stiff neck with fever, or new numbness, "
        "weakness or trouble speaking",
        default=False,
    )
    areas_to_avoid = models.TextField("areas the therapist should avoid", blank=True)
    preferred_pressure = models.CharField(
        "preferred pressure", max_length=16, choices=Pressure.choices, default=Pressure.MEDIUM
    )

    pain_chart = models.JSONField()  # PainChart.to_json(); read it as `chart`

    # Consent, signed by typing the full name.
    consent_treatment = models.BooleanField("I consent to treatment", default=False)
    consent_privacy = models.BooleanField("I agree to the clinic's privacy notice", default=False)
    # The wording agreed to; empty on intakes signed before the clinic kept its texts.
    consent_treatment_document = models.ForeignKey(
        ConsentDocument,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="consent to treatment agreed to",
    )
    consent_privacy_document = models.ForeignKey(
        ConsentDocument,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="privacy notice agreed to",
    )
    signature = models.CharField(max_length=200)
    signed_at = models.DateTimeField()
    signed_ip = models.GenericIPAddressField(null=True, blank=True)

    screening_status = models.CharField(max_length=16, choices=ScreeningStatus.choices)
    screening_reasons = models.JSONField(default=list)

    objects = IntakeQuerySet.as_manager()

    class Meta:
        db_table = "clients_intake"  # made when intakes were part of the clients app
        ordering = ["client", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["client", "version"], name="intake_version_unique"),
            models.CheckConstraint(
                condition=models.Q(consent_treatment=True, consent_privacy=True),
                name="intake_consented",
            ),
        ]

    def __str__(self) -> str:
        return f"Intake v{self.version} of {self.client}"

    @property
    def audit_subject_id(self) -> int:
        """Whom the audit trail files this record under."""
        return self.client_id

    @cached_property
    def chart(self) -> PainChart:
        """The pain chart as a value: the JSON column was checked when it was signed, and a
        signed version never changes."""
        return PainChart.from_json(self.pain_chart)


class IntakeDraft(models.Model):
    """A client's intake in progress: the steps answered so far, kept between steps."""

    client = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="intake_draft"
    )
    answers = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "clients_intakedraft"  # made when intakes were part of the clients app

    def __str__(self) -> str:
        return f"Intake draft of {self.client}"


class IntakeClearance(models.Model):
    """A therapist's or admin's record that a "needs clearance" intake may go ahead."""

    intake = models.ForeignKey(Intake, on_delete=models.PROTECT, related_name="clearances")
    cleared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    cleared_at = models.DateTimeField(auto_now_add=True)
    note = models.TextField(help_text="What was checked, e.g. the physician's note of 3 March.")

    class Meta:
        db_table = "clients_intakeclearance"  # made when intakes were part of clients
        ordering = ["cleared_at"]

    def __str__(self) -> str:
        return f"Clearance of {self.intake} by {self.cleared_by}"

    @property
    def audit_subject_id(self) -> int:
        """Whom the audit trail files this record under."""
        return self.intake.client_id
