"""Reads of invoices that pages and the API share."""

from django.db.models import F, OuterRef, Prefetch, Q, Subquery

from clinic.clock import clinic_zone
from therapists.credentials.models import Credential, CredentialKind, CredentialStatus

from .models import FEE_KINDS, Invoice, InvoiceLine, InvoiceStatus, Payment

LICENCES = Prefetch(
    "appointment__therapist__credentials",
    queryset=Credential.objects.filter(
        kind=CredentialKind.LICENCE, status=CredentialStatus.VERIFIED
    ).order_by("-expires_on"),
    to_attr="verified_licences",
)


def invoices_for(user, *, client_id: int | None = None):
    """The invoices this user may read, newest first, with what each shows (its lines, its
    amounts, its therapist's licences): three queries whatever their number."""
    invoices = Invoice.objects.visible_to(user).with_amounts()
    if client_id is not None:
        invoices = invoices.filter(client_id=client_id)
    return invoices.select_related("appointment__therapist__user").prefetch_related(
        "lines", LICENCES
    )


def invoice_for_page(user, pk: int) -> Invoice | None:
    """One invoice as its page shows it: what `invoices_for` reads, its payments with who
    took them, and its credit note if it has one."""
    payments = Payment.objects.select_related("recorded_by")
    return (
        invoices_for(user)
        .select_related("client", "credit_of")
        .prefetch_related(Prefetch("payments", queryset=payments), "credit_notes")
        .filter(pk=pk)
        .first()
    )


def invoice_rows(user):
    """The invoices this user may read, as a list shows them (client, amounts): one query."""
    return Invoice.objects.visible_to(user).with_amounts().select_related("client")


def with_status(invoices, status: str):
    """Those of `invoices` (with their amounts) whose status is `status`: the same rule as
    `Invoice.status`, written for the database so a list filters and pages in one query."""
    void = ~Q(credited_total=0) & Q(net_of_credits=0)
    owed = Q(credit_of__isnull=True) & Q(paid_total__lt=F("total"))
    match = {
        InvoiceStatus.VOID: void,
        InvoiceStatus.PAID: ~void & ~owed,
        InvoiceStatus.PARTLY_PAID: ~void & owed & Q(paid_total__gt=0),
        InvoiceStatus.UNPAID: ~void & owed & Q(paid_total__lte=0),
    }[status]
    return invoices.alias(net_of_credits=F("total") + F("credited_total")).filter(match)


def client_invoice_rows(user, *, client_id: int):
    """A client's invoices as a list shows them, with their amounts and what each is for:
    one query whatever their number."""
    return (
        Invoice.objects.visible_to(user)
        .with_amounts()
        .filter(client_id=client_id)
        .select_related("appointment__service", "credit_of")
    )


def for_receipt(invoices):
    """These invoices with all a receipt shows: the client, the session's service and
    therapist with their licences, the lines, the payments and the corrected invoice."""
    return (
        invoices.with_amounts()
        .select_related(
            "client", "credit_of", "appointment__service", "appointment__therapist__user"
        )
        .prefetch_related("lines", "payments", LICENCES)
    )


def therapist_registration(invoice: Invoice) -> str | None:
    """What an insurer asks for: the session's therapist's licence number, verified and valid
    on the session's date, with its issuing college; None without a session."""
    appointment = invoice.appointment
    if appointment is None:
        return None
    day = appointment.start.astimezone(clinic_zone()).date()
    therapist = appointment.therapist
    licences = getattr(therapist, "verified_licences", None)
    if licences is None:
        licences = therapist.credentials.filter(
            kind=CredentialKind.LICENCE, status=CredentialStatus.VERIFIED
        ).order_by("-expires_on")
    valid = [licence for licence in licences if licence.issued_on <= day <= licence.expires_on]
    return f"{valid[0].number}, {valid[0].issuing_authority}" if valid else None


def fees_of(client):
    """A client's fee invoices, newest first, each with what it was for (`description`), its
    amounts, and why it was waived (`waived_because`, its credit note's reason): one query."""
    first_line = InvoiceLine.objects.filter(invoice=OuterRef("pk")).order_by("pk")
    waiver = Invoice.objects.filter(credit_of=OuterRef("pk"))
    return (
        Invoice.objects.filter(client=client, kind__in=FEE_KINDS, credit_of=None)
        .with_amounts()
        .annotate(
            description=Subquery(first_line.values("description")[:1]),
            waived_because=Subquery(waiver.values("reason")[:1]),
        )
    )
