"""The desk's part in fees: a client's page lists their fees (charged, paid, balance, waived)
and a fee is waived through a confirm page with a reason."""

import re

import pytest

from clinic.audit.models import AuditEvent
from clinic.catalogue.models import Service
from sessions.billing.fees import fee_waive, late_change_fee_charge, no_show_fee_charge
from sessions.billing.models import Invoice, Payment
from sessions.billing.services import appointment_checkout
from tests.clock import at_clinic, frozen_at
from tests.factories import (
    AppointmentFactory,
    ClientFactory,
    DeskFactory,
    ServiceFactory,
    TherapistFactory,
)
from tests.pages import answer_of, html, http_as
from tests.sessions.booking import DAY, NOW

pytestmark = pytest.mark.django_db
SERVICE = "Trigger point therapy (60 min)"
frozen = frozen_at(NOW)
QUERIES = 12  # the client's page, whatever the number of fees, invoices and balances


@pytest.fixture
def desk():
    return DeskFactory()


@pytest.fixture
def ada():
    return ClientFactory(first_name="Ada", last_name="Lovelace")


@pytest.fixture(autouse=True)
def service():
    return ServiceFactory(
        name="Trigger point therapy", duration_minutes=60, price="80.00", tax_rate="13.00"
    )


def session(client, hour: int, **fields):
    return AppointmentFactory(
        client=client,
        therapist=TherapistFactory(),
        service=Service.objects.get(),
        start=at_clinic(DAY, hour),
        **fields,
    )


def rows(response) -> list[str]:
    table = re.search(r'<table[^>]*id="fees".*?</table>', html(response), re.S).group(0)
    cells = re.findall(r"<tr data-fee[^>]*>(.*?)</tr>", table, re.S)
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip() for row in cells]


def page(desk, client):
    return http_as(desk).get(f"/desk/clients/{client.pk}/")


def test_the_clients_page_lists_fees_charged_paid_and_waived(desk, ada):
    unpaid = no_show_fee_charge(appointment=session(ada, 9), by=desk, now=NOW)
    part_paid = late_change_fee_charge(appointment=session(ada, 11), by=ada, now=NOW)
    Payment.objects.create(
        invoice=part_paid, method="cash", amount="10.00", recorded_at=NOW, recorded_by=desk
    )
    waived = late_change_fee_charge(appointment=session(ada, 13), by=ada, now=NOW)
    fee_waive(invoice=waived, by=desk, reason="Snowstorm")
    appointment_checkout(appointment=session(ada, 15, status="arrived"), by=desk, payments=[])

    response = page(desk, ada)

    when = "Tue 1 Dec 2026, 07:00"
    assert rows(response) == [
        f"{when} Late cancellation: {SERVICE} on Wed 2 Dec 2026, 13:00 "
        f"({waived.number}) CAD 45.20 0.00 0.00 Waived: Snowstorm",
        f"{when} Late cancellation: {SERVICE} on Wed 2 Dec 2026, 11:00 "
        f"({part_paid.number}) CAD 45.20 10.00 35.20 Partly paid",
        f"{when} No-show: {SERVICE} on Wed 2 Dec 2026, 09:00 "
        f"({unpaid.number}) CAD 90.40 0.00 90.40 Unpaid Waive the fee {unpaid.number}",
    ]


@pytest.mark.parametrize("fees", [1, 3])
def test_the_fee_list_keeps_its_query_count(desk, ada, fees, django_assert_num_queries):
    for hour in range(9, 9 + fees):
        no_show_fee_charge(appointment=session(ada, hour), by=desk, now=NOW)
    http = http_as(desk)

    with django_assert_num_queries(QUERIES):
        assert http.get(f"/desk/clients/{ada.pk}/").status_code == 200


@pytest.fixture
def fee(desk, ada):
    return no_show_fee_charge(appointment=session(ada, 9), by=desk, now=NOW)


def waive_url(client, invoice) -> str:
    return f"/desk/clients/{client.pk}/fees/{invoice.pk}/waive/"


def test_waiving_asks_first_then_credits_the_fee_with_the_reason(desk, ada, fee):
    http = http_as(desk)

    confirm = http.get(waive_url(ada, fee))
    done = http.post(waive_url(ada, fee), {"reason": "Snowstorm"})

    assert confirm.status_code == 200
    assert "Waive the fee 2026-" in html(confirm)
    assert answer_of(done) == (302, f"/desk/clients/{ada.pk}/")
    credit = Invoice.objects.get(credit_of=fee)
    assert (credit.reason, credit.issued_by, credit.total) == ("Snowstorm", desk, -fee.total)
    assert AuditEvent.objects.filter(
        action="change", record_id=str(fee.pk), detail__startswith="Waived "
    ).exists()
    assert "Waived: Snowstorm" in html(page(desk, ada))


def test_the_confirm_page_shows_the_fee_before_anything_is_done(desk, ada, fee):
    response = http_as(desk).get(waive_url(ada, fee))

    assert f"No-show: {SERVICE} on Wed 2 Dec 2026, 09:00" in html(response)
    assert "CAD 90.40" in html(response)
    assert Invoice.objects.count() == 1


def test_waiving_without_a_reason_is_a_400_and_waives_nothing(desk, ada, fee):
    response = http_as(desk).post(waive_url(ada, fee), {"reason": ""})

    assert response.status_code == 400
    assert "This field is required." in html(response)
    assert Invoice.objects.count() == 1


def test_a_fee_waived_already_is_refused_with_a_message(desk, ada, fee):
    fee_waive(invoice=fee, by=desk, reason="Snowstorm")

    response = http_as(desk).post(waive_url(ada, fee), {"reason": "Again"})

    assert response.status_code == 400
    assert "This invoice is already credited." in html(response)


def test_someone_elses_fee_or_a_session_invoice_is_a_404(desk, ada, fee):
    other = ClientFactory()
    invoice, _ = appointment_checkout(
        appointment=session(ada, 15, status="arrived"), by=desk, payments=[]
    )

    assert http_as(desk).get(waive_url(other, fee)).status_code == 404
    assert http_as(desk).post(waive_url(ada, invoice), {"reason": "x"}).status_code == 404
    assert Invoice.objects.count() == 2
