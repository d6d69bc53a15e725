"""Paying at checkout with a gift card, a package session or a membership's monthly credit."""

from datetime import timedelta
from decimal import Decimal

import pytest

from clinic.audit.models import AuditEvent
from sessions.billing.models import Invoice, InvoiceStatus, Payment, PrepaidUse
from sessions.billing.services import BillingRefused, _record, appointment_checkout
from sessions.models import AppointmentStatus
from tests.clock import at_clinic
from tests.factories import AppointmentFactory, ClientFactory, ServiceFactory

from .conftest import NOW, TODAY
from .prepaid import pay, sold_gift_card, sold_package, started_membership

pytestmark = pytest.mark.django_db

SESSION_TOTAL = "124.30"  # 110.00 and 13% tax


def refused(appointment, by, payments, message):
    with pytest.raises(BillingRefused, match=f"^{message}$"):
        appointment_checkout(appointment=appointment, by=by, payments=payments)
    assert Payment.objects.filter(invoice__appointment=appointment).count() == 0


def test_a_gift_card_pays_part_and_keeps_the_rest(desk, arrived):
    card = sold_gift_card(buyer=ClientFactory(), desk=desk, amount="50.00")
    typed = card.code.lower().replace("-", " ")

    invoice, _ = appointment_checkout(
        appointment=arrived,
        by=desk,
        payments=[pay("gift_card", "20.00", typed), pay("cash", "104.30")],
    )

    card.refresh_from_db()
    use = PrepaidUse.objects.get()
    assert (invoice.status, card.balance) == (InvoiceStatus.PAID, Decimal("30.00"))
    assert (use.gift_card, use.amount, use.payment.invoice, use.used_at) == (
        card,
        Decimal("20.00"),
        invoice,
        NOW,
    )


def test_a_gift_card_is_spent_to_zero_over_two_visits(desk, arrived, therapist, service):
    card = sold_gift_card(buyer=arrived.client, desk=desk, amount="150.00")
    later = AppointmentFactory(
        client=arrived.client,
        therapist=therapist,
        service=service,
        start=at_clinic(TODAY, 9),
        status=AppointmentStatus.ARRIVED,
    )

    appointment_checkout(
        appointment=arrived, by=desk, payments=[pay("gift_card", SESSION_TOTAL, card.code)]
    )
    appointment_checkout(
        appointment=later, by=desk, payments=[pay("gift_card", "25.70", card.code)]
    )

    card.refresh_from_db()
    assert card.balance == Decimal("0.00")
    assert sum(card.uses.values_list("amount", flat=True)) == Decimal("150.00")


def test_a_wrong_gift_card_code_is_unknown(desk, arrived):
    sold_gift_card(buyer=arrived.client, desk=desk)

    refused(arrived, desk, [pay("gift_card", "10.00", "ABCD-EFGH-JKLM")], "Unknown gift card.")
    refused(arrived, desk, [pay("gift_card", "10.00", "")], "Unknown gift card.")


def test_a_gift_card_with_too_little_left_says_how_much(desk, arrived):
    card = sold_gift_card(buyer=arrived.client, desk=desk, amount="15.00")

    refused(
        arrived,
        desk,
        [pay("gift_card", "15.01", card.code)],
        f"The gift card {card.code} has only 15.00 left.",
    )
    card.refresh_from_db()
    assert card.balance == Decimal("15.00")


def test_an_expired_gift_card_is_refused(desk, arrived, frozen):
    card = sold_gift_card(buyer=arrived.client, desk=desk)
    frozen.move_to(NOW + timedelta(days=366))
    later = AppointmentFactory(
        therapist=arrived.therapist,
        service=arrived.service,
        start=NOW + timedelta(days=366, hours=-1),
        status=AppointmentStatus.ARRIVED,
    )

    refused(
        later,
        desk,
        [pay("gift_card", "10.00", card.code)],
        f"The gift card {card.code} expired on Wed 1 Dec 2027.",
    )


def test_a_gift_card_is_good_on_its_last_day(desk, arrived, frozen):
    card = sold_gift_card(buyer=arrived.client, desk=desk)
    frozen.move_to(NOW + timedelta(days=365))
    last_day = AppointmentFactory(
        therapist=arrived.therapist,
        service=arrived.service,
        start=NOW + timedelta(days=365, hours=-1),
        status=AppointmentStatus.ARRIVED,
    )

    appointment_checkout(
        appointment=last_day, by=desk, payments=[pay("gift_card", "10.00", card.code)]
    )

    card.refresh_from_db()
    assert card.balance == Decimal("90.00")


def test_a_package_session_pays_the_whole_session(desk, arrived, service):
    package = sold_package(client=arrived.client, desk=desk, service=service)

    invoice, _ = appointment_checkout(
        appointment=arrived, by=desk, payments=[pay("package", SESSION_TOTAL)]
    )

    package.refresh_from_db()
    use = PrepaidUse.objects.get()
    assert (invoice.status, invoice.balance, package.sessions_left) == (
        InvoiceStatus.PAID,
        Decimal("0.00"),
        4,
    )
    assert (use.package, use.sessions, use.amount) == (package, 1, Decimal(SESSION_TOTAL))


def test_the_package_that_expires_first_is_used_unless_one_is_named(desk, arrived, service):
    later = sold_package(client=arrived.client, desk=desk, service=service, valid_days=300)
    sooner = sold_package(client=arrived.client, desk=desk, service=service, valid_days=30)

    appointment_checkout(appointment=arrived, by=desk, payments=[pay("package", SESSION_TOTAL)])

    later.refresh_from_db()
    sooner.refresh_from_db()
    assert (sooner.sessions_left, later.sessions_left) == (4, 5)


