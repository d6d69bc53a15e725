from decimal import Decimal

from django.conf import settings
from django.db import models

from .money import amount_text, percent_text, with_tax


class Certification(models.TextChoices):
    TRIGGER_POINT = "trigger_point", "Trigger point therapy"
    NEUROMUSCULAR = "neuromuscular", "Neuromuscular therapy"
    MYOFASCIAL_RELEASE = "myofascial_release", "Myofascial release"
    NEURAL_RESET = "neural_reset", "Neural reset therapy"
    DRY_NEEDLING = "dry_needling", "Dry needling"


class ServiceQuerySet(models.QuerySet):
    def active(self) -> "ServiceQuerySet":
        return self.filter(active=True)


class Service(models.Model):
    """Something the clinic sells: a session of a given length."""

    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    duration_minutes = models.PositiveSmallIntegerField()
    buffer_minutes = models.PositiveSmallIntegerField(
        default=0, help_text="Time kept free after the session, for notes and the room."
    )
    price = models.DecimalField(max_digits=8, decimal_places=2)
    tax_rate = models.DecimalField(
        "tax rate (%)",
        max_digits=5,
        decimal_places=2,
        default=0,
        help_text="Sales tax on the price, in percent (e.g. 13 for HST); 0 for none.",
    )
    active = models.BooleanField(default=True)
    required_certification = models.CharField(
        max_length=32,
        choices=Certification.choices,
        blank=True,
        help_text="Only therapists holding this certification, verified and unexpired, "
        "offer the service.",
    )

    objects = ServiceQuerySet.as_manager()

    class Meta:
        db_table = "clinic_service"  # made when services were part of the clinic app
        ordering = ["name", "duration_minutes"]
        constraints = [
            models.UniqueConstraint(fields=["name", "duration_minutes"], name="service_unique"),
            models.CheckConstraint(
                condition=models.Q(duration_minutes__gte=5, duration_minutes__lte=480),
                name="service_duration_range",
            ),
            models.CheckConstraint(
                condition=models.Q(buffer_minutes__lte=240), name="service_buffer_range"
            ),
            models.CheckConstraint(condition=models.Q(price__gte=0), name="service_price_gte_0"),
            models.CheckConstraint(
                condition=models.Q(tax_rate__gte=0, tax_rate__lte=100),
                name="service_tax_rate_percent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.duration_minutes} min)"

    @property
    def price_with_tax(self) -> Decimal:
        """What a client pays for the session, as its invoice will total it."""
        return with_tax(Decimal(self.price), Decimal(self.tax_rate))

    @property
    def price_text(self) -> str:
        """The price as a client sees it before booking: `CAD 95.00 + tax 13% = CAD 107.35`."""
        currency = settings.CLINIC_CURRENCY
        price = amount_text(self.price, currency)
        if not self.tax_rate:
            return price
        total = amount_text(self.price_with_tax, currency)
        return f"{price} + tax {percent_text(Decimal(self.tax_rate))} = {total}"
