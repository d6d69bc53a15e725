"""Reads of invoices that pages and the API share."""

from django.db.models import OuterRef, Prefetch, Subquery

from clinic.clock import clinic_zone
from therapists.credentials.models import Credential, CredentialKind, CredentialStatus

from .fees import FEE_KINDS
from .models import Invoice, InvoiceLine

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
