"""Reads of the clinic's calendar that the API serves, and of the invoices the desk finds."""

from datetime import date

from django.db.models import Q

from clients.selectors import client_search
from clinic.accounts.access import runs_front_desk, therapist_of
from sessions.billing.selectors import invoice_rows, with_status
from sessions.models import Appointment
from sessions.selectors import local_span
from therapists.models import Therapist


def calendar_for(user, *, first_day: date, days: int) -> dict:
    """The therapists and appointments (cancelled ones too) of the local days from
    `first_day`: every one for the desk and admins, a therapist's own for a therapist.
    Two queries."""
    start, end = local_span(first_day, days)
    if runs_front_desk(user):
        therapists = Therapist.objects.all()
    else:
        therapists = Therapist.objects.filter(pk=getattr(therapist_of(user), "pk", None))
    appointments = (
        Appointment.objects.visible_to(user)
        .filter(start__lt=end, end__gt=start)
        .select_related("client")
        .order_by("start", "pk")
    )
    return {
        "therapists": therapists.order_by("display_name", "pk"),
        "appointments": appointments,
    }


def invoice_search(
    user,
    *,
    q: str = "",
    status: str = "",
    client: int | None = None,
    issued_from: date | None = None,
    issued_to: date | None = None,
):
    """The invoices the desk's list shows, newest first: by a client's name, email or phone
    or an invoice number's start (`q`), a status, one client, and the days they were issued
    on (`issued_from`, `issued_to`, in the clinic's time zone). One query a page."""
    invoices = invoice_rows(user)
    if q:
        clients = client_search(q).values("pk")
        invoices = invoices.filter(Q(number__startswith=q.strip()) | Q(client__in=clients))
    if status:
        invoices = with_status(invoices, status)
    if client is not None:
        invoices = invoices.filter(client_id=client)
    if issued_from:
        invoices = invoices.filter(issued_at__date__gte=issued_from)
    if issued_to:
        invoices = invoices.filter(issued_at__date__lte=issued_to)
    return invoices
