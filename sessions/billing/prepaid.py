"""Prepaid money: packages of sessions, memberships with a monthly credit, and gift cards.

The admins define the products; the desk sells them (each sale is an invoice of its kind);
what a client holds has a balance that the database keeps at zero or more, and every use of
it is a `PrepaidUse` naming the payment it made, so a balance can always be explained.
Imported by models.py; it imports nothing of the app, so the two never import in a circle.
"""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from clinic.clock import spoken

MONEY = {"max_digits": 10, "decimal_places": 2}
TAX_RATE = {
    "verbose_name": "tax rate (%)",
    "max_digits": 5,
    "decimal_places": 2,
    "default": 0,
    "help_text": "Sales tax on the price, in percent (e.g. 13 for HST); 0 for none.",
}


class PackageProduct(models.Model):
    """A number of sessions of one service, sold together for one price."""

    name = models.CharField(max_length=120)
    service = models.ForeignKey(
        "catalogue.Service", on_delete=models.PROTECT, related_name="package_products"
    )
    sessions = models.PositiveSmallIntegerField()
    price = models.DecimalField(**MONEY, help_text="For the whole package.")
    tax_rate = models.DecimalField(**TAX_RATE)
    valid_days = models.PositiveSmallIntegerField(help_text="Usable for this many days.")
    active = models.BooleanField(default=True, help_text="Offered at the desk.")

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(sessions__gte=1), name="package_has_sessions"),
            models.CheckConstraint(condition=Q(price__gte=0), name="package_price_gte_0"),
            models.CheckConstraint(condition=Q(valid_days__gte=1), name="package_valid_days"),
        ]

    def __str__(self) -> str:
        return self.name


class MembershipPlan(models.Model):
    """A monthly fee that gives a monthly credit to spend on sessions."""

    name = models.CharField(max_length=120)
    monthly_credit = models.DecimalField(**MONEY)
    price = models.DecimalField(**MONEY, help_text="Per month.")
    tax_rate = models.DecimalField(**TAX_RATE)
    active = models.BooleanField(default=True, help_text="Offered at the desk.")

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(monthly_credit__gt=0), name="plan_credit_gt_0"),
            models.CheckConstraint(condition=Q(price__gte=0), name="plan_price_gte_0"),
        ]

    def __str__(self) -> str:
        return self.name


class ClientPackage(models.Model):
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="packages"
    )
    product = models.ForeignKey(PackageProduct, on_delete=models.PROTECT, related_name="sold")
    invoice = models.OneToOneField(
        "billing.Invoice", on_delete=models.PROTECT, related_name="package"
    )
    sessions_left = models.PositiveSmallIntegerField()
    expires_on = models.DateField(help_text="The last day it may be used.")

    class Meta:
        ordering = ["expires_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(sessions_left__gte=0), name="package_sessions_left_gte_0"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product} ({self.sessions_left} left)"

    @property
    def audit_subject_id(self) -> int:
        return self.client_id

    def expired(self, today: date) -> bool:
        return today > self.expires_on


class Membership(models.Model):
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="memberships"
    )
    plan = models.ForeignKey(MembershipPlan, on_delete=models.PROTECT, related_name="members")
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True, help_text="No month is charged after.")

    class Meta:
        ordering = ["-started_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.plan} since {spoken(self.started_on)}"

    @property
    def audit_subject_id(self) -> int:
        return self.client_id


class MembershipPeriod(models.Model):
    """One month of a membership, charged by its invoice, with the credit it gives: what is
    left at its end is lost (it does not roll over)."""

    membership = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="periods")
    invoice = models.OneToOneField(
        "billing.Invoice", on_delete=models.PROTECT, related_name="membership_period"
    )
    starts_on = models.DateField()
    ends_on = models.DateField(help_text="The last day of the month.")
    credit = models.DecimalField(**MONEY)
    credit_left = models.DecimalField(**MONEY)

    class Meta:
        ordering = ["starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(credit_left__gte=0, credit_left__lte=F("credit")),
                name="period_credit_left_in_range",
            ),
            models.UniqueConstraint(fields=["membership", "starts_on"], name="one_period_a_month"),
        ]

    def __str__(self) -> str:
        days = f"{spoken(self.starts_on)} to {spoken(self.ends_on)}"
        return f"{days}: {self.credit_left} of {self.credit}"

    @property
    def audit_subject_id(self) -> int:
        return self.membership.client_id


class GiftCard(models.Model):
    """A code with a balance; whoever holds the code may spend it, in parts."""

    code = models.CharField(max_length=14, unique=True, help_text="XXXX-XXXX-XXXX.")
    amount = models.DecimalField(**MONEY, help_text="What it was sold for.")
    balance = models.DecimalField(**MONEY)
    expires_on = models.DateField(help_text="The last day it may be used.")
    buyer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="gift_cards_bought"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="gift_cards_received",
    )
    invoice = models.OneToOneField(
        "billing.Invoice", on_delete=models.PROTECT, related_name="gift_card"
    )

    class Meta:
        ordering = ["expires_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(balance__gte=0, balance__lte=F("amount")),
                name="gift_card_balance_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"Gift card {self.code}"

    @property
    def audit_subject_id(self) -> int:
        return self.buyer_id

    def expired(self, today: date) -> bool:
        return today > self.expires_on


class PrepaidUse(models.Model):
    """The ledger: one row per payment drawn from a package, a membership month or a gift
    card, with what it took (a session, or an amount)."""

    payment = models.OneToOneField(
        "billing.Payment", on_delete=models.PROTECT, related_name="prepaid_use"
    )
    package = models.ForeignKey(
        ClientPackage, null=True, blank=True, on_delete=models.PROTECT, related_name="uses"
    )
    period = models.ForeignKey(
        MembershipPeriod, null=True, blank=True, on_delete=models.PROTECT, related_name="uses"
    )
    gift_card = models.ForeignKey(
        GiftCard, null=True, blank=True, on_delete=models.PROTECT, related_name="uses"
    )
    sessions = models.PositiveSmallIntegerField(default=0, help_text="Package sessions used.")
    amount = models.DecimalField(**MONEY)
    used_at = models.DateTimeField()

    class Meta:
        ordering = ["used_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(package__isnull=False, period=None, gift_card=None, sessions__gte=1)
                    | Q(package=None, period__isnull=False, gift_card=None, sessions=0)
                    | Q(package=None, period=None, gift_card__isnull=False, sessions=0)
                ),
                name="prepaid_use_draws_on_one_thing",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.amount} on {spoken(self.used_at)}"
