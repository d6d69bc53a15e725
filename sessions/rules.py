"""The clinic's booking rules."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from clinic.catalogue.models import Service
from clinic.catalogue.money import amount_text, percent_of, with_tax
from clinic.clock import existing_wall_to_utc

NO_FEE = Decimal("0.00")


@dataclass(frozen=True)
class BookingRules:
    min_notice: timedelta
    horizon: timedelta
    slot_minutes: int
    free_cancellation: timedelta
    late_change_fee_percent: int = 0
    no_show_fee_percent: int = 0
    max_upcoming: int = 0
    rate_per_hour: int = 0

    @classmethod
    def current(cls) -> "BookingRules":
        return cls(
            min_notice=settings.BOOKING_MIN_NOTICE,
            horizon=settings.BOOKING_HORIZON,
            slot_minutes=settings.BOOKING_SLOT_MINUTES,
            free_cancellation=settings.BOOKING_FREE_CANCELLATION,
            late_change_fee_percent=settings.LATE_CANCELLATION_FEE_PERCENT,
            no_show_fee_percent=settings.NO_SHOW_FEE_PERCENT,
            max_upcoming=settings.BOOKING_MAX_UPCOMING,
            rate_per_hour=settings.BOOKING_RATE_PER_HOUR,
        )

    def is_late_change(self, start: datetime, *, now: datetime) -> bool:
        """Whether cancelling or moving a session that starts at `start` is late at `now`:
        inside the free-cancellation window before it."""
        return now > start - self.free_cancellation

    def late_change_fee(self, service: Service) -> Decimal:
        """The fee (before tax) for a late cancellation or move; zero when there is none."""
        if self.free_cancellation <= timedelta(0):
            return NO_FEE
        return percent_of(Decimal(service.price), self.late_change_fee_percent)

    def no_show_fee(self, service: Service) -> Decimal:
        """The fee (before tax) for missing the session; zero when there is none."""
        return percent_of(Decimal(service.price), self.no_show_fee_percent)

    def late_change_fee_text(self, service: Service) -> str:
        """The late-change fee with its tax, `CAD 62.15 (50%)`; empty when there is none."""
        return fee_text(self.late_change_fee(service), service, self.late_change_fee_percent)

    def fee_policy(self, service: Service) -> str:
        """What changing late or missing a session of `service` costs, tax included, in the
        words the booking confirmation uses; a fee that is off is left out."""
        hours = int(self.free_cancellation.total_seconds() // 3600)
        before = f"{hours} hour{'' if hours == 1 else 's'} before"
        late = self.late_change_fee_text(service)
        missed = fee_text(self.no_show_fee(service), service, self.no_show_fee_percent)
        if late and missed:
            return (
                f"Cancelling or rescheduling less than {before} costs {late}; "
                f"missing the session costs {missed}."
            )
        if late:
            return f"Cancelling or rescheduling less than {before} costs {late}."
        if missed:
            return f"Cancelling is free; missing the session costs {missed}."
        return f"Cancelling is free until {before} the session; later cancellations count as late."

    def notice(self, *, by_staff: bool) -> timedelta:
        """How soon a session may start: the minimum notice online; at the desk, a walk-in
        may take the slot that began a slot ago."""
        return -timedelta(minutes=self.slot_minutes) if by_staff else self.min_notice


def fee_text(fee: Decimal, service: Service, percent: int) -> str:
    """`CAD 53.68 (50%)` with the service's tax; the share is said unless it is the whole
    price; empty for no fee."""
    if not fee:
        return ""
    text = amount_text(with_tax(fee, Decimal(service.tax_rate)), settings.CLINIC_CURRENCY)
    return text if percent == 100 else f"{text} ({percent}%)"


def is_on_grid(start: datetime, zone: ZoneInfo, slot_minutes: int) -> bool:
    """Whether an instant is the one canonical instant of a grid time on the clinic's clock."""
    local = start.astimezone(zone)
    minutes = local.hour * 60 + local.minute
    if local.second or local.microsecond or minutes % slot_minutes:
        return False
    return existing_wall_to_utc(local.date(), local.time(), zone) == start


NEAR = timedelta(days=366)
NOT_NEAR_TIME = "Choose a time within a year of today."


def is_near(instant: datetime, now: datetime) -> bool:
    """Whether an instant lies within a year of now: what booking looks at, and far enough
    from the ends of the calendar that its date arithmetic cannot overflow."""
    return abs(instant - now) <= NEAR


def validate_near_instant(instant: datetime) -> None:
    """A booking's start is refused before any rule does arithmetic with it."""
    if not is_near(instant, timezone.now()):
        raise ValidationError(NOT_NEAR_TIME)


def validate_near_date(day: date) -> None:
    """Calendar pages and availability look at most a year away (and keep dates computable)."""
    if abs((day - timezone.localdate()).days) > 366:
        raise ValidationError("Choose a date within a year of today.")
