"""The desk's money pages' tests: Ava's session this morning, and the forms' POST data."""

from datetime import UTC, datetime
from decimal import Decimal

from clinic.catalogue.models import Service
from sessions.billing.models import Invoice
from sessions.billing.services import PaymentIn, appointment_checkout
from sessions.models import Appointment, AppointmentStatus
from tests.clock import at_clinic
from tests.factories import AppointmentFactory, ClientFactory, ServiceFactory, bookable_therapist

NOW = datetime(2026, 12, 1, 17, tzinfo=UTC)  # Tuesday 12:00 in Toronto
TODAY = NOW.date()


def arrived_session(hour: int = 11, client=None) -> Appointment:
    """A 110.00 session with 13% tax (124.30), at `hour` today; the client is in the clinic."""
    service = Service.objects.filter(name="Trigger point therapy").first() or ServiceFactory(
        name="Trigger point therapy", duration_minutes=60, price="110.00", tax_rate="13.00"
    )
    therapist = bookable_therapist(service)
    therapist.display_name = "Maya Lindqvist"
    therapist.save()
    appointment = AppointmentFactory(
        client=client or ClientFactory(first_name="Ava", last_name="Chen"),
        therapist=therapist,
        service=service,
        start=at_clinic(TODAY, hour),
        status=AppointmentStatus.ARRIVED,
    )
    return Appointment.objects.with_related().get(pk=appointment.pk)


def checked_out(appointment: Appointment, by, *payments: tuple[str, str], now=None) -> Invoice:
    paid = [PaymentIn(method=method, amount=Decimal(amount)) for method, amount in payments]
    return appointment_checkout(appointment=appointment, by=by, payments=paid, now=now)[0]


def rows(*payments: tuple, step: str = "review", shown: int = 3) -> dict:
    """A split payment's POST data: (method, amount[, reference]) per row, the rest empty."""
    data = {
        "pay-TOTAL_FORMS": str(max(shown, len(payments))),
        "pay-INITIAL_FORMS": "0",
        "pay-MIN_NUM_FORMS": "0",
        "pay-MAX_NUM_FORMS": "10",
        "step": step,
    }
    for index, payment in enumerate(payments):
        method, amount, reference = (*payment, "")[:3]
        data |= {
            f"pay-{index}-method": method,
            f"pay-{index}-amount": amount,
            f"pay-{index}-reference": reference,
        }
    return data
