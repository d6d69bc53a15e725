"""/invoices/: a client's own invoices, each with its receipt to download; the desk and
admins open a client's with ?client=ID; constant queries as the list grows."""

from datetime import timedelta
from html.parser import HTMLParser

import pytest

from sessions.billing.services import appointment_checkout, invoice_credit
from sessions.models import AppointmentStatus
from tests.clock import at_clinic
from tests.factories import AdminFactory, AppointmentFactory, ClientFactory, TherapistFactory
from tests.pages import answer_of, html, http_as

from .conftest import TODAY
from .receipt_text import pay

pytestmark = pytest.mark.django_db


class Rows(HTMLParser):
    """The invoices table as a reader sees it: each row's cells, and each download link."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[str]] = []
        self.links: list[str] = []
        self._in_body = self._in_cell = False
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        if tag == "tbody":
            self._in_body = True
        elif self._in_body and tag == "tr":
            self.rows.append([])
        elif self._in_body and tag == "td":
            self._in_cell = True
            self.rows[-1].append("")
        elif self._in_body and tag == "a":
            self.links.append(dict(attrs)["href"])

    def handle_endtag(self, tag):
        if tag == "tbody":
            self._in_body = False
        elif tag == "td":
            self._in_cell = False
            self.rows[-1][-1] = " ".join(self.rows[-1][-1].split())

    def handle_data(self, data):
        if self._in_cell:
            self.rows[-1][-1] += data


def session(client, therapist, service, days_ago: int):
    return AppointmentFactory(
        client=client,
        therapist=therapist,
        service=service,
        start=at_clinic(TODAY - timedelta(days=days_ago), 11),
        status=AppointmentStatus.ARRIVED,
    )


@pytest.fixture
def invoices(desk, ava, therapist, service):
    """Ava's sessions checked out: paid, partly paid, unpaid and credited, in turn."""

    def make(n: int) -> list:
        made = []
        for days_ago in range(n, 0, -1):
            payments = {0: [pay("cash", "124.30")], 1: [pay("card", "24.30")]}.get(days_ago % 4, [])
            appointment = session(ava, therapist, service, days_ago)
            invoice, _ = appointment_checkout(appointment=appointment, by=desk, payments=payments)
            made.append(invoice)
            if days_ago % 4 == 3:
                made.append(invoice_credit(invoice=invoice, by=desk, reason="Booked twice"))
        return made

    return make


def test_the_client_sees_each_invoice_with_its_amounts_and_receipt(invoices, ava):
    made = invoices(4)
    ClientFactory()  # someone else's invoices never show
    page = http_as(ava).get("/invoices/")

    rows = Rows(html(page))
    when = "Tue 1 Dec 2026, 12:00"
    assert page.status_code == 200
    assert rows.rows == [
        [
            "2026-000005",
            when,
            "Session: Trigger point therapy, Mon 30 Nov 2026, 11:00",
            "124.30 CAD",
            "24.30",
            "100.00",
            "Partly paid",
            "Download receipt 2026-000005",
        ],
        [
            "2026-000004",
            when,
            "Session: Trigger point therapy, Sun 29 Nov 2026, 11:00",
            "124.30 CAD",
            "0.00",
            "124.30",
            "Unpaid",
            "Download invoice 2026-000004",
        ],
        [
            "2026-000003",
            when,
            "Credit note for 2026-000002",
            "-124.30 CAD",
            "0.00",
            "0.00",
            "Paid",
            "Download credit note 2026-000003",
        ],
        [
            "2026-000002",
            when,
            "Session: Trigger point therapy, Sat 28 Nov 2026, 11:00",
            "124.30 CAD",
            "0.00",
            "0.00",
            "Void",
            "Download invoice 2026-000002",
        ],
        [
            "2026-000001",
            when,
            "Session: Trigger point therapy, Fri 27 Nov 2026, 11:00",
            "124.30 CAD",
            "124.30",
            "0.00",
            "Paid",
            "Download receipt 2026-000001",
        ],
    ]
    assert rows.links == [f"/api/v1/invoices/{invoice.pk}/receipt.pdf" for invoice in made[::-1]]


def test_a_client_without_invoices_is_told_so(ava):
    page = http_as(ava).get("/invoices/")

    assert page.status_code == 200
    assert '<p class="text-muted" id="no-invoices">No invoices yet.</p>' in html(page)


def test_a_client_asking_for_another_clients_sees_only_their_own(invoices, ava):
    invoices(1)
    other = ClientFactory()

    page = http_as(other).get("/invoices/", {"client": ava.pk})

    assert (page.status_code, Rows(html(page)).rows) == (200, [])


@pytest.mark.parametrize("role", ["desk", "admin"])
def test_the_desk_and_admins_open_a_clients_invoices(invoices, desk, ava, role):
    invoices(1)
    user = desk if role == "desk" else AdminFactory()

    page = http_as(user).get("/invoices/", {"client": ava.pk})

    assert page.status_code == 200
    assert '<h1 class="h3 mb-3">Invoices of Ava Chen</h1>' in html(page)
    assert [row[0] for row in Rows(html(page)).rows] == ["2026-000001"]


@pytest.mark.parametrize("asked", ["", "abc", "999999", "9" * 26, "²", "therapist"])
def test_the_desk_asking_for_no_client_gets_a_404(desk, therapist, asked):
    asked = str(therapist.user.pk) if asked == "therapist" else asked

    page = http_as(desk).get("/invoices/", {"client": asked})

    assert page.status_code == 404


def test_the_desk_without_a_client_is_sent_to_find_one(desk):
    assert answer_of(http_as(desk).get("/invoices/")) == (302, "/desk/clients/")


def test_therapists_are_refused(therapist):
    assert http_as(TherapistFactory().user).get("/invoices/").status_code == 403
    assert http_as(therapist.user).get("/invoices/").status_code == 403


@pytest.mark.parametrize("n", [1, 4])
def test_the_page_keeps_its_queries_as_invoices_grow(invoices, ava, django_assert_num_queries, n):
    invoices(n)
    http = http_as(ava)

    # The session, the user, the page's count and its invoices.
    with django_assert_num_queries(4):
        page = http.get("/invoices/")

    assert len(Rows(html(page)).rows) == n + n // 4


@pytest.mark.parametrize("n", [1, 4])
def test_the_desks_view_keeps_its_queries_too(invoices, desk, ava, django_assert_num_queries, n):
    invoices(n)
    http = http_as(desk)

    # The session, the user, its second-factor device, the client, the count, the invoices.
    with django_assert_num_queries(6):
        page = http.get("/invoices/", {"client": ava.pk})

    assert len(Rows(html(page)).rows) == n + n // 4


def test_the_pages_go_by_25(invoices, ava):
    invoices(26)
    http = http_as(ava)

    first, second = http.get("/invoices/"), http.get("/invoices/", {"page": 2})

    assert (len(Rows(html(first)).rows), len(Rows(html(second)).rows)) == (25, 7)
    assert 'href="?page=2"' in html(first)