def test_a_named_package_is_used(desk, arrived, service):
    named = sold_package(client=arrived.client, desk=desk, service=service, valid_days=300)
    sold_package(client=arrived.client, desk=desk, service=service, valid_days=30)

    appointment_checkout(
        appointment=arrived, by=desk, payments=[pay("package", SESSION_TOTAL, str(named.pk))]
    )

    named.refresh_from_db()
    assert named.sessions_left == 4


def test_someone_elses_package_is_unknown(desk, arrived, service):
    theirs = sold_package(client=ClientFactory(), desk=desk, service=service)

    refused(arrived, desk, [pay("package", SESSION_TOTAL, str(theirs.pk))], "Unknown package.")
    refused(arrived, desk, [pay("package", SESSION_TOTAL, "first")], "Unknown package.")


def test_a_package_for_another_service_does_not_pay(desk, arrived):
    sold_package(client=arrived.client, desk=desk, service=ServiceFactory(price=Decimal("80")))

    refused(
        arrived,
        desk,
        [pay("package", SESSION_TOTAL)],
        "No package session or membership credit left for this session.",
    )


def test_a_package_pays_a_whole_session_only(desk, arrived, service):
    sold_package(client=arrived.client, desk=desk, service=service)

    refused(
        arrived,
        desk,
        [pay("package", "110.00")],
        "A package session pays the whole session: 124.30.",
    )


def test_an_expired_package_is_refused(desk, arrived, service, frozen):
    package = sold_package(client=arrived.client, desk=desk, service=service, valid_days=10)
    frozen.move_to(NOW + timedelta(days=11))
    later = AppointmentFactory(
        client=arrived.client,
        therapist=arrived.therapist,
        service=service,
        start=NOW + timedelta(days=11, hours=-1),
        status=AppointmentStatus.ARRIVED,
    )

    refused(
        later,
        desk,
        [pay("package", SESSION_TOTAL, str(package.pk))],
        "This package expired on Fri 11 Dec 2026.",
    )
    refused(
        later,
        desk,
        [pay("package", SESSION_TOTAL)],
        "No package session or membership credit left for this session.",
    )


def test_a_used_up_package_is_refused(desk, arrived, service):
    package = sold_package(client=arrived.client, desk=desk, service=service, sessions=1)
    package.sessions_left = 0
    package.save(update_fields=["sessions_left"])

    refused(
        arrived,
        desk,
        [pay("package", SESSION_TOTAL, str(package.pk))],
        "This package has no sessions left.",
    )


def test_package_credit_pays_for_sessions_only(desk, ava, service):
    sold_package(client=ava, desk=desk, service=service)
    gift_card = sold_gift_card(buyer=ava, desk=desk)

    with pytest.raises(BillingRefused, match="^Package and membership credit pay for sessions"):
        _record(gift_card.invoice, [pay("package", "100.00")], by=desk, now=NOW, ip=None)


def test_membership_credit_pays_part_of_a_session(desk, arrived):
    membership = started_membership(client=arrived.client, desk=desk)

    invoice, _ = appointment_checkout(
        appointment=arrived,
        by=desk,
        payments=[pay("package", "100.00"), pay("card", "24.30")],
    )

    period = membership.periods.get()
    assert (invoice.status, period.credit_left) == (InvoiceStatus.PAID, Decimal("0.00"))
    assert PrepaidUse.objects.get().period == period


def test_membership_credit_left_is_said(desk, arrived):
    started_membership(client=arrived.client, desk=desk, monthly_credit=Decimal("60.00"))

    refused(
        arrived,
        desk,
        [pay("package", "60.01", "membership")],
        "The membership has only 60.00 left this month.",
    )


def test_a_package_is_used_before_the_membership(desk, arrived, service):
    membership = started_membership(client=arrived.client, desk=desk)
    package = sold_package(client=arrived.client, desk=desk, service=service)

    appointment_checkout(appointment=arrived, by=desk, payments=[pay("package", SESSION_TOTAL)])

    package.refresh_from_db()
    assert (package.sessions_left, membership.periods.get().credit_left) == (4, Decimal("100"))


def test_membership_credit_does_not_roll_over(desk, arrived, frozen):
    started_membership(client=arrived.client, desk=desk)
    frozen.move_to(NOW + timedelta(days=31))  # 1 January: December's credit is gone
    january = AppointmentFactory(
        client=arrived.client,
        therapist=arrived.therapist,
        service=arrived.service,
        start=NOW + timedelta(days=31, hours=-1),
        status=AppointmentStatus.ARRIVED,
    )

    refused(
        january,
        desk,
        [pay("package", "50.00", "membership")],
        "No package session or membership credit left for this session.",
    )


def test_a_redemption_is_audited_with_what_is_left(desk, arrived):
    card = sold_gift_card(buyer=ClientFactory(), desk=desk, amount="50.00")

    invoice, _ = appointment_checkout(
        appointment=arrived, by=desk, payments=[pay("gift_card", "20.00", card.code)]
    )

    event = AuditEvent.objects.get(record_type="billing.PrepaidUse")
    assert (event.actor, event.subject_id, event.detail) == (
        desk,
        arrived.client.pk,
        f"{invoice.number}: gift_card 20.00, gift card {card.code}, 30.00 left",
    )


def test_a_refused_redemption_leaves_no_invoice(desk, arrived):
    refused(arrived, desk, [pay("gift_card", "10.00", "nope")], "Unknown gift card.")

    assert Invoice.objects.filter(appointment=arrived).count() == 0
